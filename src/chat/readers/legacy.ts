import type { ChatEvent } from "../events";
import {
  completeToolCallEvents,
  finishEvents,
  reasoningOf,
  textOf,
  toolCallDeltaEvents,
  usageEvents,
} from "./shared";

/**
 * Reads one streamed legacy event (`{"response": "Hel", "p": "…"}`, native top-level `tool_calls`
 * deltas, `usage` on any event, a top-level `finish_reason`). `response` may be a number or, in JSON
 * mode, an object: both are serialised. The `p` padding is ignored. An event with nothing but text
 * (`{"response": "Hel", "p": "…"}`, by far the most common) is returned as its text, without events.
 */
export function readLegacyChunk(chunk: Record<string, unknown>): ChatEvent[] | string {
  if (
    typeof chunk.response === "string" &&
    chunk.tool_calls === undefined &&
    chunk.usage === undefined &&
    chunk.finish_reason === undefined &&
    chunk.reasoning_content === undefined &&
    chunk.reasoning === undefined
  )
    return chunk.response;
  const events: ChatEvent[] = [];
  const reasoning = reasoningOf(chunk);
  if (reasoning) events.push({ type: "reasoning-delta", delta: reasoning });
  const text = textOf(chunk.response);
  if (text) events.push({ type: "text-delta", delta: text });
  if (Array.isArray(chunk.tool_calls)) {
    for (const item of chunk.tool_calls) events.push(...toolCallDeltaEvents(item));
  }
  // most events carry text only: skip building empty arrays for absent usage and finish
  if (chunk.usage !== undefined) events.push(...usageEvents(chunk.usage));
  if (chunk.finish_reason !== undefined) events.push(...finishEvents(chunk.finish_reason));
  return events;
}

/**
 * Reads a whole legacy reply `{response, tool_calls?, usage?}` (or a bare string, as llama-3.3 may
 * return in raw mode). It states no finish reason; the assembler derives stop or tool-calls.
 */
export function readLegacyReply(reply: Record<string, unknown> | string): ChatEvent[] {
  if (typeof reply === "string")
    return reply ? [{ type: "text-delta", delta: reply }, { type: "done" }] : [{ type: "done" }];
  const events: ChatEvent[] = [];
  const reasoning = reasoningOf(reply);
  if (reasoning) events.push({ type: "reasoning-delta", delta: reasoning });
  const text = textOf(reply.response);
  if (text) events.push({ type: "text-delta", delta: text });
  if (Array.isArray(reply.tool_calls)) {
    for (const item of reply.tool_calls) events.push(...completeToolCallEvents(item));
  }
  events.push(...usageEvents(reply.usage), ...finishEvents(reply.finish_reason), { type: "done" });
  return events;
}
