import { streamText } from "ai";
import { describe, expect, it } from "vitest";
import { createWorkersAI } from "../../src";
import { createResumableStream, GatewayDelegateError, WorkersAIGatewayError } from "../../src/gateway";
import { splitEvents } from "../../src/gateway/resumable-stream";
import { anthropic } from "../../src/plugins/anthropic";
import { openai } from "../../src/plugins/openai";
import {
  anthropicSse,
  droppingResponse,
  eventsOf,
  fakeBinding,
  jsonResponse,
  openaiSse,
  readText,
  sseResponse,
} from "./helpers";

const encoder = new TextEncoder();

/** A resume endpoint that replays `text` from event `from`, optionally dropping again after `cut` bytes. */
function resumeReplay(text: string, cuts: number[] = []) {
  const events = eventsOf(text);
  let call = 0;
  return (from: number) => {
    const rest = events.slice(from).join("");
    const cut = cuts[call++];
    return cut === undefined ? sseResponse(rest, {}, 7) : droppingResponse(rest, cut);
  };
}

/** Byte offset right after event `index` - 1 plus `extra` bytes into event `index`. */
function offsetInto(text: string, index: number, extra: number): number {
  const events = eventsOf(text);
  let offset = 0;
  for (let i = 0; i < index; i++) offset += encoder.encode(events[i]).byteLength;
  return offset + extra;
}

const LONG = openaiSse(Array.from({ length: 40 }, (_, i) => `piece ${i} ✓ `));

describe("splitEvents", () => {
  it("keeps partial events back and accepts LF and CRLF blank lines", () => {
    const { events, rest } = splitEvents(encoder.encode("data: a\n\ndata: b\r\n\r\ndata: c\n"));
    expect(events.map((event) => new TextDecoder().decode(event))).toEqual([
      "data: a\n\n",
      "data: b\r\n\r\n",
    ]);
    expect(new TextDecoder().decode(rest)).toBe("data: c\n");
  });
});

describe("createResumableStream", () => {
  it("a drop at every event index (mid-event and on the boundary) gives byte-identical output", async () => {
    const events = eventsOf(LONG);
    for (let index = 0; index < events.length; index++) {
      for (const extra of [0, 5]) {
        const cut = offsetInto(LONG, index, extra);
        const replay = resumeReplay(LONG);
        const binding = fakeBinding({ fetch: (call) => replay(call.from) });
        const progress: number[] = [];
        const stream = createResumableStream({
          binding,
          gateway: "gw",
          runId: "run-1",
          source: droppingResponse(LONG, cut).body!,
          wire: "openai",
          backoffMs: 0,
          onProgress: (offset) => progress.push(offset),
        });
        expect(await readText(stream)).toBe(LONG);
        expect(binding.fetches.map((fetch) => fetch.from)).toEqual([index]);
        expect(binding.fetches[0].url).toBe(
          `https://workers-binding.ai/ai-gateway/gateways/gw/run/run-1/resume?from=${index}`,
        );
        expect(progress.at(-1)).toBe(events.length);
      }
    }
  });

  it("emits only complete events, whatever the chunking", async () => {
    const seen: string[] = [];
    const stream = createResumableStream({
      binding: fakeBinding({}),
      gateway: "gw",
      runId: "r",
      source: sseResponse(LONG, {}, 3).body!,
      wire: "openai",
    });
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      seen.push(new TextDecoder().decode(value));
    }
    expect(seen.join("")).toBe(LONG);
    for (const chunk of seen) expect(chunk.endsWith("\n\n")).toBe(true);
  });

  it("survives several drops in a row, including a drop of the resumed stream itself", async () => {
    const replay = resumeReplay(LONG, [30, 0]);
    const binding = fakeBinding({ fetch: (call) => replay(call.from) });
    const cut = offsetInto(LONG, 10, 3);
    const stream = createResumableStream({
      binding,
      gateway: "gw",
      runId: "r",
      source: droppingResponse(LONG, cut).body!,
      wire: "openai",
      backoffMs: 0,
    });
    expect(await readText(stream)).toBe(LONG);
    expect(binding.fetches.length).toBe(3);
    expect(binding.fetches[0].from).toBe(10);
  });

  it("treats a clean end before the run's last event as a drop", async () => {
    const events = eventsOf(LONG);
    const replay = resumeReplay(LONG);
    const binding = fakeBinding({ fetch: (call) => replay(call.from) });
    const stream = createResumableStream({
      binding,
      gateway: "gw",
      runId: "r",
      source: sseResponse(events.slice(0, 12).join("")).body!,
      wire: "openai",
      backoffMs: 0,
    });
    expect(await readText(stream)).toBe(LONG);
    expect(binding.fetches.map((fetch) => fetch.from)).toEqual([12]);
  });

  it("ends cleanly when a resume has nothing more (a run that never sends [DONE])", async () => {
    const text = openaiSse(["a", "b"]).replace("data: [DONE]\n\n", "");
    const binding = fakeBinding({ fetch: () => sseResponse("") });
    const stream = createResumableStream({
      binding,
      gateway: "gw",
      runId: "r",
      source: sseResponse(text).body!,
      wire: "openai",
      backoffMs: 0,
    });
    expect(await readText(stream)).toBe(text);
    expect(binding.fetches.length).toBe(1);
  });

  it("re-attaches across invocations from a persisted event offset", async () => {
    const events = eventsOf(LONG);
    const replay = resumeReplay(LONG);
    const binding = fakeBinding({ fetch: (call) => replay(call.from) });
    const progress: number[] = [];
    const stream = createResumableStream({
      binding,
      gateway: "my gw",
      runId: "run/7",
      eventOffset: 25,
      onProgress: (offset) => progress.push(offset),
    });
    expect(await readText(stream)).toBe(events.slice(25).join(""));
    expect(binding.fetches[0].url).toBe(
      "https://workers-binding.ai/ai-gateway/gateways/my%20gw/run/run%2F7/resume?from=25",
    );
    expect(progress.at(-1)).toBe(events.length);
    expect(progress[0]).toBeGreaterThan(25);
  });

  it("gives up after the bounded number of reconnects, with backoff between them", async () => {
    const started = Date.now();
    const binding = fakeBinding({ fetch: () => new Response("upstream hiccup", { status: 503 }) });
    const stream = createResumableStream({
      binding,
      gateway: "gw",
      runId: "r",
      source: droppingResponse(LONG, 100).body!,
      wire: "openai",
      maxReconnects: 3,
      backoffMs: 20,
    });
    const error = await readText(stream).catch((e: unknown) => e);
    expect(WorkersAIGatewayError.isInstance(error)).toBe(true);
    expect((error as WorkersAIGatewayError).code).toBe("gateway-error");
    expect((error as WorkersAIGatewayError).message).toMatch(/3 reconnects failed/);
    expect(binding.fetches.length).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(20 + 40);
  });

  it("does not retry a resume the gateway refuses for good (401)", async () => {
    const binding = fakeBinding({
      fetch: () => jsonResponse({ errors: [{ code: 1, message: "bad token" }] }, 401),
    });
    const stream = createResumableStream({
      binding,
      gateway: "gw",
      runId: "r",
      source: droppingResponse(LONG, 100).body!,
      wire: "openai",
      backoffMs: 0,
    });
    const error = (await readText(stream).catch((e: unknown) => e)) as WorkersAIGatewayError;
    expect(error.code).toBe("auth");
    expect(binding.fetches.length).toBe(1);
  });

  it("expired buffer with policy error: fails with resume-expired after the delivered events", async () => {
    const binding = fakeBinding({ fetch: () => jsonResponse({ error: "Request not found" }, 404) });
    const cut = offsetInto(LONG, 6, 4);
    const stream = createResumableStream({
      binding,
      gateway: "gw",
      runId: "r",
      source: droppingResponse(LONG, cut).body!,
      wire: "openai",
      backoffMs: 0,
    });
    const reader = stream.getReader();
    let text = "";
    let failure: unknown;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
    } catch (error) {
      failure = error;
    }
    expect(text).toBe(eventsOf(LONG).slice(0, 6).join(""));
    // 4.x: an expired resume buffer is a GatewayDelegateError of kind "resume-expired"
    expect(GatewayDelegateError.isInstance(failure)).toBe(true);
    expect(failure).toMatchObject({ kind: "resume-expired", name: "GatewayDelegateError" });
    const cause = (failure as GatewayDelegateError).cause as WorkersAIGatewayError;
    expect(WorkersAIGatewayError.isInstance(cause)).toBe(true);
    expect(cause).toMatchObject({
      code: "resume-expired",
      status: 404,
      recoverable: false,
      isRetryable: false,
    });
    expect(cause.raw).toEqual({ error: "Request not found" });
    expect(cause.envelope).toEqual({ error: "Request not found" });
  });

  it("expired buffer with policy accept-partial: ends cleanly after the delivered events", async () => {
    const binding = fakeBinding({ fetch: () => jsonResponse({ error: "Request not found" }, 404) });
    let expired = false;
    const stream = createResumableStream({
      binding,
      gateway: "gw",
      runId: "r",
      source: droppingResponse(LONG, offsetInto(LONG, 6, 4)).body!,
      wire: "openai",
      backoffMs: 0,
      onResumeExpired: "accept-partial",
      onExpiredPartial: () => {
        expired = true;
      },
    });
    expect(await readText(stream)).toBe(eventsOf(LONG).slice(0, 6).join(""));
    expect(expired).toBe(true);
  });

  it("abort during the reconnect backoff stops at once, without another request", async () => {
    const controller = new AbortController();
    const binding = fakeBinding({ fetch: () => new Response("busy", { status: 503 }) });
    const stream = createResumableStream({
      binding,
      gateway: "gw",
      runId: "r",
      source: droppingResponse(LONG, 100).body!,
      wire: "openai",
      backoffMs: 10_000,
      abortSignal: controller.signal,
    });
    const reading = readText(stream).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const fetchesBefore = binding.fetches.length;
    const started = Date.now();
    controller.abort();
    const error = await reading;
    expect((error as Error).name).toBe("AbortError");
    expect(Date.now() - started).toBeLessThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(binding.fetches.length).toBe(fetchesBefore);
  });

  it("abort while the resume request hangs stops at once", async () => {
    const controller = new AbortController();
    const binding = fakeBinding({
      fetch: (_call, signal) =>
        new Promise<Response>((_resolve, reject) => {
          signal?.addEventListener("abort", () => reject(signal.reason));
        }),
    });
    const stream = createResumableStream({
      binding,
      gateway: "gw",
      runId: "r",
      source: droppingResponse(LONG, 100).body!,
      wire: "openai",
      backoffMs: 0,
      abortSignal: controller.signal,
    });
    const reading = readText(stream).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(binding.fetches.length).toBe(1);
    controller.abort();
    expect(((await reading) as Error).name).toBe("AbortError");
  });

  it("recognises the end of an Anthropic run (message_stop)", async () => {
    const text = anthropicSse(["a", "b", "c"]);
    const events = eventsOf(text);
    const replay = resumeReplay(text);
    const binding = fakeBinding({ fetch: (call) => replay(call.from) });
    const stream = createResumableStream({
      binding,
      gateway: "gw",
      runId: "r",
      source: sseResponse(events.slice(0, events.length - 1).join("")).body!,
      wire: "anthropic",
      backoffMs: 0,
    });
    expect(await readText(stream)).toBe(text);
    expect(binding.fetches.map((fetch) => fetch.from)).toEqual([events.length - 1]);
  });
});

describe("resume through streamText (run path)", () => {
  const providers = [openai, anthropic];

  it("a mid-stream drop is invisible: byte-identical text, reconnect reported, progress persisted", async () => {
    const pieces = Array.from({ length: 30 }, (_, i) => `tok${i} `);
    const text = openaiSse(pieces);
    const replay = resumeReplay(text);
    for (const index of [1, 7, 18, pieces.length + 1]) {
      const binding = fakeBinding({
        run: () =>
          droppingResponse(text, offsetInto(text, index, 2), {
            "cf-aig-run-id": "run-42",
            "cf-aig-log-id": "log-1",
          }),
        fetch: (call) => replay(call.from),
      });
      const dispatches: unknown[] = [];
      const progress: number[] = [];
      const workersai = createWorkersAI({ binding, providers });
      const result = streamText({
        model: workersai("openai/gpt-5", {
          onDispatch: (info) => dispatches.push(info),
          onProgress: (offset) => progress.push(offset),
        }),
        prompt: "hi",
      });
      expect(await result.text).toBe(pieces.join(""));
      expect(binding.fetches.map((fetch) => fetch.from)).toEqual([index]);
      expect(dispatches).toEqual([
        {
          transport: "run",
          model: "openai/gpt-5",
          provider: "openai",
          gateway: "default",
          attempt: 0,
          resumeEnabled: true,
          status: 200,
          runId: "run-42",
          cfStep: null,
          cacheStatus: null,
          logId: "log-1",
          warnings: [],
        },
      ]);
      expect(progress.at(-1)).toBe(eventsOf(text).length);
      const metadata = (await result.providerMetadata)?.["workers-ai"];
      expect(metadata).toMatchObject({ runId: "run-42", resumeReconnects: 1, transport: "run" });
      expect((await result.response).headers?.["cf-aig-run-id"]).toBe("run-42");
    }
  });

  it("resume: false leaves a drop as an error part after the text received", async () => {
    const text = openaiSse(["a", "b", "c"]);
    const binding = fakeBinding({
      run: () => droppingResponse(text, offsetInto(text, 2, 1), { "cf-aig-run-id": "run-1" }),
      fetch: () => sseResponse(""),
    });
    const workersai = createWorkersAI({ binding, providers, resume: false });
    const result = streamText({ model: workersai("openai/gpt-5"), prompt: "hi", onError: () => {} });
    const deltas: string[] = [];
    const errors: unknown[] = [];
    for await (const part of result.fullStream) {
      if (part.type === "text-delta") deltas.push(part.text);
      if (part.type === "error") errors.push(part.error);
    }
    expect(deltas.join("")).toBe("a");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(Error);
    expect(binding.fetches.length).toBe(0);
  });

  it("expired buffer, default policy: the stream fails with resume-expired and keeps the text received", async () => {
    const text = openaiSse(["one ", "two ", "three"]);
    const binding = fakeBinding({
      run: () => droppingResponse(text, offsetInto(text, 3, 1), { "cf-aig-run-id": "run-1" }),
      fetch: () => jsonResponse({ error: "Request not found" }, 404),
    });
    const workersai = createWorkersAI({ binding, providers, onResumeExpired: "error" });
    const deltas: string[] = [];
    const result = streamText({ model: workersai("openai/gpt-5", { maxReconnects: 1 }), prompt: "hi" });
    const thrown = await (async () => {
      for await (const delta of result.textStream) deltas.push(delta);
    })().catch((e: unknown) => e);
    expect(deltas.join("")).toBe("one two ");
    expect(GatewayDelegateError.isInstance(thrown)).toBe(true);
    expect(thrown).toMatchObject({ kind: "resume-expired" });
    expect((thrown as GatewayDelegateError).cause).toMatchObject({
      code: "resume-expired",
      context: { runId: "run-1", model: "openai/gpt-5", modelId: "gpt-5", status: 404 },
    });
  });

  it("expired buffer, accept-partial: a clean end with the partial text, flagged in metadata", async () => {
    const text = openaiSse(["one ", "two ", "three"]);
    const binding = fakeBinding({
      run: () => droppingResponse(text, offsetInto(text, 3, 1), { "cf-aig-run-id": "run-1" }),
      fetch: () => jsonResponse({ error: "Request not found" }, 404),
    });
    const workersai = createWorkersAI({ binding, providers });
    const errors: unknown[] = [];
    const result = streamText({
      model: workersai("openai/gpt-5", { onResumeExpired: "accept-partial" }),
      prompt: "hi",
      onError: ({ error }) => errors.push(error),
    });
    expect(await result.text).toBe("one two ");
    expect(errors).toEqual([]);
    expect((await result.providerMetadata)?.["workers-ai"]).toMatchObject({ resumeExpired: true });
  });

  it("per-call onResumeExpired in providerOptions wins over the model setting", async () => {
    const text = openaiSse(["one ", "two"]);
    const binding = fakeBinding({
      run: () => droppingResponse(text, offsetInto(text, 2, 1), { "cf-aig-run-id": "run-1" }),
      fetch: () => jsonResponse({ error: "Request not found" }, 404),
    });
    const workersai = createWorkersAI({ binding, providers });
    const errors: unknown[] = [];
    const result = streamText({
      model: workersai("openai/gpt-5", { onResumeExpired: "error" }),
      prompt: "hi",
      providerOptions: { "workers-ai": { onResumeExpired: "accept-partial" } },
      onError: ({ error }) => errors.push(error),
    });
    expect(await result.text).toBe("one ");
    expect(errors).toEqual([]);
  });

  it("abort during a reconnect ends the call at once", async () => {
    const text = openaiSse(["a", "b", "c"]);
    const controller = new AbortController();
    const binding = fakeBinding({
      run: () => droppingResponse(text, offsetInto(text, 2, 1), { "cf-aig-run-id": "run-1" }),
      fetch: (_call, signal) =>
        new Promise<Response>((_resolve, reject) =>
          signal?.addEventListener("abort", () => reject(signal.reason)),
        ),
    });
    const workersai = createWorkersAI({ binding, providers });
    const deltas: string[] = [];
    const result = streamText({
      model: workersai("openai/gpt-5"),
      prompt: "hi",
      abortSignal: controller.signal,
    });
    const reading = (async () => {
      for await (const delta of result.textStream) deltas.push(delta);
    })().catch((e: unknown) => e);
    while (binding.fetches.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = Date.now();
    controller.abort();
    await reading;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(deltas.join("")).toBe("a");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(binding.fetches.length).toBe(1);
  });

  it("anthropic run-path streams resume too", async () => {
    const text = anthropicSse(["Bon", "jour"]);
    const replay = resumeReplay(text);
    const binding = fakeBinding({
      run: () => droppingResponse(text, offsetInto(text, 3, 4), { "cf-aig-run-id": "run-a" }),
      fetch: (call) => replay(call.from),
    });
    const workersai = createWorkersAI({ binding, providers });
    const result = streamText({ model: workersai("anthropic/claude-sonnet-4-5"), prompt: "hi" });
    expect(await result.text).toBe("Bonjour");
    expect(binding.fetches.map((fetch) => fetch.from)).toEqual([3]);
  });

  it("explicit resume without a run id is reported as a warning", async () => {
    const binding = fakeBinding({ run: () => sseResponse(openaiSse(["x"])) });
    const workersai = createWorkersAI({ binding, providers });
    const result = streamText({ model: workersai("openai/gpt-5", { resume: true }), prompt: "hi" });
    await result.consumeStream();
    expect(await result.warnings).toContainEqual(
      expect.objectContaining({ type: "unsupported", feature: "resume" }),
    );
  });
});
