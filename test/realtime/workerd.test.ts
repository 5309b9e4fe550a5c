/**
 * The realtime client inside workerd: the emulator (a wrapped `AI` binding in the same isolate) answers
 * `run(model, inputs, { websocket: true })` with a 101 `Response` carrying one end of a real
 * `WebSocketPair`, and the provider drives the other end exactly as it drives the Node emulator's socket.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleWorker, type RunningWorker, startWorker } from "../../examples/lib/workers.mjs";

let worker: RunningWorker;

beforeAll(async () => {
  worker = await startWorker({
    script: await bundleWorker("test/realtime/workers/realtime-worker.ts"),
    emulator: { controlBinding: "EMULATOR" },
  });
});

afterAll(async () => {
  await worker?.dispose();
});

async function run<T>(name: string): Promise<T> {
  const response = await worker.dispatchFetch(new URL(`/${name}`, worker.url));
  const json = (await response.json()) as {
    ok: boolean;
    result?: T;
    error?: { name: string; message: string };
  };
  if (!json.ok) throw new Error(`${name} failed in workerd: ${json.error?.name}: ${json.error?.message}`);
  return json.result as T;
}

describe("realtime audio in workerd (WebSocketPair)", () => {
  it("streams a transcription with interim results and end-of-utterance", async () => {
    const result = await run<{
      text: string;
      finals: string[];
      endsOfUtterance: number;
      partials: number;
      upgrade: unknown;
    }>("transcribe");
    expect(result.upgrade).toEqual({ isResponse: true, status: 101, webSocketIsNative: true });
    expect(result.finals).toHaveLength(3);
    expect(result.finals.slice(0, 2)).toEqual(["hello from inside", "workerd"]);
    expect(result.text).toBe(result.finals.join(" "));
    expect(result.partials).toBeGreaterThanOrEqual(4);
    expect(result.endsOfUtterance).toBe(2);
  });

  it("aborts a live session with AbortError", async () => {
    expect(await run<{ error: string }>("transcribe-abort")).toEqual({ error: "AbortError" });
  });

  it("streams speech: binary frames, Flushed markers, usage", async () => {
    const result = await run<{ bytes: number; frames: number; markers: unknown[]; usage: unknown }>("speech");
    expect(result.frames).toBeGreaterThan(2);
    expect(result.bytes % 2).toBe(0);
    expect(result.markers).toEqual([{ "workers-ai": { flushed: 0 } }, { "workers-ai": { flushed: 1 } }]);
    expect(result.usage).toEqual({ inputCharacters: 43 });
  });

  it("turns a refused session into a retryable APICallError", async () => {
    expect(await run("refused")).toEqual({ error: "AI_APICallError", statusCode: 429, isRetryable: true });
  });
});
