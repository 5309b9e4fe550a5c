import {
  type Experimental_BatchV4 as BatchV4,
  type Experimental_BatchV4Error as BatchV4Error,
  type Experimental_BatchV4ItemResult as BatchV4ItemResult,
  type Experimental_BatchV4ListResult as BatchV4ListResult,
  type Experimental_BatchV4OperationOptions as BatchV4OperationOptions,
  type Experimental_BatchV4StartOptions as BatchV4StartOptions,
  type Experimental_BatchV4StartResult as BatchV4StartResult,
  type Experimental_BatchV4Status as BatchV4Status,
  type EmbeddingModelV4Result,
  InvalidArgumentError,
  InvalidResponseDataError,
  type LanguageModelV4GenerateResult,
  type SharedV4ProviderMetadata,
  type SharedV4ProviderOptions,
  type SharedV4Warning,
  type Experimental_TextBatchV4Request as TextBatchV4Request,
  TooManyEmbeddingValuesForCallError,
  UnsupportedFunctionalityError,
} from "@ai-sdk/provider";
import { normalizeBatchRequestCounts } from "@ai-sdk/provider-utils";
import { getModelInfo, type WorkersAIChatModelId, type WorkersAIEmbeddingModelId } from "../catalog";
import { assembleReply, collectChatParts } from "../chat/reply/assemble-stream";
import { buildChatRequest } from "../chat/request/build-chat-request";
import { chatSupportedUrls } from "../chat/request/convert-prompt";
import { WorkersAIEmbeddingModel } from "../embedding";
import { PROVIDER_OPTIONS_KEY } from "../model-config";
import type { GatewayOptions } from "../transport/gateway-options";
import { definedHeaders } from "../transport/headers";
import { workersAIResponseMetadata } from "../transport/response-metadata";
import { streamOf } from "../transport/streams";
import type {
  WorkersAIReply,
  WorkersAIResponseHeaders,
  WorkersAIRunOptions,
  WorkersAITransport,
} from "../transport/types";
import { type BatchItemRef, type BatchQueueRef, decodeBatchId, encodeBatchId } from "./batch-id";
import { WorkersAIBatchPendingError } from "./errors";
import { failureOf, type QueuePoll, type QueueResponse, readQueuePoll, readQueueStart } from "./queue-reply";

/** Model ids the Workers AI batch interface takes, per modality. */
export interface WorkersAIBatchModelIds {
  readonly text: WorkersAIChatModelId;
}

/** What {@link WorkersAIBatch} needs from the provider. */
export interface WorkersAIBatchConfig {
  /** Provider id of batch references, `"workers-ai.batch"`. */
  provider: string;
  /** A transport whose every request is an async-queue request (binding `queueRequest`, REST `?queueRequest=true`). */
  transport: WorkersAITransport;
  generateId: () => string;
  currentDate: () => Date;
}

/** One embedding request of a batch (`startEmbeddingBatch`). */
export interface WorkersAIEmbeddingBatchRequest {
  /** Application id, echoed in the result. */
  readonly id: string;
  readonly modelId: WorkersAIEmbeddingModelId;
  /** Texts to embed (at most the model's batch size, e.g. 100 for bge-m3). */
  readonly values: readonly string[];
  /** `providerOptions["workers-ai"]`: the embedding model's options (`pooling`, `truncate_inputs`, …). */
  readonly providerOptions?: SharedV4ProviderOptions;
}

/** The result of one request of an embedding batch. */
export type WorkersAIEmbeddingBatchItemResult =
  | {
      readonly type: "embedding";
      readonly id: string;
      readonly status: "succeeded";
      /** One vector per value, in order. */
      readonly embeddings: number[][];
      readonly usage?: { tokens: number };
      readonly providerMetadata?: SharedV4ProviderMetadata;
      readonly response?: { headers?: Record<string, string> };
    }
  | {
      readonly type: "embedding";
      readonly id: string;
      readonly status: "failed";
      readonly error: BatchV4Error;
      readonly providerMetadata?: SharedV4ProviderMetadata;
    };

type StartWarnings = BatchV4StartResult["warnings"];

/** A queue to submit: one model, one route, its requests. */
interface PendingQueue {
  model: string;
  headers: Record<string, string | undefined>;
  gateway?: Partial<GatewayOptions>;
  runOptions: WorkersAIRunOptions;
  inputs: Array<Record<string, unknown>>;
  items: BatchItemRef[];
}

/** A polled queue. */
interface PolledQueue {
  ref: BatchQueueRef;
  poll: QueuePoll;
  headers: WorkersAIResponseHeaders;
  /** Credentials the poll carried, for redacting errors read from its results. */
  secrets: readonly string[] | undefined;
}

/**
 * Experimental. Workers AI async batches (`queueRequest`, spec 2.1) behind the AI SDK batch interface:
 * `experimental_startBatch`, `experimental_getBatchStatus` and `experimental_getBatchResults` for text
 * generation, plus {@link WorkersAIBatch.startEmbeddingBatch} / {@link WorkersAIBatch.getEmbeddingBatchResults}
 * for embeddings (the SDK has no embedding batches). Requests are built by the chat and embedding models'
 * own request builders and results read by their own readers, so a batched request sends the same inputs
 * and gives the same result as a direct call. Workers AI has no endpoint to list or cancel batches:
 * `experimental_listBatches` and `experimental_cancelBatch` throw `UnsupportedFunctionalityError`.
 */
export class WorkersAIBatch implements BatchV4<WorkersAIBatchModelIds> {
  readonly specificationVersion = "v4";
  readonly supportedUrls: Record<string, RegExp[]> = chatSupportedUrls;

  constructor(private readonly config: WorkersAIBatchConfig) {}

  get provider(): string {
    return this.config.provider;
  }

  async doStartBatch(options: BatchV4StartOptions<WorkersAIBatchModelIds>): Promise<BatchV4StartResult> {
    const warnings: StartWarnings = [];
    if (options.webhookUrl !== undefined) {
      warnings.push({
        warning: {
          type: "unsupported",
          feature: "webhookUrl",
          details:
            "Workers AI does not notify when a batch completes; poll experimental_getBatchStatus instead.",
        },
      });
    }
    const queues = new Map<string, PendingQueue>();
    for (const request of options.requests) {
      if (request.type !== "text") {
        throw new UnsupportedFunctionalityError({
          functionality: `${request.type} batches`,
          message: `Workers AI queues text generation (experimental_startBatch) and embeddings (experimental_startEmbeddingBatch) only; request ${JSON.stringify(request.id)} is an ${request.type} request.`,
        });
      }
      await this.addTextRequest(request, options, queues, warnings);
    }
    return this.submit([...queues.values()], options, warnings);
  }

  /**
   * Starts a batch of embedding requests (each request embeds up to the model's batch size of values).
   * Read it with {@link WorkersAIBatch.getEmbeddingBatchResults}; its status with `experimental_getBatchStatus`.
   */
  async startEmbeddingBatch(options: {
    requests: ReadonlyArray<WorkersAIEmbeddingBatchRequest>;
    providerOptions?: SharedV4ProviderOptions;
    abortSignal?: AbortSignal;
    headers?: Record<string, string | undefined>;
  }): Promise<BatchV4StartResult> {
    validateRequestIds(options.requests);
    const warnings: StartWarnings = [];
    const queues = new Map<string, PendingQueue>();
    for (const request of options.requests) {
      const captured = await this.captureEmbeddingRequest(request, options);
      for (const warning of captured.warnings) warnings.push({ requestId: request.id, warning });
      warnIfNotQueueable(request.modelId, request.id, warnings);
      const queue = queueFor(queues, request.modelId, captured.request);
      queue.inputs.push({ ...captured.request.inputs, external_reference: request.id });
      queue.items.push({ id: request.id, kind: "embedding", count: request.values.length });
    }
    return this.submit([...queues.values()], options, warnings);
  }

  async doGetBatchStatus(options: BatchV4OperationOptions): Promise<BatchV4Status> {
    const polled = await this.pollAll(options);
    return statusOf(polled);
  }

  async doGetBatchResults(options: BatchV4OperationOptions): Promise<ReadableStream<BatchV4ItemResult>> {
    const queues = decodeBatchId(options.batchId);
    if (queues.some((queue) => queue.items.some((item) => item.kind !== "text"))) {
      throw new InvalidArgumentError({
        argument: "batch",
        message:
          "This Workers AI batch holds embedding requests: read it with experimental_getEmbeddingBatchResults.",
      });
    }
    const polled = await this.pollAll(options, queues, true);
    const items: BatchV4ItemResult[] = [];
    for (const queue of polled) {
      for (const [index, item] of queue.ref.items.entries())
        items.push(this.readTextItem(queue, item, index));
    }
    return streamOf(items);
  }

  /** Results of an embedding batch, once `experimental_getBatchStatus` reports it `completed`. */
  async getEmbeddingBatchResults(
    options: BatchV4OperationOptions,
  ): Promise<ReadableStream<WorkersAIEmbeddingBatchItemResult>> {
    const queues = decodeBatchId(options.batchId);
    if (queues.some((queue) => queue.items.some((item) => item.kind !== "embedding"))) {
      throw new InvalidArgumentError({
        argument: "batch",
        message: "This Workers AI batch holds text requests: read it with experimental_getBatchResults.",
      });
    }
    const polled = await this.pollAll(options, queues, true);
    const items: WorkersAIEmbeddingBatchItemResult[] = [];
    for (const queue of polled) {
      for (const [index, item] of queue.ref.items.entries())
        items.push(await this.readEmbeddingItem(queue, item, index));
    }
    return streamOf(items);
  }

  /** Workers AI cannot cancel a queued batch. */
  async doCancelBatch(_options: BatchV4OperationOptions): Promise<never> {
    throw new UnsupportedFunctionalityError({
      functionality: "batch cancellation",
      message:
        "Workers AI has no way to cancel a queued batch (experimental_cancelBatch); it runs to completion and its results can simply be ignored.",
    });
  }

  /** Workers AI cannot list batches. */
  async doListBatches(): Promise<BatchV4ListResult> {
    throw new UnsupportedFunctionalityError({
      functionality: "batch listing",
      message:
        "Workers AI has no endpoint that lists batches (experimental_listBatches); keep the batch references experimental_startBatch returns.",
    });
  }

  private async addTextRequest(
    request: TextBatchV4Request<WorkersAIChatModelId>,
    options: BatchV4StartOptions<WorkersAIBatchModelIds>,
    queues: Map<string, PendingQueue>,
    warnings: StartWarnings,
  ): Promise<void> {
    const plan = await buildChatRequest({
      modelId: request.modelId,
      settings: {},
      options: {
        ...request.options,
        providerOptions: mergeProviderOptions(options.providerOptions, request.options.providerOptions),
        headers: options.headers,
      },
      stream: false,
    });
    for (const warning of plan.warnings) warnings.push({ requestId: request.id, warning });
    warnIfNotQueueable(request.modelId, request.id, warnings);
    const queue = queueFor(queues, request.modelId, {
      headers: plan.headers,
      gateway: plan.gateway,
      options: plan.runOptions,
    });
    queue.inputs.push({ ...plan.inputs, external_reference: request.id });
    queue.items.push({
      id: request.id,
      kind: "text",
      ...(plan.toolNames.length > 0 ? { toolNames: plan.toolNames } : {}),
      ...(plan.forcedToolName !== undefined ? { forcedToolName: plan.forcedToolName } : {}),
      ...(plan.jsonMode ? { jsonMode: true } : {}),
    });
  }

  /** The embedding model builds the request (so it matches a direct `embedMany` call exactly). */
  private async captureEmbeddingRequest(
    request: WorkersAIEmbeddingBatchRequest,
    options: { providerOptions?: SharedV4ProviderOptions; headers?: Record<string, string | undefined> },
  ) {
    let captured:
      | {
          inputs: Record<string, unknown>;
          headers?: Record<string, string | undefined>;
          gateway?: Partial<GatewayOptions>;
          options?: WorkersAIRunOptions;
        }
      | undefined;
    const model = this.embeddingModel(request.modelId, {
      kind: this.config.transport.kind,
      urlFor: (model, gateway) => this.config.transport.urlFor(model, gateway),
      async run(run) {
        captured = run;
        const data = request.values.map(() => [0]);
        return { type: "json", value: { data, shape: [data.length, 1] }, headers: {}, warnings: [] };
      },
    });
    if (request.values.length > model.maxEmbeddingsPerCall) {
      throw new TooManyEmbeddingValuesForCallError({
        provider: this.provider,
        modelId: request.modelId,
        maxEmbeddingsPerCall: model.maxEmbeddingsPerCall,
        values: [...request.values],
      });
    }
    const result = await model.doEmbed({
      values: [...request.values],
      providerOptions: mergeProviderOptions(options.providerOptions, request.providerOptions),
      headers: definedHeaders(options.headers),
    });
    if (!captured) throw new Error("unreachable: the embedding model sent no request");
    return {
      warnings: result.warnings,
      request: {
        inputs: captured.inputs,
        headers: captured.headers,
        gateway: captured.gateway,
        options: captured.options,
      },
    };
  }

  private embeddingModel(modelId: string, transport: WorkersAITransport): WorkersAIEmbeddingModel {
    return new WorkersAIEmbeddingModel(
      modelId,
      {},
      {
        provider: this.provider,
        transport,
        generateId: this.config.generateId,
        currentDate: this.config.currentDate,
      },
    );
  }

  private async submit(
    pending: PendingQueue[],
    options: { abortSignal?: AbortSignal },
    warnings: StartWarnings,
  ): Promise<BatchV4StartResult> {
    const refs: BatchQueueRef[] = [];
    const requestIds: string[] = [];
    // one queue at a time: a failure stops before anything more is queued
    for (const queue of pending) {
      const reply = await this.config.transport.run({
        model: queue.model,
        inputs: { requests: queue.inputs },
        headers: queue.headers,
        gateway: queue.gateway,
        options: queue.runOptions,
        abortSignal: options.abortSignal,
      });
      for (const warning of reply.warnings) warnings.push({ warning });
      const { requestId } = readQueueStart(jsonOf(reply, "batch start"));
      requestIds.push(requestId);
      refs.push({
        model: queue.model,
        requestId,
        ...(queue.gateway ? { gateway: queue.gateway } : {}),
        items: queue.items,
      });
    }
    const total = refs.reduce((count, queue) => count + queue.items.length, 0);
    return {
      batchId: encodeBatchId(refs),
      status: "pending",
      rawStatus: "queued",
      requestCounts: { total, pending: total, completed: 0, failed: 0 },
      createdAt: this.config.currentDate().toISOString(),
      providerMetadata: { [PROVIDER_OPTIONS_KEY]: { requestIds } },
      warnings,
    };
  }

  /** Polls every queue of a batch; with `requireComplete`, a queue still running is an error. */
  private async pollAll(
    options: BatchV4OperationOptions,
    queues = decodeBatchId(options.batchId),
    requireComplete = false,
  ): Promise<PolledQueue[]> {
    const polled = await Promise.all(
      queues.map(async (ref): Promise<PolledQueue> => {
        const reply = await this.config.transport.run({
          model: ref.model,
          inputs: { request_id: ref.requestId },
          headers: options.headers,
          // a cached poll would report the same status forever
          gateway: { ...ref.gateway, skipCache: true },
          abortSignal: options.abortSignal,
        });
        return {
          ref,
          poll: readQueuePoll(jsonOf(reply, "batch poll")),
          headers: reply.headers,
          secrets: reply.secrets,
        };
      }),
    );
    const pending = polled.find((queue) => queue.poll.state === "pending")?.poll;
    if (requireComplete && pending?.state === "pending")
      throw new WorkersAIBatchPendingError({ batchId: options.batchId, rawStatus: pending.rawStatus });
    return polled;
  }

  private readTextItem(queue: PolledQueue, item: BatchItemRef, index: number): BatchV4ItemResult {
    const found = this.responseFor(queue, item, index);
    if ("error" in found) return { type: "text", id: item.id, status: "failed", error: found.error };
    const warnings: SharedV4Warning[] = [];
    const url = this.config.transport.urlFor(queue.ref.model);
    const parts = assembleReply(found.result, {
      modelId: queue.ref.model,
      generateId: this.config.generateId,
      currentDate: this.config.currentDate,
      toolNames: item.toolNames ?? [],
      forcedToolName: item.forcedToolName,
      jsonMode: item.jsonMode === true,
      includeRawChunks: false,
      headers: queue.headers,
      url,
      requestBodyValues: { request_id: queue.ref.requestId },
      warnings,
      secrets: queue.secrets,
    });
    const collected = collectChatParts(parts);
    if (collected.errors.length > 0 && collected.content.length === 0) {
      return { type: "text", id: item.id, status: "failed", error: batchError(collected.errors[0]) };
    }
    for (const error of collected.errors) {
      warnings.push({
        type: "other",
        message: `Workers AI reported an error in its reply: ${batchError(error).message}`,
      });
    }
    const result: LanguageModelV4GenerateResult = {
      content: collected.content,
      finishReason: collected.finishReason,
      usage: collected.usage,
      providerMetadata: collected.providerMetadata,
      response: { ...collected.response, headers: queue.headers, body: found.result },
      warnings,
    };
    return { type: "text", id: item.id, status: "succeeded", result };
  }

  private async readEmbeddingItem(
    queue: PolledQueue,
    item: BatchItemRef,
    index: number,
  ): Promise<WorkersAIEmbeddingBatchItemResult> {
    const found = this.responseFor(queue, item, index);
    if ("error" in found) return { type: "embedding", id: item.id, status: "failed", error: found.error };
    // the embedding model reads the reply, exactly as it reads a direct call's
    const model = this.embeddingModel(queue.ref.model, {
      kind: this.config.transport.kind,
      urlFor: (model, gateway) => this.config.transport.urlFor(model, gateway),
      run: async () => ({ type: "json", value: found.result, headers: queue.headers, warnings: [] }),
    });
    let result: EmbeddingModelV4Result;
    try {
      result = await model.doEmbed({ values: new Array<string>(item.count ?? 0).fill("") });
    } catch (error) {
      return { type: "embedding", id: item.id, status: "failed", error: batchError(error) };
    }
    return {
      type: "embedding",
      id: item.id,
      status: "succeeded",
      embeddings: result.embeddings,
      ...(result.usage ? { usage: result.usage } : {}),
      ...(result.providerMetadata ? { providerMetadata: result.providerMetadata } : {}),
      response: { headers: queue.headers },
    };
  }

  /** The response of one request: matched by `external_reference`, else by position. */
  private responseFor(
    queue: PolledQueue,
    item: BatchItemRef,
    index: number,
  ): { result: unknown } | { error: BatchV4Error } {
    const { poll } = queue;
    if (poll.state === "failed") {
      return {
        error: {
          message: `Workers AI batch failed: ${poll.message}`,
          type: poll.rawStatus,
          ...codeOf(poll.code),
        },
      };
    }
    if (poll.state === "pending") throw new Error("unreachable: results of a pending queue");
    const response: QueueResponse | undefined =
      poll.responses.find((entry) => entry.externalReference === item.id) ??
      poll.responses.find((entry) => entry.externalReference === undefined && entry.index === index);
    if (!response) return { error: { message: "Workers AI returned no result for this request." } };
    if (!response.success) {
      const failure = failureOf(response.result);
      return {
        error: {
          message: `Workers AI ${failure.code !== undefined ? `error ${failure.code}` : "error"}: ${failure.message ?? "the request failed"}`,
          ...codeOf(failure.code),
        },
      };
    }
    return { result: response.result };
  }
}

/** Requests with the same model and route share one queue. */
function queueFor(
  queues: Map<string, PendingQueue>,
  model: string,
  route: {
    headers?: Record<string, string | undefined>;
    gateway?: Partial<GatewayOptions>;
    options?: WorkersAIRunOptions;
  },
): PendingQueue {
  const key = JSON.stringify(
    [model, route.headers ?? {}, route.gateway ?? null, route.options ?? {}],
    (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value),
  );
  let queue = queues.get(key);
  if (!queue) {
    queue = {
      model,
      headers: route.headers ?? {},
      ...(route.gateway ? { gateway: route.gateway } : {}),
      runOptions: route.options ?? {},
      inputs: [],
      items: [],
    };
    queues.set(key, queue);
  }
  return queue;
}

function warnIfNotQueueable(modelId: string, requestId: string, warnings: StartWarnings): void {
  const info = getModelInfo(modelId);
  if (info && info.asyncQueue !== true) {
    warnings.push({
      requestId,
      warning: {
        type: "compatibility",
        feature: "batch",
        details: `${modelId} is not listed as supporting Workers AI async batches (async_queue); it was queued anyway.`,
      },
    });
  }
}

function statusOf(polled: PolledQueue[]): BatchV4Status {
  let pending = 0;
  let completed = 0;
  let failed = 0;
  let rawPending: string | undefined;
  for (const queue of polled) {
    const { poll } = queue;
    const count = queue.ref.items.length;
    if (poll.state === "pending") {
      pending += count;
      rawPending ??= poll.rawStatus;
    } else if (poll.state === "failed") failed += count;
    else {
      for (const [index, item] of queue.ref.items.entries()) {
        const response =
          poll.responses.find((entry) => entry.externalReference === item.id) ??
          poll.responses.find((entry) => entry.externalReference === undefined && entry.index === index);
        if (response?.success) completed++;
        else failed++;
      }
    }
  }
  const total = pending + completed + failed;
  const requestCounts = normalizeBatchRequestCounts({ total, pending, completed, failed });
  const queueFailure = polled.find((queue) => queue.poll.state === "failed")?.poll;
  const base = requestCounts ? { requestCounts } : {};
  if (pending > 0) return { status: "pending", rawStatus: rawPending ?? "queued", ...base };
  if (completed === 0 && queueFailure?.state === "failed") {
    return {
      status: "failed",
      rawStatus: queueFailure.rawStatus,
      error: { message: queueFailure.message, ...codeOf(queueFailure.code) },
      ...base,
    };
  }
  const metadata = polled.map((queue) => workersAIResponseMetadata(queue.headers));
  return {
    status: "completed",
    rawStatus: "completed",
    ...base,
    ...(polled.length === 1 ? { providerMetadata: { [PROVIDER_OPTIONS_KEY]: metadata[0] } } : {}),
  };
}

function codeOf(code: number | undefined): { code?: string } {
  return code !== undefined ? { code: String(code) } : {};
}

function batchError(error: unknown): BatchV4Error {
  if (error instanceof Error) {
    const statusCode = (error as { statusCode?: unknown }).statusCode;
    const data = (error as { data?: { code?: unknown } }).data;
    return {
      message: error.message,
      type: error.name,
      ...(typeof data?.code === "number" ? { code: String(data.code) } : {}),
      ...(typeof statusCode === "number" ? { statusCode } : {}),
    };
  }
  return { message: String(error) };
}

function jsonOf(reply: WorkersAIReply, what: string): unknown {
  if (reply.type === "json") return reply.value;
  if (reply.type === "bytes") {
    try {
      return JSON.parse(new TextDecoder().decode(reply.bytes));
    } catch {
      // reported below
    }
  }
  throw new InvalidResponseDataError({
    data: reply.type,
    message: `Workers AI answered a ${what} with a non-JSON reply.`,
  });
}

function mergeProviderOptions(
  batch: SharedV4ProviderOptions | undefined,
  request: SharedV4ProviderOptions | undefined,
): SharedV4ProviderOptions | undefined {
  if (!batch?.[PROVIDER_OPTIONS_KEY]) return request;
  return {
    ...request,
    [PROVIDER_OPTIONS_KEY]: { ...batch[PROVIDER_OPTIONS_KEY], ...request?.[PROVIDER_OPTIONS_KEY] },
  };
}

function validateRequestIds(requests: ReadonlyArray<{ id: string }>): void {
  if (requests.length === 0)
    throw new InvalidArgumentError({ argument: "requests", message: "requests must not be empty" });
  const seen = new Set<string>();
  for (const { id } of requests) {
    if (typeof id !== "string" || id.trim() === "")
      throw new InvalidArgumentError({ argument: "requests", message: "request ids must not be empty" });
    if (seen.has(id))
      throw new InvalidArgumentError({
        argument: "requests",
        message: `request ids must be unique; duplicate id ${JSON.stringify(id)}`,
      });
    seen.add(id);
  }
}
