import { isRecord } from "../../../guards";
import { clip } from "../../../transport/errors";
import type { ChatReplySink } from "../events";
import { readChatCompletions } from "./chat-completions";
import { readLegacy } from "./legacy";
import { isResponsesReply, readResponsesEvent, readResponsesReply } from "./responses";
import { readErrors } from "./shared";

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
  if (typeof value === "string") {
    sink.text(value);
    return;
  }
  if (isRecord(value)) {
    if (Array.isArray(value.choices)) readChatCompletions(value, sink, true);
    else if (isResponsesReply(value)) readResponsesReply(value, sink);
    else if ("response" in value || Array.isArray(value.tool_calls)) readLegacy(value, sink, true);
    else if (!readErrors(value.type === "error" ? { error: value } : value, sink)) {
      sink.error(`${UNEXPECTED}none of choices, output or response in ${describe(value)}`, undefined, value);
    }
    return;
  }
  sink.error(`${UNEXPECTED}${describe(value)}`, undefined, value);
}

const UNEXPECTED = "Unexpected Workers AI chat reply: ";

function describe(value: unknown): string {
  return clip(JSON.stringify(value) ?? String(value), 200);
}
