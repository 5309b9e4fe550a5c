import { isRecord } from "../../../guards";
import type { ChatReplySink } from "../events";
import { readChatCompletions } from "./chat-completions";
import { readLegacy } from "./legacy";
import { isResponsesReply, readResponsesEvent, readResponsesReply } from "./responses";
import { clip, readErrors } from "./shared";

/** `[DONE]`. */
export const STREAM_DONE: unique symbol = Symbol("done");
/** A `data:` payload with nothing in it. */
export const STREAM_EMPTY: unique symbol = Symbol("empty");
/** A `data:` payload that is not JSON. */
export class MalformedData {
  constructor(readonly text: string) {}
}

/** Parses one SSE `data:` payload without reading it (the per-event hot path). */
export function parseStreamData(data: string): unknown {
  // trim() copies the string: skip it when both ends are printable ASCII, which trim never removes
  const text =
    isPrintable(data.charCodeAt(0)) && isPrintable(data.charCodeAt(data.length - 1)) ? data : data.trim();
  if (text === "[DONE]") return STREAM_DONE;
  if (text.length === 0) return STREAM_EMPTY;
  try {
    return JSON.parse(text);
  } catch {
    return new MalformedData(data);
  }
}

/**
 * Reads one parsed stream chunk, detecting the family from its shape (spec 3.1), never from the model:
 * Responses streaming events (`type: "response.…"`), error events, `choices` (chat-completions),
 * a whole Responses object, and everything else as legacy (`response`, `tool_calls`, `usage`).
 */
export function readStreamChunk(value: unknown, sink: ChatReplySink): void {
  if (!isRecord(value)) {
    if (typeof value === "string") sink.text(value);
  } else if (readResponsesEvent(value, sink)) return;
  else if (value.type === "error") readErrors({ error: value }, sink);
  else if (readErrors(value, sink)) return;
  else if (Array.isArray(value.choices)) readChatCompletions(value, sink, false);
  else if (isResponsesReply(value)) readResponsesReply(value, sink);
  else readLegacy(value, sink, false);
}

/**
 * Reads a whole (non-streamed) reply, detecting the family from its shape: `choices` →
 * chat-completions; `output` array or `object: "response"` → Responses; `response` → legacy; a bare
 * string → legacy raw mode. An error body or an unknown shape is reported as an error.
 */
export function readReply(value: unknown, sink: ChatReplySink): void {
  if (typeof value === "string") sink.text(value);
  else if (!isRecord(value))
    sink.error(`Unexpected Workers AI chat reply: ${describe(value)}`, undefined, value);
  else if (Array.isArray(value.choices)) readChatCompletions(value, sink, true);
  else if (isResponsesReply(value)) readResponsesReply(value, sink);
  else if ("response" in value || Array.isArray(value.tool_calls)) readLegacy(value, sink, true);
  else if (!readErrors(value.type === "error" ? { error: value } : value, sink)) {
    sink.error(
      `Unexpected Workers AI chat reply: none of choices, output or response in ${describe(value)}`,
      undefined,
      value,
    );
  }
}

function describe(value: unknown): string {
  return clip(JSON.stringify(value) ?? String(value));
}

function isPrintable(code: number): boolean {
  return code > 32 && code < 127;
}
