/**
 * Workload 7, run in a child process started with `--expose-gc` (a fresh heap per subject): stream about
 * 100 MB of legacy SSE, generated lazily so the source retains nothing, through one consumer that keeps
 * only counters, and sample `process.memoryUsage()` as it goes.
 */
import { pathToFileURL } from "node:url";
import { createFakeBinding, generatedStream } from "./binding.mjs";
import { encodeEvents, legacyEvent, makeTokens } from "./fixtures.mjs";
import { createRandom, randomInt } from "./stats.mjs";

const SAMPLE_EVERY_PARTS = 512;
const SAMPLE_EVERY_CHUNKS = 16;
const GC_EVERY_BYTES = 8 * 1024 * 1024;

/** Runs one subject (`raw`, `provider` or `streamText`) and prints its result as JSON on stdout. */
export async function runMemoryChild({ subject, bytes, providerFile }) {
  globalThis.AI_SDK_LOG_WARNINGS = false;
  const tokens = makeTokens(4096, 11);
  const block = encodeEvents(tokens.map(legacyEvent));
  const random = createRandom(5);
  const sizes = Array.from({ length: 1024 }, () => randomInt(random, 1, 4096));
  const tail = encodeEvents([
    `data: ${JSON.stringify({ response: "", usage: { prompt_tokens: 12, completion_tokens: 1, total_tokens: 13 } })}\n\n`,
    "data: [DONE]\n\n",
  ]);
  let streamedBytes = 0;
  let chunks = 0;
  const source = () =>
    generatedStream(block, sizes, bytes, tail).pipeThrough(
      new TransformStream({
        transform(chunk, controller) {
          streamedBytes += chunk.length;
          // sampled on the source too: the provider joins a read's deltas, so its parts are few and far apart
          if (++chunks % SAMPLE_EVERY_CHUNKS === 0) sample();
          controller.enqueue(chunk);
        },
      }),
    );

  const { createWorkersAI } = await import(pathToFileURL(providerFile).href);
  const { streamText } = await import("ai");
  const binding = createFakeBinding(() => source());
  const model = createWorkersAI({ binding })("@cf/meta/llama-3.1-8b-instruct");

  globalThis.gc();
  globalThis.gc();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakArrayBuffers = base.arrayBuffers;
  let peakLive = base.heapUsed;
  let nextGcAt = GC_EVERY_BYTES;
  let counter = 0;
  let textLength = 0;
  let events = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    if (usage.heapUsed > peakHeap) peakHeap = usage.heapUsed;
    if (usage.arrayBuffers > peakArrayBuffers) peakArrayBuffers = usage.arrayBuffers;
    if (streamedBytes >= nextGcAt) {
      // live memory: what is still reachable, with garbage collected
      nextGcAt += GC_EVERY_BYTES;
      globalThis.gc();
      const live = process.memoryUsage().heapUsed;
      if (live > peakLive) peakLive = live;
    }
  };
  const tick = () => {
    if (++counter % SAMPLE_EVERY_PARTS === 0) sample();
  };

  const start = performance.now();
  if (subject === "raw") {
    const reader = source().getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let lineStart = 0;
      let end = buffer.indexOf("\n", lineStart);
      while (end !== -1) {
        if (buffer.startsWith("data: ", lineStart)) {
          const data = buffer.slice(lineStart + 6, end);
          if (data !== "[DONE]") {
            events++;
            const event = JSON.parse(data);
            if (typeof event.response === "string") textLength += event.response.length;
            tick();
          }
        }
        lineStart = end + 1;
        end = buffer.indexOf("\n", lineStart);
      }
      buffer = buffer.slice(lineStart);
    }
  } else if (subject === "provider") {
    const { stream } = await model.doStream({
      prompt: [{ role: "user", content: [{ type: "text", text: "Hi" }] }],
    });
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value.type === "text-delta") {
        events++;
        textLength += value.delta.length;
      } else if (value.type === "error") throw value.error;
      tick();
    }
  } else if (subject === "streamText") {
    const result = streamText({ model, prompt: "Hi" });
    for await (const part of result.fullStream) {
      if (part.type === "text-delta") {
        events++;
        textLength += part.text.length;
      } else if (part.type === "error") throw part.error;
      tick();
    }
  } else {
    throw new Error(`unknown memory subject ${subject}`);
  }
  const seconds = (performance.now() - start) / 1000;
  sample();
  process.stdout.write(
    JSON.stringify({
      subject,
      bytes: streamedBytes,
      events,
      textLength,
      seconds,
      baseHeap: base.heapUsed,
      peakHeapGrowth: peakHeap - base.heapUsed,
      peakLiveGrowth: peakLive - base.heapUsed,
      peakArrayBuffersGrowth: peakArrayBuffers - base.arrayBuffers,
    }),
  );
}
