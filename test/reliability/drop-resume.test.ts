/**
 * Drop and resume through the run path of AI Gateway (`createWorkersAI({ providers })` with a
 * third-party model; `src/gateway`'s resumable stream). A 200-event stream is dropped after every
 * event index, on the event boundary and in the middle of the event: the bytes out of the resume
 * path are identical to the original for every index; through `streamText` (the emulator's
 * `dropAfterEvents`, and a fake `env.AI` whose connection breaks a few bytes into an event) the
 * output is identical to an undisturbed run, for every {@link STRIDE}-th index here and for every
 * index in `npm run test:soak`. With resume off, the drop ends the call with the partial text delivered.
 *
 * The resumable stream waits 200 ms before its first reconnect, so the runs of each sweep go
 * concurrently (one emulator or fake binding per run).
 */
import { APICallError } from "@ai-sdk/provider";
import { streamText, type TextStreamPart, type ToolSet } from "ai";
import { describe, expect, it } from "vitest";
import { createWorkersAI } from "../../src";
import { createResumableStream, type GatewayBinding } from "../../src/gateway";
import { openai } from "../../src/plugins/openai";
import { createWorkersAIEmulator } from "../../src/testing";
import { collectUnhandledRejections, encoder, settle, sleep, withinMs } from "./helpers";

const MODEL = "openai/gpt-5";
const EVENTS = 200;
/** 196 text tokens + role chunk + finish chunk + usage chunk + `[DONE]` = 200 events. */
const TOKENS = Array.from({ length: EVENTS - 4 }, (_, i) => `tok${i}${i % 7 === 0 ? " ✓ " : " "}`);
const FULL_TEXT = TOKENS.join("");
/** `streamText` sweeps visit every STRIDE-th drop index (the soak suite sets 1). */
const STRIDE = Number(process.env.RELIABILITY_DROP_STRIDE ?? 10);
const SWEEP = Array.from({ length: EVENTS }, (_, index) => index).filter(
  (index) => index % STRIDE === 0 || index === EVENTS - 1,
);

type Part = TextStreamPart<ToolSet>;

/** A part without what legitimately differs between runs (ids, clocks, run metadata). */
function canonical(part: Part): unknown {
  const {
    id: _id,
    timestamp: _timestamp,
    providerMetadata: _metadata,
    response: _response,
    request: _request,
    performance: _performance,
    ...rest
  } = part as Part & Record<string, unknown>;
  return rest;
}

async function runParts(model: ReturnType<ReturnType<typeof createWorkersAI>>): Promise<{
  parts: Part[];
  metadata: Record<string, unknown> | undefined;
}> {
  const result = streamText({ model, prompt: "count", onError: () => {} });
  const parts: Part[] = [];
  for await (const part of result.fullStream) parts.push(part);
  const metadata = (await result.providerMetadata)?.["workers-ai"] as Record<string, unknown> | undefined;
  return { parts, metadata };
}

const textOf = (parts: Part[]) =>
  parts.flatMap((part) => (part.type === "text-delta" ? [part.text] : [])).join("");

describe("drop and resume on the run path (200 events)", () => {
  const unhandled = collectUnhandledRejections();

  it("the resume path gives byte-identical output for a drop at every event index (boundary and mid-event)", async () => {
    const events = await recordedEvents();
    const full = events.join("");
    const outputs = await withinMs(
      Promise.all(
        Array.from({ length: EVENTS }, (_, index) =>
          [0, 1 + (index % 9) * 3].map(async (extra) => {
            const binding = fakeRunPath(events, byteOffset(events, index) + extra);
            const source = ((await binding.run(MODEL, {}, {})) as Response)
              .body as ReadableStream<Uint8Array>;
            const stream = createResumableStream({
              binding,
              gateway: "default",
              runId: "run-1",
              source,
              wire: "openai",
              backoffMs: 0,
            });
            return { index, extra, text: await new Response(stream).text(), resumes: binding.resumes };
          }),
        ).flat(),
      ),
      20_000,
      "400 resumed byte streams",
    );
    expect(outputs).toHaveLength(EVENTS * 2);
    for (const { index, extra, text, resumes } of outputs) {
      const where = `drop at event ${index} + ${extra} bytes`;
      expect(text === full, where).toBe(true);
      expect(resumes, where).toEqual([index]);
    }
  });

  it(`a drop on the event boundary, every ${STRIDE}th index, gives streamText output identical to an undisturbed run`, async () => {
    const reference = await (async () => {
      const emulator = createWorkersAIEmulator();
      emulator.script(MODEL, { tokens: TOKENS });
      return runParts(createWorkersAI({ binding: emulator.binding, providers: [openai] })(MODEL));
    })();
    expect(textOf(reference.parts)).toBe(FULL_TEXT);
    const expected = JSON.stringify(reference.parts.map(canonical));

    const runs = await withinMs(
      Promise.all(
        SWEEP.map(async (index) => {
          const emulator = createWorkersAIEmulator();
          emulator.script(MODEL, { tokens: TOKENS, dropAfterEvents: index });
          const workersai = createWorkersAI({ binding: emulator.binding, providers: [openai] });
          const { parts, metadata } = await runParts(workersai(MODEL));
          const resumes = emulator.requests
            .filter((request) => request.url?.includes("/resume"))
            .map((request) => (request.inputs as { from: number }).from);
          return { index, parts, metadata, resumes };
        }),
      ),
      20_000,
      "dropped streams",
    );
    for (const { index, parts, metadata, resumes } of runs) {
      const where = `drop after event ${index}`;
      expect(JSON.stringify(parts.map(canonical)), where).toBe(expected);
      expect(resumes, where).toEqual([index]);
      expect(metadata, where).toMatchObject({ transport: "run", resumeReconnects: 1 });
    }
    await settle();
    expect(unhandled.reasons).toEqual([]);
  });

  it(`a connection error in the middle of an event, every ${STRIDE}th index, gives streamText output identical to an undisturbed run`, async () => {
    const events = await recordedEvents();
    const full = events.join("");
    const reference = await runParts(
      createWorkersAI({ binding: fakeRunPath(events, encoder.encode(full).byteLength), providers: [openai] })(
        MODEL,
      ),
    );
    expect(textOf(reference.parts)).toBe(FULL_TEXT);
    const expected = JSON.stringify(reference.parts.map(canonical));

    const runs = await withinMs(
      Promise.all(
        SWEEP.map(async (index) => {
          // cut a few bytes into event `index` (multi-byte characters included)
          const cut = byteOffset(events, index) + 1 + (index % 9) * 3;
          const binding = fakeRunPath(events, cut);
          const { parts } = await runParts(createWorkersAI({ binding, providers: [openai] })(MODEL));
          return { index, parts, resumes: binding.resumes };
        }),
      ),
      20_000,
      "streams broken mid-event",
    );
    for (const { index, parts, resumes } of runs) {
      const where = `connection error inside event ${index}`;
      expect(JSON.stringify(parts.map(canonical)), where).toBe(expected);
      expect(resumes, where).toEqual([index]);
    }
    await settle();
    expect(unhandled.reasons).toEqual([]);
  });

  it("resume off, clean drop: the partial text is delivered and the finish says interrupted", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(MODEL, { tokens: TOKENS, dropAfterEvents: 50 });
    const workersai = createWorkersAI({ binding: emulator.binding, providers: [openai], resume: false });
    const { parts } = await withinMs(runParts(workersai(MODEL)), 5_000, "resume off");
    expect(textOf(parts)).toBe(TOKENS.slice(0, 49).join(""));
    const finish = parts.find((part) => part.type === "finish");
    expect(finish?.type === "finish" && finish.finishReason).toBe("interrupted");
    expect(emulator.requests.filter((request) => request.url?.includes("/resume"))).toEqual([]);
  });

  it("resume off, connection error: the partial text is delivered, then a typed APICallError", async () => {
    const events = await recordedEvents();
    const binding = fakeRunPath(events, byteOffset(events, 30) + 5);
    const workersai = createWorkersAI({ binding, providers: [openai], resume: false });
    const result = streamText({ model: workersai(MODEL), prompt: "count", onError: () => {} });
    const deltas: string[] = [];
    let failure: unknown;
    await withinMs(
      (async () => {
        try {
          for await (const part of result.fullStream) {
            if (part.type === "text-delta") deltas.push(part.text);
            if (part.type === "error") throw part.error;
          }
        } catch (error) {
          failure = error;
        }
      })(),
      5_000,
      "resume off with a connection error",
    );
    expect(deltas.join("")).toBe(TOKENS.slice(0, 29).join(""));
    expect(APICallError.isInstance(failure)).toBe(true);
    expect(binding.resumes).toEqual([]);
  });

  it("resume off: a connection error right after a chunk (no pause) does not lose that chunk's text", async () => {
    const events = await recordedEvents();
    const binding = fakeRunPath(events, byteOffset(events, 30) + 5, 0);
    const workersai = createWorkersAI({ binding, providers: [openai], resume: false });
    const { parts } = await withinMs(runParts(workersai(MODEL)), 5_000, "resume off, immediate error");
    expect(textOf(parts)).toBe(TOKENS.slice(0, 29).join(""));
    const error = parts.find((part) => part.type === "error");
    expect(error?.type === "error" && APICallError.isInstance(error.error)).toBe(true);
    expect(error?.type === "error" && (error.error as APICallError).isRetryable).toBe(true);
    const finish = parts.find((part) => part.type === "finish");
    expect(finish?.type === "finish" && finish.finishReason).toBe("error");
    expect(binding.resumes).toEqual([]);
  });
});

/** The 200 SSE events the emulator sends for {@link TOKENS}, each with its blank line. */
async function recordedEvents(): Promise<string[]> {
  const emulator = createWorkersAIEmulator();
  emulator.script(MODEL, { tokens: TOKENS });
  const stream = (await emulator.binding.run(
    MODEL,
    { model: "gpt-5", messages: [{ role: "user", content: "count" }], stream: true },
    { gateway: { id: "default" } },
  )) as ReadableStream<Uint8Array>;
  const text = await new Response(stream).text();
  const events = text.split(/(?<=\n\n)/).filter((event) => event.length > 0);
  expect(events).toHaveLength(EVENTS);
  return events;
}

function byteOffset(events: string[], index: number): number {
  return encoder.encode(events.slice(0, index).join("")).byteLength;
}

/**
 * A fake `env.AI` for the run path: `run` answers with the events cut after `cut` bytes by a
 * connection error (a few ms later, like a real reset); the resume endpoint replays from `from`.
 */
function fakeRunPath(events: string[], cut: number, pauseMs = 3): GatewayBinding & { resumes: number[] } {
  const resumes: number[] = [];
  const bytes = encoder.encode(events.join(""));
  const sseHeaders = {
    "content-type": "text/event-stream",
    "cf-aig-run-id": "run-1",
    "cf-aig-log-id": "log-1",
  };
  return {
    resumes,
    async run() {
      let sent = false;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (!sent) {
            sent = true;
            controller.enqueue(bytes.subarray(0, cut));
            if (cut >= bytes.byteLength) controller.close();
            return;
          }
          if (pauseMs > 0) await sleep(pauseMs);
          controller.error(new TypeError("network connection lost"));
        },
      });
      return new Response(body, { headers: sseHeaders });
    },
    async fetch(input) {
      const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
      const from = Number(url.searchParams.get("from"));
      resumes.push(from);
      return new Response(events.slice(from).join(""), { headers: sseHeaders });
    },
  };
}
