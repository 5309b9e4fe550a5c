import { generateText, Output, stepCountIs, streamText, tool } from "ai";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  chatCompletionsReply,
  chatCompletionsTextStream,
  kimiToolStream,
  legacyReply,
  legacyTextStream,
  legacyToolStream,
  responsesEventStream,
  responsesReply,
} from "../response/recordings";
import { type Setup, type Step, transports } from "./setup";

const LLAMA = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
const KIMI = "@cf/moonshotai/kimi-k2.7-code";
const GLM = "@cf/zai-org/glm-4.7-flash";
const GPT_OSS = "@cf/openai/gpt-oss-120b";

const weather = tool({
  description: "Get the weather for a city",
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, temperature: 18 }),
});

const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finish }] })}`;

describe.each(transports)("chat families over the $name transport", ({ setup }) => {
  let current: Setup | undefined;
  const start = async (steps: Step[]) => {
    current = await setup(steps);
    return current;
  };
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });

  describe("legacy family", () => {
    it("generateText reads {response, usage}", async () => {
      const { workersai, requests } = await start([{ json: legacyReply }]);
      const result = await generateText({ model: workersai(LLAMA), prompt: "Capital of France?" });
      expect(result.text).toBe("Paris is the capital of France.");
      expect(result.usage.totalTokens).toBe(20);
      expect(requests[0].model).toBe(LLAMA);
      expect(requests[0].inputs.messages).toEqual([{ role: "user", content: "Capital of France?" }]);
    });

    it("streamText streams response events", async () => {
      const { workersai, requests } = await start([{ sse: legacyTextStream }]);
      const result = streamText({ model: workersai(LLAMA), prompt: "Hi" });
      const deltas: string[] = [];
      for await (const delta of result.textStream) deltas.push(delta);
      expect(deltas.join("")).toBe("Hello world");
      expect(await result.finishReason).toBe("stop");
      expect(requests[0].inputs.stream).toBe(true);
    });

    it("runs a two-step tool loop over streamed legacy tool calls", async () => {
      const { workersai, requests } = await start([
        { sse: legacyToolStream },
        {
          sse: [
            'data: {"response":"It is 18 degrees in London."}',
            'data: {"response":"","finish_reason":"stop"}',
            "data: [DONE]",
          ],
        },
      ]);
      const result = streamText({
        model: workersai(LLAMA),
        prompt: "Weather in London?",
        tools: { get_weather: weather },
        stopWhen: stepCountIs(2),
      });
      expect(await result.text).toBe("It is 18 degrees in London.");
      const steps = await result.steps;
      expect(steps[0].toolCalls[0]).toMatchObject({ toolName: "get_weather", input: { location: "London" } });
      const second = requests[1].inputs.messages as Array<Record<string, unknown>>;
      expect(second.find((message) => message.role === "tool")).toMatchObject({ tool_call_id: "call123" });
    });

    it("turns <think> text into reasoning", async () => {
      const { workersai } = await start([
        {
          sse: ["<think>Two plus", " two.</think>", "\n\nFour."]
            .map((piece) => `data: ${JSON.stringify({ response: piece })}`)
            .concat("data: [DONE]"),
        },
      ]);
      const result = streamText({
        model: workersai("@cf/deepseek-ai/deepseek-r1-distill-qwen-32b"),
        prompt: "2+2?",
      });
      expect(await result.text).toBe("Four.");
      expect(await result.reasoningText).toBe("Two plus two.");
    });

    it("Output.object reads a JSON-mode object response", async () => {
      const { workersai, requests } = await start([
        { json: { response: { name: "Bolognese", steps: ["cook"] } } },
      ]);
      const { output } = await generateText({
        model: workersai(LLAMA),
        prompt: "Recipe",
        output: Output.object({ schema: z.object({ name: z.string(), steps: z.array(z.string()) }) }),
      });
      expect(output).toEqual({ name: "Bolognese", steps: ["cook"] });
      expect(requests[0].inputs.response_format).toMatchObject({ type: "json_schema" });
    });
  });

  describe("OpenAI chat-completions family", () => {
    it("streamText streams reasoning then text with usage totals", async () => {
      const { workersai } = await start([{ sse: chatCompletionsTextStream }]);
      const result = streamText({ model: workersai(KIMI), prompt: "Hi" });
      expect(await result.text).toBe("Answer.");
      expect(await result.reasoningText).toBe("Okay, let me think.");
      const usage = await result.usage;
      expect(usage.totalTokens).toBe(33);
      expect(usage.inputTokenDetails.cacheReadTokens).toBe(8);
      expect(usage.outputTokenDetails.reasoningTokens).toBe(12);
    });

    it("generateText reads reasoning and tool calls", async () => {
      const { workersai } = await start([
        { json: chatCompletionsReply },
        { json: { choices: [{ index: 0, finish_reason: "stop", message: { content: "18 degrees." } }] } },
      ]);
      const result = await generateText({
        model: workersai(GLM),
        prompt: "Weather?",
        tools: { get_weather: weather },
        stopWhen: stepCountIs(2),
      });
      expect(result.text).toBe("18 degrees.");
      expect(result.steps[0].reasoningText).toBe("The user wants weather.");
      expect(result.steps[0].toolResults[0].output).toEqual({ city: "London", temperature: 18 });
    });

    it("runs a two-step Kimi loop: fresh SDK ids, the model's ids sent back, unique across turns", async () => {
      const { workersai, requests } = await start([
        { sse: kimiToolStream("Paris", "Rome") },
        { sse: kimiToolStream("Oslo", "Bern") },
        { sse: [chunk({ content: "All mild." }, "stop"), "data: [DONE]"] },
      ]);
      const result = streamText({
        model: workersai(KIMI),
        prompt: "Weather?",
        tools: { get_weather: weather },
        stopWhen: stepCountIs(3),
      });
      expect(await result.text).toBe("All mild.");
      const steps = await result.steps;
      const ids = steps.flatMap((step) => step.toolCalls.map((call) => call.toolCallId));
      expect(ids).toHaveLength(4);
      expect(new Set(ids).size).toBe(4);
      const third = requests[2].inputs.messages as Array<Record<string, unknown>>;
      expect(
        third.filter((message) => message.role === "tool").map((message) => message.tool_call_id),
      ).toEqual([
        "functions.get_weather:0",
        "functions.get_weather:1",
        "functions.get_weather:0",
        "functions.get_weather:1",
      ]);
    });

    it("streamText with Output.object parses streamed JSON content", async () => {
      const json = JSON.stringify({ name: "Ada", langs: ["en"] });
      const { workersai } = await start([
        {
          sse: [
            chunk({ content: json.slice(0, 9) }),
            chunk({ content: json.slice(9) }, "stop"),
            "data: [DONE]",
          ],
        },
      ]);
      const result = streamText({
        model: workersai(KIMI),
        prompt: "Who?",
        output: Output.object({ schema: z.object({ name: z.string(), langs: z.array(z.string()) }) }),
      });
      const partials: unknown[] = [];
      for await (const partial of result.partialOutputStream) partials.push(partial);
      expect(await result.output).toEqual({ name: "Ada", langs: ["en"] });
      expect(partials.length).toBeGreaterThan(0);
    });

    it("streamText with Output.object falls back when the model rejects streaming JSON (5023)", async () => {
      const { workersai, requests } = await start([
        { error: { code: 5023, message: "JSON schema is not supported with streaming", status: 400 } },
        { json: { choices: [{ index: 0, finish_reason: "stop", message: { content: '{"ok":true}' } }] } },
      ]);
      const result = streamText({
        model: workersai(KIMI),
        prompt: "ok?",
        output: Output.object({ schema: z.object({ ok: z.boolean() }) }),
      });
      expect(await result.output).toEqual({ ok: true });
      expect(requests.map((request) => request.inputs.stream)).toEqual([true, undefined]);
    });
  });

  describe("Responses family (gpt-oss)", () => {
    it("generateText reads output items", async () => {
      const { workersai } = await start([
        { json: responsesReply },
        { json: { ...responsesReply, output: [], output_text: "Sunny." } },
      ]);
      const result = await generateText({
        model: workersai(GPT_OSS),
        prompt: "Weather?",
        tools: { get_weather: weather },
        stopWhen: stepCountIs(2),
      });
      expect(result.steps[0].reasoningText).toBe("Need weather.");
      expect(result.steps[0].toolCalls[0]).toMatchObject({
        toolName: "get_weather",
        input: { city: "London" },
      });
      expect(result.text).toBe("Sunny.");
    });

    it("replays a JSON answer to a stream request as a stream, asking only once", async () => {
      const { workersai, requests } = await start([{ json: responsesReply }]);
      const result = streamText({
        model: workersai(GPT_OSS, { responsesApi: true }),
        prompt: "Weather?",
        tools: { get_weather: weather },
      });
      await result.consumeStream();
      expect(await result.text).toBe("Let me check.");
      expect((await result.toolCalls)[0]).toMatchObject({ input: { city: "London" } });
      expect(requests).toHaveLength(1);
      expect(requests[0].inputs.input).toBeDefined();
    });

    it("streams Responses events", async () => {
      const { workersai } = await start([{ sse: responsesEventStream }]);
      const result = streamText({
        model: workersai(GPT_OSS, { responsesApi: true }),
        prompt: "Weather?",
        tools: { get_weather: weather },
      });
      await result.consumeStream();
      expect(await result.reasoningText).toBe("Thinking hard.");
      expect((await result.toolResults)[0].output).toEqual({ city: "Oslo", temperature: 18 });
    });

    it("recovers a forced tool call written as JSON text", async () => {
      const leak = JSON.stringify({ name: "get_weather", arguments: { city: "Lima" } });
      const { workersai } = await start([
        {
          sse: [
            chunk({ content: leak.slice(0, 10) }),
            chunk({ content: leak.slice(10) }),
            chunk({ tool_calls: [] }, "stop"),
            "data: [DONE]",
          ],
        },
      ]);
      const result = streamText({
        model: workersai(GPT_OSS, { responsesApi: false }),
        prompt: "Weather in Lima?",
        tools: { get_weather: weather },
        toolChoice: { type: "tool", toolName: "get_weather" },
      });
      await result.consumeStream();
      expect((await result.toolCalls)[0]).toMatchObject({ toolName: "get_weather", input: { city: "Lima" } });
      expect(await result.text).toBe("");
      expect(await result.warnings).toContainEqual({
        type: "other",
        message: expect.stringMatching(/JSON text/),
      });
    });
  });
});
