export { WorkersAIChatLanguageModel } from "./chat-language-model";
export type {
  WorkersAIChatProviderOptions,
  WorkersAIChatSettings,
  WorkersAIReasoningEffort,
} from "./chat-settings";
export { WORKERS_AI_SAFE_PROMPT } from "./chat-settings";
