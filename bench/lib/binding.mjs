/**
 * A fake in-process `env.AI` binding: `run()` returns what the real binding returns — a
 * `ReadableStream<Uint8Array>` of SSE bytes for streams, plain objects for JSON replies — with no I/O,
 * so the benchmark measures the provider and nothing else.
 */

/** A binding whose `run` answers with `reply(model, inputs, options)`; swap `reply` between workloads. */
export function createFakeBinding(reply) {
  const binding = {
    reply,
    calls: 0,
    async run(model, inputs, options) {
      binding.calls++;
      return binding.reply(model, inputs, options);
    },
  };
  return binding;
}

/** A byte stream that hands out `chunks` one per pull, as a network body does when data is waiting. */
export function streamOfChunks(chunks) {
  let index = 0;
  return new ReadableStream({
    pull(controller) {
      if (index < chunks.length) controller.enqueue(chunks[index++]);
      else controller.close();
    },
  });
}

/**
 * A byte stream that releases one chunk every `intervalMs` (the model "typing") and writes the
 * `performance.now()` of each release into `releases`.
 */
export function timedStream(chunks, intervalMs, releases) {
  let timer;
  return new ReadableStream({
    start(controller) {
      let index = 0;
      const tick = () => {
        if (index === chunks.length) {
          controller.close();
          return;
        }
        releases[index] = performance.now();
        controller.enqueue(chunks[index++]);
        timer = setTimeout(tick, intervalMs);
      };
      timer = setTimeout(tick, intervalMs);
    },
    cancel() {
      clearTimeout(timer);
    },
  });
}

/**
 * A byte stream of about `totalBytes` produced lazily from a repeating block of events (nothing of it
 * is retained by the source), cut into chunks of the sizes in `sizes` (cycled), followed by `tail`.
 */
export function generatedStream(block, sizes, totalBytes, tail) {
  let sent = 0;
  let offset = 0;
  let sizeIndex = 0;
  let tailSent = false;
  return new ReadableStream({
    pull(controller) {
      // stop only at the end of a block, which is the end of an event
      if (sent >= totalBytes && offset === 0) {
        if (tailSent) controller.close();
        else {
          tailSent = true;
          controller.enqueue(tail);
        }
        return;
      }
      const size = Math.min(sizes[sizeIndex++ % sizes.length], block.length - offset);
      // a fresh copy, as the network hands out fresh buffers
      controller.enqueue(block.slice(offset, offset + size));
      offset = (offset + size) % block.length;
      sent += size;
    },
  });
}
