/** Audio sources and readers shared by the realtime tests. */

/** 0.1 s of non-silent 16 kHz PCM (one emulated word). */
export const SPEECH = new Uint8Array(3200).map((_, i) => (i % 251) + 1);
/** 0.1 s of silent 16 kHz PCM (ends an utterance in the emulator). */
export const SILENCE = new Uint8Array(3200);

/** A finite audio stream of the given chunks. */
export function audioChunks(chunks: ReadonlyArray<Uint8Array | string>): ReadableStream<Uint8Array | string> {
  return new ReadableStream<Uint8Array | string>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

/**
 * Wraps a source so a test can tell when the consumer released it. With `endless`, speech chunks keep
 * coming every 10 ms after the source ends (a live microphone), until the stream is cancelled.
 */
export function trackedStream(
  source: ReadableStream<Uint8Array | string>,
  options: { endless?: boolean } = {},
): { stream: ReadableStream<Uint8Array | string>; cancelled: Promise<unknown> } {
  let resolveCancelled!: (reason: unknown) => void;
  const cancelled = new Promise<unknown>((resolve) => {
    resolveCancelled = resolve;
  });
  const reader = source.getReader();
  let sourceDone = false;
  const stream = new ReadableStream<Uint8Array | string>({
    async pull(controller) {
      if (!sourceDone) {
        const { done, value } = await reader.read();
        if (!done) {
          controller.enqueue(value);
          return;
        }
        sourceDone = true;
      }
      if (!options.endless) {
        controller.close();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
      controller.enqueue(SPEECH);
    },
    cancel(reason) {
      resolveCancelled(reason);
    },
  });
  return { stream, cancelled };
}

/** Reads a part stream to the end. */
export async function collectParts<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const parts: T[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}
