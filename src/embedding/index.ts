export { WorkersAIEmbeddingModel } from "./embedding-model";
export type { WorkersAIEmbeddingInputType, WorkersAIEmbeddingSettings } from "./embedding-settings";
