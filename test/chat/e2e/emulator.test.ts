import { APICallError } from "@ai-sdk/provider";
import { generateText, Output, stepCountIs, streamText, tool } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createWorkersAI } from "../../../src/provider";
import { createWorkersAIEmulator } from "../../../src/testing";

const LLAMA = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
const KIMI = "@cf/moonshotai/kimi-k2.7-code";
const GPT_OSS = "@cf/openai/gpt-oss-120b";

const weather = tool({
  description: "Get the weather for a city",
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, temperature: 18 }),
});

const ways = [
  {
    name: "binding",
    provider: (emulator: ReturnType<typeof createWorkersAIEmulator>) =>
      createWorkersAI({ binding: emulator.binding }),
  },
  {
    name: "REST fetch",
    provider: (emulator: ReturnType<typeof createWorkersAIEmulator>) =>
      createWorkersAI({ accountId: "emulator-account", apiKey: "emulator-token", fetch: emulator.fetch }),
  },
];

describe.each(ways)("against the emulator over $name", ({ provider }) => {
  it("streams legacy text split into odd pieces", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(LLAMA, { tokens: ["Hel", "lo ", "wor", "ld"] });
    const result = streamText({ model: provider(emulator)(LLAMA), prompt: "Hi" });
    expect(await result.text).toBe("Hello world");
    expect(await result.finishReason).toBe("stop");
  });

  it("runs a Kimi two-step tool loop with ids reused per turn", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(
      KIMI,
      { toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }], toolCallIdStyle: "kimi" },
      { toolCalls: [{ name: "get_weather", arguments: { city: "Rome" } }], toolCallIdStyle: "kimi" },
      { text: "Both 18." },
    );
    const result = await generateText({
      model: provider(emulator)(KIMI),
      prompt: "Weather?",
      tools: { get_weather: weather },
      stopWhen: stepCountIs(3),
    });
    expect(result.text).toBe("Both 18.");
    const ids = result.steps.flatMap((step) => step.toolCalls.map((call) => call.toolCallId));
    expect(new Set(ids).size).toBe(2);
  });

  it("recovers gpt-oss's forced tool call leaked as text", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(GPT_OSS, {
      family: "openai",
      toolCalls: [{ name: "get_weather", arguments: { city: "Lima" } }],
      leakToolCallAsText: true,
    });
    const result = streamText({
      model: provider(emulator)(GPT_OSS, { responsesApi: false }),
      prompt: "Weather in Lima?",
      tools: { get_weather: weather },
      toolChoice: { type: "tool", toolName: "get_weather" },
    });
    await result.consumeStream();
    expect((await result.toolCalls).map((call) => call.input)).toEqual([{ city: "Lima" }]);
  });

  it("ends a dropped stream with stream-truncated and keeps the text", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(LLAMA, { tokens: ["One ", "two ", "three"], dropAfterEvents: 2 });
    const result = streamText({ model: provider(emulator)(LLAMA), prompt: "Count", onError: () => {} });
    expect(await result.text).toBe("One two ");
    expect(await result.rawFinishReason).toBe("stream-truncated");
  });

  it("reports a mid-stream error with its code", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(KIMI, { tokens: ["Par", "tial"], error: { code: 3040, afterEvents: 1 } });
    const errors: unknown[] = [];
    const result = streamText({
      model: provider(emulator)(KIMI),
      prompt: "x",
      onError: ({ error }) => void errors.push(error),
    });
    await result.consumeStream();
    expect(
      errors.some(
        (error) => APICallError.isInstance(error) && (error.data as { code?: number }).code === 3040,
      ),
    ).toBe(true);
  });

  it("aborts a stalled stream within 1 s", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(LLAMA, { tokens: ["Start", "ed", " more"], stallAfterEvents: 1 });
    const controller = new AbortController();
    const result = streamText({
      model: provider(emulator)(LLAMA),
      prompt: "x",
      abortSignal: controller.signal,
      onError: () => {},
    });
    const iterator = result.textStream[Symbol.asyncIterator]();
    await iterator.next();
    const abortedAt = Date.now();
    controller.abort();
    for (;;) {
      const next = await iterator.next().catch(() => ({ done: true }));
      if (next.done) break;
    }
    expect(Date.now() - abortedAt).toBeLessThan(1000);
  });

  it("replays a JSON answer to a stream request", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(LLAMA, { text: "As JSON", contentType: "application/json" });
    const result = streamText({ model: provider(emulator)(LLAMA), prompt: "x" });
    expect(await result.text).toBe("As JSON");
    expect(emulator.requests).toHaveLength(1);
  });

  it("produces structured output", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(KIMI, { json: { name: "Ada", age: 36 } });
    const { output } = await generateText({
      model: provider(emulator)(KIMI),
      prompt: "Who?",
      output: Output.object({ schema: z.object({ name: z.string(), age: z.number() }) }),
    });
    expect(output).toEqual({ name: "Ada", age: 36 });
  });
});
