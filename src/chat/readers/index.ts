import type { ChatEvent } from "../events";
import { readChatCompletionsChunk, readChatCompletionsReply } from "./chat-completions";
import { readLegacyChunk, readLegacyReply } from "./legacy";
import { isResponsesEvent, readResponsesEvent, readResponsesReply } from "./responses";
import { errorEvents, isObject } from "./shared";

/** What one SSE `data:` payload said: its events and the parsed value (for `raw` parts). */
export interface ReadStreamData {
  events: ChatEvent[];
  /** The parsed JSON value, or the text when it was not JSON; `undefined` for `[DONE]`. */
  raw: unknown;
}

/** Reads one SSE `data:` payload of a chat stream, whatever the family. */
export function readStreamData(data: string): ReadStreamData {
  // trim() copies the string: skip it when both ends are printable ASCII, which trim never removes
  const text =
    isPrintable(data.charCodeAt(0)) && isPrintable(data.charCodeAt(data.length - 1)) ? data : data.trim();
  if (text === "[DONE]") return { events: [{ type: "done" }], raw: undefined };
  if (text.length === 0) return { events: [], raw: undefined };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { events: [{ type: "malformed", text: data }], raw: data };
  }
  return { events: readStreamChunk(value), raw: value };
}

/**
 * Reads one parsed stream chunk, detecting the family from its shape (spec 3.1), never from the model:
 * Responses streaming events (`type: "response.…"`), error events, `choices` (chat-completions),
 * a whole Responses object, and everything else as legacy (`response`, `tool_calls`, `usage`).
 */
export function readStreamChunk(value: unknown): ChatEvent[] {
  if (!isObject(value)) return typeof value === "string" ? [{ type: "text-delta", delta: value }] : [];
  if (isResponsesEvent(value)) return readResponsesEvent(value);
  if (value.type === "error") return errorEvents({ error: value });
  if (value.error !== undefined || value.errors !== undefined) {
    const errors = errorEvents(value);
    if (errors.length > 0) return errors;
  }
  if (Array.isArray(value.choices)) return readChatCompletionsChunk(value);
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
  if (!isObject(value)) {
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
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function isPrintable(code: number): boolean {
  return code > 32 && code < 127;
}
