import { InvalidArgumentError } from "@ai-sdk/provider";
import { z } from "zod/v4";
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

/**
 * Builds the zod schemas on first use: a module-level `z.object(…)` call is a side effect bundlers must
 * keep, which would put zod in every Worker that imports the package, even one that never uses AI Search.
 */
function buildSchemas() {
  const queryRewrite = z.union([
    z.boolean(),
    z.object({
      enabled: z.boolean().optional(),
      model: z.string().optional(),
      rewrite_prompt: z.string().optional(),
    }),
  ]);
  const reranking = z.union([
    z.boolean(),
    z.object({
      enabled: z.boolean().optional(),
      model: z.string().optional(),
      match_threshold: z.number().optional(),
    }),
  ]);
  const cache = z.union([
    z.boolean(),
    z.object({
      enabled: z.boolean().optional(),
      cache_threshold: z
        .enum(["super_strict_match", "close_enough", "flexible_friend", "anything_goes"])
        .optional(),
    }),
  ]);
  const retrieval = z.object({
    max_num_results: z.number().int().positive().optional(),
    match_threshold: z.number().min(0).max(1).optional(),
    score_threshold: z.number().min(0).max(1).optional(),
    ranker: z.string().optional(),
    query_rewrite: queryRewrite.optional(),
    rewrite_query: queryRewrite.optional(),
    reranking: reranking.optional(),
    filters: z.record(z.string(), z.unknown()).optional(),
    retrieval_type: z.enum(["vector", "keyword", "hybrid"]).optional(),
    fusion_method: z.enum(["max", "rrf"]).optional(),
    keyword_match_mode: z.enum(["and", "or"]).optional(),
    context_expansion: z.number().int().min(0).max(3).optional(),
    metadata_only: z.boolean().optional(),
    return_on_failure: z.boolean().optional(),
    boost_by: z.array(z.unknown()).optional(),
    cache: cache.optional(),
    instance_ids: z.array(z.string()).min(1).max(10).optional(),
    ai_search_options: z.record(z.string(), z.unknown()).optional(),
  });
  const settings = retrieval.extend({
    model: z.string().optional(),
    system_prompt: z.string().optional(),
    streamSources: z.enum(["inline", "search"]).optional(),
    legacyQuery: z.enum(["conversation", "last-user-message"]).optional(),
  });
  return { retrieval, settings, keys: new Set(Object.keys(settings.shape)) as ReadonlySet<string> };
}

let schemas: ReturnType<typeof buildSchemas> | undefined;

function aiSearchSchemas(): ReturnType<typeof buildSchemas> {
  schemas ??= buildSchemas();
  return schemas;
}

/** Schema of the retrieval options (zod, lenient about unknown keys, which are warned about separately). */
export function aiSearchRetrievalOptionsSchema(): ReturnType<typeof buildSchemas>["retrieval"] {
  return aiSearchSchemas().retrieval;
}

/** Schema of the AI Search settings and of `providerOptions["workers-ai"]` for AI Search models. */
export function aiSearchSettingsSchema(): ReturnType<typeof buildSchemas>["settings"] {
  return aiSearchSchemas().settings;
}

/** Keys the settings schema knows (other `providerOptions["workers-ai"]` keys give a warning). */
export function aiSearchSettingKeys(): ReadonlySet<string> {
  return aiSearchSchemas().keys;
}

/**
 * Validates settings given in code (they bypass `parseProviderOptions`): a wrong value throws the AI SDK's
 * `InvalidArgumentError` naming the field, instead of reaching the binding.
 */
export function validateAISearchSettings<T extends AISearchRetrievalOptions>(
  settings: T,
  schema: z.ZodType = aiSearchSettingsSchema(),
  argument = "settings",
): T {
  const result = schema.safeParse(settings);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.join(".") ?? "";
    throw new InvalidArgumentError({
      argument: path ? `${argument}.${path}` : argument,
      message: `Invalid AI Search ${argument}${path ? ` (${path})` : ""}: ${issue?.message ?? "invalid value"}`,
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
