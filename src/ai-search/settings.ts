import { InvalidArgumentError } from "@ai-sdk/provider";
import {
  anyOf,
  arrayOf,
  type Check,
  integerIn,
  isBoolean,
  isNumber,
  isString,
  numberIn,
  oneOf,
  recordOf,
  shape,
  splitProblem,
} from "../guards";
import type { AISearchOptions, AutoRAGFilter } from "./binding-types";

/** Query rewriting (current binding: `ai_search_options.query_rewrite`; legacy: `rewrite_query`). */
export interface AISearchQueryRewrite {
  enabled?: boolean;
  /** Current binding only: the model that rewrites the query. */
  model?: string;
  /** Current binding only: the instruction used to rewrite the query. */
  rewrite_prompt?: string;
}

/** Reranking of retrieved chunks (current binding: `ai_search_options.reranking`; legacy: `reranking`). */
export interface AISearchReranking {
  enabled?: boolean;
  /** Reranker model, e.g. `@cf/baai/bge-reranker-base`. */
  model?: string;
  /** Current binding only: minimum reranking score. */
  match_threshold?: number;
}

/** Similarity cache of the current binding (`ai_search_options.cache`). */
export interface AISearchCache {
  enabled?: boolean;
  cache_threshold?: "super_strict_match" | "close_enough" | "flexible_friend" | "anything_goes";
}

/**
 * Retrieval options, shared by the model settings, `providerOptions["workers-ai"]` and the retrieval-only
 * {@link searchAISearch} helper. Names follow the wire; where the two binding kinds name a field
 * differently both names are accepted (`match_threshold`/`score_threshold`, `query_rewrite`/`rewrite_query`).
 *
 * | Option | Current binding (`chatCompletions` / `search`) | Legacy AutoRAG (`aiSearch` / `search`) |
 * |---|---|---|
 * | `max_num_results` | `ai_search_options.retrieval.max_num_results` | `max_num_results` |
 * | `match_threshold` (`score_threshold`) | `ai_search_options.retrieval.match_threshold` | `ranking_options.score_threshold` |
 * | `ranker` | warning (not supported) | `ranking_options.ranker` |
 * | `query_rewrite` (`rewrite_query`) | `ai_search_options.query_rewrite` (`true` → `{enabled: true}`) | `rewrite_query` (`enabled`); `model`/`rewrite_prompt` → warning |
 * | `reranking` | `ai_search_options.reranking` (`true` → `{enabled: true}`) | `reranking {enabled, model}`; `match_threshold` → warning |
 * | `filters` | `ai_search_options.retrieval.filters` | `filters` |
 * | `retrieval_type`, `fusion_method`, `keyword_match_mode`, `context_expansion`, `metadata_only`, `return_on_failure`, `boost_by` | `ai_search_options.retrieval.<name>` | warning (not supported) |
 * | `cache` | `ai_search_options.cache` (`true` → `{enabled: true}`) | warning |
 * | `instance_ids` | `ai_search_options.instance_ids` (namespace binding) | warning |
 * | `ai_search_options` | merged over the generated `ai_search_options` (its values win) | warning |
 */
export interface AISearchRetrievalOptions {
  /** Maximum number of chunks to retrieve (current binding: 1–50, default 10). */
  max_num_results?: number;
  /** Minimum similarity score (0–1) of a retrieved chunk (current default 0.4). */
  match_threshold?: number;
  /** Legacy name of {@link AISearchRetrievalOptions.match_threshold}. */
  score_threshold?: number;
  /** Legacy binding only: `ranking_options.ranker`. */
  ranker?: string;
  /** Rewrite the query before retrieval: `true`/`false` or the full options. */
  query_rewrite?: boolean | AISearchQueryRewrite;
  /** Legacy name of {@link AISearchRetrievalOptions.query_rewrite}. */
  rewrite_query?: boolean | AISearchQueryRewrite;
  /** Rerank the retrieved chunks: `true`/`false` or the full options. */
  reranking?: boolean | AISearchReranking;
  /** Metadata filter, sent unchanged (legacy: `{key, type, value}` or `{type: "and" | "or", filters}`). */
  filters?: AutoRAGFilter | Record<string, unknown>;
  /** Current binding: `vector`, `keyword` or `hybrid` retrieval. */
  retrieval_type?: "vector" | "keyword" | "hybrid";
  /** Current binding: how hybrid results are fused. */
  fusion_method?: "max" | "rrf";
  /** Current binding: keyword matching of all (`and`) or any (`or`) terms. */
  keyword_match_mode?: "and" | "or";
  /** Current binding: neighbouring chunks to add around each match (0–3). */
  context_expansion?: number;
  /** Current binding: retrieve metadata only, without chunk text. */
  metadata_only?: boolean;
  /** Current binding: answer even when retrieval fails (default true). */
  return_on_failure?: boolean;
  /** Current binding: up to 3 boosting rules, sent unchanged. */
  boost_by?: unknown[];
  /** Current binding: similarity cache of answers. */
  cache?: boolean | AISearchCache;
  /** Namespace binding: the instances to search (1–10). */
  instance_ids?: string[];
  /** Current binding: raw `ai_search_options`, merged over the generated ones (its values win). */
  ai_search_options?: AISearchOptions;
}

/** Where streamed sources come from (see {@link WorkersAIAISearchSettings.streamSources}). */
export type AISearchStreamSources = "inline" | "search";

/** How a conversation becomes the legacy AutoRAG `query` (see {@link WorkersAIAISearchSettings.legacyQuery}). */
export type AutoRAGQueryMode = "conversation" | "last-user-message";

/**
 * Settings of an AI Search model (`aisearch(settings)`). Every field can also be given per call in
 * `providerOptions["workers-ai"]`; per-call values win, key by key. See {@link AISearchRetrievalOptions}
 * for where each retrieval option goes on each binding kind.
 *
 * AI SDK call options: `temperature`, `maxOutputTokens` (`max_tokens`), `topP`, `seed`, `stopSequences`,
 * `presencePenalty` and `frequencyPenalty` go into the current binding's `chatCompletions` body; the legacy
 * AutoRAG binding takes none of them, so each one set gives a warning. `topK`, `reasoning`, `tools`,
 * `toolChoice`, a JSON `responseFormat` and `headers` give a warning on both kinds.
 */
export interface WorkersAIAISearchSettings extends AISearchRetrievalOptions {
  /** Current binding: the generation model (`model` of `chatCompletions`). Legacy: warning. */
  model?: string;
  /**
   * System prompt. Current binding: sent as the first `system` message. Legacy: `system_prompt`, followed
   * by the conversation's own system messages.
   */
  system_prompt?: string;
  /**
   * Where `streamText` takes its sources from:
   * - `"inline"`: from the stream itself (any event carrying `chunks` or `data`); no extra call;
   * - `"search"`: one `search()` with the same query and retrieval options, made alongside the
   *   generation call, so the sources come right after `stream-start`, before any text. Chunks the stream
   *   also carries are not repeated.
   *
   * Default: `"inline"` for the current binding (its replies carry the chunks they used), `"search"` for
   * the legacy AutoRAG binding (whose stream format is unconfirmed and may carry no sources).
   */
  streamSources?: AISearchStreamSources;
  /**
   * Legacy AutoRAG only: how the conversation becomes the `query`.
   * - `"conversation"` (default): the last user message; when there are other turns, they come first as
   *   `Conversation so far:` lines (`User: …`, `Assistant: …`, `Tool result (name): …`), followed by
   *   `Question: <last user message>`. System messages go to `system_prompt`, never into the query.
   * - `"last-user-message"`: only the text of the last user message.
   */
  legacyQuery?: AutoRAGQueryMode;
}

/** `true`/`false` or an object with `enabled` and `fields`. */
const enabledOr = (fields: Record<string, Check>): Check =>
  anyOf(isBoolean, shape({ enabled: isBoolean, ...fields }));
const checkQueryRewrite = /* @__PURE__ */ enabledOr({ model: isString, rewrite_prompt: isString });
const checkThreshold = /* @__PURE__ */ numberIn(0, 1);

/** How each retrieval option is checked (also the list of their names). */
const RETRIEVAL_CHECKS: Record<keyof AISearchRetrievalOptions, Check> = {
  max_num_results: /* @__PURE__ */ integerIn(1),
  match_threshold: checkThreshold,
  score_threshold: checkThreshold,
  ranker: isString,
  query_rewrite: checkQueryRewrite,
  rewrite_query: checkQueryRewrite,
  reranking: /* @__PURE__ */ enabledOr({ model: isString, match_threshold: isNumber }),
  filters: /* @__PURE__ */ recordOf(),
  retrieval_type: /* @__PURE__ */ oneOf(["vector", "keyword", "hybrid"]),
  fusion_method: /* @__PURE__ */ oneOf(["max", "rrf"]),
  keyword_match_mode: /* @__PURE__ */ oneOf(["and", "or"]),
  context_expansion: /* @__PURE__ */ integerIn(0, 3),
  metadata_only: isBoolean,
  return_on_failure: isBoolean,
  boost_by: (value) => (Array.isArray(value) ? undefined : "must be an array"),
  cache: /* @__PURE__ */ enabledOr({
    cache_threshold: /* @__PURE__ */ oneOf([
      "super_strict_match",
      "close_enough",
      "flexible_friend",
      "anything_goes",
    ]),
  }),
  instance_ids: (value) =>
    arrayOf(isString)(value) ??
    ((value as string[]).length >= 1 && (value as string[]).length <= 10
      ? undefined
      : "must hold 1 to 10 ids"),
  ai_search_options: /* @__PURE__ */ recordOf(),
};

/** How each setting that is not a retrieval option is checked (kept apart: a module-level spread is kept by bundlers). */
const GENERATION_CHECKS: Record<
  Exclude<keyof WorkersAIAISearchSettings, keyof AISearchRetrievalOptions>,
  Check
> = {
  model: isString,
  system_prompt: isString,
  streamSources: /* @__PURE__ */ oneOf(["inline", "search"]),
  legacyQuery: /* @__PURE__ */ oneOf(["conversation", "last-user-message"]),
};

/** Whether `key` is an AI Search setting (other `providerOptions["workers-ai"]` keys give a warning). */
export function isAISearchSettingKey(key: string): boolean {
  return Object.hasOwn(RETRIEVAL_CHECKS, key) || Object.hasOwn(GENERATION_CHECKS, key);
}

/**
 * Validates AI Search settings, or with `retrievalOnly` the retrieval options of {@link searchAISearch}: a
 * wrong value throws the AI SDK's `InvalidArgumentError` naming the field (never quoting the value), instead
 * of reaching the binding. Unknown keys pass; callers warn about them.
 */
export function validateAISearchSettings<T extends AISearchRetrievalOptions>(
  settings: T,
  argument = "settings",
  retrievalOnly = false,
): T {
  const problem =
    shape(RETRIEVAL_CHECKS)(settings) ?? (retrievalOnly ? undefined : shape(GENERATION_CHECKS)(settings));
  if (problem) {
    const [path, message] = splitProblem(problem);
    throw new InvalidArgumentError({
      argument: `${argument}${path}`,
      message: `Invalid AI Search ${argument}${path ? ` (${path.replace(/^\./, "")})` : ""}: ${message}`,
    });
  }
  return settings;
}

/**
 * Puts the alias names on their canonical field (`score_threshold` → `match_threshold`, `rewrite_query` →
 * `query_rewrite`) within one layer, so that a per-call value under either name wins over a setting under
 * the other.
 */
function canonicalRetrievalOptions<T extends AISearchRetrievalOptions>(layer: T | undefined): T {
  if (!layer) return {} as T;
  const out: T = { ...layer };
  if (out.match_threshold === undefined && out.score_threshold !== undefined)
    out.match_threshold = out.score_threshold;
  if (out.query_rewrite === undefined && out.rewrite_query !== undefined)
    out.query_rewrite = out.rewrite_query;
  delete out.score_threshold;
  delete out.rewrite_query;
  return out;
}

/** Merges model settings and per-call options (per call wins, key by key), aliases resolved per layer. */
export function mergeAISearchSettings(
  settings: WorkersAIAISearchSettings,
  perCall: WorkersAIAISearchSettings | undefined,
): WorkersAIAISearchSettings {
  const merged: WorkersAIAISearchSettings = { ...canonicalRetrievalOptions(settings) };
  for (const [key, value] of Object.entries(canonicalRetrievalOptions(perCall))) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}
