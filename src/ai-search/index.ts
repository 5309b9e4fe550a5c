export {
  AutoRAGChatLanguageModel,
  WorkersAIAISearchLanguageModel,
  WorkersAIAISearchLanguageModel as AISearchChatLanguageModel,
} from "./ai-search-language-model";
export type {
  AISearchBinding,
  AISearchBindingKind,
  AISearchChatCompletionsRequest,
  AISearchMessage,
  AISearchMessageRole,
  AISearchOptions,
  AISearchScoringDetails,
  AISearchSearchRequest,
  AISearchSearchResponse,
  AISearchWireChunk,
  AutoRAGAiSearchRequest,
  AutoRAGBinding,
  AutoRAGFilter,
  AutoRAGSearchRequest,
  AutoRAGSearchResponse,
  AutoRAGWireResult,
} from "./binding-types";
export {
  type AISearchProvider,
  type AISearchProviderSettings,
  createAISearch,
  createAutoRAG,
} from "./provider";
export { type AISearchSearchParams, type AISearchSearchResult, searchAISearch } from "./search";
export type {
  AISearchCache,
  AISearchQueryRewrite,
  AISearchReranking,
  AISearchRetrievalOptions,
  AISearchStreamSources,
  AutoRAGQueryMode,
  WorkersAIAISearchSettings,
} from "./settings";
export type { AISearchChunk } from "./sources";
