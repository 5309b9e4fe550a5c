import type { LanguageModelV4CallOptions, SharedV4Warning } from "@ai-sdk/provider";
import type { AISearchOptions, AutoRAGSearchRequest } from "./binding-types";
import type { AISearchRetrievalOptions, WorkersAIAISearchSettings } from "./settings";

const CURRENT_ONLY_RETRIEVAL = [
  "retrieval_type",
  "fusion_method",
  "keyword_match_mode",
  "context_expansion",
  "metadata_only",
  "return_on_failure",
  "boost_by",
] as const;

/** `true`/`false` shorthand → `{ enabled }`; objects are copied. */
function enabledObject<T extends object>(
  value: boolean | T | undefined,
): (T & { enabled?: boolean }) | undefined {
  if (value === undefined) return undefined;
  return typeof value === "boolean" ? ({ enabled: value } as T & { enabled?: boolean }) : { ...value };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The current binding's `ai_search_options` from the retrieval options (see the table on
 * `AISearchRetrievalOptions`). Raw `ai_search_options` are merged over the result, nested objects key by key.
 * `undefined` when nothing is set, so the instance's own defaults apply.
 */
export function buildAISearchOptions(
  options: AISearchRetrievalOptions,
  warnings: SharedV4Warning[],
): AISearchOptions | undefined {
  const out: AISearchOptions = {};
  const retrieval: NonNullable<AISearchOptions["retrieval"]> = {};
  if (options.max_num_results !== undefined) retrieval.max_num_results = options.max_num_results;
  const threshold = options.match_threshold ?? options.score_threshold;
  if (threshold !== undefined) retrieval.match_threshold = threshold;
  if (options.filters !== undefined) retrieval.filters = options.filters as Record<string, unknown>;
  for (const key of CURRENT_ONLY_RETRIEVAL) {
    if (options[key] !== undefined) retrieval[key] = options[key] as never;
  }
  if (Object.keys(retrieval).length > 0) out.retrieval = retrieval;
  const rewrite = enabledObject(options.query_rewrite ?? options.rewrite_query);
  if (rewrite) out.query_rewrite = rewrite;
  const reranking = enabledObject(options.reranking);
  if (reranking) out.reranking = reranking;
  const cache = enabledObject(options.cache);
  if (cache) out.cache = cache;
  if (options.instance_ids !== undefined) out.instance_ids = [...options.instance_ids];
  if (options.ranker !== undefined) {
    warnings.push({
      type: "unsupported",
      feature: "ranker",
      details: "The current AI Search binding has no ranker option (legacy AutoRAG only); it was not sent.",
    });
  }
  for (const [key, value] of Object.entries(options.ai_search_options ?? {})) {
    const existing = out[key];
    out[key] = isPlainObject(existing) && isPlainObject(value) ? { ...existing, ...value } : value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The legacy AutoRAG retrieval fields (`max_num_results`, `ranking_options`, `reranking`, `rewrite_query`,
 * `filters`); options the legacy binding does not have give one warning each.
 */
export function buildAutoRAGRetrieval(
  options: AISearchRetrievalOptions,
  warnings: SharedV4Warning[],
): Omit<AutoRAGSearchRequest, "query"> {
  const out: Omit<AutoRAGSearchRequest, "query"> = {};
  const unsupported = (feature: string, details?: string) =>
    warnings.push({
      type: "unsupported",
      feature,
      details:
        details ??
        `The legacy AutoRAG binding has no ${feature} option; it was not sent. Use the current AI Search binding (ai_search) for it.`,
    });
  if (options.max_num_results !== undefined) out.max_num_results = options.max_num_results;
  const threshold = options.match_threshold ?? options.score_threshold;
  const ranking: NonNullable<AutoRAGSearchRequest["ranking_options"]> = {};
  if (options.ranker !== undefined) ranking.ranker = options.ranker;
  if (threshold !== undefined) ranking.score_threshold = threshold;
  if (Object.keys(ranking).length > 0) out.ranking_options = ranking;
  const rewrite = enabledObject(options.query_rewrite ?? options.rewrite_query);
  if (rewrite) {
    if (rewrite.enabled !== undefined) out.rewrite_query = rewrite.enabled;
    if (rewrite.model !== undefined) unsupported("query_rewrite.model");
    if (rewrite.rewrite_prompt !== undefined) unsupported("query_rewrite.rewrite_prompt");
  }
  const reranking = enabledObject(options.reranking);
  if (reranking) {
    const sent: NonNullable<AutoRAGSearchRequest["reranking"]> = {};
    if (reranking.enabled !== undefined) sent.enabled = reranking.enabled;
    if (reranking.model !== undefined) sent.model = reranking.model;
    if (Object.keys(sent).length > 0) out.reranking = sent;
    if (reranking.match_threshold !== undefined) unsupported("reranking.match_threshold");
  }
  if (options.filters !== undefined) out.filters = options.filters;
  for (const key of CURRENT_ONLY_RETRIEVAL) if (options[key] !== undefined) unsupported(key);
  if (options.cache !== undefined) unsupported("cache");
  if (options.instance_ids !== undefined) {
    unsupported(
      "instance_ids",
      "instance_ids searches several instances of a namespace binding; the legacy AutoRAG binding is one instance, so it was not sent.",
    );
  }
  if (options.ai_search_options !== undefined) {
    unsupported(
      "ai_search_options",
      "ai_search_options belongs to the current AI Search binding; it was not sent.",
    );
  }
  return out;
}

/** The AI SDK sampling options the current binding's `chatCompletions` body takes (OpenAI names). */
export function buildChatCompletionsSampling(options: LanguageModelV4CallOptions): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (options.temperature !== undefined) body.temperature = options.temperature;
  if (options.maxOutputTokens !== undefined) body.max_tokens = options.maxOutputTokens;
  if (options.topP !== undefined) body.top_p = options.topP;
  if (options.seed !== undefined) body.seed = options.seed;
  if (options.stopSequences !== undefined && options.stopSequences.length > 0)
    body.stop = options.stopSequences;
  if (options.presencePenalty !== undefined) body.presence_penalty = options.presencePenalty;
  if (options.frequencyPenalty !== undefined) body.frequency_penalty = options.frequencyPenalty;
  return body;
}

const SAMPLING_NAMES: ReadonlyArray<[keyof LanguageModelV4CallOptions, string]> = [
  ["temperature", "temperature"],
  ["maxOutputTokens", "maxOutputTokens"],
  ["topP", "topP"],
  ["seed", "seed"],
  ["stopSequences", "stopSequences"],
  ["presencePenalty", "presencePenalty"],
  ["frequencyPenalty", "frequencyPenalty"],
];

/** One warning per sampling option set on a legacy AutoRAG call (its `aiSearch` takes none). */
export function warnLegacySampling(options: LanguageModelV4CallOptions, warnings: SharedV4Warning[]): void {
  for (const [key, feature] of SAMPLING_NAMES) {
    const value = options[key];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    warnings.push({
      type: "unsupported",
      feature,
      details: `The legacy AutoRAG binding's aiSearch takes no ${feature}; it was not sent.`,
    });
  }
}

/** Warnings for call options no AI Search binding honours: tools, JSON output, topK, reasoning, headers. */
export function warnUnsupportedCallOptions(
  options: LanguageModelV4CallOptions,
  warnings: SharedV4Warning[],
): void {
  if (options.tools !== undefined && options.tools.length > 0) {
    warnings.push({
      type: "unsupported",
      feature: "tools",
      details: "AI Search has no tools; the tools were not sent.",
    });
  }
  if (
    options.toolChoice !== undefined &&
    options.toolChoice.type !== "auto" &&
    options.toolChoice.type !== "none"
  ) {
    warnings.push({ type: "unsupported", feature: "toolChoice", details: "AI Search has no tools." });
  }
  if (options.responseFormat?.type === "json") {
    warnings.push({
      type: "unsupported",
      feature: "responseFormat",
      details: "AI Search answers in text only; JSON output was not requested.",
    });
  }
  if (options.topK !== undefined) {
    warnings.push({
      type: "unsupported",
      feature: "topK",
      details: "AI Search takes no topK; it was not sent.",
    });
  }
  if (options.reasoning !== undefined && options.reasoning !== "provider-default") {
    warnings.push({
      type: "unsupported",
      feature: "reasoning",
      details: "AI Search has no reasoning control; it was not sent.",
    });
  }
  // the AI SDK adds its own user-agent to every call: only headers the caller set deserve a warning
  const headers = Object.entries(options.headers ?? {}).filter(
    ([name, value]) => value !== undefined && name.toLowerCase() !== "user-agent",
  );
  if (headers.length > 0) {
    warnings.push({
      type: "unsupported",
      feature: "headers",
      details: "AI Search bindings take no request headers; they were not sent.",
    });
  }
}

/** The per-call settings keys that are not AI Search settings, as warnings. */
export function warnUnknownSettings(
  raw: unknown,
  isKnown: (key: string) => boolean,
  warnings: SharedV4Warning[],
): void {
  if (!isPlainObject(raw)) return;
  for (const key of Object.keys(raw)) {
    if (isKnown(key)) continue;
    warnings.push({
      type: "unsupported",
      feature: `providerOptions["workers-ai"].${key}`,
      details: `${key} is not an AI Search option and was ignored.`,
    });
  }
}

/** Generation-only settings the legacy binding lacks (`model`), as warnings. */
export function warnLegacyGenerationSettings(
  settings: WorkersAIAISearchSettings,
  warnings: SharedV4Warning[],
): void {
  if (settings.model !== undefined) {
    warnings.push({
      type: "unsupported",
      feature: "model",
      details:
        "The legacy AutoRAG binding answers with the instance's configured model; model was not sent. Use the current AI Search binding (ai_search) to choose the model per call.",
    });
  }
}
