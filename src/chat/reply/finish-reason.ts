import type { LanguageModelV4FinishReason } from "@ai-sdk/provider";

const UNIFIED: Readonly<Record<string, LanguageModelV4FinishReason["unified"]>> = {
  stop: "stop",
  eos: "stop",
  end_turn: "stop",
  completed: "stop",
  length: "length",
  model_length: "length",
  max_tokens: "length",
  max_output_tokens: "length",
  tool_calls: "tool-calls",
  function_call: "tool-calls",
  content_filter: "content-filter",
  error: "error",
  failed: "error",
};

/**
 * Maps a Workers AI finish reason (any family) to the AI SDK's unified reason, keeping the raw value.
 *
 * - no reason at all: `stop`, or `tool-calls` when the reply carried tool calls (legacy replies never
 *   state a reason);
 * - `stop` together with tool calls: `tool-calls`, so the SDK runs them (some models say `stop` anyway).
 */
export function mapWorkersAIFinishReason(
  raw: string | undefined,
  { hasToolCalls }: { hasToolCalls: boolean },
): LanguageModelV4FinishReason {
  const unified = raw === undefined ? "stop" : (UNIFIED[raw.toLowerCase()] ?? "other");
  return { unified: unified === "stop" && hasToolCalls ? "tool-calls" : unified, raw };
}
