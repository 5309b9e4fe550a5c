import { createAnthropic } from "@ai-sdk/anthropic";
import { wireFormatPlugin } from "../gateway/router";
import type { WorkersAIProviderPlugin } from "../gateway/types";

/**
 * The Anthropic Messages wire-format plugin (needs `@ai-sdk/anthropic`), for `anthropic/…` on both paths.
 *
 * @example
 * ```ts
 * import { anthropic } from "workers-ai-provider/anthropic";
 * const workersai = createWorkersAI({ binding: env.AI, providers: [anthropic] });
 * ```
 */
export const anthropic: WorkersAIProviderPlugin = /* @__PURE__ */ wireFormatPlugin(
  "anthropic",
  "anthropic",
  ({ modelId, baseURL, apiKey, fetch }) => createAnthropic({ apiKey, baseURL, fetch })(modelId),
);
