export { workersAIModels } from "./all-models";
export {
  estimateCost,
  estimateTokens,
  exceedsContextWindow,
  USD_PER_NEURON,
  type WorkersAIContextWindowCheck,
  type WorkersAICostEstimate,
  type WorkersAICostUsage,
} from "./cost";
export { getModelInfo } from "./lookup";
export type {
  WorkersAIChatModelId,
  WorkersAIEmbeddingModelId,
  WorkersAIImageModelId,
  WorkersAIRerankingModelId,
  WorkersAISpeechModelId,
  WorkersAITranscriptionModelId,
} from "./model-ids";
export type {
  WorkersAIChatFamily,
  WorkersAIModelInfo,
  WorkersAIModelPrice,
  WorkersAIParameterRange,
  WorkersAIReasoningInfo,
  WorkersAITask,
} from "./types";
