import { isRecord } from "../../../guards";
import type { ChatEvent } from "../events";
import { argumentsText, errorEvents, metadataEvents, stringField, usageEvents } from "./shared";

/**
 * Reads a whole Responses-family reply (gpt-oss given `input`): `reasoning` items, `message` items
 * with `output_text` (or `refusal`) parts, `function_call` items, top-level `output_text` when there is
 * no message item, `usage` with input/output tokens, and `status`/`incomplete_details` as the finish.
 */
export function readResponsesReply(reply: Record<string, unknown>): ChatEvent[] {
  const events: ChatEvent[] = [...metadataEvents(reply.id, reply.model, reply.created_at)];
  const output = Array.isArray(reply.output) ? reply.output.filter(isRecord) : [];
  let sawMessage = false;
  for (const item of output) {
    switch (item.type) {
      case "reasoning": {
        const text = reasoningText(item);
        if (text) events.push({ type: "reasoning-delta", delta: text });
        break;
      }
      case "message": {
        sawMessage = true;
        const text = messageText(item.content);
        if (text) events.push({ type: "text-delta", delta: text });
        break;
      }
      case "function_call": {
        const name = stringField(item.name);
        if (!name) break;
        const id = stringField(item.call_id) ?? stringField(item.id);
        events.push({ type: "tool-call-complete", id, name, arguments: argumentsText(item.arguments) });
        break;
      }
    }
  }
  if (!sawMessage && typeof reply.output_text === "string" && reply.output_text.length > 0) {
    events.push({ type: "text-delta", delta: reply.output_text });
  }
  if (isRecord(reply.error)) events.push(...errorEvents(reply));
  events.push(...usageEvents(reply.usage), ...statusEvents(reply), { type: "done" });
  return events;
}

/** Whether a parsed stream chunk is a Responses streaming event (`{"type": "response.…"}`). */
export function isResponsesEvent(chunk: Record<string, unknown>): boolean {
  return typeof chunk.type === "string" && chunk.type.startsWith("response.");
}

/**
 * Reads one Responses streaming event (spec 3.4): text, refusal and reasoning deltas, function-call
 * items and argument deltas (keyed by `output_index`), `response.completed` / `incomplete` / `failed`.
 */
export function readResponsesEvent(event: Record<string, unknown>): ChatEvent[] {
  const index = typeof event.output_index === "number" ? event.output_index : undefined;
  const response = isRecord(event.response) ? event.response : undefined;
  switch (event.type) {
    case "response.created":
    case "response.in_progress":
      return response ? metadataEvents(response.id, response.model, response.created_at) : [];
    case "response.output_text.delta":
    case "response.refusal.delta":
    case "response.reasoning_text.delta":
    case "response.reasoning_summary_text.delta": {
      const delta = stringField(event.delta);
      if (!delta) return [];
      const reasoning = event.type.startsWith("response.reasoning");
      return [{ type: reasoning ? "reasoning-delta" : "text-delta", delta }];
    }
    case "response.output_item.added": {
      const item = isRecord(event.item) ? event.item : undefined;
      const name = stringField(item?.name);
      if (item?.type !== "function_call" || !name) return [];
      const args = argumentsText(item.arguments);
      const id = stringField(item.call_id) ?? stringField(item.id);
      return [{ type: "tool-call-start", index, id, name, ...(args ? { arguments: args } : {}) }];
    }
    case "response.function_call_arguments.delta": {
      const delta = stringField(event.delta);
      return delta ? [{ type: "tool-call-args-delta", index, delta }] : [];
    }
    case "response.function_call_arguments.done":
      return [{ type: "tool-call-end", index, arguments: argumentsText(event.arguments) }];
    case "response.output_item.done": {
      const item = isRecord(event.item) ? event.item : undefined;
      if (item?.type !== "function_call") return [];
      return [{ type: "tool-call-end", index, arguments: argumentsText(item.arguments) }];
    }
    case "response.completed":
    case "response.incomplete":
    case "response.failed": {
      if (!response) return [{ type: "finish", reason: event.type.slice("response.".length) }];
      return [...errorEvents(response), ...usageEvents(response.usage), ...statusEvents(response)];
    }
    default:
      return [];
  }
}

/** The finish reason of a Responses reply: the incomplete reason, or the status. */
function statusEvents(reply: Record<string, unknown>): ChatEvent[] {
  const details = isRecord(reply.incomplete_details) ? reply.incomplete_details : undefined;
  const reason = stringField(details?.reason) ?? stringField(reply.status);
  return reason ? [{ type: "finish", reason }] : [];
}

function reasoningText(item: Record<string, unknown>): string {
  const content = Array.isArray(item.content) ? item.content : [];
  const text = content.map((part) => (isRecord(part) ? (stringField(part.text) ?? "") : "")).join("");
  if (text) return text;
  const summary = Array.isArray(item.summary) ? item.summary : [];
  return summary.map((part) => (isRecord(part) ? (stringField(part.text) ?? "") : "")).join("\n");
}

function messageText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part) => (isRecord(part) ? (stringField(part.text) ?? stringField(part.refusal) ?? "") : ""))
    .join("");
}
