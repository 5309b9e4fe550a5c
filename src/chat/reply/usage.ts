import type { JSONObject, LanguageModelV4Usage } from "@ai-sdk/provider";
import { isCount } from "../../catalog/usage-metadata";
import { isRecord } from "../../guards";

/**
 * Converts a Workers AI `usage` object of any family to `LanguageModelV4Usage`:
 * `prompt_tokens`/`completion_tokens` (legacy, chat-completions) or `input_tokens`/`output_tokens`
 * (Responses); cached input from `prompt_tokens_details.cached_tokens` (or `input_tokens_details`),
 * reasoning from `completion_tokens_details.reasoning_tokens` (or `output_tokens_details`).
 * Figures the reply does not report stay `undefined`; the raw object is kept.
 */
export function convertWorkersAIUsage(raw: JSONObject | undefined): LanguageModelV4Usage {
  const input = count(raw?.prompt_tokens) ?? count(raw?.input_tokens);
  const output = count(raw?.completion_tokens) ?? count(raw?.output_tokens);
  const cacheRead = count(
    detail(raw?.prompt_tokens_details, "cached_tokens") ?? detail(raw?.input_tokens_details, "cached_tokens"),
  );
  const reasoning = count(
    detail(raw?.completion_tokens_details, "reasoning_tokens") ??
      detail(raw?.output_tokens_details, "reasoning_tokens"),
  );
  return {
    inputTokens: {
      total: input,
      noCache: input !== undefined && cacheRead !== undefined ? Math.max(0, input - cacheRead) : undefined,
      cacheRead,
      cacheWrite: undefined,
    },
    outputTokens: {
      total: output,
      text: output !== undefined && reasoning !== undefined ? Math.max(0, output - reasoning) : undefined,
      reasoning,
    },
    ...(raw ? { raw } : {}),
  };
}

/** A token count; a negative or non-finite figure is not usage. */
function count(value: unknown): number | undefined {
  return isCount(value) ? value : undefined;
}

function detail(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}
