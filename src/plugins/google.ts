import { createGoogleGenerativeAI } from "@ai-sdk/google";
import { wireFormatPlugin } from "../gateway/router";
import type { WorkersAIProviderPlugin } from "../gateway/types";

/**
 * The Gemini `generateContent` wire-format plugin (needs `@ai-sdk/google`), for `google/…` and
 * `google-vertex/…` on the gateway path (on the run path `google/…` speaks chat-completions: add `openai`).
 *
 * @example
 * ```ts
 * import { google } from "workers-ai-provider/google";
 * const workersai = createWorkersAI({ binding: env.AI, providers: [openai, google] });
 * ```
 */
export const google: WorkersAIProviderPlugin = /* @__PURE__ */ wireFormatPlugin(
  "google",
  "google",
  ({ modelId, baseURL, apiKey, fetch }) => createGoogleGenerativeAI({ apiKey, baseURL, fetch })(modelId),
);
