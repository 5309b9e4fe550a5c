import type { WorkersAITransport } from "./transport/types";

/** What every Workers AI model receives from the provider. */
export interface WorkersAIModelConfig {
  /** Provider id reported to the AI SDK, e.g. `"workersai.chat"` (the ids of workers-ai-provider 4.x). */
  provider: string;
  /** How requests travel (binding or REST, optionally through AI Gateway). */
  transport: WorkersAITransport;
  /** Id generator for response/tool-call ids. */
  generateId: () => string;
  /** Clock for response timestamps. */
  currentDate: () => Date;
}

/** Key of this provider in `providerOptions` and `providerMetadata`. */
export const PROVIDER_OPTIONS_KEY = "workers-ai";
