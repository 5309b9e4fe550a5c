import { isRecord } from "../../../guards";
import type { ChatReplySink } from "../events";
import { readReasoning, readToolCalls, textOf } from "./shared";

/**
 * Reads an OpenAI chat-completions stream chunk (`choices[0].delta`) or whole reply (`whole`,
 * `choices[0].message`): metadata, then the first choice's reasoning (`reasoning_content` or
 * `reasoning`), text (`content`, or `text` for text completions), tool calls and finish reason, then
 * `usage` (in a stream, the final `choices: []` chunk carries the totals).
 */
export function readChatCompletions(
  value: Record<string, unknown>,
  sink: ChatReplySink,
  whole: boolean,
): void {
  sink.metadata(value.id, value.model, value.created);
  const choice = firstChoice(value.choices);
  if (choice) {
    const message =
      !whole && isRecord(choice.delta) ? choice.delta : isRecord(choice.message) ? choice.message : {};
    readReasoning(message, sink);
    sink.text(contentText(message.content) || textOf(choice.text));
    readToolCalls(message.tool_calls, sink, whole);
    sink.finish(choice.finish_reason);
  }
  sink.usage(value.usage);
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
