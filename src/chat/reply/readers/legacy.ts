import type { ChatEvent } from "../events";
import {
  completeToolCallEvents,
  finishEvent,
  reasoningOf,
  textOf,
  toolCallDeltaEvents,
  usageEvent,
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
  return legacyEvents(chunk, toolCallDeltaEvents);
}

/**
 * Reads a whole legacy reply `{response, tool_calls?, usage?}` (or a bare string, as llama-3.3 may
 * return in raw mode). It states no finish reason; the assembler derives stop or tool-calls.
 */
export function readLegacyReply(reply: Record<string, unknown> | string): ChatEvent[] {
  if (typeof reply === "string")
    return reply ? [{ type: "text-delta", delta: reply }, { type: "done" }] : [{ type: "done" }];
  const events = legacyEvents(reply, completeToolCallEvents);
  events.push({ type: "done" });
  return events;
}

/** The events of a legacy event or reply; `toolEvents` reads its tool calls (deltas or whole calls). */
function legacyEvents(
  value: Record<string, unknown>,
  toolEvents: (item: unknown) => ChatEvent[],
): ChatEvent[] {
  const events: ChatEvent[] = [];
  const reasoning = reasoningOf(value);
  if (reasoning) events.push({ type: "reasoning-delta", delta: reasoning });
  const text = textOf(value.response);
  if (text) events.push({ type: "text-delta", delta: text });
  if (Array.isArray(value.tool_calls)) {
    for (const item of value.tool_calls) events.push(...toolEvents(item));
  }
  const usage = usageEvent(value.usage);
  if (usage) events.push(usage);
  const finish = finishEvent(value.finish_reason);
  if (finish) events.push(finish);
  return events;
}
