import { isRecord } from "../../../guards";
import type { ChatEvent } from "../events";
import {
  completeToolCallEvents,
  finishEvent,
  metadataEvents,
  reasoningOf,
  textOf,
  toolCallDeltaEvents,
  usageEvent,
} from "./shared";

/**
 * Reads one OpenAI chat-completions stream chunk: `choices[0].delta` (`content`, `reasoning_content`
 * or `reasoning`, `tool_calls` deltas), `finish_reason`, and `usage` on any chunk (the final
 * `choices: []` chunk carries the totals). Also reads `text_completion` chunks (`choices[].text`).
 * A chunk with nothing but a piece of `content` (once the metadata is known) is returned as its text.
 */
export function readChatCompletionsChunk(
  chunk: Record<string, unknown>,
  withMetadata = true,
): ChatEvent[] | string {
  const choice = firstChoice(chunk.choices);
  const delta = choice
    ? isRecord(choice.delta)
      ? choice.delta
      : isRecord(choice.message)
        ? choice.message
        : {}
    : undefined;
  if (
    !withMetadata &&
    typeof delta?.content === "string" &&
    delta.tool_calls == null &&
    reasoningOf(delta) === undefined &&
    choice?.finish_reason == null &&
    !isRecord(chunk.usage)
  )
    return delta.content;
  return choiceEvents(chunk, choice, delta, withMetadata, toolCallDeltaEvents);
}

/** Reads a whole chat-completions reply (`choices[0].message`, or `choices[0].text` for text completions). */
export function readChatCompletionsReply(reply: Record<string, unknown>): ChatEvent[] {
  const choice = firstChoice(reply.choices);
  const message = choice && (isRecord(choice.message) ? choice.message : {});
  const events = choiceEvents(reply, choice, message, true, completeToolCallEvents);
  events.push({ type: "done" });
  return events;
}

/**
 * The events of a chunk or reply: metadata, then its first choice's reasoning, text, tool calls (read by
 * `toolEvents`: deltas or whole calls) and finish reason, then usage.
 */
function choiceEvents(
  value: Record<string, unknown>,
  choice: Record<string, unknown> | undefined,
  message: Record<string, unknown> | undefined,
  withMetadata: boolean,
  toolEvents: (item: unknown) => ChatEvent[],
): ChatEvent[] {
  // one array per chunk, no spreads: this runs once per streamed token
  const events: ChatEvent[] = withMetadata ? metadataEvents(value.id, value.model, value.created) : [];
  if (choice && message) {
    const reasoning = reasoningOf(message);
    if (reasoning) events.push({ type: "reasoning-delta", delta: reasoning });
    const text = contentText(message.content) || textOf(choice.text);
    if (text) events.push({ type: "text-delta", delta: text });
    if (Array.isArray(message.tool_calls)) {
      for (const item of message.tool_calls) for (const event of toolEvents(item)) events.push(event);
    }
    const finish = finishEvent(choice.finish_reason);
    if (finish) events.push(finish);
  }
  const usage = usageEvent(value.usage);
  if (usage) events.push(usage);
  return events;
}

/** The choice with index 0 (or the first one): this provider never asks for `n > 1`. */
function firstChoice(choices: unknown): Record<string, unknown> | undefined {
  if (!Array.isArray(choices)) return undefined;
  let first: Record<string, unknown> | undefined;
  for (const choice of choices) {
    if (!isRecord(choice)) continue;
    if (choice.index === 0 || choice.index === undefined) return choice;
    first ??= choice;
  }
  return first;
}

/** Message content as text: a string, or the text of an array of content parts. */
function contentText(content: unknown): string {
  if (Array.isArray(content)) {
    return content.map((part) => (isRecord(part) && typeof part.text === "string" ? part.text : "")).join("");
  }
  return textOf(content);
}
