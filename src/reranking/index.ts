export { WorkersAIRerankingModel } from "./reranking-model";
export type { WorkersAIRerankingSettings } from "./reranking-settings";
