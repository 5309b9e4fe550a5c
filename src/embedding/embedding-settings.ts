import type { WorkersAIRequestSettings } from "../media-utils/request-settings";

/** How qwen3-embedding treats the values: search queries (with `instruction`) or documents. */
export type WorkersAIEmbeddingInputType = "query" | "document";

/**
 * Settings of a Workers AI embedding model. `pooling`, `truncate_inputs`, `inputType` and
 * `instruction` can also be set per call in `providerOptions["workers-ai"]` (the per-call value wins).
 */
export interface WorkersAIEmbeddingSettings extends WorkersAIRequestSettings {
  /**
   * bge-small/base/large: `"mean"` (the platform default) or `"cls"`. Vectors made with one pooling
   * are not comparable with vectors made with the other: never mix them in one index.
   */
  pooling?: "mean" | "cls";
  /** bge-m3: truncate inputs longer than the context window instead of failing. */
  truncate_inputs?: boolean;
  /** qwen3-embedding-0.6b: send the values as `queries` or as `documents` (default). */
  inputType?: WorkersAIEmbeddingInputType;
  /** qwen3-embedding-0.6b: task instruction prepended to queries (`inputType: "query"` only). */
  instruction?: string;
  /** Overrides the batch size the AI SDK uses to split `embedMany` (default: the model's limit, else 100). */
  maxEmbeddingsPerCall?: number;
  /** Whether `embedMany` may send its batches in parallel (default `true`). */
  supportsParallelCalls?: boolean;
}
