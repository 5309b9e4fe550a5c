export {
  WorkersAIBatch,
  type WorkersAIBatchModelIds,
  type WorkersAIEmbeddingBatchItemResult,
  type WorkersAIEmbeddingBatchRequest,
} from "./batch";
export { createWorkersAIBatch, type WorkersAIBatchSettings } from "./create-batch";
export {
  experimental_getEmbeddingBatchResults,
  experimental_startEmbeddingBatch,
  type WorkersAIBatchReference,
  type WorkersAIEmbeddingBatchRequestOptions,
  type WorkersAIStartEmbeddingBatchResult,
} from "./embedding-batch";
export { WorkersAIBatchPendingError } from "./errors";
