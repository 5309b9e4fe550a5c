import type { JSONObject } from "@ai-sdk/provider";
import { isRecord } from "../../../guards";
import type { ChatEvent } from "../events";

/** Text cut to 200 characters for an error message. */
export function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** A string field, or `undefined`. */
export function stringField(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Tool arguments as JSON text: strings stay as they are, objects are serialised, nothing is `""`. */
export function argumentsText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "";
  return JSON.stringify(value);
}

/** Model text of any type as a string: JSON-mode objects and the occasional number are serialised. */
export function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** A `usage` event when the value is a usage object. */
export function usageEvents(value: unknown): ChatEvent[] {
  const event = usageEvent(value);
  return event ? [event] : [];
}

/** The `usage` event when the value is a usage object. */
export function usageEvent(value: unknown): ChatEvent | undefined {
  return isRecord(value) ? { type: "usage", usage: value as JSONObject } : undefined;
}

/** Reasoning text of a message or delta: `reasoning_content` or `reasoning` (models differ). */
export function reasoningOf(message: Record<string, unknown>): string | undefined {
  const value = message.reasoning_content ?? message.reasoning;
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/**
 * Events of one streamed tool-call item, in the OpenAI delta shape
 * (`{index?, id?, function: {name?, arguments?}}`) or flat (`{name, arguments}`):
 * - a name starts a call (arguments given as an object make it complete at once);
 * - `id`/`name` explicitly null with empty arguments is the null-finalization chunk: it ends the call;
 * - otherwise non-empty arguments continue a call.
 */
export function toolCallDeltaEvents(item: unknown): ChatEvent[] {
  if (!isRecord(item)) return [];
  const fn = isRecord(item.function) ? item.function : undefined;
  const name = fn ? fn.name : item.name;
  const rawArgs = fn ? fn.arguments : "arguments" in item ? item.arguments : item.parameters;
  const index = typeof item.index === "number" ? item.index : undefined;
  const id = typeof item.id === "string" && item.id.length > 0 ? item.id : undefined;
  const args = argumentsText(rawArgs);
  if (typeof name === "string" && name.length > 0) {
    if (isRecord(rawArgs)) {
      return [
        { type: "tool-call-start", index, id, name, arguments: args },
        { type: "tool-call-end", index, id },
      ];
    }
    return [{ type: "tool-call-start", index, id, name, ...(args ? { arguments: args } : {}) }];
  }
  if ((item.id === null || name === null) && args.length === 0) return [{ type: "tool-call-end", index }];
  return args.length > 0 ? [{ type: "tool-call-args-delta", index, id, delta: args }] : [];
}

/** A whole tool call (non-streamed reply) in the flat or OpenAI shape. */
export function completeToolCallEvents(item: unknown): ChatEvent[] {
  if (!isRecord(item)) return [];
  const fn = isRecord(item.function) ? item.function : item;
  const name = fn.name;
  if (typeof name !== "string" || name.length === 0) return [];
  const rawArgs = "arguments" in fn ? fn.arguments : fn.parameters;
  const id = typeof item.id === "string" && item.id.length > 0 ? item.id : undefined;
  return [{ type: "tool-call-complete", id, name, arguments: argumentsText(rawArgs) }];
}

/** The `finish` event for a non-empty finish reason. */
export function finishEvent(reason: unknown): ChatEvent | undefined {
  return typeof reason === "string" && reason.length > 0 ? { type: "finish", reason } : undefined;
}

/** An error event for `{"error": …}` / `{"errors": […]}` bodies, or nothing. */
export function errorEvents(value: Record<string, unknown>): ChatEvent[] {
  const errors = value.errors;
  if (Array.isArray(errors) && errors.length > 0) return [errorEvent(errors[0], value)];
  const error = value.error;
  if (error !== undefined && error !== null && error !== false) return [errorEvent(error, value)];
  return [];
}

function errorEvent(error: unknown, data: unknown): ChatEvent {
  if (typeof error === "string") return { type: "error", message: error, data };
  if (isRecord(error)) {
    const message = stringField(error.message) ?? stringField(error.description) ?? JSON.stringify(error);
    const rawCode = error.code ?? error.internalCode;
    const code =
      typeof rawCode === "number" ? rawCode : typeof rawCode === "string" ? Number(rawCode) : undefined;
    return { type: "error", message, ...(code !== undefined && Number.isFinite(code) ? { code } : {}), data };
  }
  return { type: "error", message: JSON.stringify(error), data };
}

/** Response metadata from `id`, `model` and a creation time in seconds. */
export function metadataEvents(id: unknown, model: unknown, createdSeconds: unknown): ChatEvent[] {
  const event: ChatEvent & { type: "response-metadata" } = { type: "response-metadata" };
  if (typeof id === "string" && id.length > 0) event.id = id;
  if (typeof model === "string" && model.length > 0) event.modelId = model;
  if (typeof createdSeconds === "number" && Number.isFinite(createdSeconds)) {
    event.timestamp = new Date(createdSeconds * 1000);
  }
  return event.id || event.modelId || event.timestamp ? [event] : [];
}
