import { APICallError } from "@ai-sdk/provider";
import { generateText, Output, stepCountIs, streamText, tool } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { WorkersAIChatLanguageModel } from "../../../src/chat/chat-language-model";
import { createWorkersAIError } from "../../../src/transport/errors";
import { byteStream, fakeTransport, jsonReply, modelConfig, sse, sseReply } from "./helpers";
import {
  chatCompletionsReply,
  chatCompletionsTextStream,
  kimiToolStream,
  leakedToolStream,
  legacyReply,
  legacyTextStream,
  responsesEventStream,
  responsesReply,
} from "./recordings";

const LLAMA = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
const KIMI = "@cf/moonshotai/kimi-k2.7-code";
const GPT_OSS = "@cf/openai/gpt-oss-120b";

function model(modelId: string, replies: Parameters<typeof fakeTransport>[0], settings = {}) {
  const { transport, requests } = fakeTransport(replies);
  return { model: new WorkersAIChatLanguageModel(modelId, settings, modelConfig(transport)), requests };
}

const weatherTool = tool({
  description: "Get the weather",
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, temperature: 18 }),
});

describe("WorkersAIChatLanguageModel.doGenerate via generateText", () => {
  it("reads a legacy reply with response metadata, headers, request body and provider metadata", async () => {
    const { model: chat, requests } = model(LLAMA, [
      jsonReply(legacyReply, { "cf-ai-req-id": "req-42", "cf-aig-log-id": "log-1" }),
    ]);
    const result = await generateText({
      model: chat,
      prompt: "Capital of France?",
      include: { requestBody: true, responseBody: true },
    });
    expect(result.text).toBe("Paris is the capital of France.");
    expect(result.finishReason).toBe("stop");
    expect(result.usage.inputTokens).toBe(13);
    expect(result.usage.outputTokens).toBe(7);
    expect(result.response.id).toBe("req-42");
    expect(result.response.modelId).toBe(LLAMA);
    expect(result.response.timestamp).toEqual(new Date("2026-01-01T00:00:00Z"));
    expect(result.response.headers).toMatchObject({ "cf-ai-req-id": "req-42" });
    expect(result.response.body).toEqual(legacyReply);
    // 13 input × $0.29 + 7 output × $2.25 per million tokens (published); neurons = USD / $0.000011
    expect(result.providerMetadata).toEqual({
      "workers-ai": {
        requestId: "req-42",
        gatewayLogId: "log-1",
        usage: { inputTokens: 13, outputTokens: 7 },
        costUsd: 0.00001952,
        neurons: 1.77454545455,
      },
    });
    expect(result.request.body).toEqual(requests[0].inputs);
    expect(requests[0].inputs.stream).toBeUndefined();
    expect(requests[0].model).toBe(LLAMA);
  });

  it("reads a chat-completions reply: reasoning, tool call with the model id kept in metadata", async () => {
    const { model: chat } = model("@cf/zai-org/glm-4.7-flash", [jsonReply(chatCompletionsReply)]);
    const result = await generateText({
      model: chat,
      prompt: "Weather?",
      tools: { get_weather: weatherTool },
    });
    expect(result.reasoningText).toBe("The user wants weather.");
    expect(result.toolCalls).toHaveLength(1);
    expect(result.toolCalls[0]).toMatchObject({ toolName: "get_weather", input: { city: "London" } });
    expect(result.toolCalls[0].toolCallId).not.toBe("chatcmpl-tool-abc");
    expect(result.content.find((part) => part.type === "tool-call")?.providerMetadata).toEqual({
      "workers-ai": { toolCallId: "chatcmpl-tool-abc" },
    });
    expect(result.finishReason).toBe("tool-calls");
    expect(result.usage.inputTokenDetails.cacheReadTokens).toBe(5);
    expect(result.usage.outputTokenDetails.reasoningTokens).toBe(20);
    expect(result.response.id).toBe("chatcmpl-abc");
  });

  it("reads a Responses reply", async () => {
    const { model: chat } = model(GPT_OSS, [jsonReply(responsesReply)]);
    const result = await generateText({
      model: chat,
      prompt: "Weather?",
      tools: { get_weather: weatherTool },
    });
    expect(result.reasoningText).toBe("Need weather.");
    expect(result.text).toBe("Let me check.");
    expect(result.toolCalls[0]).toMatchObject({ toolName: "get_weather", input: { city: "London" } });
    expect(result.usage.totalTokens).toBe(200);
  });

  it("reads the reply fully when the model streams although no stream was asked for", async () => {
    const { model: chat } = model(KIMI, [sseReply(chatCompletionsTextStream)]);
    const result = await generateText({ model: chat, prompt: "Hi" });
    expect(result.text).toBe("Answer.");
    expect(result.reasoningText).toBe("Okay, let me think.");
    expect(result.finishReason).toBe("stop");
    expect(result.usage.totalTokens).toBe(33);
  });

  it("reads a complete byte body holding JSON", async () => {
    const bytes = new TextEncoder().encode(JSON.stringify(legacyReply));
    const { model: chat } = model(LLAMA, [
      { type: "bytes", bytes, contentType: "application/octet-stream", headers: {}, warnings: [] },
    ]);
    expect((await generateText({ model: chat, prompt: "x" })).text).toBe("Paris is the capital of France.");
  });

  it("throws an error reply that carries no content as an APICallError with its code", async () => {
    const { model: chat } = model(LLAMA, [
      jsonReply({ errors: [{ code: 3040, message: "Capacity exceeded" }] }),
    ]);
    const error = await generateText({ model: chat, prompt: "x", maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).data).toMatchObject({ code: 3040 });
  });

  it("keeps the text of a truncated stream and warns, finishing with error", async () => {
    const { model: chat } = model(LLAMA, [sseReply(['data: {"response":"Half an ans"}'])]);
    const result = await generateText({ model: chat, prompt: "x" });
    expect(result.text).toBe("Half an ans");
    expect(result.finishReason).toBe("error");
    expect(result.rawFinishReason).toBe("stream-truncated");
    expect(result.warnings).toContainEqual({ type: "other", message: expect.stringMatching(/truncated/) });
  });

  it("passes transport warnings through and reports the request URL", async () => {
    const warning = { type: "other" as const, message: "from the transport" };
    const { model: chat } = model(LLAMA, [{ ...jsonReply(legacyReply), warnings: [warning] }]);
    const result = await generateText({ model: chat, prompt: "x" });
    expect(result.warnings).toContainEqual(warning);
  });
});

describe("WorkersAIChatLanguageModel.doStream via streamText", () => {
  it("streams a chat-completions reply with stream: true in the request", async () => {
    const { model: chat, requests } = model(KIMI, [
      sseReply(chatCompletionsTextStream, { "cf-ai-req-id": "r1" }),
    ]);
    const result = streamText({ model: chat, prompt: "Hi", include: { requestBody: true } });
    expect(await result.text).toBe("Answer.");
    expect(await result.reasoningText).toBe("Okay, let me think.");
    expect(await result.finishReason).toBe("stop");
    expect((await result.usage).inputTokenDetails.cacheReadTokens).toBe(8);
    expect((await result.response).headers).toMatchObject({ "cf-ai-req-id": "r1" });
    expect((await result.request).body).toMatchObject({ stream: true });
    // 5 uncached × $0.95 + 8 cached × $0.19 + 20 output × $4 per million tokens
    expect(await result.providerMetadata).toEqual({
      "workers-ai": {
        requestId: "r1",
        usage: { inputTokens: 13, cachedInputTokens: 8, outputTokens: 20 },
        costUsd: 0.00008627,
        neurons: 7.84272727273,
      },
    });
    expect(requests[0].inputs.stream).toBe(true);
  });

  it("replays a JSON reply to a stream request as a stream, without a second request", async () => {
    const { model: chat, requests } = model(GPT_OSS, [jsonReply(responsesReply)]);
    const result = streamText({ model: chat, prompt: "Weather?", tools: { get_weather: weatherTool } });
    const parts: string[] = [];
    for await (const part of result.fullStream) parts.push(part.type);
    expect(await result.text).toBe("Let me check.");
    expect(await result.reasoningText).toBe("Need weather.");
    expect((await result.toolCalls)[0]).toMatchObject({ toolName: "get_weather", input: { city: "London" } });
    expect(parts).toContain("tool-result");
    expect(requests).toHaveLength(1);
  });

  it("streams Responses events", async () => {
    const { model: chat } = model(GPT_OSS, [sseReply(responsesEventStream)]);
    const result = streamText({ model: chat, prompt: "Weather?", tools: { get_weather: weatherTool } });
    await result.consumeStream();
    expect(await result.reasoningText).toBe("Thinking hard.");
    expect((await result.toolCalls)[0]).toMatchObject({ toolName: "get_weather", input: { city: "Oslo" } });
    expect((await result.toolResults)[0]).toMatchObject({ output: { city: "Oslo", temperature: 18 } });
  });

  it("falls back to one non-streaming call with a warning when JSON schema cannot stream (5023)", async () => {
    const rejection = createWorkersAIError({
      message: "5023: JSON schema is not supported with streaming",
      url: "workers-ai-binding://run/x",
      requestBodyValues: {},
    });
    const { model: chat, requests } = model(LLAMA, [
      rejection,
      jsonReply({ response: { name: "Ada", langs: ["en", "fr"] } }),
    ]);
    const result = streamText({
      model: chat,
      prompt: "Who?",
      output: Output.object({ schema: z.object({ name: z.string(), langs: z.array(z.string()) }) }),
    });
    expect(await result.output).toEqual({ name: "Ada", langs: ["en", "fr"] });
    expect(requests).toHaveLength(2);
    expect(requests[0].inputs.stream).toBe(true);
    expect(requests[1].inputs.stream).toBeUndefined();
    expect(requests[1].inputs.response_format).toBeDefined();
    expect(await result.warnings).toContainEqual(
      expect.objectContaining({ type: "compatibility", feature: "streaming structured output" }),
    );
  });

  it("does not retry other streaming errors", async () => {
    const rejection = createWorkersAIError({
      message: "8001: Invalid input",
      url: "workers-ai-binding://run/x",
      requestBodyValues: {},
    });
    const { model: chat, requests } = model(LLAMA, [rejection]);
    const errors: unknown[] = [];
    const result = streamText({
      model: chat,
      prompt: "x",
      maxRetries: 0,
      output: Output.object({ schema: z.object({ a: z.string() }) }),
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    await result.consumeStream();
    expect(requests).toHaveLength(1);
    expect(errors).toEqual([rejection]);
  });

  it("yields raw chunks when includeRawChunks is set", async () => {
    const { model: chat } = model(LLAMA, [sseReply(legacyTextStream)]);
    const result = streamText({ model: chat, prompt: "x", includeRawChunks: true });
    const raw: unknown[] = [];
    for await (const part of result.fullStream) if (part.type === "raw") raw.push(part.rawValue);
    expect(raw[0]).toEqual({ response: "Hel" });
    expect(raw).toHaveLength(4);
  });

  it("keeps text and reports a mid-stream error, finishing with error", async () => {
    const { model: chat } = model(LLAMA, [
      sseReply(['data: {"response":"Before the "}', 'data: {"error":{"code":3007,"message":"Timeout"}}']),
    ]);
    const errors: unknown[] = [];
    const result = streamText({ model: chat, prompt: "x", onError: ({ error }) => void errors.push(error) });
    const text: string[] = [];
    for await (const delta of result.textStream) text.push(delta);
    expect(text.join("")).toBe("Before the ");
    expect(errors).toHaveLength(1);
    expect(APICallError.isInstance(errors[0])).toBe(true);
    expect((errors[0] as APICallError).isRetryable).toBe(true);
  });

  it("recovers a gpt-oss tool call leaked as text, with a warning on the step", async () => {
    const { model: chat } = model(
      GPT_OSS,
      [sseReply(leakedToolStream('{"name":"get_weather","arguments":{"city":"Lima"}}'))],
      { responsesApi: false },
    );
    const result = streamText({
      model: chat,
      prompt: "Weather in Lima?",
      tools: { get_weather: weatherTool },
      toolChoice: { type: "tool", toolName: "get_weather" },
    });
    await result.consumeStream();
    expect(await result.text).toBe("");
    expect((await result.toolCalls)[0]).toMatchObject({ toolName: "get_weather", input: { city: "Lima" } });
    expect(await result.finishReason).toBe("tool-calls");
    expect(await result.warnings).toContainEqual({
      type: "other",
      message: expect.stringMatching(/JSON text/),
    });
  });

  it("streams a byte body as SSE", async () => {
    const bytes = new TextEncoder().encode(sse(legacyTextStream));
    const { model: chat } = model(LLAMA, [
      { type: "bytes", bytes, contentType: undefined, headers: {}, warnings: [] },
    ]);
    expect(await streamText({ model: chat, prompt: "x" }).text).toBe("Hello world");
  });
});

describe("tool loops", () => {
  it("runs a two-step Kimi loop with unique SDK ids and the model's ids sent back", async () => {
    const { model: chat, requests } = model(KIMI, [
      sseReply(kimiToolStream("Paris", "Rome")),
      sseReply([
        'data: {"id":"c2","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Both mild."},"finish_reason":"stop"}]}',
        "data: [DONE]",
      ]),
    ]);
    const result = streamText({
      model: chat,
      prompt: "Weather in Paris and Rome?",
      tools: { get_weather: weatherTool },
      stopWhen: stepCountIs(2),
    });
    expect(await result.text).toBe("Both mild.");
    const steps = await result.steps;
    expect(steps).toHaveLength(2);
    expect(steps[0].toolResults.map((r) => r.output)).toEqual([
      { city: "Paris", temperature: 18 },
      { city: "Rome", temperature: 18 },
    ]);
    const secondMessages = requests[1].inputs.messages as Array<Record<string, unknown>>;
    const assistant = secondMessages.find((message) => message.role === "assistant");
    expect(((assistant?.tool_calls ?? []) as Array<{ id: string }>).map((call) => call.id)).toEqual([
      "functions.get_weather:0",
      "functions.get_weather:1",
    ]);
    const toolMessages = secondMessages.filter((message) => message.role === "tool");
    expect(toolMessages.map((message) => message.tool_call_id)).toEqual([
      "functions.get_weather:0",
      "functions.get_weather:1",
    ]);
  });

  it("keeps SDK tool-call ids unique across turns when Kimi reuses its own", async () => {
    const { model: chat } = model(KIMI, [
      jsonReply({
        choices: [
          {
            index: 0,
            finish_reason: "tool_calls",
            message: {
              content: "",
              tool_calls: [
                {
                  id: "functions.get_weather:0",
                  type: "function",
                  function: { name: "get_weather", arguments: '{"city":"A"}' },
                },
              ],
            },
          },
        ],
      }),
      jsonReply({
        choices: [
          {
            index: 0,
            finish_reason: "tool_calls",
            message: {
              content: "",
              tool_calls: [
                {
                  id: "functions.get_weather:0",
                  type: "function",
                  function: { name: "get_weather", arguments: '{"city":"B"}' },
                },
              ],
            },
          },
        ],
      }),
      jsonReply({ choices: [{ index: 0, finish_reason: "stop", message: { content: "Done." } }] }),
    ]);
    const result = await generateText({
      model: chat,
      prompt: "x",
      tools: { get_weather: weatherTool },
      stopWhen: stepCountIs(3),
    });
    expect(result.text).toBe("Done.");
    const ids = result.steps.flatMap((step) => step.toolCalls.map((call) => call.toolCallId));
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
  });

  it("reads a stream whose bytes arrive one at a time", async () => {
    const { model: chat } = model(KIMI, [
      {
        type: "stream",
        stream: byteStream(sse(kimiToolStream("Über", "Łódź")), 1),
        contentType: "text/event-stream",
        headers: {},
        warnings: [],
      },
    ]);
    const result = streamText({ model: chat, prompt: "x", tools: { get_weather: weatherTool } });
    expect((await result.toolCalls).map((call) => call.input)).toEqual([{ city: "Über" }, { city: "Łódź" }]);
  });
});
