/**
 * Load: 1,000 concurrent `streamText` streams through the provider in Node (a fake `env.AI`), 200
 * over REST against the emulator on 127.0.0.1, and 200 inside workerd against the emulator (one
 * Miniflare instance, a Worker that runs them at once); every stream's text is checked. The heap
 * after the run returns to within 10% of before (measured after full GCs; skipped, and said so,
 * when no GC function is available). A 20 MB stream passes with bounded memory (100 MB in
 * `npm run test:soak`).
 */
import { streamText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleWorker, type RunningWorker, startWorker } from "../../examples/lib/workers.mjs";
import { createWorkersAI } from "../../src";
import { createWorkersAIEmulator } from "../../src/testing";
import { runBigStream } from "./big-stream";
import {
  collectUnhandledRejections,
  encoder,
  fakeBinding,
  getGc,
  heapAfterGc,
  SourceTracker,
  settle,
  sse,
  withinMs,
} from "./helpers";

const LLAMA = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
const STREAMS = Number(process.env.RELIABILITY_LOAD_STREAMS ?? 1_000);
/** Text events per stream (`streamText` costs ~10 ms per stream at this concurrency, mostly the SDK and GC). */
const EVENTS_PER_STREAM = Number(process.env.RELIABILITY_LOAD_EVENTS ?? 3);
const MB = 1024 * 1024;
/** Generous: a hang, not a slow machine, should fail the load test. */
const LOAD_TIMEOUT_MS = Math.max(120_000, STREAMS * EVENTS_PER_STREAM * 5);
const unhandled = collectUnhandledRejections();

afterAll(() => unhandled.dispose());

/** The text stream `index` must deliver. */
const expectedText = (index: number) =>
  Array.from({ length: EVENTS_PER_STREAM }, (_, token) => `s${index}t${token} `).join("");

/**
 * Runs `count` streams at once through a fake binding whose replies all wait at a gate until every
 * stream has started, so they are truly concurrent; returns how many were in flight together.
 */
async function concurrentStreams(
  count: number,
): Promise<{ peak: number; wrong: number[]; tracker: SourceTracker }> {
  const tracker = new SourceTracker();
  let open = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let started = 0;
  let peak = 0;
  const binding = fakeBinding((call) => {
    const index = Number(/stream (\d+)/.exec(JSON.stringify(call.inputs))?.[1]);
    started++;
    peak = Math.max(peak, started);
    if (started === count) open();
    const events = Array.from({ length: EVENTS_PER_STREAM }, (_, token) =>
      encoder.encode(sse([`data: ${JSON.stringify({ response: `s${index}t${token} ` })}`])),
    );
    events.push(encoder.encode(sse(["data: [DONE]"])));
    const source = tracker.stream(events);
    // the first chunk waits for the gate
    const reader = source.getReader();
    let first = true;
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (first) {
          first = false;
          await gate;
        }
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    });
  });
  const workersai = createWorkersAI({ binding });
  const texts = await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const result = streamText({ model: workersai(LLAMA), prompt: `stream ${index}` });
      let text = "";
      for await (const delta of result.textStream) text += delta;
      return text;
    }),
  );
  const wrong = texts.flatMap((text, index) => (text === expectedText(index) ? [] : [index]));
  return { peak, wrong, tracker };
}

describe("load in Node", () => {
  it(
    `${STREAMS} concurrent streamText streams complete correctly and the heap returns to within 10%`,
    async () => {
      const gc = await getGc();
      // warm-up: module state, JIT and lazily created caches are not a leak
      await concurrentStreams(Math.min(100, STREAMS));
      const before = gc ? await heapAfterGc(gc) : undefined;

      const { peak, wrong, tracker } = await withinMs(
        concurrentStreams(STREAMS),
        120_000,
        `${STREAMS} streams`,
      );
      expect(peak).toBe(STREAMS);
      expect(wrong).toEqual([]);
      expect(tracker.finished).toBe(STREAMS);
      expect(tracker.open).toBe(0);

      if (!gc || before === undefined) {
        console.info("load: no GC function available; the heap check was skipped");
        return;
      }
      const after = await heapAfterGc(gc);
      expect(
        after,
        `heap before ${(before / MB).toFixed(1)} MB, after ${(after / MB).toFixed(1)} MB`,
      ).toBeLessThanOrEqual(before * 1.1);
      await settle();
      expect(unhandled.reasons).toEqual([]);
    },
    LOAD_TIMEOUT_MS + 60_000,
  );

  it("200 concurrent streams over REST against the emulator on 127.0.0.1 complete correctly", async () => {
    const emulator = createWorkersAIEmulator();
    const server = await emulator.listen();
    try {
      const workersai = createWorkersAI({
        accountId: "emulator-account",
        apiKey: "key",
        baseURL: `${server.url}/client/v4`,
      });
      const texts = await withinMs(
        Promise.all(
          Array.from({ length: 200 }, async (_, index) => {
            const result = streamText({ model: workersai(LLAMA), prompt: `Repeat: rest stream ${index}` });
            let text = "";
            for await (const delta of result.textStream) text += delta;
            return text;
          }),
        ),
        30_000,
        "200 REST streams",
      );
      expect(texts).toEqual(texts.map((_, index) => `rest stream ${index}`));
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe("bounded memory", () => {
  it.each(["binding", "rest"] as const)(
    "a 20 MB stream over %s passes without being buffered",
    async (transport) => {
      const report = await withinMs(runBigStream(20, transport), 30_000, `20 MB over ${transport}`);
      expect(report.textLength).toBe(report.expectedTextLength);
      expect(report.finishReason).toBe("stop");
      expect(report.openSources).toBe(0);
      expect(report.checkpoints).toBeGreaterThanOrEqual(4);
      if (report.gcAvailable) {
        // buffering the stream would keep ≥ 20 MB alive; a streaming provider keeps a few chunks
        expect(
          report.maxGrowthAfterGc,
          `max growth ${((report.maxGrowthAfterGc ?? 0) / MB).toFixed(2)} MB`,
        ).toBeLessThan(10 * MB);
      } else {
        expect(report.maxGrowthRaw).toBeLessThan(20 * MB);
      }
    },
  );
});

describe("load in workerd", () => {
  let worker: RunningWorker | undefined;
  beforeAll(async () => {
    worker = await startWorker({
      script: await bundleWorker("test/reliability/workers/load-worker.ts"),
      emulator: {},
    });
  });
  afterAll(async () => {
    await worker?.dispose();
  });

  it("200 concurrent streamText streams inside one workerd instance complete correctly", async () => {
    const response = await withinMs(
      fetch(worker?.url ?? "", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ n: 200, model: LLAMA }),
      }),
      60_000,
      "200 streams in workerd",
    );
    const body = (await response.json()) as {
      results: Array<{ text?: string; deltas?: number; finishReason?: string; error?: string }>;
      peak: number;
    };
    expect(body.results).toHaveLength(200);
    expect(body.peak).toBe(200);
    body.results.forEach((result, index) => {
      expect(result.error, `stream ${index}`).toBeUndefined();
      expect(result.text, `stream ${index}`).toBe(`stream number ${index}`);
      expect(result.deltas, `stream ${index} streamed token by token`).toBeGreaterThan(1);
      expect(result.finishReason).toBe("stop");
    });
  });
});
