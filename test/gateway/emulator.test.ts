import { generateText, streamText } from "ai";
import { describe, expect, it } from "vitest";
import { createWorkersAI } from "../../src";
import { openai } from "../../src/plugins/openai";
import { createWorkersAIEmulator } from "../../src/testing";

describe("against the Workers AI emulator", () => {
  it("a run-path stream that ends early resumes from the last complete event", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script("openai/gpt-5", { text: "one two three four five", dropAfterEvents: 2 });
    const workersai = createWorkersAI({ binding: emulator.binding, providers: [openai] });
    const result = streamText({ model: workersai("openai/gpt-5"), prompt: "hi" });
    expect(await result.text).toBe("one two three four five");
    const resumes = emulator.requests.filter((request) => request.url?.includes("/resume?"));
    expect(resumes.map((request) => (request.inputs as { from: number }).from)).toEqual([2]);
    expect((await result.providerMetadata)?.["workers-ai"]).toMatchObject({
      transport: "run",
      resumeReconnects: 1,
    });
  });

  it("an expired buffer with accept-partial ends with the text received so far", async () => {
    const emulator = createWorkersAIEmulator({ resumeTtlMs: 0 });
    emulator.script("openai/gpt-5", { text: "one two three four five", dropAfterEvents: 3 });
    const workersai = createWorkersAI({
      binding: emulator.binding,
      providers: [openai],
      onResumeExpired: "accept-partial",
    });
    const result = streamText({ model: workersai("openai/gpt-5"), prompt: "hi" });
    const text = await result.text;
    expect("one two three four five".startsWith(text)).toBe(true);
    expect(text.length).toBeLessThan("one two three four five".length);
    expect((await result.providerMetadata)?.["workers-ai"]).toMatchObject({ resumeExpired: true });
  });

  it("the gateway path caches: the second identical request is a HIT", async () => {
    const emulator = createWorkersAIEmulator();
    const workersai = createWorkersAI({ binding: emulator.binding, providers: [openai] });
    const model = workersai("openai/gpt-5", { cacheTtl: 300 });
    const first = await generateText({ model, prompt: "cache me" });
    const second = await generateText({ model, prompt: "cache me" });
    expect(first.text).toBe(second.text);
    expect(first.providerMetadata?.["workers-ai"]).toMatchObject({
      cacheStatus: "MISS",
      transport: "gateway",
    });
    expect(second.providerMetadata?.["workers-ai"]).toMatchObject({ cacheStatus: "HIT" });
  });
});
