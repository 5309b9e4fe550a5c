/**
 * Hangs and cost found by an adversarial review: a stream that sends `[DONE]` and keeps the connection
 * open, one very long SSE event arriving in small chunks, and aborts over REST with a custom `fetch`
 * that ignores its signal.
 */
import { generateText, streamText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkersAI } from "../../src";
import { SseDecoder } from "../../src/transport/sse";
import {
  collectUnhandledRejections,
  encoder,
  fakeBinding,
  httpChunk,
  type RawServer,
  SourceTracker,
  settle,
  sleep,
  sse,
  startRawServer,
  withinMs,
} from "./helpers";

const MODEL = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
const textEvent = (text: string) => `data: ${JSON.stringify({ response: text })}`;
const unhandled = collectUnhandledRejections();
afterAll(() => unhandled.dispose());

describe("[DONE] then an open connection", () => {
  const events = sse([textEvent("Hello"), textEvent(" world"), "data: [DONE]", textEvent(" AFTER-DONE")]);

  it("binding: streamText finishes at [DONE], ignores what follows and cancels the source", async () => {
    const tracker = new SourceTracker();
    const binding = fakeBinding(() => tracker.stream([encoder.encode(events)], { stall: true }));
    const result = streamText({ model: createWorkersAI({ binding })(MODEL), prompt: "hi" });
    const text = await withinMs(Promise.resolve(result.text), 2_000, "streamText after [DONE]");
    expect(text).toBe("Hello world");
    expect(await result.finishReason).toBe("stop");
    expect(tracker.cancelled).toBe(1);
    expect(tracker.open).toBe(0);
  });

  it("binding: [DONE] in its own chunk, later chunks never read", async () => {
    const tracker = new SourceTracker();
    const chunks = [sse([textEvent("one")]), sse(["data: [DONE]"]), sse([textEvent("two")])].map((text) =>
      encoder.encode(text),
    );
    const binding = fakeBinding(() => tracker.stream(chunks, { stall: true }));
    const text = await withinMs(
      Promise.resolve(streamText({ model: createWorkersAI({ binding })(MODEL), prompt: "hi" }).text),
      2_000,
      "streamText",
    );
    expect(text).toBe("one");
    expect(tracker.cancelled).toBe(1);
  });

  describe("REST", () => {
    let raw: RawServer;
    beforeAll(async () => {
      raw = await startRawServer();
    });
    afterAll(() => raw.close());

    it("a server that keeps the connection open after [DONE]: the call finishes and closes it", async () => {
      raw.reply = [
        "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n",
        httpChunk(events),
        "hang",
      ];
      const provider = createWorkersAI({ accountId: "acct", apiKey: "key", baseURL: raw.url });
      const text = await withinMs(
        Promise.resolve(streamText({ model: provider(MODEL), prompt: "hi" }).text),
        2_000,
        "REST streamText after [DONE]",
      );
      expect(text).toBe("Hello world");
      const closed = async () => {
        for (let i = 0; i < 100 && !raw.requests.at(-1)?.closedByClient; i++) await sleep(10);
        return raw.requests.at(-1)?.closedByClient;
      };
      expect(await closed()).toBe(true);
    });
  });
});

describe("one long SSE event", () => {
  /**
   * CPU time (microseconds) to decode one event of `megabytes` MB fed in 16 KiB chunks: CPU time, not
   * wall time, so that other processes on a busy machine do not count.
   */
  function decodeTime(megabytes: number): number {
    const chunk = encoder.encode("x".repeat(16 * 1024));
    const count = (megabytes * 1024 * 1024) / chunk.byteLength;
    const decoder = new SseDecoder();
    let length = 0;
    const started = process.cpuUsage();
    decoder.push(encoder.encode("data: "), () => {});
    for (let i = 0; i < count; i++) decoder.push(chunk, () => {});
    decoder.push(encoder.encode("\n\n"), (data) => {
      length = data.length;
    });
    const used = process.cpuUsage(started);
    expect(length).toBe(megabytes * 1024 * 1024);
    return used.user + used.system;
  }

  it("costs linear time: 8 MB take about 4× the CPU time of 2 MB (limit 5×; quadratic decoding took 13–15×)", () => {
    // warm-up at the larger size grows the heap once; then the best of several interleaved runs, since
    // the machine's other work only ever adds time. Alone it measures 4.2–4.35×; GC threads under a full
    // parallel suite add up to ~0.3, hence the limit of 5 (still far below the quadratic 13–15×).
    decodeTime(8);
    decodeTime(8);
    let small = Number.POSITIVE_INFINITY;
    let large = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 7; round++) {
      small = Math.min(small, decodeTime(2));
      large = Math.min(large, decodeTime(8));
    }
    expect(large / small).toBeLessThanOrEqual(5);
  });

  it("arrives whole through streamText", async () => {
    const text = "y".repeat(4 * 1024 * 1024);
    const bytes = encoder.encode(sse([textEvent(text), "data: [DONE]"]));
    const chunks: Uint8Array[] = [];
    for (let offset = 0; offset < bytes.byteLength; offset += 16 * 1024)
      chunks.push(bytes.subarray(offset, offset + 16 * 1024));
    const tracker = new SourceTracker();
    const binding = fakeBinding(() => tracker.stream(chunks));
    const result = streamText({ model: createWorkersAI({ binding })(MODEL), prompt: "hi" });
    expect((await result.text).length).toBe(text.length);
  });
});

describe("REST abort with a custom fetch that ignores the signal", () => {
  /** A fetch that never looks at its signal and answers only after `ms`. */
  function deafFetch(ms: number) {
    const calls: string[] = [];
    const fetch = async (input: RequestInfo | URL) => {
      calls.push(String(input));
      await sleep(ms);
      return new Response(JSON.stringify({ result: { response: "late" }, success: true }), {
        headers: { "content-type": "application/json" },
      });
    };
    return { calls, fetch };
  }

  for (const api of ["generateText", "streamText"] as const) {
    it(`${api}: settles within 100 ms of the abort`, async () => {
      const { calls, fetch } = deafFetch(2_000);
      const provider = createWorkersAI({ accountId: "acct", apiKey: "key", fetch });
      const controller = new AbortController();
      const call =
        api === "generateText"
          ? generateText({
              model: provider(MODEL),
              prompt: "hi",
              abortSignal: controller.signal,
              maxRetries: 0,
            })
          : Promise.resolve(
              streamText({
                model: provider(MODEL),
                prompt: "hi",
                abortSignal: controller.signal,
                onError: () => {},
              }).text,
            );
      const settled = call.then(
        () => "resolved",
        () => "rejected",
      );
      await sleep(20);
      expect(calls).toHaveLength(1);
      const abortedAt = performance.now();
      controller.abort();
      await withinMs(settled, 100, `${api} after abort`);
      expect(performance.now() - abortedAt).toBeLessThan(100);
      await settle();
    });
  }

  it("with an already-aborted signal, fetch is never called", async () => {
    const { calls, fetch } = deafFetch(0);
    const provider = createWorkersAI({ accountId: "acct", apiKey: "key", fetch });
    await expect(
      generateText({
        model: provider(MODEL),
        prompt: "hi",
        abortSignal: AbortSignal.abort(),
        maxRetries: 0,
      }),
    ).rejects.toThrow();
    expect(calls).toHaveLength(0);
  });

  it("leaves no unhandled rejection", async () => {
    await settle();
    expect(unhandled.reasons).toEqual([]);
  });
});
