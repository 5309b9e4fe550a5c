import { APICallError } from "@ai-sdk/provider";
import { generateText, stepCountIs, streamText, tool } from "ai";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { chatCompletionsTextStream, kimiToolStream, legacyTextStream } from "../response/recordings";
import { type Setup, type Step, transports } from "./setup";

const LLAMA = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
const KIMI = "@cf/moonshotai/kimi-k2.7-code";

/** The JSON chunks of a UI message stream response. */
async function uiChunks(response: Response): Promise<Array<Record<string, unknown>>> {
  const text = await response.text();
  return text
    .split("\n")
    .filter((line) => line.startsWith("data: ") && line !== "data: [DONE]")
    .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);
}

describe.each(transports)("robust streaming over the $name transport", ({ name, setup }) => {
  let current: Setup | undefined;
  const start = async (steps: Step[]) => {
    current = await setup(steps);
    return current;
  };
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });

  it("finishes a truncated stream with error after every received byte", async () => {
    const { workersai } = await start([
      { sse: ['data: {"response":"The first half"}', 'data: {"response":" and more"}'] },
    ]);
    const errors: unknown[] = [];
    const result = streamText({
      model: workersai(LLAMA),
      prompt: "x",
      onError: ({ error }) => void errors.push(error),
    });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);
    expect(deltas.join("")).toBe("The first half and more");
    expect(await result.rawFinishReason).toBe("stream-truncated");
    expect((errors[0] as Error).message).toMatch(/truncated/);
  });

  it("reports malformed JSON and keeps going", async () => {
    const { workersai } = await start([
      { sse: ['data: {"response":"One"}', "data: {not json", 'data: {"response":" two"}', "data: [DONE]"] },
    ]);
    const errors: unknown[] = [];
    const result = streamText({
      model: workersai(LLAMA),
      prompt: "x",
      onError: ({ error }) => void errors.push(error),
    });
    expect(await result.text).toBe("One two");
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toMatch(/not valid JSON/);
  });

  it("turns a mid-stream error event into an APICallError with the Workers AI code", async () => {
    const { workersai } = await start([
      {
        sse: [
          'data: {"response":"Partial"}',
          'data: {"error":{"code":3040,"message":"Capacity temporarily exceeded"}}',
        ],
      },
    ]);
    const errors: unknown[] = [];
    const result = streamText({
      model: workersai(LLAMA),
      prompt: "x",
      onError: ({ error }) => void errors.push(error),
    });
    expect(await result.text).toBe("Partial");
    expect(APICallError.isInstance(errors[0])).toBe(true);
    expect((errors[0] as APICallError).data).toMatchObject({ code: 3040 });
  });

  it("fails fast with a typed, retryable error before any byte (3040)", async () => {
    const { workersai } = await start([
      { error: { code: 3040, message: "Capacity temporarily exceeded", status: 429 } },
    ]);
    const error = await generateText({ model: workersai(LLAMA), prompt: "x", maxRetries: 0 }).catch(
      (e: unknown) => e,
    );
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).isRetryable).toBe(true);
    expect((error as APICallError).message).not.toContain("test-token");
  });

  it("ends a stalled stream within 1 s of an abort", async () => {
    const { workersai } = await start([{ stall: ['data: {"response":"Started"}'] }]);
    const controller = new AbortController();
    const result = streamText({
      model: workersai(LLAMA),
      prompt: "x",
      abortSignal: controller.signal,
      onError: () => {},
    });
    const reader = result.textStream[Symbol.asyncIterator]();
    const first = await reader.next();
    expect(first.value).toBe("Started");
    const abortedAt = Date.now();
    controller.abort();
    let done = false;
    while (!done) {
      const next = await reader.next().catch(() => ({ done: true }));
      done = next.done === true;
    }
    expect(Date.now() - abortedAt).toBeLessThan(1000);
  });

  it("yields raw chunks with includeRawChunks", async () => {
    const { workersai } = await start([{ sse: legacyTextStream }]);
    const result = streamText({ model: workersai(LLAMA), prompt: "x", includeRawChunks: true });
    const raw: unknown[] = [];
    for await (const part of result.fullStream) if (part.type === "raw") raw.push(part.rawValue);
    expect(raw).toContainEqual({ response: "lo", p: "abcdef" });
  });

  it("produces a useChat UI message stream with reasoning, text and metadata", async () => {
    const { workersai } = await start([{ sse: chatCompletionsTextStream }]);
    const result = streamText({ model: workersai(KIMI), prompt: "Hi" });
    const chunks = await uiChunks(result.toUIMessageStreamResponse({ sendReasoning: true }));
    const types = chunks.map((chunk) => chunk.type);
    expect(types).toEqual(
      expect.arrayContaining(["start", "reasoning-start", "reasoning-delta", "text-delta", "finish"]),
    );
    const text = chunks.filter((chunk) => chunk.type === "text-delta").map((chunk) => chunk.delta);
    expect(text.join("")).toBe("Answer.");
    expect(types.indexOf("reasoning-end")).toBeLessThan(types.indexOf("text-start"));
  });

  it("produces a UI message stream for a tool loop", async () => {
    const { workersai } = await start([
      { sse: kimiToolStream("Paris", "Rome") },
      {
        sse: [
          'data: {"choices":[{"index":0,"delta":{"content":"Done"},"finish_reason":"stop"}]}',
          "data: [DONE]",
        ],
      },
    ]);
    const result = streamText({
      model: workersai(KIMI),
      prompt: "Weather?",
      tools: {
        get_weather: tool({
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => `${city}: 18°C`,
        }),
      },
      stopWhen: stepCountIs(2),
    });
    const chunks = await uiChunks(result.toUIMessageStreamResponse());
    const available = chunks.filter((chunk) => chunk.type === "tool-input-available");
    expect(available.map((chunk) => chunk.input)).toEqual([{ city: "Paris" }, { city: "Rome" }]);
    const outputs = chunks.filter((chunk) => chunk.type === "tool-output-available");
    expect(outputs.map((chunk) => chunk.output)).toEqual(["Paris: 18°C", "Rome: 18°C"]);
    expect(chunks.filter((chunk) => chunk.type === "text-delta").map((chunk) => chunk.delta)).toEqual([
      "Done",
    ]);
  });

  it("reports response headers and the request id in provider metadata", async () => {
    const { workersai } = await start([{ sse: legacyTextStream }]);
    const result = streamText({ model: workersai(LLAMA), prompt: "x" });
    await result.consumeStream();
    // 13 input × $0.29 + 3 output × $2.25 per million tokens (published); neurons = USD / $0.000011
    const cost = {
      usage: { inputTokens: 13, outputTokens: 3 },
      costUsd: 0.00001052,
      neurons: 0.956363636364,
    };
    if (name === "REST") {
      expect((await result.response).headers).toMatchObject({ "cf-ai-req-id": "rest-req-1" });
      expect(await result.providerMetadata).toEqual({ "workers-ai": { requestId: "rest-req-1", ...cost } });
    } else {
      expect(await result.providerMetadata).toEqual({ "workers-ai": cost });
    }
  });
});
