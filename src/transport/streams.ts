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
 * `secrets` is replaced by a redacted copy.
 */
export function abortableStream<T>(
  source: ReadableStream<T>,
  signal: AbortSignal | undefined,
  secrets: readonly string[] = [],
): ReadableStream<T> {
  if (!signal && secrets.length === 0) return source;
  const reader = source.getReader();
  let onAbort: (() => void) | undefined;
  const cleanup = () => {
    if (onAbort) signal?.removeEventListener("abort", onAbort);
    onAbort = undefined;
  };
  return new ReadableStream<T>({
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
          controller.enqueue(value);
        }
      } catch (error) {
        cleanup();
        if (signal?.aborted) return; // already errored with the abort reason
        controller.error(isAbortError(error) ? error : redactCause(error, secrets));
      }
    },
    cancel(reason) {
      cleanup();
      return reader.cancel(reason);
    },
  });
}

/** A one-chunk byte stream. */
export function streamOfBytes(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (bytes.byteLength > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
}

/** Reads a whole byte stream (or a stream of strings/ArrayBuffers) into one `Uint8Array`. */
export async function readAllBytes(stream: ReadableStream<unknown>): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  const encoder = new TextEncoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const chunk = toBytes(value, encoder);
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

function toBytes(value: unknown, encoder: TextEncoder): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === "string") return encoder.encode(value);
  throw new TypeError(`unexpected stream chunk of type ${typeof value}`);
}

/** Reads a stream into text, decoding UTF-8. */
export async function readAllText(stream: ReadableStream<unknown>): Promise<string> {
  return new TextDecoder().decode(await readAllBytes(stream));
}
