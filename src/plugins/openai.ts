import { createOpenAI } from "@ai-sdk/openai";
import { gatewayRouter } from "../gateway/router";
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
export const openai: WorkersAIProviderPlugin = {
  name: "openai",
  wireFormat: "openai",
  router: gatewayRouter,
  languageModel: ({ modelId, baseURL, apiKey, fetch }) =>
    createOpenAI({ apiKey, baseURL, fetch }).chat(modelId),
};
