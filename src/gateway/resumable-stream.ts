import { delay } from "@ai-sdk/provider-utils";
import { abortReason } from "../transport/streams";
import { resumeURL } from "../transport/urls";
import {
  createGatewayError,
  GatewayDelegateError,
  type GatewayErrorContext,
  WorkersAIGatewayError,
} from "./errors";
import type { GatewayWireFormat } from "./registry";
import type { GatewayBinding, ResumeExpiredPolicy } from "./types";

/** Default reconnect attempts per drop (attempts without a new event in between). */
export const DEFAULT_MAX_RECONNECTS = 3;
const DEFAULT_BACKOFF_MS = 200;

/** Options of {@link createResumableStream}. */
export interface ResumableStreamOptions {
  /** The Workers AI binding (`env.AI`); its `fetch` reaches the resume endpoint. */
  binding: GatewayBinding;
  /** Gateway id the run went through. */
  gateway: string;
  /** `cf-aig-run-id` of the run. */
  runId: string;
  /** The live run-path body to read first (omit to re-attach from `eventOffset`, e.g. after eviction). */
  initial?: ReadableStream<Uint8Array>;
  /** Complete SSE events already delivered (persisted through `onProgress`); the stream starts after them. */
  eventOffset?: number;
  /** The 4.x name of `eventOffset`. */
  fromEvent?: number;
  /** Stops reading and reconnecting at once. */
  abortSignal?: AbortSignal;
  /** The 4.x name of `abortSignal`. */
  signal?: AbortSignal;
  /** Called with the absolute number of complete events delivered so far. */
  onProgress?: (eventOffset: number) => void;
  /** Called before each reconnect with the event index it resumes from and the attempt number (1, 2, …). */
  onReconnect?: (fromEvent: number, attempt: number) => void;
  /** Expired buffer: `"error"` (default) fails the stream, `"accept-partial"` ends it cleanly. */
  onResumeExpired?: ResumeExpiredPolicy;
  /** Reconnect attempts without progress before the stream fails (default 3). */
  maxReconnects?: number;
  /** First backoff delay in ms, doubled per attempt (default 200). */
  backoffMs?: number;
}

/** Internal extras: end-of-run detection and reconnect reporting. */
export interface ResumableStreamInternals {
  /** The live run-path stream (the internal name of `initial`). */
  source?: ReadableStream<Uint8Array>;
  /** Wire format, to recognise the event that ends a run (a clean end before it is a drop). */
  wire?: GatewayWireFormat;
  /** Context for errors. */
  context?: GatewayErrorContext;
  /** Called before each reconnect, with its cause. */
  reportReconnect?: (info: { attempt: number; from: number; cause: unknown }) => void;
  /** Called when the buffer had expired and the stream ended early under `accept-partial`. */
  onExpiredPartial?: () => void;
}

/**
 * Re-attaches to a run-path stream from `eventOffset` (e.g. after a Worker or Durable Object restart)
 * and keeps it alive across transient drops: only complete SSE events are emitted, reconnects resume
 * from the last complete event, so no byte is duplicated or lost.
 *
 * @example
 * ```ts
 * const stream = createResumableStream({ binding: env.AI, gateway: "default", runId, eventOffset });
 * return new Response(stream, { headers: { "content-type": "text/event-stream" } });
 * ```
 */
export function createResumableStream(
  options: ResumableStreamOptions & ResumableStreamInternals,
): ReadableStream<Uint8Array> {
  const signal = options.abortSignal ?? options.signal;
  const maxReconnects = options.maxReconnects ?? DEFAULT_MAX_RECONNECTS;
  const backoffMs = options.backoffMs ?? DEFAULT_BACKOFF_MS;
  const isEnd = endOfRunDetector(options.wire);
  const context: GatewayErrorContext = {
    transport: "run",
    gateway: options.gateway,
    runId: options.runId,
    ...options.context,
  };
  let delivered = options.eventOffset ?? options.fromEvent ?? 0;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined = (
    options.source ?? options.initial
  )?.getReader();
  let pending: Uint8Array = new Uint8Array(0);
  let sawEnd = false;
  let failures = 0;
  let resumedWithoutBytes = false;
  let lastDrop: unknown;
  let connectNext = !reader;
  let closed = false;
  let onAbort: (() => void) | undefined;

  const cleanup = () => {
    if (onAbort && signal) signal.removeEventListener("abort", onAbort);
    onAbort = undefined;
  };

  /** Reconnects (after backoff); returns false when the stream must end cleanly (expired, accept-partial). */
  const connect = async (): Promise<boolean> => {
    for (;;) {
      if (signal?.aborted) throw abortReason(signal);
      if (failures > 0) {
        if (failures > maxReconnects) {
          throw new WorkersAIGatewayError({
            code: "gateway-error",
            message: `AI Gateway stream for run ${options.runId} dropped and ${maxReconnects} reconnects failed: ${describe(lastDrop)}`,
            recoverable: true,
            context,
            url: resumeURL(options.gateway, options.runId, delivered),
            cause: lastDrop,
          });
        }
        options.reportReconnect?.({ attempt: failures, from: delivered, cause: lastDrop });
        options.onReconnect?.(delivered, failures);
        await delay(backoffMs * 2 ** (failures - 1), { abortSignal: signal });
      }
      if (typeof options.binding.fetch !== "function") {
        throw new WorkersAIGatewayError({
          code: "gateway-error",
          message:
            "Cannot resume the stream: this binding has no fetch() (the resume endpoint needs the Workers AI binding).",
          recoverable: false,
          context,
          cause: lastDrop,
        });
      }
      const url = resumeURL(options.gateway, options.runId, delivered);
      let response: Response;
      try {
        response = await options.binding.fetch(url, { method: "GET", signal });
      } catch (error) {
        if (signal?.aborted) throw abortReason(signal);
        lastDrop = error;
        failures++;
        continue;
      }
      if (response.ok && response.body) {
        reader = response.body.getReader();
        resumedWithoutBytes = true;
        return true;
      }
      const body = await response.text().catch(() => "");
      if (response.status === 404 && /not found/i.test(body || "not found")) {
        if ((options.onResumeExpired ?? "error") === "accept-partial") {
          options.onExpiredPartial?.();
          return false;
        }
        const expired = createGatewayError({
          status: 404,
          body,
          context,
          url,
          requestBodyValues: undefined,
          secrets: [],
          forceCode: "resume-expired",
        });
        throw new GatewayDelegateError("resume-expired", expired.message, expired);
      }
      const error = createGatewayError({
        status: response.status,
        body,
        context,
        url,
        requestBodyValues: undefined,
        secrets: [],
      });
      if (!error.recoverable) throw error;
      lastDrop = error;
      failures++;
    }
  };

  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (!signal) return;
      onAbort = () => {
        cleanup();
        if (closed) return;
        closed = true;
        const reason = abortReason(signal);
        try {
          controller.error(reason);
        } catch {
          // already errored
        }
        reader?.cancel(reason).catch(() => {});
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    },
    async pull(controller) {
      try {
        for (;;) {
          if (closed) return;
          if (connectNext) {
            connectNext = false;
            if (!(await connect())) {
              finish(controller);
              return;
            }
          }
          let result: ReadableStreamReadResult<Uint8Array>;
          try {
            result = await reader!.read();
          } catch (error) {
            if (signal?.aborted) return;
            dropped(error);
            continue;
          }
          if (closed) return;
          if (result.done) {
            // a clean end is the end of the run when its last event said so, or a resume had nothing more
            if (sawEnd || !isEnd || resumedWithoutBytes) {
              if (pending.byteLength > 0 && (sawEnd || !isEnd)) controller.enqueue(pending);
              pending = new Uint8Array(0);
              finish(controller);
              return;
            }
            dropped(new Error("the stream ended before the run finished"));
            continue;
          }
          if (result.value.byteLength === 0) continue;
          resumedWithoutBytes = false;
          pending = pending.byteLength === 0 ? result.value : concat(pending, result.value);
          const { events, rest } = splitEvents(pending);
          pending = rest;
          if (events.length === 0) continue;
          const chunk = events.length === 1 ? events[0] : concat(...events);
          for (const event of events) if (isEnd?.(event)) sawEnd = true;
          delivered += events.length;
          failures = 0;
          controller.enqueue(chunk);
          options.onProgress?.(delivered);
          return;
        }
      } catch (error) {
        if (closed) return;
        closed = true;
        cleanup();
        controller.error(signal?.aborted ? abortReason(signal) : error);
      }
    },
    cancel(reason) {
      closed = true;
      cleanup();
      return reader?.cancel(reason);
    },
  });

  function dropped(error: unknown) {
    reader?.cancel(error).catch(() => {});
    reader = undefined;
    pending = new Uint8Array(0);
    lastDrop = error;
    failures++;
    connectNext = true;
  }

  function finish(controller: ReadableStreamDefaultController<Uint8Array>) {
    closed = true;
    cleanup();
    controller.close();
  }
}

/** Splits bytes into complete SSE events (each ending with a blank line: `\n\n` or `\r\n\r\n`) and the rest. */
export function splitEvents(bytes: Uint8Array): { events: Uint8Array[]; rest: Uint8Array } {
  const events: Uint8Array[] = [];
  let start = 0;
  for (let i = 1; i < bytes.byteLength; i++) {
    if (bytes[i] !== 10) continue;
    const blank = bytes[i - 1] === 10 || (bytes[i - 1] === 13 && i >= 2 && bytes[i - 2] === 10);
    if (!blank || i - 1 < start) continue;
    events.push(bytes.subarray(start, i + 1));
    start = i + 1;
  }
  return { events, rest: start === 0 ? bytes : bytes.subarray(start) };
}

const textDecoder = /* @__PURE__ */ new TextDecoder();

/** Recognises the event that ends a run in a wire format (`[DONE]`, `message_stop`, a Gemini finish reason). */
function endOfRunDetector(wire: GatewayWireFormat | undefined): ((event: Uint8Array) => boolean) | undefined {
  switch (wire) {
    case "openai":
      return (event) => /^data:\s?\[DONE\]\s*$/m.test(textDecoder.decode(event));
    case "anthropic":
      return (event) => {
        const text = textDecoder.decode(event);
        return /^event:\s?message_stop\s*$/m.test(text) || /"type"\s*:\s*"message_stop"/.test(text);
      };
    case "google":
      return (event) => /"finishReason"\s*:/.test(textDecoder.decode(event));
    default:
      return undefined;
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.byteLength;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
