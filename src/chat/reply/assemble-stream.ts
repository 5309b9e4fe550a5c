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
import { PROVIDER_OPTIONS_KEY } from "../../model-config";
import { createWorkersAIError, parseErrorBody } from "../../transport/errors";
import { workersAIResponseMetadata } from "../../transport/response-metadata";
import { SseDecoder } from "../../transport/sse";
import { abortReason, isAbort, streamOf, toBytes } from "../../transport/streams";
import type { WorkersAIResponseHeaders } from "../../transport/types";
import type { ChatEvent } from "./events";
import { mapWorkersAIFinishReason } from "./finish-reason";
import {
  MalformedData,
  parseStreamData,
  readReply,
  readStreamChunk,
  STREAM_DONE,
  STREAM_EMPTY,
} from "./readers";
import { clip } from "./readers/shared";
import { ThinkTagSplitter } from "./think-tags";
import { ToolCallIds, toolCallProviderMetadata } from "./tool-call-ids";
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
 * Turns {@link ChatEvent}s into `LanguageModelV4StreamPart`s: one assembler for every family, for
 * `doStream` and (through {@link collectChatParts}) `doGenerate`.
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
class ChatStreamAssembler {
  private readonly ids: ToolCallIds;
  private readonly think = new ThinkTagSplitter();
  private readonly leak: ToolLeakGuard;
  private metadataSent = false;
  private blockCount = 0;
  private textId: string | undefined;
  private reasoningId: string | undefined;
  private readonly openCalls: OpenToolCall[] = [];
  private toolCallCount = 0;
  private finishRaw: string | undefined;
  private usage: JSONObject | undefined;
  private done = false;
  private failure: { raw: string } | undefined;
  private ended = false;
  private heldType: DeltaType | undefined;
  private heldId = "";
  private heldText = "";
  private readonly inspect: ((value: unknown) => unknown) | undefined;

  /**
   * @param coalesce join consecutive deltas of one block until {@link flushDeltas} (called once per
   * network read): they arrived together, so nothing waits, and a stream part costs far more than
   * joining strings. Off when raw chunks are requested, so each `raw` part stays next to its deltas.
   */
  constructor(
    private readonly options: ChatAssemblyOptions,
    private readonly emit: (part: LanguageModelV4StreamPart) => void,
    private readonly coalesce = false,
  ) {
    this.ids = new ToolCallIds(options.generateId);
    this.leak = new ToolLeakGuard({
      toolNames: options.toolNames,
      forcedToolName: options.forcedToolName,
      enabled: !options.jsonMode && (options.forcedToolName !== undefined || options.toolNames.length > 0),
    });
    const inspect = options.hooks?.inspect;
    this.inspect = inspect && ((value) => inspect(value, (part) => this.out(part)));
  }

  /** Emits `stream-start` with the call's warnings (and the hooks' leading parts). */
  begin(): void {
    this.out({ type: "stream-start", warnings: this.options.warnings });
    for (const part of this.options.hooks?.leading ?? []) this.out(part);
  }

  /** `[DONE]` (or a whole reply) was read: the reply is complete and anything after it is ignored. */
  get complete(): boolean {
    return this.done;
  }

  /** Reads one SSE `data:` payload (nothing after `[DONE]`). */
  pushData(data: string): void {
    if (this.done) return;
    const value = parseStreamData(data);
    if (value === STREAM_DONE) {
      this.done = true;
      return;
    }
    if (value === STREAM_EMPTY) return;
    if (value instanceof MalformedData) {
      if (this.options.includeRawChunks) this.out({ type: "raw", rawValue: value.text });
      this.push({ type: "malformed", text: value.text });
      return;
    }
    if (this.options.includeRawChunks) this.out({ type: "raw", rawValue: value });
    const read = readStreamChunk(this.inspect ? this.inspect(value) : value, !this.metadataSent);
    if (typeof read === "string") {
      if (read) this.textDelta(read);
    } else {
      for (const event of read) this.push(event);
    }
  }

  /** Replays a whole (non-streamed) reply. */
  pushReply(value: unknown): void {
    if (this.options.includeRawChunks) this.out({ type: "raw", rawValue: value });
    for (const event of readReply(this.inspect ? this.inspect(value) : value)) this.push(event);
  }

  /** Applies one event. */
  push(event: ChatEvent): void {
    switch (event.type) {
      case "response-metadata":
        this.sendMetadata(event);
        break;
      case "text-delta":
        this.textDelta(event.delta);
        break;
      case "reasoning-delta":
        this.reasoning(event.delta);
        break;
      case "tool-call-start":
        this.startCall(event.name, event.id, event.index, event.arguments);
        break;
      case "tool-call-args-delta": {
        const call = this.findOpenCall(event.index, event.id);
        if (call) this.appendArgs(call, event.delta);
        else
          this.lateWarning(
            `Dropped tool-call arguments that arrived after their call had completed: ${event.delta}`,
          );
        break;
      }
      case "tool-call-end": {
        const call = this.findOpenCall(event.index, event.id);
        if (!call) break;
        if (call.args.length === 0 && event.arguments) this.appendArgs(call, event.arguments);
        this.closeCall(call, true);
        break;
      }
      case "tool-call-complete": {
        const call = this.startCall(event.name, event.id, undefined, event.arguments);
        this.closeCall(call, true);
        break;
      }
      case "usage":
        this.usage = event.usage;
        break;
      case "finish":
        this.finishRaw = event.reason;
        break;
      case "error":
        this.failure ??= { raw: "error" };
        this.out({
          type: "error",
          error: createWorkersAIError({
            message: event.message,
            code: event.code,
            url: this.options.url,
            requestBodyValues: this.options.requestBodyValues,
            responseHeaders: this.options.headers,
            responseBody: event.data === undefined ? undefined : JSON.stringify(event.data),
            secrets: this.options.secrets,
          }),
        });
        break;
      case "malformed":
        this.out({
          type: "error",
          error: new InvalidResponseDataError({
            data: event.text,
            message: `Workers AI sent a stream event that is not valid JSON (skipped; the rest of the stream is kept): ${clip(event.text)}`,
          }),
        });
        break;
      case "done":
        this.done = true;
        break;
    }
  }

  /** Applies a piece of answer text (which may still hold `<think>` tags). */
  private textDelta(delta: string): void {
    // mid-answer plain text (the bulk of a stream) goes straight to its open text block
    if (this.textId !== undefined && this.think.passthrough && this.leak.passthrough) {
      this.delta("text-delta", this.textId, delta);
      return;
    }
    // the common case needs no segment array
    if (this.think.passthrough) this.route("text", delta);
    else for (const segment of this.think.push(delta)) this.route(segment.kind, segment.text);
  }

  /** Sends the deltas held for joining (see the constructor's `coalesce`). */
  flushDeltas(): void {
    const type = this.heldType;
    if (type === undefined) return;
    this.heldType = undefined;
    this.emit({ type, id: this.heldId, delta: this.heldText });
  }

  /** Sends a delta part, or holds it to join it with the next delta of its block. */
  private delta(type: DeltaType, id: string, delta: string): void {
    if (!this.coalesce) {
      this.emit({ type, id, delta });
      return;
    }
    if (this.heldType === type && this.heldId === id) {
      this.heldText += delta;
      return;
    }
    this.flushDeltas();
    this.heldType = type;
    this.heldId = id;
    this.heldText = delta;
  }

  /** Sends any other part, after the deltas held before it. */
  private out(part: LanguageModelV4StreamPart): void {
    this.flushDeltas();
    this.emit(part);
  }

  /** The source failed (not an abort): report it and finish with `error`, keeping everything so far. */
  fail(error: unknown): void {
    if (this.ended) return;
    this.failure ??= { raw: "stream-error" };
    this.out({ type: "error", error });
    this.end();
  }

  /**
   * Ends the reply: flushes held text, closes open parts, emits `finish`. `notAStream` replaces the
   * truncation error when the source never sent an SSE event (an empty body, an HTML page, bytes).
   */
  end(notAStream?: { message: string; isRetryable: boolean }): void {
    if (this.ended) return;
    this.ended = true;
    for (const segment of this.think.flush()) this.route(segment.kind, segment.text);
    let truncated = !this.done && this.finishRaw === undefined && this.failure === undefined;
    const closedWarning = this.options.hooks?.closedWarning;
    if (truncated && closedWarning) {
      this.options.warnings.push({ type: "other", message: closedWarning });
      truncated = false;
    }
    const stopped =
      this.finishRaw === undefined ||
      mapWorkersAIFinishReason(this.finishRaw, { hasToolCalls: false }).unified === "stop";
    const leaked = this.leak.finish(this.toolCallCount === 0 && !truncated && !this.failure && stopped);
    if ("calls" in leaked) {
      for (const call of leaked.calls)
        this.closeCall(this.startCall(call.name, undefined, undefined, call.arguments), true);
      this.options.warnings.push({
        type: "other",
        message: `The model wrote its tool call${leaked.calls.length > 1 ? "s" : ""} as JSON text instead of a tool call (a known gpt-oss quirk with forced tools); recovered as ${leaked.calls.map((call) => call.name).join(", ")}.`,
      });
    } else if (leaked.text) {
      this.text(leaked.text);
    }
    this.closeText();
    this.closeReasoning();
    for (const call of [...this.openCalls]) {
      this.closeCall(call, !truncated || isParsableJson(call.args.trim() || "{}"));
    }
    if (truncated) {
      this.out({
        type: "error",
        error: new APICallError({
          message:
            notAStream?.message ??
            "Workers AI stream ended without [DONE] or a finish reason (truncated); the text received so far was kept.",
          url: this.options.url,
          requestBodyValues: this.options.requestBodyValues,
          responseHeaders: this.options.headers,
          isRetryable: notAStream?.isRetryable ?? true,
        }),
      });
    }
    this.ensureMetadata();
    const finishReason: LanguageModelV4FinishReason = truncated
      ? { unified: "error", raw: "stream-truncated" }
      : this.failure
        ? { unified: "error", raw: this.finishRaw ?? this.failure.raw }
        : mapWorkersAIFinishReason(this.finishRaw, { hasToolCalls: this.toolCallCount > 0 });
    const usage = convertWorkersAIUsage(this.usage);
    this.out({
      type: "finish",
      usage,
      finishReason,
      providerMetadata: {
        // Priced once here, at the end, so the per-chunk path stays free of catalog lookups.
        // (Object.assign, not spreads: this runs once per call, and spreads cost more in V8.)
        [PROVIDER_OPTIONS_KEY]: Object.assign(
          workersAIResponseMetadata(this.options.headers),
          usageCostMetadata(this.options.modelId, {
            inputTokens: usage.inputTokens.total,
            cachedInputTokens: usage.inputTokens.cacheRead,
            outputTokens: usage.outputTokens.total,
          }),
          this.options.hooks?.finishMetadata?.(),
        ),
      },
    });
  }

  private route(kind: "reasoning" | "text", text: string): void {
    if (kind === "reasoning") {
      this.reasoning(text);
      return;
    }
    const now = this.leak.push(text);
    if (now) this.text(now);
  }

  private text(delta: string): void {
    this.ensureMetadata();
    this.closeReasoning();
    if (!this.textId) {
      this.textId = `text-${this.blockCount++}`;
      this.out({ type: "text-start", id: this.textId });
    }
    this.delta("text-delta", this.textId, delta);
  }

  private reasoning(delta: string): void {
    this.ensureMetadata();
    this.closeText();
    if (!this.reasoningId) {
      this.reasoningId = `reasoning-${this.blockCount++}`;
      this.out({ type: "reasoning-start", id: this.reasoningId });
    }
    this.delta("reasoning-delta", this.reasoningId, delta);
  }

  private closeText(): void {
    if (this.textId) {
      this.out({ type: "text-end", id: this.textId });
      this.textId = undefined;
    }
  }

  private closeReasoning(): void {
    if (this.reasoningId) {
      this.out({ type: "reasoning-end", id: this.reasoningId });
      this.reasoningId = undefined;
    }
  }

  private startCall(
    name: string,
    modelId: string | undefined,
    index: number | undefined,
    args?: string,
  ): OpenToolCall {
    this.ensureMetadata();
    this.closeReasoning();
    this.closeText();
    for (const open of [...this.openCalls]) {
      if (isParsableJson(open.args)) this.closeCall(open, true);
    }
    const call: OpenToolCall = { sdkId: this.ids.next(), modelId, name, index, args: "" };
    this.openCalls.push(call);
    this.toolCallCount++;
    this.out({ type: "tool-input-start", id: call.sdkId, toolName: name });
    if (args) this.appendArgs(call, args);
    return call;
  }

  private appendArgs(call: OpenToolCall, delta: string): void {
    if (!delta) return;
    call.args += delta;
    this.delta("tool-input-delta", call.sdkId, delta);
  }

  private closeCall(call: OpenToolCall, emitCall: boolean): void {
    const position = this.openCalls.indexOf(call);
    if (position === -1) return;
    this.openCalls.splice(position, 1);
    this.out({ type: "tool-input-end", id: call.sdkId });
    if (!emitCall) return;
    const providerMetadata = toolCallProviderMetadata(call.modelId);
    this.out({
      type: "tool-call",
      toolCallId: call.sdkId,
      toolName: call.name,
      input: call.args.trim() === "" ? "{}" : call.args,
      ...(providerMetadata ? { providerMetadata } : {}),
    });
  }

  private findOpenCall(index: number | undefined, id: string | undefined): OpenToolCall | undefined {
    const calls = this.openCalls;
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

  private lateWarning(message: string): void {
    this.options.warnings.push({ type: "other", message: clip(message) });
  }

  private sendMetadata(event: LanguageModelV4ResponseMetadata): void {
    if (this.metadataSent) return;
    this.metadataSent = true;
    this.out({
      type: "response-metadata",
      id: event.id ?? this.options.headers["cf-ai-req-id"],
      modelId: event.modelId ?? this.options.modelId,
      timestamp: event.timestamp ?? this.options.currentDate(),
    });
  }

  private ensureMetadata(): void {
    if (!this.metadataSent) this.sendMetadata({});
  }
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
  const sniff = new StreamSniffer();
  let assembler: ChatStreamAssembler;
  let emitted = 0;
  const onData = (data: string) => {
    sniff.event();
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
            assembler.end(sniff.notAStream());
            controller.close();
            return;
          }
          const chunk = result.value instanceof Uint8Array ? result.value : toBytes(result.value);
          sniff.observe(chunk);
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
    new StreamSniffer(),
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
  return new APICallError({
    message: `Workers AI stream broke before it was complete (${reason}); the text received so far was kept.`,
    url: options.url,
    requestBodyValues: options.requestBodyValues,
    responseHeaders: options.headers,
    cause: error,
    isRetryable: true,
  });
}

const SNIFF_BYTES = 512;

/** Remembers the first bytes and counts events, to explain a reply that carried no SSE event at all. */
class StreamSniffer {
  private events = 0;
  private bytes = 0;
  private head: Uint8Array[] = [];
  private headBytes = 0;

  /** Notes one chunk of the source (its size, and the first bytes). */
  observe(chunk: Uint8Array): void {
    this.bytes += chunk.byteLength;
    if (this.headBytes < SNIFF_BYTES) {
      const part = chunk.slice(0, SNIFF_BYTES - this.headBytes);
      this.head.push(part);
      this.headBytes += part.byteLength;
    }
  }

  /** Notes one decoded SSE event. */
  event(): void {
    this.events++;
  }

  /** Why the reply is not an SSE stream, or `undefined` when it carried at least one event. */
  notAStream(): { message: string; isRetryable: boolean } | undefined {
    if (this.events > 0) return undefined;
    if (this.bytes === 0) {
      return {
        message: "Workers AI returned an empty stream (no event, no [DONE]).",
        isRetryable: true,
      };
    }
    const head = new Uint8Array(this.headBytes);
    let offset = 0;
    for (const part of this.head) {
      head.set(part, offset);
      offset += part.byteLength;
    }
    const text = new TextDecoder().decode(head);
    // binary data is described, never quoted
    const binary = /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text);
    const what = binary
      ? `${this.bytes} bytes of binary data`
      : (parseErrorBody(text).message ?? "text without any data: line");
    return { message: `Workers AI sent a reply that is not an SSE stream: ${what}`, isRetryable: false };
  }
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
