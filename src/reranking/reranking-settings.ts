import type { WorkersAIRequestSettings } from "../media-utils/request-settings";

/** Settings of a Workers AI reranking model (also settable per call in `providerOptions["workers-ai"]`). */
export interface WorkersAIRerankingSettings extends WorkersAIRequestSettings {
  /** bge-m3: truncate long contexts instead of failing. */
  truncate_inputs?: boolean;
}
