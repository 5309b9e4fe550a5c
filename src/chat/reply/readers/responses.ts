import { isRecord } from "../../../guards";
import type { ChatReplySink } from "../events";
import { readErrors, stringField, textOf } from "./shared";

/** Whether a value is a whole Responses-family reply (an `output` array or `object: "response"`). */
export function isResponsesReply(value: Record<string, unknown>): boolean {
  return Array.isArray(value.output) || value.object === "response";
}

/**
 * Reads a whole Responses-family reply (gpt-oss given `input`): `reasoning` items, `message` items
 * with `output_text` (or `refusal`) parts, `function_call` items, top-level `output_text` when there is
 * no message item, `usage` with input/output tokens, and `status`/`incomplete_details` as the finish.
 */
export function readResponsesReply(reply: Record<string, unknown>, sink: ChatReplySink): void {
  sink.metadata(reply.id, reply.model, reply.created_at);
  let sawMessage = false;
  for (const item of Array.isArray(reply.output) ? reply.output : []) {
    if (!isRecord(item)) continue;
    if (item.type === "reasoning") {
      const text = partsText(item.content, "");
      sink.reasoning(text || partsText(item.summary, "\n"));
    } else if (item.type === "message") {
      sawMessage = true;
      sink.text(typeof item.content === "string" ? item.content : partsText(item.content, ""));
    } else if (item.type === "function_call") {
      const name = stringField(item.name);
      if (name) sink.toolCall(name, callId(item), textOf(item.arguments));
    }
  }
  if (!sawMessage && typeof reply.output_text === "string") sink.text(reply.output_text);
  if (isRecord(reply.error)) readErrors(reply, sink);
  readEnd(reply, sink);
}

/**
 * Reads a Responses streaming event (spec 3.4), a chunk whose `type` is `response.…`: text, refusal and
 * reasoning deltas, function-call items and argument deltas (keyed by `output_index`),
 * `response.completed` / `incomplete` / `failed`. Returns whether the chunk was one.
 */
export function readResponsesEvent(event: Record<string, unknown>, sink: ChatReplySink): boolean {
  const type = event.type;
  if (typeof type !== "string" || !type.startsWith("response.")) return false;
  // full type names, and each field read only by the events that carry it: this runs once per streamed token
  switch (type) {
    case "response.output_text.delta":
    case "response.refusal.delta":
      sink.text(deltaOf(event));
      break;
    case "response.reasoning_text.delta":
    case "response.reasoning_summary_text.delta":
      sink.reasoning(deltaOf(event));
      break;
    case "response.function_call_arguments.delta":
      sink.toolArgs(outputIndexOf(event), undefined, deltaOf(event));
      break;
    case "response.function_call_arguments.done":
      sink.toolEnd(outputIndexOf(event), textOf(event.arguments));
      break;
    case "response.output_item.added": {
      const item = functionCallOf(event);
      const name = stringField(item?.name);
      if (item && name) sink.toolStart(name, callId(item), outputIndexOf(event), textOf(item.arguments));
      break;
    }
    case "response.output_item.done": {
      const item = functionCallOf(event);
      if (item) sink.toolEnd(outputIndexOf(event), textOf(item.arguments));
      break;
    }
    case "response.created":
    case "response.in_progress": {
      const response = event.response;
      if (isRecord(response)) sink.metadata(response.id, response.model, response.created_at);
      break;
    }
    case "response.completed":
    case "response.incomplete":
    case "response.failed": {
      const response = event.response;
      if (!isRecord(response)) sink.finish(type.slice("response.".length));
      else {
        readErrors(response, sink);
        readEnd(response, sink);
      }
    }
  }
  return true;
}

function deltaOf(event: Record<string, unknown>): string {
  return typeof event.delta === "string" ? event.delta : "";
}

function outputIndexOf(event: Record<string, unknown>): number | undefined {
  return typeof event.output_index === "number" ? event.output_index : undefined;
}

/** The event's item when it is a function call. */
function functionCallOf(event: Record<string, unknown>): Record<string, unknown> | undefined {
  return isRecord(event.item) && event.item.type === "function_call" ? event.item : undefined;
}

/** The model's id of a function call item. */
function callId(item: Record<string, unknown>): string | undefined {
  return stringField(item.call_id) ?? stringField(item.id);
}

/** Usage, and the finish reason of a Responses reply: the incomplete reason, or the status. */
function readEnd(reply: Record<string, unknown>, sink: ChatReplySink): void {
  sink.usage(reply.usage);
  const details = isRecord(reply.incomplete_details) ? reply.incomplete_details : undefined;
  sink.finish(stringField(details?.reason) ?? reply.status);
}

/** The text of content parts (`text`, or a message's `refusal`), joined with `separator`. */
function partsText(parts: unknown, separator: string): string {
  if (!Array.isArray(parts)) return "";
  return parts
    .map((part) => (isRecord(part) ? (stringField(part.text) ?? stringField(part.refusal) ?? "") : ""))
    .join(separator);
}
