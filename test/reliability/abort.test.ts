/**
 * Abort at every point of a call, over the binding (fake `env.AI`) and REST (a raw server on
 * 127.0.0.1 that shows when the client closes the connection): before dispatch, while waiting for
 * headers, mid-stream, and during a resume reconnect (gateway run path). Each time the promise or
 * stream settles within {@link SETTLE_MS} of the abort, the underlying source is cancelled (the
 * fake's `cancel` ran, the binding saw its signal abort, the server saw the connection close), and
 * no reader or timer is left behind.
 */
import { generateText, streamText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkersAI } from "../../src";
import { openai } from "../../src/plugins/openai";
import {
  activeResources,
  collectUnhandledRejections,
  encoder,
  eventually,
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

const SETTLE_MS = 100;
const LLAMA = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
const textEvent = (text: string) => `data: ${JSON.stringify({ response: text })}`;
const sseHead = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";

type Api = "streamText" | "generateText";

interface Outcome {
  /** ms from `abort()` to the call settling. */
  settleMs: number;
  /** Text delivered before the abort took effect. */
  text: string;
  aborted: boolean;
}

/** Runs one call, aborts it when `abortWhen` resolves, and measures how fast it settles. */
async function callAndAbort(
  api: Api,
  model: Parameters<typeof streamText>[0]["model"],
  controller: AbortController,
  abortWhen: Promise<void>,
): Promise<Outcome> {
  let abortedAt = 0;
  abortWhen.then(() => {
    abortedAt = performance.now();
    controller.abort();
  });
  let text = "";
  let aborted = false;
  const run = async () => {
    if (api === "generateText") {
      try {
        text = (await generateText({ model, prompt: "hi", abortSignal: controller.signal, maxRetries: 0 }))
          .text;
      } catch (error) {
        aborted = (error as { name?: string }).name === "AbortError";
      }
      return;
    }
    const result = streamText({
      model,
      prompt: "hi",
      abortSignal: controller.signal,
      maxRetries: 0,
      onError: () => {},
    });
    for await (const part of result.fullStream) {
      if (part.type === "text-delta") text += part.text;
      if (part.type === "abort") aborted = true;
    }
  };
  await withinMs(run(), 5_000, `${api} after abort`);
  return { settleMs: performance.now() - (abortedAt || performance.now()), text, aborted };
}

const unhandled = collectUnhandledRejections();
let raw: RawServer;
beforeAll(async () => {
  raw = await startRawServer();
  // warm up (module loading, JIT) so the first measured call is not slower than the rest
  const binding = fakeBinding(() =>
    new SourceTracker().stream([encoder.encode(sse([textEvent("w"), "data: [DONE]"]))]),
  );
  await streamText({ model: createWorkersAI({ binding })(LLAMA), prompt: "hi" }).consumeStream();
  await generateText({ model: createWorkersAI({ binding })(LLAMA), prompt: "hi" });
});
afterAll(async () => {
  unhandled.dispose();
  await raw?.close();
});

const apis: Api[] = ["streamText", "generateText"];

describe.each(apis)("abort at every point with %s", (api) => {
  describe("binding", () => {
    it("before dispatch: settles at once and never calls env.AI", async () => {
      const binding = fakeBinding(() => {
        throw new Error("must not be called");
      });
      const controller = new AbortController();
      controller.abort();
      const started = performance.now();
      const outcome = await callAndAbort(
        api,
        createWorkersAI({ binding })(LLAMA),
        controller,
        new Promise(() => {}),
      );
      expect(performance.now() - started).toBeLessThan(SETTLE_MS);
      expect(outcome.aborted).toBe(true);
      expect(binding.calls).toHaveLength(0);
    });

    it("while waiting for the reply: settles within 100 ms and the binding sees its signal abort", async () => {
      let signalAborted = false;
      const timersBefore = activeResources().Timeout ?? 0;
      const binding = fakeBinding(
        (call) =>
          new Promise((_, reject) => {
            const signal = call.options.signal as AbortSignal;
            signal.addEventListener("abort", () => {
              signalAborted = true;
              reject(signal.reason);
            });
          }),
      );
      const controller = new AbortController();
      const outcome = await callAndAbort(api, createWorkersAI({ binding })(LLAMA), controller, sleep(30));
      expect(outcome.aborted).toBe(true);
      expect(outcome.settleMs).toBeLessThan(SETTLE_MS);
      expect(signalAborted).toBe(true);
      await settle();
      expect(activeResources().Timeout ?? 0).toBeLessThanOrEqual(timersBefore);
    });

    it("while waiting for a binding that ignores the signal: still settles within 100 ms", async () => {
      const tracker = new SourceTracker();
      let answer: (value: unknown) => void = () => {};
      const binding = fakeBinding(
        () =>
          new Promise((resolve) => {
            answer = resolve;
          }),
      );
      const controller = new AbortController();
      const outcome = await callAndAbort(api, createWorkersAI({ binding })(LLAMA), controller, sleep(30));
      expect(outcome.aborted).toBe(true);
      expect(outcome.settleMs).toBeLessThan(SETTLE_MS);
      // the reply that arrives too late is cancelled, not left open
      answer(tracker.stream([encoder.encode(sse([textEvent("late")]))], { stall: true }));
      expect(await eventually(() => tracker.cancelled === 1)).toBe(true);
      expect(tracker.open).toBe(0);
    });

    it("mid-stream: settles within 100 ms, keeps the text, cancels the source", async () => {
      const tracker = new SourceTracker();
      const binding = fakeBinding(() =>
        tracker.stream([encoder.encode(sse([textEvent("Before "), textEvent("abort")]))], { stall: true }),
      );
      const controller = new AbortController();
      const delivered = sleep(40);
      const outcome = await callAndAbort(api, createWorkersAI({ binding })(LLAMA), controller, delivered);
      expect(outcome.aborted).toBe(true);
      expect(outcome.settleMs).toBeLessThan(SETTLE_MS);
      if (api === "streamText") expect(outcome.text).toBe("Before abort");
      expect(await eventually(() => tracker.cancelled === 1)).toBe(true);
      expect(tracker.open).toBe(0);
    });
  });

  describe("REST", () => {
    const provider = () =>
      createWorkersAI({ accountId: "acct", apiKey: "key", baseURL: `${raw.url}/client/v4` })(LLAMA);

    it("before dispatch: settles at once and sends nothing", async () => {
      raw.reply = ["hang"];
      const seen = raw.requests.length;
      const controller = new AbortController();
      controller.abort();
      const started = performance.now();
      const outcome = await callAndAbort(api, provider(), controller, new Promise(() => {}));
      expect(performance.now() - started).toBeLessThan(SETTLE_MS);
      expect(outcome.aborted).toBe(true);
      await sleep(20);
      expect(raw.requests.length).toBe(seen);
    });

    it("while waiting for headers: settles within 100 ms and the server sees the connection close", async () => {
      raw.reply = ["hang"];
      const seen = raw.requests.length;
      const controller = new AbortController();
      const arrived = (async () => {
        await eventually(() => raw.requests.length > seen, 2_000);
      })();
      const outcome = await callAndAbort(api, provider(), controller, arrived);
      expect(outcome.aborted).toBe(true);
      expect(outcome.settleMs).toBeLessThan(SETTLE_MS);
      expect(await eventually(() => raw.requests[seen]?.closedByClient === true)).toBe(true);
    });

    it("mid-stream: settles within 100 ms, keeps the text, and the server sees the connection close", async () => {
      raw.reply = [sseHead, httpChunk(sse([textEvent("Streamed "), textEvent("so far")])), "hang"];
      const seen = raw.requests.length;
      const controller = new AbortController();
      const outcome = await callAndAbort(
        api,
        provider(),
        controller,
        (async () => {
          await eventually(() => raw.requests.length > seen, 2_000);
          await sleep(40);
        })(),
      );
      expect(outcome.aborted).toBe(true);
      expect(outcome.settleMs).toBeLessThan(SETTLE_MS);
      if (api === "streamText") expect(outcome.text).toBe("Streamed so far");
      expect(await eventually(() => raw.requests[seen]?.closedByClient === true)).toBe(true);
    });
  });

  describe("gateway run path", () => {
    it("during a resume reconnect: settles within 100 ms, the resume request is aborted, no new request", async () => {
      const fetchSignals: AbortSignal[] = [];
      let runs = 0;
      const chunk = (content: string, finish: string | null = null) =>
        `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "gpt-5", choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;
      const binding = {
        async run() {
          runs++;
          let sent = false;
          const body = new ReadableStream<Uint8Array>({
            async pull(controller) {
              if (!sent) {
                sent = true;
                controller.enqueue(encoder.encode(chunk("Before the drop")));
                return;
              }
              await sleep(3);
              controller.error(new TypeError("network connection lost"));
            },
          });
          return new Response(body, {
            headers: { "content-type": "text/event-stream", "cf-aig-run-id": "run-1" },
          });
        },
        async fetch(_input: string | Request | URL, init?: RequestInit) {
          const signal = init?.signal as AbortSignal;
          fetchSignals.push(signal);
          return new Promise<Response>((_, reject) => {
            signal.addEventListener("abort", () => reject(signal.reason));
          });
        },
      };
      const workersai = createWorkersAI({ binding, providers: [openai] });
      const controller = new AbortController();
      const outcome = await callAndAbort(
        api,
        workersai("openai/gpt-5"),
        controller,
        (async () => {
          await eventually(() => fetchSignals.length > 0, 3_000);
        })(),
      );
      expect(fetchSignals).toHaveLength(1);
      expect(outcome.settleMs).toBeLessThan(SETTLE_MS);
      expect(fetchSignals[0].aborted).toBe(true);
      if (api === "streamText") expect(outcome.text).toBe("Before the drop");
      await sleep(250);
      expect(fetchSignals).toHaveLength(1);
      expect(runs).toBe(1);
    });
  });
});

describe("nothing left behind", () => {
  it("100 aborted calls over both transports leave no timer, reader or rejection behind", async () => {
    const tracker = new SourceTracker();
    const binding = fakeBinding(() =>
      tracker.stream([encoder.encode(sse([textEvent("x")]))], { stall: true }),
    );
    raw.reply = [sseHead, httpChunk(sse([textEvent("x")])), "hang"];
    await settle();
    const before = activeResources();
    const bindingModel = createWorkersAI({ binding })(LLAMA);
    const restModel = createWorkersAI({ accountId: "acct", apiKey: "key", baseURL: `${raw.url}/client/v4` })(
      LLAMA,
    );
    const seen = raw.requests.length;
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        callAndAbort(
          i % 2 === 0 ? "streamText" : "generateText",
          i % 4 < 2 ? bindingModel : restModel,
          new AbortController(),
          sleep(30 + (i % 10)),
        ),
      ),
    );
    expect(await eventually(() => tracker.open === 0)).toBe(true);
    expect(tracker.cancelled).toBe(50);
    expect(
      await eventually(() => raw.requests.slice(seen).every((request) => request.closedByClient), 2_000),
    ).toBe(true);
    await sleep(50);
    const after = activeResources();
    expect(after.Timeout ?? 0).toBeLessThanOrEqual(before.Timeout ?? 0);
    expect(unhandled.reasons).toEqual([]);
  });
});
