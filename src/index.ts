export {
  type AISearchBinding,
  AISearchChatLanguageModel,
  type AISearchChunk,
  type AISearchProvider,
  type AISearchProviderSettings,
  type AISearchRetrievalOptions,
  type AISearchSearchParams,
  type AISearchSearchResult,
  type AutoRAGBinding,
  AutoRAGChatLanguageModel,
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
export type {
  AISearchChatSettings,
  AISearchSettings,
  AutoRAGChatSettings,
  AutoRAGProvider,
  AutoRAGSettings,
  Billing,
  DispatchInfo,
  FallbackAttempt,
  FallbackLeg,
  FallbackOptions,
  Transport,
  WireFormat,
  WorkersAI,
  WorkersAISettings,
} from "./compat-types";
export {
  type WorkersAIEmbeddingInputType,
  WorkersAIEmbeddingModel,
  type WorkersAIEmbeddingSettings,
} from "./embedding";
export {
  type ClientFallbackLeg,
  createClientFallbackModel,
  createGatewayFetch,
  createGatewayProvider,
  createResumableStream,
  type DelegateCallOptions,
  detectGatewayProvider,
  detectProviderByUrl,
  findGatewayProvider,
  findProviderBySlug,
  GATEWAY_PROVIDERS,
  type GatewayBilling,
  type GatewayBinding,
  GatewayDelegateError,
  type GatewayDelegateErrorKind,
  type GatewayDispatchInfo,
  type GatewayErrorCode,
  type GatewayErrorContext,
  type GatewayFallbackAttempt,
  type GatewayFallbackLeg,
  type GatewayFallbackOptions,
  type GatewayFetchConfig,
  type GatewayModelId,
  type GatewayProviderConfig,
  type GatewayProviderEntry,
  type GatewayProviderInfo,
  type GatewayTransportKind,
  type GatewayWireFormat,
  type ParsedSlug,
  type ProviderPlugin,
  parseSlug,
  type ResumableStreamOptions,
  type ResumeExpiredPolicy,
  selectTransport,
  type TransportSelection,
  WorkersAIFallbackError,
  WorkersAIGatewayError,
  type WorkersAIProviderPlugin,
  wireableProviders,
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
