/**
 * Structural types of the two AI Search binding kinds (spec 1.8 and 1.9). They describe only what this
 * provider calls, so the real `@cloudflare/workers-types` classes, the local emulator and hand-written fakes
 * all fit without casts.
 */

/** A role of an AI Search `messages` entry. */
export type AISearchMessageRole = "system" | "developer" | "user" | "assistant" | "tool";

/** One entry of the `messages` array of the current AI Search binding (text only). */
export interface AISearchMessage {
  role: AISearchMessageRole;
  content: string | null;
}

/** How a retrieved chunk was scored (current binding). */
export interface AISearchScoringDetails {
  keyword_score?: number;
  vector_score?: number;
  keyword_rank?: number;
  vector_rank?: number;
  reranking_score?: number;
  fusion_method?: string;
}

/** A chunk retrieved by the current AI Search binding. */
export interface AISearchWireChunk {
  id: string;
  type?: string;
  /** Relevance, 0–1. */
  score: number;
  text: string;
  item: { key: string; timestamp?: number; metadata?: Record<string, unknown> };
  scoring_details?: AISearchScoringDetails;
  /** Set by multi-instance (namespace) searches. */
  instance_id?: string;
}

/** Retrieval options of the current binding (`ai_search_options`). */
export interface AISearchOptions {
  retrieval?: {
    retrieval_type?: "vector" | "keyword" | "hybrid";
    fusion_method?: "max" | "rrf";
    keyword_match_mode?: "and" | "or";
    match_threshold?: number;
    max_num_results?: number;
    filters?: Record<string, unknown>;
    context_expansion?: number;
    metadata_only?: boolean;
    return_on_failure?: boolean;
    boost_by?: unknown[];
    [key: string]: unknown;
  };
  query_rewrite?: { enabled?: boolean; model?: string; rewrite_prompt?: string };
  reranking?: { enabled?: boolean; model?: string; match_threshold?: number };
  cache?: { enabled?: boolean; cache_threshold?: string };
  /** Namespace binding: the instances to search (1–10). */
  instance_ids?: string[];
  [key: string]: unknown;
}

/** Request of the current binding's `search`: exactly one of `query` or `messages`. */
export interface AISearchSearchRequest {
  query?: string;
  messages?: AISearchMessage[];
  ai_search_options?: AISearchOptions;
}

/** Result of the current binding's `search`. */
export interface AISearchSearchResponse {
  search_query?: string;
  chunks: AISearchWireChunk[];
  /** Multi-instance searches: instances that failed. */
  errors?: Array<{ instance_id: string; message: string }>;
}

/** Request of the current binding's `chatCompletions`. */
export interface AISearchChatCompletionsRequest {
  messages: AISearchMessage[];
  model?: string;
  stream?: boolean;
  ai_search_options?: AISearchOptions;
  [key: string]: unknown;
}

/**
 * The current AI Search binding: a single-instance `ai_search` binding, an instance from a namespace
 * (`env.AI_SEARCH.get(name)`), or the namespace binding itself (then `instance_ids` is required).
 * Recognised by its `chatCompletions` method.
 */
export interface AISearchBinding {
  // method syntax (parameters checked bivariantly) keeps real bindings with narrower request types assignable
  chatCompletions(request: unknown): Promise<unknown>;
  search(request: unknown): Promise<unknown>;
}

/** A legacy AutoRAG metadata filter: a comparison or a compound of filters. */
export type AutoRAGFilter =
  | { key: string; type: "eq" | "ne" | "gt" | "gte" | "lt" | "lte"; value: string | number | boolean }
  | { type: "and" | "or"; filters: AutoRAGFilter[] };

/** Request of the legacy AutoRAG `search`. */
export interface AutoRAGSearchRequest {
  query: string;
  filters?: AutoRAGFilter | Record<string, unknown>;
  max_num_results?: number;
  ranking_options?: { ranker?: string; score_threshold?: number };
  reranking?: { enabled?: boolean; model?: string };
  rewrite_query?: boolean;
}

/** Request of the legacy AutoRAG `aiSearch`. */
export interface AutoRAGAiSearchRequest extends AutoRAGSearchRequest {
  stream?: boolean;
  system_prompt?: string;
}

/** One result of the legacy AutoRAG search (`data[]`). */
export interface AutoRAGWireResult {
  file_id: string;
  filename: string;
  score: number;
  attributes?: Record<string, unknown>;
  content: Array<{ type: string; text: string }>;
}

/** Result of the legacy AutoRAG `search` (`aiSearch` adds `response`). */
export interface AutoRAGSearchResponse {
  object?: string;
  search_query?: string;
  data: AutoRAGWireResult[];
  has_more?: boolean;
  next_page?: string | null;
}

/**
 * The legacy AutoRAG binding (`env.AI.autorag(name)`, deprecated by Cloudflare). Recognised by its
 * `aiSearch` method and the absence of `chatCompletions`.
 */
export interface AutoRAGBinding {
  aiSearch(request: unknown): Promise<unknown>;
  search(request: unknown): Promise<unknown>;
}

/** Either AI Search binding kind. */
export type AnyAISearchBinding = AISearchBinding | AutoRAGBinding;

/** Which binding kind an object is, from its methods. */
export type AISearchBindingKind = "ai-search" | "autorag";

/**
 * Tells the binding kind from the object's methods: `chatCompletions` → current AI Search; `aiSearch`
 * without `chatCompletions` → legacy AutoRAG. Anything else is not an AI Search binding.
 */
export function aiSearchBindingKind(binding: unknown): AISearchBindingKind | undefined {
  if ((typeof binding !== "object" && typeof binding !== "function") || binding === null) return undefined;
  const record = binding as Record<string, unknown>;
  if (typeof record.chatCompletions === "function") return "ai-search";
  if (typeof record.aiSearch === "function") return "autorag";
  return undefined;
}

/** Whether the current binding is a namespace binding (it can `get` instances), not one instance. */
export function looksLikeNamespace(binding: unknown): boolean {
  const record = binding as Record<string, unknown>;
  return typeof record.get === "function" && typeof record.list === "function";
}
