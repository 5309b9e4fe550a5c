import type {
  JSONObject,
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4GenerateResult,
  LanguageModelV4Source,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
  SharedV4Warning,
} from "@ai-sdk/provider";
import {
  type ChatAssemblyOptions,
  chatStreamFromReply,
  chatStreamFromSse,
  collectChatParts,
  readAllParts,
} from "../chat/reply/assemble-stream";
import { PROVIDER_OPTIONS_KEY } from "../model-config";
import { createWorkersAIError } from "../transport/errors";
import { replyFromResponse } from "../transport/reply";
import { abortableStream, streamOfBytes } from "../transport/streams";
import type { WorkersAIResponseHeaders } from "../transport/types";
import {
  type AISearchBindingKind,
  type AnyAISearchBinding,
  type AutoRAGAiSearchRequest,
  looksLikeNamespace,
} from "./binding-types";
import {
  buildAISearchOptions,
  buildAutoRAGRetrieval,
  buildChatCompletionsSampling,
  warnLegacyGenerationSettings,
  warnLegacySampling,
  warnUnknownSettings,
  warnUnsupportedCallOptions,
} from "./build-request";
import { promptToTextTurns, renderAutoRAGQuery, toAISearchMessages } from "./convert-prompt";
import { type AISearchCallContext, callAISearchBinding, mapAISearchError } from "./errors";
import {
  isAISearchSettingKey,
  mergeAISearchSettings,
  validateAISearchSettings,
  type WorkersAIAISearchSettings,
} from "./settings";
import {
  type AISearchChunk,
  chunksFromAISearch,
  chunksFromAutoRAG,
  SourceCollector,
  searchQueryOf,
} from "./sources";

/** What an AI Search model receives from its provider. */
export interface AISearchModelConfig {
  /** Provider id reported to the AI SDK (`"aisearch.chat"`, or `"autorag.chat"` from `createAutoRAG`). */
  provider: string;
  binding: AnyAISearchBinding;
  kind: AISearchBindingKind;
  generateId: () => string;
  currentDate: () => Date;
}

/** One planned call: the generation request, and the search that fetches stream sources first, if any. */
interface CallPlan {
  warnings: SharedV4Warning[];
  body: Record<string, unknown>;
  context: AISearchCallContext;
  /** `search()` request made alongside the generation call (`streamSources: "search"`). */
  search?: { body: Record<string, unknown>; context: AISearchCallContext };
}

/** A binding result, normalised. */
type BindingReply =
  | { type: "json"; value: unknown; headers: WorkersAIResponseHeaders }
  | { type: "sse"; stream: ReadableStream<Uint8Array>; headers: WorkersAIResponseHeaders };

/**
 * An AI Search answer as a `LanguageModelV4`: retrieval plus generation in one binding call, with every
 * retrieved chunk reported as a `source` part (before the text when streaming).
 *
 * - Current binding: `chatCompletions({ messages, stream, model?, ai_search_options?, temperature?, … })`,
 *   the conversation sent as real messages.
 * - Legacy AutoRAG binding: `aiSearch({ query, stream, system_prompt?, … })`, the conversation rendered into
 *   the query (see `legacyQuery`).
 *
 * Replies are read by the chat readers and assembler (`choices` and `{response}` shapes alike), so usage,
 * finish reasons, truncation and in-stream errors behave exactly as for Workers AI chat models.
 */
export class WorkersAIAISearchLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = "v4";
  /**
   * Every URL counts as supported so the AI SDK does not download files that AI Search (text only) would
   * leave out anyway; file parts are dropped with a warning.
   */
  readonly supportedUrls: Record<string, RegExp[]> = { "*/*": [/^/] };

  constructor(
    readonly modelId: string,
    private readonly settings: WorkersAIAISearchSettings,
    private readonly config: AISearchModelConfig,
  ) {}

  get provider(): string {
    return this.config.provider;
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const plan = await this.plan(options, false);
    const { reply } = await this.send(plan, options.abortSignal);
    const parts = await readAllParts(this.partStream(reply, plan, undefined, options));
    const sources = parts.filter((part): part is LanguageModelV4Source => part.type === "source");
    const collected = collectChatParts(parts);
    const hasText = collected.content.some((part) => part.type === "text" && part.text.length > 0);
    if (collected.errors.length > 0) {
      if (!hasText) throw collected.errors[0];
      for (const error of collected.errors) {
        plan.warnings.push({
          type: "other",
          message: `AI Search reported an error after the answer began (the text was kept): ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }
    const content: LanguageModelV4Content[] = [...sources, ...collected.content];
    return {
      content,
      finishReason: collected.finishReason,
      usage: collected.usage,
      providerMetadata: collected.providerMetadata,
      request: { url: plan.context.url, body: plan.body },
      response: {
        ...collected.response,
        headers: reply.headers,
        body: reply.type === "json" ? reply.value : undefined,
      },
      warnings: plan.warnings,
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const plan = await this.plan(options, true);
    const { reply, prefetched } = await this.send(plan, options.abortSignal);
    return {
      stream: this.partStream(reply, plan, prefetched, options),
      request: { url: plan.context.url, body: plan.body },
      response: { headers: reply.headers },
    };
  }

  /** Builds the binding request (and the source search, if any) with its warnings. */
  private async plan(options: LanguageModelV4CallOptions, stream: boolean): Promise<CallPlan> {
    const warnings: SharedV4Warning[] = [];
    const raw = options.providerOptions?.[PROVIDER_OPTIONS_KEY];
    warnUnknownSettings(raw, isAISearchSettingKey, warnings);
    const perCall =
      raw === undefined || raw === null
        ? undefined
        : validateAISearchSettings(
            raw as WorkersAIAISearchSettings,
            `providerOptions["${PROVIDER_OPTIONS_KEY}"]`,
          );
    const settings = mergeAISearchSettings(this.settings, perCall);
    warnUnsupportedCallOptions(options, warnings);
    const turns = promptToTextTurns(options.prompt, warnings);
    const instance = this.modelId;
    const { kind, binding } = this.config;

    if (kind === "ai-search") {
      const messages = toAISearchMessages(turns, settings.system_prompt);
      const aiSearchOptions = buildAISearchOptions(settings, warnings);
      const body: Record<string, unknown> = { messages, stream, ...buildChatCompletionsSampling(options) };
      if (settings.model !== undefined) body.model = settings.model;
      if (aiSearchOptions) body.ai_search_options = aiSearchOptions;
      if (settings.legacyQuery !== undefined) {
        warnings.push({
          type: "unsupported",
          feature: "legacyQuery",
          details:
            "legacyQuery applies to the legacy AutoRAG binding only; the current binding gets real messages.",
        });
      }
      const namespaceWithoutInstances = looksLikeNamespace(binding) && !aiSearchOptions?.instance_ids;
      const context: AISearchCallContext = {
        kind,
        instance,
        url: `workers-ai-binding://ai-search/${encodeURIComponent(instance)}/chat-completions`,
        requestBodyValues: body,
        namespaceWithoutInstances,
      };
      const plan: CallPlan = { warnings, body, context };
      if (stream && (settings.streamSources ?? "inline") === "search") {
        const searchBody: Record<string, unknown> = { messages };
        if (aiSearchOptions) searchBody.ai_search_options = aiSearchOptions;
        plan.search = {
          body: searchBody,
          context: {
            ...context,
            url: context.url.replace(/chat-completions$/, "search"),
            requestBodyValues: searchBody,
          },
        };
      }
      return plan;
    }

    const { query, system } = renderAutoRAGQuery(
      turns,
      settings.legacyQuery ?? "conversation",
      options.prompt,
    );
    const retrieval = buildAutoRAGRetrieval(settings, warnings);
    warnLegacyGenerationSettings(settings, warnings);
    warnLegacySampling(options, warnings);
    const systemPrompt = [settings.system_prompt, system].filter(
      (text) => text !== undefined && text.length > 0,
    );
    const sourcesBySearch = stream && (settings.streamSources ?? "search") === "search";
    // a binding without search() (test doubles, older runtimes): one aiSearch() call gives answer and sources
    const replay = sourcesBySearch && typeof (binding as { search?: unknown }).search !== "function";
    if (replay) {
      warnings.push({
        type: "compatibility",
        feature: "streamSources",
        details:
          'This AutoRAG binding has no search(), so streamed sources cannot be fetched alongside the stream: the answer was generated without streaming (with the sources aiSearch() returned) and replayed as a stream. Set streamSources: "inline" to stream without sources.',
      });
    }
    const body: AutoRAGAiSearchRequest & Record<string, unknown> = {
      query,
      stream: stream && !replay,
      ...retrieval,
    };
    if (systemPrompt.length > 0) body.system_prompt = systemPrompt.join("\n\n");
    const context: AISearchCallContext = {
      kind,
      instance,
      url: `workers-ai-binding://autorag/${encodeURIComponent(instance)}/ai-search`,
      requestBodyValues: body,
    };
    const plan: CallPlan = { warnings, body, context };
    if (sourcesBySearch && !replay) {
      const searchBody: Record<string, unknown> = { query, ...retrieval };
      plan.search = {
        body: searchBody,
        context: {
          ...context,
          url: context.url.replace(/ai-search$/, "search"),
          requestBodyValues: searchBody,
        },
      };
    }
    return plan;
  }

  /**
   * Calls the binding (and the source search alongside it). If either fails, the other's stream is
   * cancelled and the failure is thrown as an `APICallError`; an abort rejects at once with its reason.
   */
  private async send(
    plan: CallPlan,
    signal: AbortSignal | undefined,
  ): Promise<{ reply: BindingReply; prefetched: AISearchChunk[] | undefined }> {
    const { binding, kind } = this.config;
    const generate = () =>
      kind === "ai-search"
        ? (binding as { chatCompletions(request: unknown): Promise<unknown> }).chatCompletions(plan.body)
        : (binding as { aiSearch(request: unknown): Promise<unknown> }).aiSearch(plan.body);
    const replyCall = callAISearchBinding(generate, plan.context, signal).then((result) =>
      this.normaliseReply(result, plan.context, signal),
    );
    const search = plan.search;
    const searchCall = search
      ? callAISearchBinding(() => binding.search(search.body), search.context, signal)
      : Promise.resolve(undefined);
    const [replyResult, searchResult] = await Promise.allSettled([replyCall, searchCall]);
    if (replyResult.status === "rejected") throw replyResult.reason;
    if (searchResult.status === "rejected") {
      if (replyResult.value.type === "sse") replyResult.value.stream.cancel().catch(() => {});
      throw searchResult.reason;
    }
    const prefetched =
      searchResult.value === undefined
        ? undefined
        : kind === "ai-search"
          ? chunksFromAISearch(searchResult.value)
          : chunksFromAutoRAG(searchResult.value);
    return { reply: replyResult.value, prefetched };
  }

  /**
   * What the binding returned → JSON value or SSE byte stream. A `Response` (legacy `aiSearch` with
   * `stream: true`) is classified by status and content type; a failed one becomes an `APICallError`.
   */
  private async normaliseReply(
    result: unknown,
    context: AISearchCallContext,
    signal: AbortSignal | undefined,
  ): Promise<BindingReply> {
    if (result instanceof Response) {
      const reply = await replyFromResponse(result, {
        url: context.url,
        requestBodyValues: context.requestBodyValues,
        secrets: [],
        abortSignal: signal,
      });
      if (reply.type === "json") return { type: "json", value: reply.value, headers: reply.headers };
      if (reply.type === "stream") return { type: "sse", stream: reply.stream, headers: reply.headers };
      return { type: "sse", stream: streamOfBytes(reply.bytes), headers: reply.headers };
    }
    if (result instanceof ReadableStream) {
      return {
        type: "sse",
        stream: abortableStream(result as ReadableStream<Uint8Array>, signal),
        headers: {},
      };
    }
    if (result === undefined || result === null) {
      throw createWorkersAIError({
        message: `AI Search instance "${context.instance}" returned no result`,
        status: 502,
        url: context.url,
        requestBodyValues: context.requestBodyValues,
      });
    }
    return { type: "json", value: result, headers: {} };
  }

  /**
   * The part stream of a reply, read by the chat pump: `stream-start`, the prefetched sources, then the
   * reply, with the sources any event carries emitted as they arrive (each chunk once). The `finish`
   * part's metadata adds the search query the service reports and the instances that failed.
   */
  private partStream(
    reply: BindingReply,
    plan: CallPlan,
    prefetched: AISearchChunk[] | undefined,
    options: LanguageModelV4CallOptions,
  ): ReadableStream<LanguageModelV4StreamPart> {
    const { kind } = this.config;
    const collector = new SourceCollector(kind);
    const readChunks = kind === "ai-search" ? chunksFromAISearch : chunksFromAutoRAG;
    let searchQuery: string | undefined;
    const instanceErrors: JSONObject[] = [];
    const assembly: ChatAssemblyOptions = {
      modelId: this.modelId,
      generateId: this.config.generateId,
      currentDate: this.config.currentDate,
      toolNames: [],
      jsonMode: false,
      includeRawChunks: options.includeRawChunks === true,
      headers: reply.headers,
      url: plan.context.url,
      requestBodyValues: plan.body,
      warnings: plan.warnings,
      abortSignal: options.abortSignal,
      hooks: {
        leading: prefetched && collector.add(prefetched),
        inspect(value, emit) {
          for (const source of collector.add(readChunks(value))) emit(source);
          searchQuery = searchQueryOf(value) ?? searchQuery;
          instanceErrors.push(...namespaceErrorsOf(value, plan.warnings));
          return withoutInstanceErrors(value);
        },
        finishMetadata() {
          const metadata: JSONObject = {};
          if (searchQuery !== undefined) metadata.searchQuery = searchQuery;
          if (instanceErrors.length > 0) metadata.instanceErrors = instanceErrors;
          return metadata;
        },
        readError: (error) => mapAISearchError(error, plan.context),
        // the AutoRAG stream format is unconfirmed: a clean close counts as the end
        closedWarning:
          kind === "autorag"
            ? "The AutoRAG stream closed without [DONE] or a finish reason; it was taken as complete."
            : undefined,
      },
    };
    return reply.type === "json"
      ? chatStreamFromReply(reply.value, assembly)
      : chatStreamFromSse(reply.stream, assembly);
  }
}

/**
 * The event without namespace `errors` (per-instance failures, reported as warnings): the chat readers would
 * take any `errors` array for a failed reply.
 */
function withoutInstanceErrors(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const errors = (value as { errors?: unknown }).errors;
  if (!Array.isArray(errors) || errors.length === 0) return value;
  const perInstance = errors.every(
    (entry) =>
      typeof entry === "object" &&
      entry !== null &&
      typeof (entry as { instance_id?: unknown }).instance_id === "string",
  );
  if (!perInstance) return value;
  const { errors: _errors, ...rest } = value as Record<string, unknown>;
  return rest;
}

/** Per-instance failures of a namespace search (`errors: [{instance_id, message}]`), also as warnings. */
function namespaceErrorsOf(value: unknown, warnings: SharedV4Warning[]): JSONObject[] {
  if (typeof value !== "object" || value === null) return [];
  const errors = (value as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  const out: JSONObject[] = [];
  for (const entry of errors) {
    if (typeof entry !== "object" || entry === null) continue;
    const { instance_id: instanceId, message } = entry as { instance_id?: unknown; message?: unknown };
    if (typeof instanceId !== "string") continue;
    const text = typeof message === "string" ? message : "failed";
    out.push({ instanceId, message: text });
    warnings.push({
      type: "other",
      message: `AI Search instance "${instanceId}" failed and was left out: ${text}`,
    });
  }
  return out;
}

/**
 * The models of the deprecated `createAutoRAG` (provider id `"autorag.chat"`): an AI Search model under its
 * 4.x name.
 *
 * @deprecated Use {@link WorkersAIAISearchLanguageModel} (`createAISearch`).
 */
export class AutoRAGChatLanguageModel extends WorkersAIAISearchLanguageModel {}
