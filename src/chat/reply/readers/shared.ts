import { isRecord } from "../../../guards";
import type { ChatReplySink } from "../events";

/** A string field, or `undefined`. */
export function stringField(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/**
 * Model text or tool arguments of any type as a string: strings stay as they are, JSON-mode objects
 * and the occasional number are serialised, nothing is `""`.
 */
export function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** Reasoning text of a message or delta: `reasoning_content` or `reasoning` (models differ). */
export function readReasoning(message: Record<string, unknown>, sink: ChatReplySink): void {
  const value = message.reasoning_content ?? message.reasoning;
  if (typeof value === "string") sink.reasoning(value);
}

/**
 * Reads the tool calls of a message, in the OpenAI shape (`{index?, id?, function: {name?, arguments?}}`)
 * or flat (`{name, arguments|parameters}`). In a whole reply (`whole`) each named item is a whole call.
 * Streamed, each item is a delta:
 * - a name starts a call (arguments given as an object make it whole at once);
 * - `id`/`name` explicitly null with empty arguments is the null-finalization chunk: it ends the call;
 * - otherwise non-empty arguments continue a call.
 */
export function readToolCalls(items: unknown, sink: ChatReplySink, whole: boolean): void {
  if (!Array.isArray(items)) return;
  for (const item of items) {
    if (!isRecord(item)) continue;
    const fn = isRecord(item.function) ? item.function : item;
    const name = fn.name;
    const rawArgs = "arguments" in fn ? fn.arguments : fn.parameters;
    const index = typeof item.index === "number" ? item.index : undefined;
    const id = typeof item.id === "string" && item.id.length > 0 ? item.id : undefined;
    const args = textOf(rawArgs);
    if (typeof name === "string" && name.length > 0) {
      if (whole || isRecord(rawArgs)) sink.toolCall(name, id, args);
      else sink.toolStart(name, id, index, args);
    } else if (!whole) {
      if ((item.id === null || name === null) && args.length === 0) sink.toolEnd(index, "");
      else sink.toolArgs(index, id, args);
    }
  }
}

/** Reports an `{"error": …}` / `{"errors": […]}` body; whether it was one. */
export function readErrors(value: Record<string, unknown>, sink: ChatReplySink): boolean {
  const errors = value.errors;
  const listed = Array.isArray(errors) && errors.length > 0;
  const error = listed ? errors[0] : value.error;
  if (!listed && (error === undefined || error === null || error === false)) return false;
  if (isRecord(error)) {
    const message = stringField(error.message) ?? stringField(error.description) ?? JSON.stringify(error);
    const rawCode = error.code ?? error.internalCode;
    const code = typeof rawCode === "number" || typeof rawCode === "string" ? Number(rawCode) : Number.NaN;
    sink.error(message, Number.isFinite(code) ? code : undefined, value);
  } else {
    sink.error(typeof error === "string" ? error : JSON.stringify(error), undefined, value);
  }
  return true;
}
