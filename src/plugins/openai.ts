import { createOpenAI } from "@ai-sdk/openai";
import { wireFormatPlugin } from "../gateway/router";
import type { WorkersAIProviderPlugin } from "../gateway/types";

/**
 * The OpenAI chat-completions wire-format plugin (needs `@ai-sdk/openai`). Serves `openai/…`, and every
 * provider the unified run path normalises to chat-completions (`google/…`, `xai/…`, `groq/…`, `alibaba/…`,
 * `minimax/…`) plus the OpenAI-compatible BYOK providers (`deepseek/…`, `mistral/…`, `perplexity/…`, …).
 *
 * @example
 * ```ts
 * import { openai } from "workers-ai-provider/openai";
 * const workersai = createWorkersAI({ binding: env.AI, providers: [openai] });
 * ```
 */
export const openai: WorkersAIProviderPlugin = /* @__PURE__ */ wireFormatPlugin(
  "openai",
  "openai",
  ({ modelId, baseURL, apiKey, fetch }) => createOpenAI({ apiKey, baseURL, fetch }).chat(modelId),
);
