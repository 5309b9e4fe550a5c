import {
  AISDKError,
  APICallError,
  InvalidResponseDataError,
  type JSONObject,
  type LanguageModelV4Content,
  type LanguageModelV4FinishReason,
  type LanguageModelV4ResponseMetadata,
  type LanguageModelV4StreamPart,
  type LanguageModelV4Usage,
  type SharedV4ProviderMetadata,
  type SharedV4Warning,
} from "@ai-sdk/provider";
import { isParsableJson } from "@ai-sdk/provider-utils";
import { usageCostMetadata } from "../../catalog/usage-metadata";
import { isRecord } from "../../guards";
import { PROVIDER_OPTIONS_KEY } from "../../model-config";
import { clip, createWorkersAIError, parseErrorBody } from "../../transport/errors";
import { workersAIResponseMetadata } from "../../transport/response-metadata";
import { SseDecoder } from "../../transport/sse";
import { abortReason, isAbort, streamOf, toBytes } from "../../transport/streams";
import type { WorkersAIResponseHeaders } from "../../transport/types";
import type { ChatReplySink } from "./events";
import { mapWorkersAIFinishReason } from "./finish-reason";
import { readReply, readStreamChunk } from "./readers";
import { ThinkTagSplitter } from "./think-tags";
import { ToolLeakGuard } from "./tool-leak";
import { convertWorkersAIUsage } from "./usage";

/** Everything the assembler needs to know about the call whose reply it assembles. */
export interface ChatAssemblyOptions {
  /** The model id asked for (reported when the reply names none). */
  modelId: string;
  generateId: () => string;
  currentDate: () => Date;
  /** Names of the tools offered to the model (for recovering tool calls leaked as text). */
  toolNames: readonly string[];
  /** The tool the call forces, if any. */
  forcedToolName?: string;
  /** The call asked for JSON output (leak recovery is off then). */
  jsonMode: boolean;
  /** Emit a `raw` part for every chunk. */
  includeRawChunks: boolean;
  /** Response headers (for `providerMetadata["workers-ai"]` and the response id). */
  headers: WorkersAIResponseHeaders;
  /** Request URL and body, for errors found inside the reply. */
  url: string;
  requestBodyValues: unknown;
  /**
   * The call's warnings, sent in `stream-start`. Warnings found only at the end of the reply (a
   * recovered tool call) are appended to this same array, which the AI SDK reads when the step ends.
   */
  warnings: SharedV4Warning[];
  /** The call's abort signal: an abort errors the part stream instead of finishing it. */
  abortSignal?: AbortSignal;
  /** Credentials of the request, redacted from errors built out of the reply (error events). */
  secrets?: readonly string[];
  /** What the caller adds to the reading (AI Search: sources and search metadata). */
  hooks?: ChatReplyHooks;
}

/** A caller's additions to the reading of a chat reply (AI Search uses them for its sources). */
interface ChatReplyHooks {
  /** Parts sent right after `stream-start`. */
  leading?: readonly LanguageModelV4StreamPart[];
  /** Sees each parsed event (or the whole reply) first, may emit parts, and returns the value to read. */
  inspect?(value: unknown, emit: (part: LanguageModelV4StreamPart) => void): unknown;
  /** Added to the `finish` part's `providerMetadata["workers-ai"]`. */
  finishMetadata?(): JSONObject;
  /** A read error of the source (not an abort) as reported; by default a retryable "stream broke" error. */
  readError?(error: unknown): unknown;
  /** A source that closes cleanly without `[DONE]` or a finish reason counts as complete, with this warning. */
  closedWarning?: string;
}

type DeltaType = "text-delta" | "reasoning-delta" | "tool-input-delta";

interface OpenToolCall {
  sdkId: string;
  modelId: string | undefined;
  name: string;
  index: number | undefined;
  args: string;
}

/**
 * Turns what the readers report ({@link ChatReplySink}) into `LanguageModelV4StreamPart`s: one assembler
 * for every family, for `doStream` and (through {@link collectChatParts}) `doGenerate`.
 *
 * - reasoning is closed before text and tool calls start (and text before reasoning/tool calls);
 * - `<think>…</think>` at the start of the text becomes reasoning;
 * - each tool call gets `tool-input-start/delta/end` and `tool-call`, with a fresh SDK id and the
 *   model's id in `providerMetadata`; a call is closed as soon as the next one starts (once its
 *   arguments are complete JSON), on a null-finalization chunk, or at the end;
 * - a tool call written as JSON text (gpt-oss) is recovered, with a warning;
 * - a reply that ends with neither `[DONE]` nor a finish reason finishes with `error` /
 *   `stream-truncated` after everything received was emitted.
 */
class ChatStreamAssembler implements ChatReplySink {
  readonly #options: ChatAssemblyOptions;
  readonly #emit: (part: LanguageModelV4StreamPart) => void;
  readonly #coalesce: boolean;
  /** The tool-call ids handed out so far (see {@link #nextToolCallId}). */
  readonly #toolCallIds = new Set<string>();
  readonly #think = new ThinkTagSplitter();
  readonly #leak: ToolLeakGuard;
  readonly #inspect: ((value: unknown) => unknown) | undefined;
  #metadataSent = false;
  #blockCount = 0;
  /** The open text or reasoning block (at most one is open: each closes the other). */
  #blockKind: "text" | "reasoning" | undefined;
  #blockId = "";
  readonly #openCalls: OpenToolCall[] = [];
  #finishRaw: string | undefined;
  #usage: JSONObject | undefined;
  #done = false;
  #failure: { raw: string } | undefined;
  #ended = false;
  #heldType: DeltaType | undefined;
  #heldId = "";
  #heldText = "";

  /**
   * @param coalesce join consecutive deltas of one block until {@link flushDeltas} (called once per
   * network read): they arrived together, so nothing waits, and a stream part costs far more than
   * joining strings. Off when raw chunks are requested, so each `raw` part stays next to its deltas.
   */
  constructor(
    options: ChatAssemblyOptions,
    emit: (part: LanguageModelV4StreamPart) => void,
    coalesce = false,
  ) {
    this.#options = options;
    this.#emit = emit;
    this.#coalesce = coalesce;
    this.#leak = new ToolLeakGuard({
      toolNames: options.toolNames,
      forcedToolName: options.forcedToolName,
      enabled: !options.jsonMode && (options.forcedToolName !== undefined || options.toolNames.length > 0),
    });
    const inspect = options.hooks?.inspect;
    this.#inspect = inspect && ((value) => inspect(value, (part) => this.#out(part)));
  }

  /** Emits `stream-start` with the call's warnings (and the hooks' leading parts). */
  begin(): void {
    this.#out({ type: "stream-start", warnings: this.#options.warnings });
    for (const part of this.#options.hooks?.leading ?? []) this.#out(part);
  }

  /** `[DONE]` (or a whole reply) was read: the reply is complete and anything after it is ignored. */
  get complete(): boolean {
    return this.#done;
  }

  /** Reads one SSE `data:` payload (nothing after `[DONE]`; blank payloads are skipped). */
  pushData(data: string): void {
    if (this.#done) return;
    // trim() copies the string: skip it when both ends are printable ASCII, which trim never removes
    const text =
      isPrintable(data.charCodeAt(0)) && isPrintable(data.charCodeAt(data.length - 1)) ? data : data.trim();
    if (text === "[DONE]") {
      this.#done = true;
      return;
    }
    if (text.length === 0) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      if (this.#options.includeRawChunks) this.#out({ type: "raw", rawValue: data });
      this.#out({
        type: "error",
        error: new InvalidResponseDataError({
          data,
          message: `Workers AI sent a stream event that is not valid JSON (skipped; the rest of the stream is kept): ${clip(data, 200)}`,
        }),
      });
      return;
    }
    if (this.#options.includeRawChunks) this.#out({ type: "raw", rawValue: value });
    readStreamChunk(this.#inspect ? this.#inspect(value) : value, this);
  }

  /** Replays a whole (non-streamed) reply. */
  pushReply(value: unknown): void {
    if (this.#options.includeRawChunks) this.#out({ type: "raw", rawValue: value });
    readReply(this.#inspect ? this.#inspect(value) : value, this);
    this.#done = true;
  }

  metadata(id: unknown, model: unknown, createdSeconds: unknown): void {
    if (this.#metadataSent) return;
    const timestamp =
      typeof createdSeconds === "number" && Number.isFinite(createdSeconds)
        ? new Date(createdSeconds * 1000)
        : undefined;
    const replyId = nonEmpty(id);
    const modelId = nonEmpty(model);
    if (replyId || modelId || timestamp) this.#sendMetadata(replyId, modelId, timestamp);
  }

  text(delta: string): void {
    // mid-answer plain text (the bulk of a stream) goes straight to its open text block
    if (this.#blockKind === "text" && this.#think.passthrough && this.#leak.passthrough) {
      if (delta) this.#delta("text-delta", this.#blockId, delta);
      return;
    }
    if (!delta) return;
    // the common case needs no segment array
    if (this.#think.passthrough) this.#route("text", delta);
    else for (const segment of this.#think.push(delta)) this.#route(segment.kind, segment.text);
  }

  reasoning(delta: string): void {
    if (delta) this.#write("reasoning", delta);
  }

  toolStart(name: string, id: string | undefined, index: number | undefined, args: string): OpenToolCall {
    this.#ensureMetadata();
    this.#closeBlock();
    for (const open of [...this.#openCalls]) {
      if (isParsableJson(open.args)) this.#closeCall(open, true);
    }
    const call: OpenToolCall = { sdkId: this.#nextToolCallId(), modelId: id, name, index, args: "" };
    this.#openCalls.push(call);
    this.#out({ type: "tool-input-start", id: call.sdkId, toolName: name });
    this.#appendArgs(call, args);
    return call;
  }

  toolArgs(index: number | undefined, id: string | undefined, delta: string): void {
    if (!delta) return;
    const call = this.#findOpenCall(index, id);
    if (call) this.#appendArgs(call, delta);
    else {
      this.#options.warnings.push({
        type: "other",
        message: clip(
          `Dropped tool-call arguments that arrived after their call had completed: ${delta}`,
          200,
        ),
      });
    }
  }

  toolEnd(index: number | undefined, args: string): void {
    const call = this.#findOpenCall(index, undefined);
    if (!call) return;
    if (call.args.length === 0) this.#appendArgs(call, args);
    this.#closeCall(call, true);
  }

  toolCall(name: string, id: string | undefined, args: string): void {
    this.#closeCall(this.toolStart(name, id, undefined, args), true);
  }

  usage(usage: unknown): void {
    if (isRecord(usage)) this.#usage = usage as JSONObject;
  }

  finish(reason: unknown): void {
    if (typeof reason === "string" && reason.length > 0) this.#finishRaw = reason;
  }

  error(message: string, code: number | undefined, data: unknown): void {
    this.#failure ??= { raw: "error" };
    const options = this.#options;
    this.#out({
      type: "error",
      error: createWorkersAIError({
        message,
        code,
        url: options.url,
        requestBodyValues: options.requestBodyValues,
        responseHeaders: options.headers,
        responseBody: data === undefined ? undefined : JSON.stringify(data),
        secrets: options.secrets,
      }),
    });
  }

  /** Sends the deltas held for joining (see the constructor's `coalesce`). */
  flushDeltas(): void {
    const type = this.#heldType;
    if (type === undefined) return;
    this.#heldType = undefined;
    this.#emit({ type, id: this.#heldId, delta: this.#heldText });
  }

  /** Sends a delta part, or holds it to join it with the next delta of its block. */
  #delta(type: DeltaType, id: string, delta: string): void {
    if (!this.#coalesce) {
      this.#emit({ type, id, delta });
      return;
    }
    if (this.#heldType === type && this.#heldId === id) {
      this.#heldText += delta;
      return;
    }
    this.flushDeltas();
    this.#heldType = type;
    this.#heldId = id;
    this.#heldText = delta;
  }

  /** Sends any other part, after the deltas held before it. */
  #out(part: LanguageModelV4StreamPart): void {
    this.flushDeltas();
    this.#emit(part);
  }

  /** The source failed (not an abort): report it and finish with `error`, keeping everything so far. */
  fail(error: unknown): void {
    if (this.#ended) return;
    this.#failure ??= { raw: "stream-error" };
    this.#out({ type: "error", error });
    this.end();
  }

  /**
   * Ends the reply: flushes held text, closes open parts, emits `finish`. `notAStream` replaces the
   * truncation error when the source never sent an SSE event (an empty body, an HTML page, bytes).
   */
  end(notAStream?: { message: string; isRetryable: boolean }): void {
    if (this.#ended) return;
    this.#ended = true;
    const options = this.#options;
    for (const segment of this.#think.flush()) this.#route(segment.kind, segment.text);
    let truncated = !this.#done && this.#finishRaw === undefined && this.#failure === undefined;
    const closedWarning = options.hooks?.closedWarning;
    if (truncated && closedWarning) {
      options.warnings.push({ type: "other", message: closedWarning });
      truncated = false;
    }
    const stopped = mapWorkersAIFinishReason(this.#finishRaw, { hasToolCalls: false }).unified === "stop";
    const leaked = this.#leak.finish(this.#toolCallIds.size === 0 && !truncated && !this.#failure && stopped);
    if ("calls" in leaked) {
      for (const call of leaked.calls) this.toolCall(call.name, undefined, call.arguments);
      options.warnings.push({
        type: "other",
        message: `The model wrote its tool call${leaked.calls.length > 1 ? "s" : ""} as JSON text instead of a tool call (a known gpt-oss quirk with forced tools); recovered as ${leaked.calls.map((call) => call.name).join(", ")}.`,
      });
    } else if (leaked.text) {
      this.#write("text", leaked.text);
    }
    this.#closeBlock();
    for (const call of [...this.#openCalls]) {
      this.#closeCall(call, !truncated || isParsableJson(call.args.trim() || "{}"));
    }
    if (truncated) {
      this.#out({
        type: "error",
        error: callError(
          options,
          notAStream?.message ??
            "Workers AI stream ended without [DONE] or a finish reason (truncated); the text received so far was kept.",
          notAStream?.isRetryable ?? true,
        ),
      });
    }
    this.#ensureMetadata();
    const finishReason: LanguageModelV4FinishReason = truncated
      ? { unified: "error", raw: "stream-truncated" }
      : this.#failure
        ? { unified: "error", raw: this.#finishRaw ?? this.#failure.raw }
        : mapWorkersAIFinishReason(this.#finishRaw, { hasToolCalls: this.#toolCallIds.size > 0 });
    const usage = convertWorkersAIUsage(this.#usage);
    this.#out({
      type: "finish",
      usage,
      finishReason,
      providerMetadata: {
        // Priced once here, at the end, so the per-chunk path stays free of catalog lookups.
        // (Object.assign, not spreads: this runs once per call, and spreads cost more in V8.)
        [PROVIDER_OPTIONS_KEY]: Object.assign(
          workersAIResponseMetadata(options.headers),
          usageCostMetadata(options.modelId, {
            inputTokens: usage.inputTokens.total,
            cachedInputTokens: usage.inputTokens.cacheRead,
            outputTokens: usage.outputTokens.total,
          }),
          options.hooks?.finishMetadata?.(),
        ),
      },
    });
  }

  #route(kind: "reasoning" | "text", text: string): void {
    if (kind === "reasoning") {
      this.reasoning(text);
      return;
    }
    const now = this.#leak.push(text);
    if (now) this.#write("text", now);
  }

  /** Text (past the think-tag and tool-leak checks) or reasoning, in its block (opened when needed). */
  #write(kind: "text" | "reasoning", delta: string): void {
    this.#ensureMetadata();
    if (this.#blockKind !== kind) {
      this.#closeBlock();
      this.#blockKind = kind;
      this.#blockId = `${kind}-${this.#blockCount++}`;
      // constant part types, not templates: the consumers compare them, and literals compare fastest
      this.#out({ type: kind === "text" ? "text-start" : "reasoning-start", id: this.#blockId });
    }
    this.#delta(kind === "text" ? "text-delta" : "reasoning-delta", this.#blockId, delta);
  }

  #closeBlock(): void {
    if (this.#blockKind) {
      this.#out({ type: this.#blockKind === "text" ? "text-end" : "reasoning-end", id: this.#blockId });
      this.#blockKind = undefined;
    }
  }

  #appendArgs(call: OpenToolCall, delta: string): void {
    if (!delta) return;
    call.args += delta;
    this.#delta("tool-input-delta", call.sdkId, delta);
  }

  #closeCall(call: OpenToolCall, emitCall: boolean): void {
    const position = this.#openCalls.indexOf(call);
    if (position === -1) return;
    this.#openCalls.splice(position, 1);
    this.#out({ type: "tool-input-end", id: call.sdkId });
    if (!emitCall) return;
    this.#out({
      type: "tool-call",
      toolCallId: call.sdkId,
      toolName: call.name,
      input: call.args.trim() === "" ? "{}" : call.args,
      // the model's own id, so the request side can send it back unchanged in the conversation history
      ...(call.modelId ? { providerMetadata: { [PROVIDER_OPTIONS_KEY]: { toolCallId: call.modelId } } } : {}),
    });
  }

  /**
   * The tool-call id the AI SDK sees: always fresh (`generateId()`), because models reuse their own ids
   * across turns (Kimi numbers calls `functions.<name>:<n>` per reply), and unique within the reply even
   * when the generator repeats itself.
   */
  #nextToolCallId(): string {
    const base = this.#options.generateId() || "call";
    let id = base;
    for (let suffix = 1; this.#toolCallIds.has(id); suffix++) id = `${base}-${suffix}`;
    this.#toolCallIds.add(id);
    return id;
  }

  #findOpenCall(index: number | undefined, id: string | undefined): OpenToolCall | undefined {
    const calls = this.#openCalls;
    if (index !== undefined) {
      const byIndex = calls.findLast((call) => call.index === index);
      if (byIndex) return byIndex;
    }
    if (id !== undefined) {
      const byId = calls.findLast((call) => call.modelId === id);
      if (byId) return byId;
    }
    if (index !== undefined && calls.some((call) => call.index !== undefined)) return undefined;
    return calls.at(-1);
  }

  #sendMetadata(id?: string, modelId?: string, timestamp?: Date): void {
    this.#metadataSent = true;
    this.#out({
      type: "response-metadata",
      id: id ?? this.#options.headers["cf-ai-req-id"],
      modelId: modelId ?? this.#options.modelId,
      timestamp: timestamp ?? this.#options.currentDate(),
    });
  }

  #ensureMetadata(): void {
    if (!this.#metadataSent) this.#sendMetadata();
  }
}

function isPrintable(code: number): boolean {
  return code > 32 && code < 127;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** An `APICallError` about the reply of this call. */
function callError(options: ChatAssemblyOptions, message: string, isRetryable: boolean, cause?: unknown) {
  return new APICallError({
    message,
    url: options.url,
    requestBodyValues: options.requestBodyValues,
    responseHeaders: options.headers,
    cause,
    isRetryable,
  });
}

/**
 * A `LanguageModelV4StreamPart` stream over an SSE byte stream of any chat family.
 * Never loses text: malformed events and errors become `error` parts and the stream still finishes;
 * only an abort errors the stream (with the abort reason).
 */
export function chatStreamFromSse(
  source: ReadableStream<Uint8Array>,
  options: ChatAssemblyOptions,
): ReadableStream<LanguageModelV4StreamPart> {
  keepShapesAlive();
  // bytes are decoded here, not in a TransformStream: a stream hop per SSE event costs more than parsing it
  const reader = source.getReader();
  const sse = new SseDecoder();
  let assembler: ChatStreamAssembler;
  let emitted = 0;
  // what explains a reply that carried no SSE event at all: its size and first bytes
  let sawEvent = false;
  let bytes = 0;
  let head = new Uint8Array(0);
  const onData = (data: string) => {
    sawEvent = true;
    assembler.pushData(data);
  };
  return new ReadableStream<LanguageModelV4StreamPart>({
    start(controller) {
      assembler = new ChatStreamAssembler(
        options,
        (part) => {
          emitted++;
          controller.enqueue(part);
        },
        !options.includeRawChunks,
      );
      assembler.begin();
    },
    async pull(controller) {
      // a pull that enqueues nothing is not repeated by the stream machinery, so read until a part is out
      const before = emitted;
      while (emitted === before) {
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          result = await reader.read();
        } catch (error) {
          const signal = options.abortSignal;
          if (isAbort(error, signal)) {
            controller.error(signal?.aborted ? abortReason(signal) : error);
            return;
          }
          assembler.fail(options.hooks?.readError?.(error) ?? streamBroke(error, options));
          controller.close();
          return;
        }
        try {
          if (result.done) {
            sse.end(onData);
            assembler.end(sawEvent ? undefined : notAStream(bytes, head));
            controller.close();
            return;
          }
          const chunk = result.value instanceof Uint8Array ? result.value : toBytes(result.value);
          bytes += chunk.byteLength;
          if (head.byteLength < SNIFF_BYTES) {
            const more = new Uint8Array(Math.min(SNIFF_BYTES, head.byteLength + chunk.byteLength));
            more.set(head);
            more.set(chunk.subarray(0, more.byteLength - head.byteLength), head.byteLength);
            head = more;
          }
          sse.push(chunk, onData);
          if (assembler.complete) {
            // [DONE] ends the reply even when the connection stays open
            reader.cancel().catch(() => {});
            assembler.end();
            controller.close();
            return;
          }
          // deltas are joined within one read only: the text of this read goes out before the next read
          assembler.flushDeltas();
        } catch (error) {
          // a bug of ours must not lose what was already streamed
          assembler.fail(error);
          reader.cancel(error).catch(() => {});
          controller.close();
          return;
        }
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/**
 * One idle instance of each per-stream class, made with the first stream and never used. V8 holds the hidden
 * classes (shapes) that an instance's fields create only through live instances: when a GC between two
 * streams finds none, it drops them along with the code optimised for them ("weak objects" deopts), and the
 * next stream runs unoptimised until it warms up again. Measured with a GC before each stream, as
 * `npm run bench` does: the legacy stream took ~2.1× the raw parse time (CPU) without these, ~1.55× with them.
 */
let idleInstances: readonly object[] | undefined;

function keepShapesAlive(): void {
  if (idleInstances !== undefined) return;
  idleInstances = [
    new SseDecoder(),
    new ChatStreamAssembler(
      {
        modelId: "",
        generateId: () => "",
        currentDate: () => new Date(0),
        toolNames: [],
        jsonMode: false,
        includeRawChunks: false,
        headers: {},
        url: "",
        requestBodyValues: undefined,
        warnings: [],
      },
      () => {},
      true,
    ),
  ];
}

/** A read error of the source (dropped connection, broken decompression) as a retryable `APICallError`. */
function streamBroke(error: unknown, options: ChatAssemblyOptions): unknown {
  if (AISDKError.isInstance(error)) return error;
  const reason = error instanceof Error ? error.message || error.name : String(error);
  return callError(
    options,
    `Workers AI stream broke before it was complete (${reason}); the text received so far was kept.`,
    true,
    error,
  );
}

/** How many first bytes of the source are kept to describe a reply that is not an SSE stream. */
const SNIFF_BYTES = 512;

/** Why a reply of this size and first bytes, without a single SSE event, is not an SSE stream. */
function notAStream(bytes: number, head: Uint8Array): { message: string; isRetryable: boolean } {
  if (bytes === 0) {
    return { message: "Workers AI returned an empty stream (no event, no [DONE]).", isRetryable: true };
  }
  const text = new TextDecoder().decode(head);
  // binary data is described, never quoted
  const binary = /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text);
  const what = binary
    ? `${bytes} bytes of binary data`
    : (parseErrorBody(text).message ?? "text without any data: line");
  return { message: `Workers AI sent a reply that is not an SSE stream: ${what}`, isRetryable: false };
}

/** A whole (non-streamed) reply replayed as a `LanguageModelV4StreamPart` stream. */
export function chatStreamFromReply(
  value: unknown,
  options: ChatAssemblyOptions,
): ReadableStream<LanguageModelV4StreamPart> {
  return streamOf(assembleReply(value, options));
}

/** Assembles a whole reply into stream parts at once. */
export function assembleReply(value: unknown, options: ChatAssemblyOptions): LanguageModelV4StreamPart[] {
  const parts: LanguageModelV4StreamPart[] = [];
  const assembler = new ChatStreamAssembler(options, (part) => parts.push(part));
  assembler.begin();
  assembler.pushReply(value);
  assembler.end();
  return parts;
}

/** What a `doGenerate` result is made of, folded from stream parts. */
export interface CollectedChatResult {
  content: LanguageModelV4Content[];
  finishReason: LanguageModelV4FinishReason;
  usage: LanguageModelV4Usage;
  providerMetadata: SharedV4ProviderMetadata | undefined;
  response: LanguageModelV4ResponseMetadata;
  /** `error` parts met on the way. */
  errors: unknown[];
}

/** Folds assembled stream parts into generate content (text and reasoning blocks joined, in order). */
export function collectChatParts(parts: Iterable<LanguageModelV4StreamPart>): CollectedChatResult {
  const content: LanguageModelV4Content[] = [];
  const blocks = new Map<string, { type: "text" | "reasoning"; text: string }>();
  const errors: unknown[] = [];
  let finish: Extract<LanguageModelV4StreamPart, { type: "finish" }> | undefined;
  let response: LanguageModelV4ResponseMetadata = {};
  for (const part of parts) {
    switch (part.type) {
      case "text-start":
      case "reasoning-start": {
        const block = {
          type: part.type === "text-start" ? ("text" as const) : ("reasoning" as const),
          text: "",
        };
        blocks.set(part.id, block);
        content.push(block);
        break;
      }
      case "text-delta":
      case "reasoning-delta": {
        const block = blocks.get(part.id);
        if (block) block.text += part.delta;
        break;
      }
      case "tool-call":
        content.push(part);
        break;
      case "response-metadata":
        response = { id: part.id, timestamp: part.timestamp, modelId: part.modelId };
        break;
      case "error":
        errors.push(part.error);
        break;
      case "finish":
        finish = part;
        break;
    }
  }
  return {
    content: content.filter(
      (part) => !((part.type === "text" || part.type === "reasoning") && part.text.length === 0),
    ),
    finishReason: finish?.finishReason ?? { unified: "error", raw: "stream-truncated" },
    usage: finish?.usage ?? convertWorkersAIUsage(undefined),
    providerMetadata: finish?.providerMetadata,
    response,
    errors,
  };
}

/** Reads a whole part stream. */
export async function readAllParts(
  stream: ReadableStream<LanguageModelV4StreamPart>,
): Promise<LanguageModelV4StreamPart[]> {
  const parts: LanguageModelV4StreamPart[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return parts;
    parts.push(value);
  }
}
