import { isAbortError } from "@ai-sdk/provider-utils";
import { redactCause } from "./errors";

/** The reason an aborted signal carries, as an `AbortError` if it has none. */
export function abortReason(signal: AbortSignal): unknown {
  if (signal.reason !== undefined) return signal.reason;
  return new DOMException("This operation was aborted", "AbortError");
}

/**
 * Wraps a stream so that aborting `signal` errors it at once and cancels the source, even when
 * the source is stalled and would never deliver another chunk. A read error that quotes one of
 * `secrets` (an abort error too) is replaced by a redacted copy. `map` converts each chunk (a binding's
 * stream may send text: {@link toBytes}). Without a signal or secrets, the source goes through as it is (no
 * extra hop before the first chunk): its readers take text chunks themselves.
 */
export function abortableStream<T, U = T>(
  source: ReadableStream<T>,
  signal: AbortSignal | undefined,
  secrets: readonly string[] = [],
  map?: (value: T) => U,
): ReadableStream<U> {
  if (!signal && secrets.length === 0) return source as unknown as ReadableStream<U>;
  const reader = source.getReader();
  let onAbort: (() => void) | undefined;
  const cleanup = () => {
    if (onAbort) signal?.removeEventListener("abort", onAbort);
    onAbort = undefined;
  };
  return new ReadableStream<U>({
    start(controller) {
      if (!signal) return;
      onAbort = () => {
        cleanup();
        const reason = abortReason(signal);
        try {
          controller.error(reason);
        } catch {
          // already closed or errored
        }
        reader.cancel(reason).catch(() => {});
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    },
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          cleanup();
          controller.close();
        } else {
          controller.enqueue(map ? map(value) : (value as unknown as U));
        }
      } catch (error) {
        cleanup();
        if (signal?.aborted) return; // already errored with the abort reason
        controller.error(redactCause(error, secrets));
        reader.cancel(error).catch(() => {});
      }
    },
    cancel(reason) {
      cleanup();
      return reader.cancel(reason);
    },
  });
}

/**
 * Settles with `run`, or rejects with the abort reason as soon as `signal` aborts (at once when it
 * already has): a binding or a custom `fetch` that ignores its signal must not hang the call. A value that
 * arrives after the abort is handed to `discard` (to cancel its stream).
 */
export function untilAborted<T>(
  run: Promise<T>,
  signal: AbortSignal | undefined,
  discard: (late: T) => void = cancelLate,
): Promise<T> {
  if (!signal) return run;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      reject(abortReason(signal));
      run.then(discard, () => {});
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    run.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Calls a binding method, giving up as soon as `signal` aborts (see {@link untilAborted}); a failure
 * becomes `onError(error)`, or the abort reason once the signal has fired.
 */
export async function raceBindingCall<T>(
  call: () => Promise<T>,
  signal: AbortSignal | undefined,
  onError: (error: unknown) => unknown,
  discard?: (late: T) => void,
): Promise<T> {
  if (signal?.aborted) throw abortReason(signal);
  try {
    // a binding double may answer with a plain value
    return await untilAborted(Promise.resolve(call()), signal, discard);
  } catch (error) {
    throw signal?.aborted ? abortReason(signal) : onError(error);
  }
}

/** Cancels the stream (or `Response` body) of a result that arrived after its caller gave up. */
export function cancelLate(late: unknown, signal?: AbortSignal): void {
  const stream = late instanceof Response ? late.body : late;
  if (stream instanceof ReadableStream) stream.cancel(signal && abortReason(signal)).catch(() => {});
}

/** Whether a failure is an abort: `signal` fired, or it is an AbortError (not an `Error` on every runtime). */
export function isAbort(error: unknown, signal?: AbortSignal): boolean {
  return (
    signal?.aborted === true ||
    isAbortError(error) ||
    (typeof error === "object" && error !== null && (error as { name?: unknown }).name === "AbortError")
  );
}

/** A stream of the given items, already complete. */
export function streamOf<T>(items: readonly T[]): ReadableStream<T> {
  return new ReadableStream<T>({
    start(controller) {
      for (const item of items) controller.enqueue(item);
      controller.close();
    },
  });
}

/** A one-chunk byte stream (no chunk for no bytes). */
export function streamOfBytes(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return streamOf(bytes.byteLength > 0 ? [bytes] : []);
}

/** Reads a whole byte stream (or a stream of strings/ArrayBuffers) into one `Uint8Array`. */
export async function readAllBytes(stream: ReadableStream<unknown>): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const chunk = toBytes(value);
    chunks.push(chunk);
    length += chunk.byteLength;
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

const encoder = /* @__PURE__ */ new TextEncoder();

/** A stream chunk as bytes: a binding may send text (UTF-8 encoded here) or other buffer views. */
export function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === "string") return encoder.encode(value);
  throw new TypeError(`unexpected stream chunk of type ${typeof value}`);
}
