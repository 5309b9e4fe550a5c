import { describe, expect, it } from "vitest";
import { createWorkersAIEmulator } from "../../src/testing/index";
import { deltaText, type Json, legacyText, rejection, sseEvents, streamText, weatherTool } from "./helpers";

const LLAMA = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
const SCOUT = "@cf/meta/llama-4-scout-17b-16e-instruct";
const KIMI = "@cf/moonshotai/kimi-k2.5";
const GLM = "@cf/zai-org/glm-4.7-flash";
const GPT_OSS = "@cf/openai/gpt-oss-120b";

describe("legacy family over the binding", () => {
  it("answers JSON with response and usage", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run(LLAMA, {
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Repeat: Hello there friend" },
      ],
    })) as Json;
    expect(result).toEqual({
      response: "Hello there friend",
      usage: { prompt_tokens: 6, completion_tokens: 3, total_tokens: 9 },
    });
  });

  it("accepts prompt input", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run(LLAMA, { prompt: "Say exactly: hi" })) as Json;
    expect(result.response).toBe("hi");
  });

  it("treats unknown @cf/meta ids as legacy models", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run("@cf/meta/llama-9-future", { prompt: "Repeat: x y" })) as Json;
    expect(result.response).toBe("x y");
  });

  it("streams response pieces with padding, a final usage event and [DONE]", async () => {
    const emulator = createWorkersAIEmulator();
    const stream = await emulator.binding.run(LLAMA, {
      messages: [{ role: "user", content: "Repeat after me: Tell me about the sea" }],
      stream: true,
    });
    const events = sseEvents(await streamText(stream));
    expect(events.at(-1)).toBe("[DONE]");
    expect(legacyText(events)).toBe("Tell me about the sea");
    const first = events[0] as Json;
    expect(first.response).toBe("Tell");
    expect(typeof first.p).toBe("string");
    const final = events.at(-2) as Json;
    expect(final).toEqual({
      response: "",
      finish_reason: "stop",
      usage: { prompt_tokens: 8, completion_tokens: 5, total_tokens: 13 },
    });
  });

  it("splits multi-byte text without breaking code points", async () => {
    const emulator = createWorkersAIEmulator();
    const text = "héllo 👋🏽 wörld 日本語";
    const stream = await emulator.binding.run(LLAMA, { prompt: `Repeat: ${text}`, stream: true });
    const events = sseEvents(await streamText(stream));
    const pieces = events.filter((e): e is Json => e !== "[DONE]").map((e) => e.response as string);
    for (const piece of pieces) expect(piece).not.toMatch(/[\uD800-\uDBFF]$/);
    expect(pieces.join("")).toBe(text);
  });

  it("calls the tool the message asks for, with arguments from the message (flat legacy shape)", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run(LLAMA, {
      messages: [{ role: "user", content: "weather in Paris" }],
      tools: [weatherTool],
    })) as Json;
    expect(result.tool_calls).toEqual([
      { name: "get_weather", arguments: { city: "Paris", days: 1, metric: true } },
    ]);
    expect(result.response).toBe("");
  });

  it("uses OpenAI-like tool calls for llama-4-scout", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run(SCOUT, {
      messages: [{ role: "user", content: "weather in Paris" }],
      tools: [weatherTool],
    })) as Json;
    expect(result.tool_calls[0]).toMatchObject({
      type: "function",
      function: { name: "get_weather", arguments: { city: "Paris" } },
    });
    expect(typeof result.tool_calls[0].id).toBe("string");
  });

  it("streams tool-call deltas with a null finalization chunk", async () => {
    const emulator = createWorkersAIEmulator();
    const stream = await emulator.binding.run(LLAMA, {
      messages: [{ role: "user", content: "weather in Oslo" }],
      tools: [weatherTool],
      tool_choice: { type: "function", function: { name: "get_weather" } },
      stream: true,
    });
    const events = sseEvents(await streamText(stream)).filter((e): e is Json => e !== "[DONE]");
    const deltas = events.filter((e) => Array.isArray(e.tool_calls));
    expect(deltas).toHaveLength(3);
    expect(deltas[0].tool_calls[0]).toMatchObject({
      type: "function",
      index: 0,
      function: { name: "get_weather" },
    });
    const args = deltas
      .slice(0, 2)
      .map((d) => d.tool_calls[0].function.arguments)
      .join("");
    expect(JSON.parse(args)).toEqual({ city: "Oslo", days: 1, metric: true });
    expect(deltas[2].tool_calls[0]).toEqual({
      id: null,
      type: null,
      index: 0,
      function: { name: null, arguments: "" },
    });
    expect(events.at(-1)).toMatchObject({ response: "", finish_reason: "tool_calls" });
  });

  it("answers a tool result in prose that uses it", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run(LLAMA, {
      messages: [
        { role: "user", content: "weather in Oslo" },
        {
          role: "assistant",
          content: "",
          tool_calls: [{ id: "call1", type: "function", function: { name: "get_weather", arguments: "{}" } }],
        },
        { role: "tool", tool_call_id: "call1", content: '{"temp":18}' },
      ],
      tools: [weatherTool],
    })) as Json;
    expect(result.response).toMatch(/^Here's what `get_weather` returned:\n\n- \*\*Temp:\*\* 18\n\n\S/);
    expect(result.tool_calls).toBeUndefined();
  });

  it("does not call tools with tool_choice none", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run(LLAMA, {
      messages: [{ role: "user", content: "weather" }],
      tools: [weatherTool],
      tool_choice: "none",
    })) as Json;
    expect(result.tool_calls).toBeUndefined();
    expect(result.response).toContain("**weather**");
  });

  it("answers in prose, without a tool call, when the message asks for none of the tools", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run(LLAMA, {
      messages: [{ role: "user", content: "Hello! Who are you?" }],
      tools: [weatherTool],
    })) as Json;
    expect(result.tool_calls).toBeUndefined();
    expect(result.response).toMatch(/^(Hello|Hi there|Hey)! I'm a small model answering from the \*\*local/);
  });

  it("calls the tool once per place the message names", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run(LLAMA, {
      messages: [{ role: "user", content: "Compare the weather in London and New York" }],
      tools: [weatherTool],
    })) as Json;
    expect(result.tool_calls.map((c: Json) => c.arguments.city)).toEqual(["London", "New York"]);
  });

  it("gives the same answer to the same request, and another phrasing for another seed", async () => {
    const emulator = createWorkersAIEmulator();
    const ask = async (seed: number) =>
      ((await emulator.binding.run(LLAMA, { prompt: "How do tides work?", seed })) as Json).response;
    expect(await ask(1)).toBe(await ask(1));
    const answers = new Set(await Promise.all([1, 2, 3, 4, 5, 6].map(ask)));
    expect(answers.size).toBeGreaterThan(1);
    for (const answer of answers) expect(answer).toContain("**tides work**");
  });

  it("returns a conforming object as a JSON string in response for json_schema (published output schema: response is a string; our wire notes saw an object)", async () => {
    const emulator = createWorkersAIEmulator();
    const schema = {
      type: "object",
      properties: {
        name: { type: "string" },
        age: { type: "integer", minimum: 18 },
        tags: { type: "array", items: { type: "string" } },
        kind: { type: "string", enum: ["cat", "dog"] },
        address: { type: "object", properties: { zip: { type: "string" } } },
      },
    };
    const result = (await emulator.binding.run(LLAMA, {
      messages: [{ role: "user", content: "Describe Alice" }],
      response_format: { type: "json_schema", json_schema: schema },
    })) as Json;
    expect(JSON.parse(result.response)).toEqual({
      name: "Alice",
      age: 36,
      tags: ["Alice", "general", "example"],
      kind: "cat",
      address: { zip: "SW1A 1AA" },
    });
  });

  it("puts reasoning in <think> tags for qwq-32b", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run("@cf/qwen/qwq-32b", {
      prompt: "why is the sky blue",
    })) as Json;
    expect(result.response).toMatch(
      /^<think>\nThe user asks about sky blue\..+\n<\/think>\n\n.*\*\*sky blue\*\*/s,
    );
  });

  it("stops with finish_reason length at max_tokens", async () => {
    const emulator = createWorkersAIEmulator();
    const stream = await emulator.binding.run(LLAMA, {
      prompt: "Repeat: one two three four five six",
      max_tokens: 3,
      stream: true,
    });
    const events = sseEvents(await streamText(stream));
    expect(legacyText(events)).toBe("one two three");
    expect(events.at(-2)).toMatchObject({ finish_reason: "length", usage: { completion_tokens: 3 } });
  });
});

describe("chat-completions family over the binding", () => {
  it("answers chat.completion JSON with reasoning_content for kimi", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run(KIMI, {
      messages: [{ role: "user", content: "Hi kimi" }],
    })) as Json;
    expect(result.object).toBe("chat.completion");
    expect(result.id).toMatch(/^chatcmpl-/);
    expect(result.model).toBe(KIMI);
    const choice = result.choices[0];
    expect(choice.finish_reason).toBe("stop");
    expect(choice.message.content).toContain("standing in for `@cf/moonshotai/kimi-k2.5`");
    expect(choice.message.reasoning_content).toContain("The user greets me");
    expect(result.usage.prompt_tokens).toBe(2);
    expect(result.usage.completion_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    expect(result.usage.total_tokens).toBe(result.usage.prompt_tokens + result.usage.completion_tokens);
  });

  it("uses the reasoning key for glm and honours enable_thinking false", async () => {
    const emulator = createWorkersAIEmulator();
    const on = (await emulator.binding.run(GLM, { messages: [{ role: "user", content: "a b" }] })) as Json;
    expect(on.choices[0].message.reasoning).toEqual(expect.any(String));
    expect(on.choices[0].message.reasoning_content).toBeUndefined();
    const off = (await emulator.binding.run(GLM, {
      messages: [{ role: "user", content: "a b" }],
      chat_template_kwargs: { enable_thinking: false },
    })) as Json;
    expect(off.choices[0].message.reasoning).toBeUndefined();
  });

  it("streams chunks with usage on every chunk, a final choices:[] chunk and [DONE]", async () => {
    const emulator = createWorkersAIEmulator();
    const stream = await emulator.binding.run(KIMI, {
      messages: [{ role: "user", content: "Repeat: stream please" }],
      stream: true,
    });
    const events = sseEvents(await streamText(stream));
    expect(events.at(-1)).toBe("[DONE]");
    const chunks = events.filter((e): e is Json => e !== "[DONE]");
    for (const chunk of chunks) {
      expect(chunk.object).toBe("chat.completion.chunk");
      expect(chunk.usage.prompt_tokens).toBe(3);
    }
    expect(chunks[0].choices[0].delta).toEqual({ role: "assistant", content: "" });
    expect(deltaText(events, "reasoning_content")).toContain("repeated exactly");
    expect(deltaText(events)).toBe("stream please");
    expect(chunks.at(-2)?.choices[0].finish_reason).toBe("stop");
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage.completion_tokens).toBeGreaterThan(2);
  });

  it("gives kimi tool calls ids like functions.<name>:<n>", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run(KIMI, {
      messages: [{ role: "user", content: "weather Rome" }],
      tools: [weatherTool],
    })) as Json;
    const call = result.choices[0].message.tool_calls[0];
    expect(call.id).toBe("functions.get_weather:0");
    expect(JSON.parse(call.function.arguments)).toEqual({ city: "Rome", days: 1, metric: true });
    expect(result.choices[0].finish_reason).toBe("tool_calls");
    expect(result.choices[0].message.content).toBeNull();
  });

  it("returns structured output as a JSON string in content", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run(KIMI, {
      messages: [{ role: "user", content: "Where should I go in Portugal?" }],
      response_format: {
        type: "json_schema",
        json_schema: { name: "city", schema: { type: "object", properties: { city: { type: "string" } } } },
      },
    })) as Json;
    expect(JSON.parse(result.choices[0].message.content)).toEqual({ city: "Portugal" });
  });

  it("answers gpt-oss messages with the chat shape", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run(GPT_OSS, {
      messages: [{ role: "user", content: "yo" }],
    })) as Json;
    expect(result.object).toBe("chat.completion");
  });

  it("reports cached tokens for a repeated x-session-affinity", async () => {
    const emulator = createWorkersAIEmulator();
    const inputs = { messages: [{ role: "user", content: "a b c d" }] };
    const options = { extraHeaders: { "x-session-affinity": "s1" } };
    const first = (await emulator.binding.run(KIMI, inputs, options)) as Json;
    const second = (await emulator.binding.run(KIMI, inputs, options)) as Json;
    expect(first.usage.prompt_tokens_details.cached_tokens).toBe(0);
    expect(second.usage.prompt_tokens_details.cached_tokens).toBe(4);
    expect(emulator.requests[0].headers["x-session-affinity"]).toBe("s1");
  });
});

describe("Responses family", () => {
  it("answers gpt-oss input with object response", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run(GPT_OSS, {
      input: "Repeat: What is up",
      instructions: "Be nice",
    })) as Json;
    expect(result.object).toBe("response");
    expect(result.status).toBe("completed");
    expect(result.output_text).toBe("What is up");
    expect(result.output.map((o: Json) => o.type)).toEqual(["reasoning", "message"]);
    expect(result.output[1].content[0]).toMatchObject({ type: "output_text", text: "What is up" });
    expect(result.usage.input_tokens).toBe(6);
    expect(result.usage.total_tokens).toBe(result.usage.input_tokens + result.usage.output_tokens);
  });

  it("answers stream:true with JSON (documented quirk), so the binding returns an object", async () => {
    const emulator = createWorkersAIEmulator();
    const result = await emulator.binding.run(GPT_OSS, { input: "hi", stream: true });
    expect(result).not.toBeInstanceOf(ReadableStream);
    expect((result as Json).object).toBe("response");
  });

  it("emits function_call items for flat tools", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run(GPT_OSS, {
      input: [{ role: "user", content: "weather Lima" }],
      tools: [{ type: "function", name: "get_weather", parameters: weatherTool.function.parameters }],
    })) as Json;
    const call = result.output.find((o: Json) => o.type === "function_call");
    expect(call).toMatchObject({ name: "get_weather", status: "completed" });
    expect(call.call_id).toMatch(/^call_/);
    expect(JSON.parse(call.arguments).city).toBe("Lima");
  });

  it("answers a function_call_output with its content", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run(GPT_OSS, {
      input: [
        { role: "user", content: "weather Lima" },
        { type: "function_call", call_id: "c1", name: "get_weather", arguments: "{}" },
        { type: "function_call_output", call_id: "c1", output: "sunny" },
      ],
    })) as Json;
    expect(result.output_text).toMatch(/^`get_weather` says: sunny\n\n\S/);
  });
});

describe("validation errors", () => {
  const cases: Array<[string, string, Record<string, unknown>, string, string]> = [
    [
      "prompt and messages",
      LLAMA,
      { prompt: "a", messages: [{ role: "user", content: "b" }] },
      "InvalidInput",
      "1001: prompt and messages are mutually exclusive",
    ],
    [
      "missing prompt/messages",
      LLAMA,
      {},
      "InvalidInput",
      "8001: Invalid input: one of 'prompt' or 'messages' is required",
    ],
    [
      "tool_choice any",
      KIMI,
      { messages: [{ role: "user", content: "x" }], tools: [weatherTool], tool_choice: "any" },
      "InvalidInput",
      '8001: Invalid input: tool_choice "any" is not supported',
    ],
    [
      "non-string tool description",
      KIMI,
      {
        messages: [{ role: "user", content: "x" }],
        tools: [{ name: "t", description: false, parameters: {} }],
      },
      "InvalidInput",
      "8001: Invalid input: tools[0].description must be a string",
    ],
    [
      "content null",
      LLAMA,
      { messages: [{ role: "assistant", content: null }] },
      "InvalidInput",
      "8001: Invalid input: messages[0].content must not be null",
    ],
    [
      "content parts on a string-only model",
      LLAMA,
      { messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }] },
      "InvalidInput",
      `8001: Invalid input: messages[0].content must be a string for ${LLAMA}`,
    ],
    [
      "SVG image",
      SCOUT,
      {
        messages: [
          {
            role: "user",
            content: [{ type: "image_url", image_url: { url: "data:image/svg+xml;base64,PHN2Zz4=" } }],
          },
        ],
      },
      "InferenceUpstreamError",
      "8005: Internal server error",
    ],
    [
      "unknown model",
      "@cf/nope/model",
      { prompt: "x" },
      "InferenceUpstreamError",
      "5007: No such model @cf/nope/model or task",
    ],
  ];
  for (const [label, model, inputs, name, message] of cases) {
    it(`throws for ${label}`, async () => {
      const emulator = createWorkersAIEmulator();
      const error = await rejection(emulator.binding.run(model, inputs));
      expect(error.name).toBe(name);
      expect(error.message).toBe(message);
      expect(emulator.requests).toHaveLength(1);
    });
  }

  it("rejects a forced tool on a reasoning model with too few tokens (8006)", async () => {
    const emulator = createWorkersAIEmulator();
    const error = await rejection(
      emulator.binding.run(KIMI, {
        messages: [{ role: "user", content: "x" }],
        tools: [weatherTool],
        tool_choice: "required",
        max_tokens: 8,
      }),
    );
    expect(error.message).toMatch(/^8006: /);
  });

  it("returns the raw error response with returnRawResponse", async () => {
    const emulator = createWorkersAIEmulator();
    const response = (await emulator.binding.run(
      "@cf/nope/model",
      { prompt: "x" },
      {
        returnRawResponse: true,
      },
    )) as Response;
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("cf-ai-req-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({
      internalCode: 5007,
      message: "No such model @cf/nope/model or task",
      name: "InferenceUpstreamError",
      description: "No such model @cf/nope/model or task",
    });
    expect(emulator.binding.lastRequestHttpStatusCode).toBe(400);
  });

  it("records lastRequestId and internal code", async () => {
    const emulator = createWorkersAIEmulator();
    await rejection(emulator.binding.run(LLAMA, {}));
    expect(emulator.binding.lastRequestInternalStatusCode).toBe(8001);
    await emulator.binding.run(LLAMA, { prompt: "ok" });
    expect(emulator.binding.lastRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(emulator.binding.lastRequestInternalStatusCode).toBeNull();
    expect(emulator.binding.aiGatewayLogId).toBeNull();
  });
});

describe("binding options and request log", () => {
  it("records inputs, options, prefix and extra headers", async () => {
    const emulator = createWorkersAIEmulator();
    await emulator.binding.run(
      LLAMA,
      { prompt: "hello" },
      {
        prefix: "team",
        extraHeaders: { "X-Session-Affinity": "abc", "cf-aig-zdr": true },
        tags: ["a", "b"],
        rejectIfBusy: true,
      },
    );
    const entry = emulator.requests[0];
    expect(entry.transport).toBe("binding");
    expect(entry.model).toBe(LLAMA);
    expect(entry.inputs).toEqual({ prompt: "hello" });
    expect(entry.options).toEqual({ prefix: "team", tags: ["a", "b"], rejectIfBusy: true });
    expect(entry.headers).toMatchObject({
      "content-type": "application/json",
      "cf-consn-model-id": `team:${LLAMA}`,
      "x-session-affinity": "abc",
      "cf-aig-zdr": "true",
    });
    expect(entry.bodyBytes).toBeGreaterThan(10);
  });

  it("rejects with AbortError when the signal is already aborted", async () => {
    const emulator = createWorkersAIEmulator();
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(
      emulator.binding.run(LLAMA, { prompt: "x" }, { signal: controller.signal }),
    );
    expect(error.name).toBe("AbortError");
  });

  it("returns a queued request id for queueRequest", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run(
      LLAMA,
      { requests: [{ prompt: "x" }] },
      { queueRequest: true },
    )) as Json;
    expect(result.request_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("reset clears the log and scripts", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(LLAMA, { text: "scripted" });
    await emulator.binding.run(KIMI, { messages: [{ role: "user", content: "x" }] });
    emulator.reset();
    expect(emulator.requests).toHaveLength(0);
    const result = (await emulator.binding.run(LLAMA, { prompt: "Repeat: x" })) as Json;
    expect(result.response).toBe("x");
  });
});
