import { InvalidArgumentError, type SharedV4Warning } from "@ai-sdk/provider";
import {
  type AISearchMessage,
  type AnyAISearchBinding,
  aiSearchBindingKind,
  looksLikeNamespace,
} from "./binding-types";
import { buildAISearchOptions, buildAutoRAGRetrieval } from "./build-request";
import { messagesToTextTurns, renderAutoRAGQuery } from "./convert-prompt";
import { type AISearchCallContext, callAISearchBinding } from "./errors";
import { type AISearchRetrievalOptions, validateAISearchSettings } from "./settings";
import { type AISearchChunk, chunksFromAISearch, chunksFromAutoRAG, searchQueryOf } from "./sources";

/** Parameters of {@link searchAISearch}: exactly one of `query` or `messages`, plus retrieval options. */
export interface AISearchSearchParams extends AISearchRetrievalOptions {
  /** The search text. */
  query?: string;
  /**
   * A conversation to search for. The current binding takes it as it is; for the legacy AutoRAG binding it is
   * rendered into a query like a chat prompt (`Conversation so far:` lines, then `Question: …`).
   */
  messages?: AISearchMessage[];
  /** Stops waiting for the binding (the bindings take no signal; the call is abandoned, not cancelled). */
  abortSignal?: AbortSignal;
  /** Instance name used in error messages (default `"ai-search"`). */
  instanceName?: string;
}

/** Result of {@link searchAISearch}. */
export interface AISearchSearchResult {
  /** The query the service searched for (after rewriting), when it reports it. */
  searchQuery: string | undefined;
  /** Retrieved chunks, in the service's order (best first). */
  chunks: AISearchChunk[];
  /** Namespace searches: instances that failed. */
  errors: Array<{ instanceId: string; message: string }>;
  /** Options that were not sent because the binding kind lacks them. */
  warnings: SharedV4Warning[];
  /** The binding's reply as it came. */
  response: unknown;
}

/**
 * Retrieval without generation, for RAG pipelines that answer with any model: calls the binding's
 * `search()` and returns the chunks typed the same way for both binding kinds.
 *
 * - Current binding: `search({ query | messages, ai_search_options })`.
 * - Legacy AutoRAG: `search({ query, max_num_results, ranking_options, reranking, rewrite_query, filters })`.
 *
 * Binding failures become `APICallError`s; invalid options throw `InvalidArgumentError`.
 *
 * @example
 * const { chunks } = await searchAISearch(env.AI_SEARCH, { query: "How do I set up AI Gateway?", max_num_results: 5 });
 * const context = chunks.map((chunk) => `[${chunk.filename}] ${chunk.text}`).join("\n\n");
 */
export async function searchAISearch(
  binding: AnyAISearchBinding,
  params: AISearchSearchParams,
): Promise<AISearchSearchResult> {
  const kind = aiSearchBindingKind(binding);
  if (!kind) {
    throw new InvalidArgumentError({
      argument: "binding",
      message:
        "searchAISearch needs an AI Search binding (an ai_search binding, env.AI_SEARCH.get(name), or env.AI.autorag(name)); the object given has neither chatCompletions nor aiSearch.",
    });
  }
  const { query, messages, abortSignal, instanceName, ...retrievalOptions } = params;
  validateAISearchSettings(retrievalOptions, "params", true);
  const hasQuery = typeof query === "string" && query.trim().length > 0;
  const hasMessages = Array.isArray(messages) && messages.length > 0;
  if (hasQuery === hasMessages) {
    throw new InvalidArgumentError({
      argument: "params",
      message: "searchAISearch needs exactly one of query (non-empty) or messages.",
    });
  }
  const warnings: SharedV4Warning[] = [];
  const instance = instanceName ?? "ai-search";
  let body: Record<string, unknown>;
  if (kind === "ai-search") {
    body = hasQuery ? { query } : { messages };
    const options = buildAISearchOptions(retrievalOptions, warnings);
    if (options) body.ai_search_options = options;
  } else {
    const text = hasQuery
      ? (query as string)
      : renderAutoRAGQuery(messagesToTextTurns(messages ?? []), "conversation", messages).query;
    body = { query: text, ...buildAutoRAGRetrieval(retrievalOptions, warnings) };
  }
  const context: AISearchCallContext = {
    kind,
    instance,
    url: `workers-ai-binding://${kind === "ai-search" ? "ai-search" : "autorag"}/${encodeURIComponent(instance)}/search`,
    requestBodyValues: body,
    namespaceWithoutInstances:
      kind === "ai-search" && looksLikeNamespace(binding) && retrievalOptions.instance_ids === undefined,
  };
  const response = await callAISearchBinding(() => binding.search(body), context, abortSignal);
  const chunks = kind === "ai-search" ? chunksFromAISearch(response) : chunksFromAutoRAG(response);
  return {
    searchQuery: searchQueryOf(response),
    chunks,
    errors: instanceErrorsOf(response),
    warnings,
    response,
  };
}

function instanceErrorsOf(response: unknown): Array<{ instanceId: string; message: string }> {
  if (typeof response !== "object" || response === null) return [];
  const errors = (response as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  const out: Array<{ instanceId: string; message: string }> = [];
  for (const entry of errors) {
    if (typeof entry !== "object" || entry === null) continue;
    const { instance_id: instanceId, message } = entry as { instance_id?: unknown; message?: unknown };
    if (typeof instanceId === "string")
      out.push({ instanceId, message: typeof message === "string" ? message : "failed" });
  }
  return out;
}
