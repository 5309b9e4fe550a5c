export {
  type AISearchBinding,
  type AISearchChunk,
  type AISearchProvider,
  type AISearchProviderSettings,
  type AISearchRetrievalOptions,
  type AISearchSearchParams,
  type AISearchSearchResult,
  type AutoRAGBinding,
  createAISearch,
  createAutoRAG,
  searchAISearch,
  WorkersAIAISearchLanguageModel,
  type WorkersAIAISearchSettings,
} from "./ai-search";
export {
  createWorkersAIBatch,
  experimental_getEmbeddingBatchResults,
  experimental_startEmbeddingBatch,
  WorkersAIBatch,
  type WorkersAIBatchModelIds,
  WorkersAIBatchPendingError,
  type WorkersAIBatchReference,
  type WorkersAIBatchSettings,
  type WorkersAIEmbeddingBatchItemResult,
  type WorkersAIEmbeddingBatchRequestOptions,
  type WorkersAIStartEmbeddingBatchResult,
} from "./batch";
export {
  estimateCost,
  estimateTokens,
  exceedsContextWindow,
  getModelInfo,
  type WorkersAIChatModelId,
  type WorkersAIEmbeddingModelId,
  type WorkersAIImageModelId,
  type WorkersAIModelInfo,
  type WorkersAIRerankingModelId,
  type WorkersAISpeechModelId,
  type WorkersAITranscriptionModelId,
  workersAIModels,
} from "./catalog";
export {
  WORKERS_AI_SAFE_PROMPT,
  WorkersAIChatLanguageModel,
  type WorkersAIChatProviderOptions,
  type WorkersAIChatSettings,
  type WorkersAIReasoningEffort,
} from "./chat";
export {
  type WorkersAIEmbeddingInputType,
  WorkersAIEmbeddingModel,
  type WorkersAIEmbeddingSettings,
} from "./embedding";
export {
  createGatewayFetch,
  createGatewayProvider,
  createResumableStream,
  type DelegateCallOptions,
  detectGatewayProvider,
  findGatewayProvider,
  GATEWAY_PROVIDERS,
  type GatewayBinding,
  GatewayDelegateError,
  type GatewayDispatchInfo,
  type GatewayErrorCode,
  type GatewayFallbackAttempt,
  type GatewayFallbackLeg,
  type GatewayFallbackOptions,
  type GatewayFetchConfig,
  type GatewayModelId,
  type GatewayProviderEntry,
  type ResumableStreamOptions,
  type ResumeExpiredPolicy,
  WorkersAIFallbackError,
  WorkersAIGatewayError,
  type WorkersAIProviderPlugin,
} from "./gateway";
export { WorkersAIImageModel, type WorkersAIImageOptions, type WorkersAIImageSettings } from "./image";
export type { WorkersAIRequestSettings } from "./media-utils/request-settings";
export { createWorkersAI, type WorkersAIProvider, type WorkersAIProviderSettings } from "./provider";
export { type WorkersAIRealtimePlugin, workersAIRealtime } from "./realtime";
export { WorkersAIRerankingModel, type WorkersAIRerankingSettings } from "./reranking";
export { type WorkersAIAuraEncoding, WorkersAISpeechModel, type WorkersAISpeechSettings } from "./speech";
export {
  type WorkersAINova3Options,
  WorkersAITranscriptionModel,
  type WorkersAITranscriptionSettings,
  type WorkersAIWhisperOptions,
} from "./transcription";
export type { WorkersAIBinding } from "./transport/binding";
export type { WorkersAIConnectionSettings } from "./transport/create-transport";
export {
  WORKERS_AI_ERROR_CODES,
  type WorkersAIErrorData,
  workersAICodeOf,
} from "./transport/errors";
export type { GatewayOptions } from "./transport/gateway-options";
