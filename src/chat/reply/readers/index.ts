import { isRecord } from "../../../guards";
import type { ChatEvent } from "../events";
import { readChatCompletionsChunk, readChatCompletionsReply } from "./chat-completions";
import { readLegacyChunk, readLegacyReply } from "./legacy";
import { isResponsesEvent, readResponsesEvent, readResponsesReply } from "./responses";
import { clip, errorEvents } from "./shared";

/** `[DONE]`. */
export const STREAM_DONE: unique symbol = Symbol("done");
/** A `data:` payload with nothing in it. */
export const STREAM_EMPTY: unique symbol = Symbol("empty");
/** A `data:` payload that is not JSON. */
export class MalformedData {
  constructor(readonly text: string) {}
}

/** Parses one SSE `data:` payload without building events (the per-event hot path). */
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
 * `withMetadata: false` skips reading reply metadata (id, model, time) once it is known.
 *
 * A string result is the chunk's answer text when that is all it carries: each reader spots its
 * family's common chunk and returns its text without building events (the per-token hot path).
 */
export function readStreamChunk(value: unknown, withMetadata = true): ChatEvent[] | string {
  if (!isRecord(value)) return typeof value === "string" ? value : [];
  if (isResponsesEvent(value)) return readResponsesEvent(value);
  if (value.type === "error") return errorEvents({ error: value });
  if (value.error !== undefined || value.errors !== undefined) {
    const errors = errorEvents(value);
    if (errors.length > 0) return errors;
  }
  if (Array.isArray(value.choices)) return readChatCompletionsChunk(value, withMetadata);
  if (Array.isArray(value.output) || value.object === "response") {
    return readResponsesReply(value).filter((event) => event.type !== "done");
  }
  return readLegacyChunk(value);
}

/**
 * Reads a whole (non-streamed) reply, detecting the family from its shape: `choices` →
 * chat-completions; `output` array or `object: "response"` → Responses; `response` → legacy; a bare
 * string → legacy raw mode. An error body or an unknown shape becomes an `error` event.
 */
export function readReply(value: unknown): ChatEvent[] {
  if (typeof value === "string") return readLegacyReply(value);
  if (!isRecord(value)) {
    return [{ type: "error", message: `Unexpected Workers AI chat reply: ${describe(value)}`, data: value }];
  }
  if (Array.isArray(value.choices)) return readChatCompletionsReply(value);
  if (Array.isArray(value.output) || value.object === "response") return readResponsesReply(value);
  if ("response" in value || Array.isArray(value.tool_calls)) return readLegacyReply(value);
  const errors = errorEvents(value.type === "error" ? { error: value } : value);
  if (errors.length > 0) return errors;
  return [
    {
      type: "error",
      message: `Unexpected Workers AI chat reply: none of choices, output or response in ${describe(value)}`,
      data: value,
    },
  ];
}

function describe(value: unknown): string {
  return clip(JSON.stringify(value) ?? String(value));
}

function isPrintable(code: number): boolean {
  return code > 32 && code < 127;
}
