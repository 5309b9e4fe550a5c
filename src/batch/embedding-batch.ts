import {
  type Experimental_BatchV4StartResult as BatchV4StartResult,
  type Experimental_BatchV4Status as BatchV4Status,
  InvalidArgumentError,
  type SharedV4ProviderOptions,
} from "@ai-sdk/provider";
import type { WorkersAIEmbeddingModelId } from "../catalog";
import type { WorkersAIBatch, WorkersAIEmbeddingBatchItemResult } from "./batch";

/** A persisted batch reference, as `experimental_startBatch` returns it. */
export interface WorkersAIBatchReference {
  readonly version: 2;
  readonly id: string;
  readonly provider: string;
}

/** Experimental. One request of an embedding batch. */
export interface WorkersAIEmbeddingBatchRequestOptions {
  /** Application id, echoed in the result. */
  id: string;
  /** Embedding model, e.g. `@cf/baai/bge-m3`. */
  model: WorkersAIEmbeddingModelId;
  /** Texts to embed (at most the model's batch size). */
  values: string[];
  /** `providerOptions["workers-ai"]`: `pooling`, `truncate_inputs`, `inputType`, … */
  providerOptions?: SharedV4ProviderOptions;
}

/** Experimental. What {@link experimental_startEmbeddingBatch} returns (usable with `experimental_getBatchStatus`). */
export type WorkersAIStartEmbeddingBatchResult = WorkersAIBatchReference &
  BatchV4Status & { readonly warnings: BatchV4StartResult["warnings"] };

/** The batch interface, or a clear error for anything else (e.g. the provider itself, which has no batches). */
function batchApiOf(provider: WorkersAIBatch): WorkersAIBatch {
  if (
    typeof provider?.startEmbeddingBatch !== "function" ||
    typeof provider.getEmbeddingBatchResults !== "function"
  ) {
    throw new InvalidArgumentError({
      argument: "provider",
      message:
        'Embedding batches need the batch interface: pass provider: createWorkersAIBatch({ … }) (import { createWorkersAIBatch } from "workers-ai-provider").',
    });
  }
  return provider;
}

/**
 * Experimental. Starts a Workers AI async batch of embedding requests (the AI SDK's `experimental_startBatch`
 * covers text and images only). Poll it with `experimental_getBatchStatus` and read it with
 * {@link experimental_getEmbeddingBatchResults}.
 *
 * @example
 * ```ts
 * const batch = await experimental_startEmbeddingBatch({
 *   provider: createWorkersAIBatch({ binding: env.AI }),
 *   requests: [{ id: "docs-1", model: "@cf/baai/bge-m3", values: ["first text", "second text"] }],
 * });
 * ```
 */
export async function experimental_startEmbeddingBatch(options: {
  /** The batch interface: `createWorkersAIBatch({ binding: env.AI })`. */
  provider: WorkersAIBatch;
  requests: ReadonlyArray<WorkersAIEmbeddingBatchRequestOptions>;
  providerOptions?: SharedV4ProviderOptions;
  abortSignal?: AbortSignal;
  headers?: Record<string, string | undefined>;
}): Promise<WorkersAIStartEmbeddingBatchResult> {
  const batchApi = batchApiOf(options.provider);
  const { batchId, ...status } = await batchApi.startEmbeddingBatch({
    requests: options.requests.map((request) => ({
      id: request.id,
      modelId: request.model,
      values: request.values,
      ...(request.providerOptions ? { providerOptions: request.providerOptions } : {}),
    })),
    ...(options.providerOptions ? { providerOptions: options.providerOptions } : {}),
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  });
  return { version: 2, id: batchId, provider: batchApi.provider, ...status };
}

/**
 * Experimental. The results of an embedding batch started with {@link experimental_startEmbeddingBatch},
 * once `experimental_getBatchStatus` reports it `completed` (before that it throws
 * `WorkersAIBatchPendingError`). One item per request, in request order.
 */
export async function* experimental_getEmbeddingBatchResults(options: {
  /** The batch interface: `createWorkersAIBatch({ binding: env.AI })`. */
  provider: WorkersAIBatch;
  batch: WorkersAIBatchReference;
  abortSignal?: AbortSignal;
  headers?: Record<string, string | undefined>;
}): AsyncGenerator<WorkersAIEmbeddingBatchItemResult, void, undefined> {
  const batchApi = batchApiOf(options.provider);
  if (options.batch.provider !== batchApi.provider) {
    throw new InvalidArgumentError({
      argument: "batch",
      message: `provider ${batchApi.provider} is not compatible with batch provider ${options.batch.provider}`,
    });
  }
  const stream = await batchApi.getEmbeddingBatchResults({
    batchId: options.batch.id,
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  });
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
