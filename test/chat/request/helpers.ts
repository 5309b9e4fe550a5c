import type { LanguageModelV4CallOptions, LanguageModelV4Prompt } from "@ai-sdk/provider";
import type { WorkersAIChatSettings } from "../../../src/chat/chat-settings";
import { buildChatRequest } from "../../../src/chat/request/build-chat-request";

export const LEGACY = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
export const LEGACY_VISION = "@cf/meta/llama-4-scout-17b-16e-instruct";
export const OPENAI = "@cf/zai-org/glm-4.7-flash";
export const KIMI = "@cf/moonshotai/kimi-k2.5";
export const GPT_OSS = "@cf/openai/gpt-oss-120b";
export const UNKNOWN = "@cf/acme/brand-new-model";

export const userPrompt = (text = "Hello"): LanguageModelV4Prompt => [
  { role: "user", content: [{ type: "text", text }] },
];

/** Builds a request plan with defaults for everything the test does not care about. */
export function plan(
  modelId: string,
  options: Partial<LanguageModelV4CallOptions> = {},
  settings: WorkersAIChatSettings = {},
  stream = false,
) {
  return buildChatRequest({
    modelId,
    settings,
    options: { prompt: userPrompt(), ...options },
    stream,
  });
}
