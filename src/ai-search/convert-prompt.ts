import { InvalidPromptError, type LanguageModelV4Prompt, type SharedV4Warning } from "@ai-sdk/provider";
import { toolResultText } from "../chat/request/convert-prompt";
import type { AISearchMessage } from "./binding-types";
import type { AutoRAGQueryMode } from "./settings";

/** One conversation turn reduced to its text, the only content AI Search takes. */
export interface TextTurn {
  role: "system" | "user" | "assistant" | "tool";
  text: string;
  /** Tool turns: the tool's name. */
  toolName?: string;
}

/**
 * Reduces an AI SDK prompt to text turns. Text parts of one message are joined with a newline; tool results
 * become `tool` turns (JSON outputs serialised). Everything AI Search cannot take (files, reasoning, tool
 * calls, approvals) is left out with one warning per kind. Turns left without text are skipped.
 */
export function promptToTextTurns(prompt: LanguageModelV4Prompt, warnings: SharedV4Warning[]): TextTurn[] {
  const dropped = new Map<string, string>();
  const drop = (feature: string, details: string) => {
    if (!dropped.has(feature)) dropped.set(feature, details);
  };
  const dropFile = () => {
    drop("files in tool results", "AI Search takes text only; a file in a tool result was not sent.");
    return undefined;
  };
  const turns: TextTurn[] = [];
  const push = (turn: TextTurn) => {
    if (turn.text.trim().length > 0) turns.push(turn);
  };
  for (const message of prompt) {
    switch (message.role) {
      case "system":
        push({ role: "system", text: message.content });
        break;
      case "user": {
        const texts: string[] = [];
        for (const part of message.content) {
          if (part.type === "text") texts.push(part.text);
          else drop("file parts", `AI Search takes text only; a ${part.mediaType} file part was not sent.`);
        }
        push({ role: "user", text: texts.join("\n") });
        break;
      }
      case "assistant": {
        const texts: string[] = [];
        for (const part of message.content) {
          switch (part.type) {
            case "text":
              texts.push(part.text);
              break;
            case "tool-result":
              push({ role: "tool", text: toolResultText(part.output, dropFile), toolName: part.toolName });
              break;
            case "tool-call":
              drop("tool calls in the prompt", "AI Search has no tools; assistant tool calls were not sent.");
              break;
            case "reasoning":
            case "reasoning-file":
              drop("reasoning in the prompt", "AI Search takes text only; assistant reasoning was not sent.");
              break;
            default:
              drop(
                `${part.type} parts`,
                `AI Search takes text only; an assistant ${part.type} part was not sent.`,
              );
          }
        }
        push({ role: "assistant", text: texts.join("\n") });
        break;
      }
      case "tool":
        for (const part of message.content) {
          if (part.type === "tool-result") {
            push({ role: "tool", text: toolResultText(part.output, dropFile), toolName: part.toolName });
          } else {
            drop("tool approvals", "AI Search has no tools; tool approval responses were not sent.");
          }
        }
        break;
    }
  }
  for (const [feature, details] of dropped) warnings.push({ type: "unsupported", feature, details });
  return turns;
}

/**
 * The current binding's `messages`: the turns as they are (roles kept), with `systemPrompt` first as a
 * `system` message when given.
 */
export function toAISearchMessages(
  turns: readonly TextTurn[],
  systemPrompt: string | undefined,
): AISearchMessage[] {
  const messages: AISearchMessage[] = [];
  if (systemPrompt) messages.push({ role: "system", content: systemPrompt });
  for (const turn of turns) messages.push({ role: turn.role, content: turn.text });
  return messages;
}

/** The text turns of plain AI Search messages (for the retrieval helper); `developer` counts as `system`. */
export function messagesToTextTurns(messages: readonly AISearchMessage[]): TextTurn[] {
  const turns: TextTurn[] = [];
  for (const message of messages) {
    const text = typeof message.content === "string" ? message.content : "";
    if (text.trim().length === 0) continue;
    turns.push({ role: message.role === "developer" ? "system" : message.role, text });
  }
  return turns;
}

const ROLE_LABEL: Readonly<Record<TextTurn["role"], string>> = {
  system: "System",
  user: "User",
  assistant: "Assistant",
  tool: "Tool result",
};

/**
 * Renders text turns into the legacy AutoRAG request: the `query` (see `legacyQuery` for the rendering)
 * and the system messages' text for `system_prompt`. Throws `InvalidPromptError` when no user turn has text,
 * because AutoRAG needs something to search for.
 */
export function renderAutoRAGQuery(
  turns: readonly TextTurn[],
  mode: AutoRAGQueryMode,
  prompt: unknown,
): { query: string; system: string | undefined } {
  const system = turns.filter((turn) => turn.role === "system").map((turn) => turn.text);
  const lastUser = turns.findLastIndex((turn) => turn.role === "user");
  if (lastUser === -1) {
    throw new InvalidPromptError({
      prompt,
      message: "AI Search needs a user message with text to search for; the prompt has none.",
    });
  }
  const question = turns[lastUser].text;
  const context = turns.filter((turn, index) => index !== lastUser && turn.role !== "system");
  const query =
    mode === "last-user-message" || context.length === 0
      ? question
      : [
          "Conversation so far:",
          ...context.map(
            (turn) => `${ROLE_LABEL[turn.role]}${turn.toolName ? ` (${turn.toolName})` : ""}: ${turn.text}`,
          ),
          "",
          `Question: ${question}`,
        ].join("\n");
  return { query, system: system.length > 0 ? system.join("\n\n") : undefined };
}
