/** Public types of the Workers AI emulator (`workers-ai-provider/testing`). */
import type { ModelSearchObject, ModelSearchParams } from "./catalog";

/** How a request reached the emulator. */
export type EmulatorTransport = "binding" | "rest" | "gateway";

/** One recorded request (`emulator.requests`). */
export interface EmulatorRequestLogEntry {
  /** `binding` for `env.AI` calls, `rest` for `/client/v4/...`, `gateway` for AI Gateway URLs. */
  transport: EmulatorTransport;
  /** Model id (for AI Search calls: `aisearch:<name>`). */
  model: string;
  /**
   * Model inputs as received. Raw bodies appear as `{ body: Uint8Array, contentType }` under their
   * input key (binding, nova-3 and FLUX.2 over REST) or as a bare `Uint8Array` (whisper over REST).
   */
  inputs: unknown;
  /** Binding options (third argument) or REST query/body options. */
  options?: Record<string, unknown>;
  /** Request headers, lower-cased, stored exactly as received (including tokens). */
  headers: Record<string, string>;
  /** Request URL (REST and gateway). */
  url?: string;
  /** HTTP method (REST and gateway). */
  method?: string;
  /** Request content type, when there was a body. */
  contentType?: string;
  /** Request body size in bytes, when there was a body. */
  bodyBytes?: number;
}

/** A tool call a scripted reply makes. */
export interface ScriptedToolCall {
  /** Tool name. */
  name: string;
  /** Arguments object (JSON-encoded on the wire where the family wants a string). */
  arguments: unknown;
  /** Tool-call id (generated when absent). */
  id?: string;
}

/** Usage figures a scripted reply reports (missing ones are counted from the text). */
export interface ScriptedUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  cached_tokens?: number;
  reasoning_tokens?: number;
}

/** A fault or failure a scripted reply injects. */
export interface ScriptedError {
  /** Workers AI internal code, e.g. 3040. */
  code: number;
  /** Message text (default: the code's usual text). */
  message?: string;
  /** HTTP status (default: from the code, spec table 5.1). */
  status?: number;
  /** When set: emit a mid-stream `{"error": {code, message}}` event after this many events, then close. */
  afterEvents?: number;
}

/** What the model answers next (`emulator.script(model, ...replies)`). */
export interface ScriptedReply {
  /** Reply shape (default: the model's own family for the request). */
  family?: "legacy" | "openai" | "responses";
  /** Answer text. */
  text?: string;
  /** Reasoning text. */
  reasoning?: string;
  /** Tool calls to make. */
  toolCalls?: ScriptedToolCall[];
  /** Structured reply: JSON text in the legacy `response` and in chat content (as published); the whole result for non-chat models. */
  json?: unknown;
  /** Usage figures. */
  usage?: ScriptedUsage;
  /** Finish reason (default: `stop`, `tool_calls` or `length`). */
  finishReason?: string;
  /** Characters per streamed text event (default 4). */
  chunkSize?: number;
  /** Fail before any byte, or mid-stream with `afterEvents`. */
  error?: ScriptedError;
  /** Close the SSE stream abruptly after this many events (no `[DONE]`, no finish). */
  dropAfterEvents?: number;
  /** Delay before each event, and before the first byte, in ms. */
  delayMs?: number;
  /** Stop sending after this many events and never close (for abort tests). */
  stallAfterEvents?: number;
  /** Force the reply content type (`application/json` on a stream request sends the non-stream JSON). */
  contentType?: string;
  /** Reply with exactly this body (REST) or the binding's reading of it. */
  rawBody?: string | Uint8Array;
  /** HTTP status of the reply. */
  status?: number;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** Tool-call ids like `functions.<name>:<n>` (Kimi), restarting at 0 every turn. */
  toolCallIdStyle?: "kimi";
  /** gpt-oss quirk: the tool call is written as JSON text in `content`, `tool_calls` empty, finish `stop`. */
  leakToolCallAsText?: boolean;
  /** Exact text pieces to stream (overrides `text` chunking; their concatenation is the text). */
  tokens?: string[];
}

/** What a custom model handler receives. */
export interface EmulatorModelRequest {
  /** Model id. */
  model: string;
  /** Model inputs (raw bodies as `{ body: Uint8Array, contentType }`). */
  inputs: Record<string, unknown>;
  /** `true` when the request asked for a stream. */
  stream: boolean;
  /** How the request arrived. */
  transport: EmulatorTransport;
  /** Request headers (lower-cased). */
  headers: Record<string, string>;
  /** The caller's abort signal, when any. */
  signal?: AbortSignal;
}

/** What a custom model handler answers; set exactly one of `json`, `events`, `bytes`, `chat`, `error`. */
export interface EmulatorModelReply {
  /** JSON result (wrapped in the `{result}` envelope over REST). */
  json?: unknown;
  /** SSE data payloads (strings are sent verbatim, other values JSON-encoded); `[DONE]` is appended when missing. */
  events?: unknown[];
  /** Binary result. */
  bytes?: Uint8Array;
  /** Content type of `bytes` (default `application/octet-stream`). */
  contentType?: string;
  /** A chat reply rendered in the request's family, like a scripted reply. */
  chat?: ScriptedReply;
  /** A failure. */
  error?: { code: number; message?: string; status?: number };
  /** HTTP status (default 200). */
  status?: number;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/** A custom model implementation (`options.models`). */
export type EmulatorModelHandler = (
  request: EmulatorModelRequest,
) => EmulatorModelReply | Promise<EmulatorModelReply>;

/** A document of the emulated AI Search index. */
export interface AiSearchDocument {
  /** Object key (file name). */
  key: string;
  /** Text content (one chunk per document). */
  text: string;
  /** Metadata attached to results. */
  metadata?: Record<string, unknown>;
}

/** Options of `createWorkersAIEmulator`. */
export interface WorkersAIEmulatorOptions {
  /** Account id of the REST paths (default `"emulator-account"`); other ids get a 7003 404. */
  accountId?: string;
  /** When set, REST requires `Authorization: Bearer <apiToken>` (else 401, code 10000). */
  apiToken?: string;
  /** When set, gateway URLs require `cf-aig-authorization: Bearer <gatewayToken>`. */
  gatewayToken?: string;
  /** Delay between streamed SSE events in ms (default 0). */
  tokenDelayMs?: number;
  /** Add or override model handlers by id. */
  models?: Record<string, EmulatorModelHandler>;
  /** Lifetime of the resumable-stream buffer in ms (default 330000). */
  resumeTtlMs?: number;
  /** Documents of the emulated AI Search / AutoRAG index (default: a small built-in set). */
  aiSearchDocuments?: AiSearchDocument[];
  /** When queued async batches complete (default: the first poll says `queued`, the second has results). */
  batch?: EmulatorBatchOptions;
}

/** When a queued batch completes (`WorkersAIEmulatorOptions.batch`). */
export interface EmulatorBatchOptions {
  /** Status polls answered with `queued` / `running` before the results (default 1). */
  pendingPolls?: number;
  /** Milliseconds after queueing before the results are available (default 0: polls decide). */
  delayMs?: number;
}

/** Binding `GatewayOptions` (spec 1.4); unknown fields are ignored. */
export interface EmulatedGatewayOptions {
  id: string;
  skipCache?: boolean;
  cacheTtl?: number;
  cacheKey?: string;
  metadata?: Record<string, unknown>;
  collectLog?: boolean;
  eventId?: string;
  requestTimeoutMs?: number;
  retries?: { maxAttempts?: number; retryDelayMs?: number; backoff?: string };
  [key: string]: unknown;
}

/** Third argument of `binding.run` (spec 1.2). */
export interface EmulatedAiOptions {
  gateway?: EmulatedGatewayOptions;
  returnRawResponse?: boolean;
  queueRequest?: boolean;
  websocket?: boolean;
  rejectIfBusy?: boolean;
  tags?: string[];
  prefix?: string;
  extraHeaders?: Record<string, unknown>;
  signal?: AbortSignal;
  sessionOptions?: { extraHeaders?: Record<string, unknown> };
  [key: string]: unknown;
}

/** An AI Gateway log entry (`gateway(id).getLog`). */
export interface EmulatedAiGatewayLog {
  id: string;
  provider: string;
  model: string;
  model_type?: string;
  path: string;
  duration: number;
  request_type?: string;
  request_content_type?: string;
  status_code: number;
  response_content_type?: string;
  success: boolean;
  cached: boolean;
  tokens_in?: number;
  tokens_out?: number;
  metadata?: Record<string, unknown>;
  step?: number;
  cost?: number;
  custom_cost?: boolean;
  request_size: number;
  request_head?: string;
  request_head_complete: boolean;
  response_size: number;
  response_head?: string;
  response_head_complete: boolean;
  created_at: Date;
  /** Set by `patchLog`. */
  score?: number;
  /** Set by `patchLog`. */
  feedback?: -1 | 1 | null;
}

/** `env.AI.gateway(id)` (spec 1.7). */
export interface EmulatedAiGateway {
  /** Universal endpoint: entries tried in order; returns the raw `Response` (never throws on HTTP errors). */
  run(
    entries: unknown,
    options?: {
      gateway?: Partial<EmulatedGatewayOptions>;
      extraHeaders?: Record<string, unknown>;
      signal?: AbortSignal;
    },
  ): Promise<Response>;
  /** Reads a log entry; throws `AiGatewayLogNotFound` for unknown ids. */
  getLog(logId: string): Promise<EmulatedAiGatewayLog>;
  /** Adds feedback/score/metadata to a log entry. */
  patchLog(
    logId: string,
    body: { score?: number; feedback?: -1 | 1 | null; metadata?: Record<string, unknown> },
  ): Promise<void>;
  /** The gateway URL for a provider (`universal` when omitted). */
  getUrl(provider?: string): Promise<string>;
}

/** Request of an AI Search instance `search()` (spec 1.9). */
export interface EmulatedAiSearchRequest {
  query?: string;
  messages?: Array<{ role: string; content: string | null }>;
  ai_search_options?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A chunk of an AI Search result. */
export interface EmulatedAiSearchChunk {
  id: string;
  type: "text";
  score: number;
  text: string;
  item: { key: string; timestamp: number; metadata?: Record<string, unknown> };
  scoring_details?: { keyword_score?: number; vector_score?: number; fusion_method?: string };
  instance_id?: string;
}

/** Result of an AI Search `search()`. */
export interface EmulatedAiSearchResponse {
  search_query: string;
  chunks: EmulatedAiSearchChunk[];
}

/** Request of an AI Search `chatCompletions()`. */
export interface EmulatedAiSearchChatRequest {
  messages: Array<{ role: string; content: string | null }>;
  model?: string;
  stream?: boolean;
  ai_search_options?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Non-streamed result of an AI Search `chatCompletions()`. */
export interface EmulatedAiSearchChatResponse {
  id: string;
  object: "chat.completion";
  model: string;
  choices: Array<{ index: number; message: { role: "assistant"; content: string }; finish_reason: string }>;
  chunks: EmulatedAiSearchChunk[];
}

/** An AI Search instance binding (current API). */
export interface EmulatedAISearchInstance {
  /** Retrieves chunks for a query or conversation. */
  search(request: EmulatedAiSearchRequest): Promise<EmulatedAiSearchResponse>;
  /** Retrieves and answers; `stream: true` gives an SSE byte stream. */
  chatCompletions(
    request: EmulatedAiSearchChatRequest,
  ): Promise<EmulatedAiSearchChatResponse | ReadableStream<Uint8Array>>;
}

/** An AI Search namespace binding (`env.AI.aiSearch()`): `get`, `list`, multi-instance search. */
export interface EmulatedAiSearchNamespace {
  /** One instance. */
  get(name: string): EmulatedAISearchInstance;
  /** Instances known to the emulator. */
  list(): Promise<Array<{ id: string; status: string }>>;
  /** Searches `ai_search_options.instance_ids` (1–10 required). */
  search(request: EmulatedAiSearchRequest): Promise<EmulatedAiSearchResponse>;
  /** Answers over `ai_search_options.instance_ids`. */
  chatCompletions(
    request: EmulatedAiSearchChatRequest,
  ): Promise<EmulatedAiSearchChatResponse | ReadableStream<Uint8Array>>;
}

/** Request of the legacy AutoRAG `search`/`aiSearch` (spec 1.8). */
export interface EmulatedAutoRagRequest {
  query: string;
  filters?: unknown;
  max_num_results?: number;
  ranking_options?: { ranker?: string; score_threshold?: number };
  reranking?: { enabled?: boolean; model?: string };
  rewrite_query?: boolean;
  stream?: boolean;
  system_prompt?: string;
  [key: string]: unknown;
}

/** Result of AutoRAG `search`. */
export interface EmulatedAutoRagSearchResponse {
  object: "vector_store.search_results.page";
  search_query: string;
  data: Array<{
    file_id: string;
    filename: string;
    score: number;
    attributes: Record<string, unknown>;
    content: Array<{ type: "text"; text: string }>;
  }>;
  has_more: boolean;
  next_page: string | null;
}

/** The legacy AutoRAG binding (`env.AI.autorag(name)`). */
export interface EmulatedAutoRAG {
  /** Retrieval only. */
  search(request: EmulatedAutoRagRequest): Promise<EmulatedAutoRagSearchResponse>;
  /** Retrieval + answer; `stream: true` gives a raw SSE `Response`. */
  aiSearch(
    request: EmulatedAutoRagRequest,
  ): Promise<(EmulatedAutoRagSearchResponse & { response: string }) | Response>;
  /** The RAG instances. */
  list(): Promise<
    Array<{
      id: string;
      enable: boolean;
      type: string;
      source: string;
      vectorize_name: string;
      paused: boolean;
      status: string;
    }>
  >;
}

/** The emulated `env.AI` binding. */
export interface EmulatedAiBinding {
  /** Runs a model (spec 1.1–1.5). */
  run(model: string, inputs: Record<string, unknown>, options?: EmulatedAiOptions): Promise<unknown>;
  /** An AI Gateway handle. */
  gateway(id: string): EmulatedAiGateway;
  /** Binding-internal fetch; serves the resumable-stream endpoint. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** `cf-aig-log-id` of the last gateway call (else `null`). */
  aiGatewayLogId: string | null;
  /** `cf-ai-req-id` of the last call. */
  lastRequestId: string | null;
  /** HTTP status of the last call. */
  lastRequestHttpStatusCode: number | null;
  /** Internal error code of the last failed call. */
  lastRequestInternalStatusCode: number | null;
  /** Catalog search (spec 1.6). */
  models(params?: ModelSearchParams): Promise<ModelSearchObject[]>;
  /** Legacy AutoRAG binding. */
  autorag(name?: string): EmulatedAutoRAG;
  /** AI Search namespace. */
  aiSearch(): EmulatedAiSearchNamespace;
}

/** A running `listen()` server. */
export interface EmulatorServer {
  /** Base URL, e.g. `http://127.0.0.1:43123`. */
  url: string;
  /** Bound port. */
  port: number;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

/** The emulator (`createWorkersAIEmulator`). */
export interface WorkersAIEmulator {
  /** The `env.AI` surface. */
  binding: EmulatedAiBinding;
  /** REST handler (any host accepted); pass it as the provider's `fetch`. */
  fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  /** Node only: serves the REST API on 127.0.0.1 (`port` 0/undefined = random). */
  listen(port?: number): Promise<EmulatorServer>;
  /** Every request received, in order. */
  requests: EmulatorRequestLogEntry[];
  /** Queues replies for a model (`"*"` = any model), consumed one per run, FIFO. */
  script(model: string, ...replies: ScriptedReply[]): void;
  /** Clears the request log, scripts, gateway cache/logs and resume buffers. */
  reset(): void;
  /** An AI Search instance (current API). */
  aiSearch(name?: string): EmulatedAISearchInstance;
  /** A legacy AutoRAG binding. */
  autorag(name?: string): EmulatedAutoRAG;
}
