import type { LanguageModelV4CallOptions, SharedV4Warning } from "@ai-sdk/provider";
import { InvalidArgumentError } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { getModelInfo } from "../../../src/catalog";
import {
  parseChatProviderOptions,
  WORKERS_AI_CHAT_OPTION_KEYS,
  WORKERS_AI_SAFE_PROMPT,
  type WorkersAIChatProviderOptions,
  type WorkersAIChatSettings,
} from "../../../src/chat/chat-settings";
import { buildChatRequest } from "../../../src/chat/request/build-chat-request";
import { chatModelFacts } from "../../../src/chat/request/model-facts";
import { buildSamplingInputs, DEFAULT_MAX_OUTPUT_TOKENS } from "../../../src/chat/request/sampling";
import { GPT_OSS, KIMI, LEGACY, OPENAI, plan, UNKNOWN, userPrompt } from "./helpers";

const LEGACY_MAX = getModelInfo(LEGACY)?.defaultMaxOutputTokens;

describe("buildChatRequest: basic shape", () => {
  it("sends messages and the catalog's output limit, without stream", async () => {
    const result = await plan(LEGACY);
    expect(LEGACY_MAX).toBeGreaterThan(256);
    expect(result).toEqual({
      form: "chat",
      inputs: { messages: [{ role: "user", content: "Hello" }], max_tokens: LEGACY_MAX },
      warnings: [],
      headers: {},
      runOptions: {},
      jsonMode: false,
      toolNames: [],
    });
  });

  it("falls back to DEFAULT_MAX_OUTPUT_TOKENS (4096) for models the catalog does not know", async () => {
    expect(DEFAULT_MAX_OUTPUT_TOKENS).toBe(4096);
    const result = await plan(UNKNOWN);
    expect(result.inputs).toMatchObject({ max_tokens: 4096, max_completion_tokens: 4096 });
  });

  it("sends both output-limit names to the OpenAI family and asks for usage when streaming", async () => {
    const result = await plan(OPENAI, { maxOutputTokens: 100 }, {}, true);
    expect(result.inputs).toEqual({
      messages: [{ role: "user", content: "Hello" }],
      max_tokens: 100,
      max_completion_tokens: 100,
      stream_options: { include_usage: true },
    });
  });

  it("treats unknown models as OpenAI-shaped", async () => {
    const result = await plan(UNKNOWN, { stopSequences: ["END"], topK: 3 });
    expect(result.inputs).toEqual({
      messages: [{ role: "user", content: "Hello" }],
      max_tokens: 4096,
      max_completion_tokens: 4096,
      stop: ["END"],
    });
    expect(result.warnings).toEqual([
      {
        type: "unsupported",
        feature: "topK",
        details: `${UNKNOWN} does not accept top_k in the OpenAI chat request; it was not sent.`,
      },
    ]);
  });

  it("does not mutate the call options or settings", async () => {
    const schema = { type: "object", properties: { a: { type: "string" } } } as const;
    const options: LanguageModelV4CallOptions = {
      prompt: userPrompt(),
      responseFormat: { type: "json", schema, name: "thing", description: "A thing" },
      providerOptions: { "workers-ai": { chat_template_kwargs: { clear_thinking: true } } },
    };
    const settings = {
      chat_template_kwargs: { enable_thinking: false },
      gateway: { id: "g", metadata: { a: 1 } },
    };
    const before = JSON.stringify({ options, settings });
    await buildChatRequest({ modelId: OPENAI, settings, options, stream: false });
    expect(JSON.stringify({ options, settings })).toBe(before);
    expect(schema).toEqual({ type: "object", properties: { a: { type: "string" } } });
  });
});

describe("buildChatRequest: sampling wire names", () => {
  const all: Partial<LanguageModelV4CallOptions> = {
    maxOutputTokens: 50,
    temperature: 0.3,
    topP: 0.8,
    topK: 20,
    seed: 7,
    stopSequences: ["###"],
    frequencyPenalty: 0.5,
    presencePenalty: -0.5,
  };

  it("legacy family: top_k sent, stop warned", async () => {
    const result = await plan(LEGACY, all);
    expect(result.inputs).toEqual({
      messages: [{ role: "user", content: "Hello" }],
      max_tokens: 50,
      temperature: 0.3,
      top_p: 0.8,
      top_k: 20,
      seed: 7,
      frequency_penalty: 0.5,
      presence_penalty: -0.5,
    });
    expect(result.warnings).toEqual([
      {
        type: "unsupported",
        feature: "stopSequences",
        details: `${LEGACY} does not accept stop in the legacy chat request; it was not sent.`,
      },
    ]);
  });

  it("OpenAI family: stop sent, top_k warned", async () => {
    const result = await plan(OPENAI, all);
    expect(result.inputs).toEqual({
      messages: [{ role: "user", content: "Hello" }],
      max_tokens: 50,
      max_completion_tokens: 50,
      temperature: 0.3,
      top_p: 0.8,
      seed: 7,
      stop: ["###"],
      frequency_penalty: 0.5,
      presence_penalty: -0.5,
    });
    expect(result.warnings.map((w) => w.type === "unsupported" && w.feature)).toEqual(["topK"]);
  });

  it("clamps penalties into a 0..2 model range with a warning", async () => {
    const result = await plan("@cf/meta/llama-4-scout-17b-16e-instruct", {
      frequencyPenalty: -1,
      presencePenalty: 3,
    });
    expect(result.inputs).toMatchObject({ frequency_penalty: 0, presence_penalty: 2 });
    expect(result.warnings).toEqual([
      {
        type: "compatibility",
        feature: "frequencyPenalty",
        details:
          "frequencyPenalty -1 is outside the range 0..2 of frequency_penalty on @cf/meta/llama-4-scout-17b-16e-instruct; 0 was sent.",
      },
      {
        type: "compatibility",
        feature: "presencePenalty",
        details:
          "presencePenalty 3 is outside the range 0..2 of presence_penalty on @cf/meta/llama-4-scout-17b-16e-instruct; 2 was sent.",
      },
    ]);
  });

  it("clamps penalties into the −2..2 range of other models", async () => {
    const result = await plan(OPENAI, { frequencyPenalty: -5 });
    expect(result.inputs.frequency_penalty).toBe(-2);
    expect(result.warnings).toHaveLength(1);
  });

  it("clamps other sampling values into the ranges the catalog states", async () => {
    const result = await plan(LEGACY, { temperature: 7, topP: 0 });
    expect(result.inputs).toMatchObject({ temperature: 5, top_p: 0.001 });
    expect(result.warnings.map((w) => (w.type === "compatibility" ? w.feature : w.type))).toEqual([
      "temperature",
      "topP",
    ]);
  });

  it("does not send call options the model's schema does not list", () => {
    const warnings: SharedV4Warning[] = [];
    const facts = {
      ...chatModelFacts("x"),
      modelId: "x",
      info: { id: "x", task: "text-generation", samplingParameters: ["max_completion_tokens", "top_p"] },
    } as const;
    const inputs = buildSamplingInputs(
      { prompt: [], temperature: 1, topP: 0.5, maxOutputTokens: 10 },
      facts,
      "chat",
      warnings,
    );
    expect(inputs).toEqual({ max_completion_tokens: 10, top_p: 0.5 });
    expect(warnings).toEqual([
      {
        type: "unsupported",
        feature: "temperature",
        details: "x does not accept temperature in the OpenAI chat request; it was not sent.",
      },
    ]);
  });

  it("Workers AI settings the model does not list are sent as given, with a warning", async () => {
    const result = await plan(OPENAI, {}, { repetition_penalty: 1.2 });
    expect(result.inputs.repetition_penalty).toBe(1.2);
    expect(result.warnings).toEqual([
      {
        type: "compatibility",
        feature: "repetition_penalty",
        details: `${OPENAI} is not listed as accepting repetition_penalty; it was sent as given.`,
      },
    ]);
  });

  it("an empty stopSequences array is not a request for stop sequences", async () => {
    const result = await plan(LEGACY, { stopSequences: [] });
    expect(result.warnings).toEqual([]);
    expect(result.inputs).not.toHaveProperty("stop");
  });
});

describe("buildChatRequest: settings and providerOptions", () => {
  it("puts model inputs in inputs and binding options in runOptions", async () => {
    const result = await plan(
      LEGACY,
      {},
      {
        lora: "my-adapter",
        repetition_penalty: 1.1,
        chat_template_kwargs: { enable_thinking: false },
        rejectIfBusy: true,
        tags: ["team:a"],
        prefix: "app",
        sessionAffinity: "session-1",
        extraHeaders: { "cf-aig-zdr": "true" },
        gateway: { id: "gw", cacheTtl: 60 },
      },
    );
    expect(result.inputs).toEqual({
      messages: [{ role: "user", content: "Hello" }],
      max_tokens: LEGACY_MAX,
      chat_template_kwargs: { enable_thinking: false },
      lora: "my-adapter",
      repetition_penalty: 1.1,
    });
    // llama-3.3 takes no LoRA adapters: sent as given, with a warning
    expect(result.warnings).toEqual([
      {
        type: "compatibility",
        feature: "lora",
        details: `${LEGACY} is not listed as accepting lora; it was sent as given.`,
      },
    ]);
    expect(result.runOptions).toEqual({ rejectIfBusy: true, tags: ["team:a"], prefix: "app" });
    expect(result.headers).toEqual({ "cf-aig-zdr": "true", "x-session-affinity": "session-1" });
    expect(result.gateway).toEqual({ id: "gw", cacheTtl: 60 });
  });

  it("per-call providerOptions win; gateway, headers, kwargs and extraInputs merge", async () => {
    const result = await plan(
      OPENAI,
      {
        headers: { "x-call": "1" },
        providerOptions: {
          "workers-ai": {
            sessionAffinity: "call-session",
            lora: "call-lora",
            tags: ["call"],
            rejectIfBusy: false,
            extraHeaders: { "x-b": "call" },
            chat_template_kwargs: { clear_thinking: true },
            gateway: { skipCache: true, metadata: { user: "u2" } },
            extraInputs: { top_logprobs: 2 },
          },
        },
      },
      {
        sessionAffinity: "model-session",
        lora: "model-lora",
        tags: ["model"],
        rejectIfBusy: true,
        extraHeaders: { "x-a": "model", "x-b": "model" },
        chat_template_kwargs: { enable_thinking: false },
        gateway: { id: "gw", skipCache: false, metadata: { team: "t", user: "u1" } },
        extraInputs: { logprobs: true },
      },
    );
    expect(result.inputs).toMatchObject({
      lora: "call-lora",
      chat_template_kwargs: { enable_thinking: false, clear_thinking: true },
      logprobs: true,
      top_logprobs: 2,
    });
    expect(result.headers).toEqual({
      "x-a": "model",
      "x-b": "call",
      "x-session-affinity": "call-session",
      "x-call": "1",
    });
    expect(result.gateway).toEqual({ id: "gw", skipCache: true, metadata: { team: "t", user: "u2" } });
    expect(result.runOptions).toEqual({ rejectIfBusy: false, tags: ["call"] });
  });

  it("per-call headers win over extraHeaders and sessionAffinity", async () => {
    const result = await plan(
      OPENAI,
      { headers: { "x-session-affinity": "from-headers" } },
      { sessionAffinity: "from-settings" },
    );
    expect(result.headers).toEqual({ "x-session-affinity": "from-headers" });
  });

  it("extraInputs land in inputs last, overriding computed values", async () => {
    const result = await plan(
      LEGACY,
      { maxOutputTokens: 10 },
      { extraInputs: { max_tokens: 99, guided_json: {} } },
    );
    expect(result.inputs).toMatchObject({ max_tokens: 99, guided_json: {} });
  });

  it("rejects invalid providerOptions with InvalidArgumentError", async () => {
    const promise = plan(OPENAI, { providerOptions: { "workers-ai": { reasoning_effort: "extreme" } } });
    await expect(promise).rejects.toSatisfy((error) => InvalidArgumentError.isInstance(error));
    await expect(plan(OPENAI, { providerOptions: { "workers-ai": { tags: "not-a-list" } } })).rejects.toThrow(
      /invalid workers-ai provider options/,
    );
    await expect(plan(OPENAI, { providerOptions: { "workers-ai": { tags: ["a", 7] } } })).rejects.toThrow(
      /tags\[1\] must be a string/,
    );
  });

  it("warns about unknown providerOptions keys", async () => {
    const result = await plan(OPENAI, { providerOptions: { "workers-ai": { temprature: 1 } } });
    expect(result.warnings).toEqual([
      {
        type: "unsupported",
        feature: 'providerOptions["workers-ai"].temprature',
        details:
          "temprature is not a Workers AI chat option and was ignored; use extraInputs to send extra model inputs.",
      },
    ]);
    expect(result.inputs).not.toHaveProperty("temprature");
  });

  it("ignores other providers' options", async () => {
    const result = await plan(OPENAI, { providerOptions: { openai: { anything: true } } });
    expect(result.warnings).toEqual([]);
  });
});

describe("buildChatRequest: safePrompt", () => {
  it("adds the safety prompt as the first system message", async () => {
    const result = await plan(LEGACY, {}, { safePrompt: true });
    expect(result.inputs.messages).toEqual([
      { role: "system", content: WORKERS_AI_SAFE_PROMPT },
      { role: "user", content: "Hello" },
    ]);
  });

  it("joins it with a leading system message", async () => {
    const result = await plan(
      LEGACY,
      { prompt: [{ role: "system", content: "Be brief." }, ...userPrompt()] },
      {},
    );
    expect(result.inputs.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Hello" },
    ]);
    const safe = await plan(
      LEGACY,
      {
        prompt: [{ role: "system", content: "Be brief." }, ...userPrompt()],
        providerOptions: { "workers-ai": { safePrompt: true } },
      },
      {},
    );
    expect(safe.inputs.messages).toEqual([
      { role: "system", content: `${WORKERS_AI_SAFE_PROMPT}\n\nBe brief.` },
      { role: "user", content: "Hello" },
    ]);
  });

  it("starts the Responses-form instructions", async () => {
    const result = await plan(
      GPT_OSS,
      { prompt: [{ role: "system", content: "Be brief." }, ...userPrompt()] },
      { safePrompt: true, responsesApi: true },
    );
    expect(result.inputs.instructions).toBe(`${WORKERS_AI_SAFE_PROMPT}\n\nBe brief.`);
  });

  it("is not applied in raw mode, with a warning", async () => {
    const result = await plan(LEGACY, {}, { safePrompt: true, raw: true });
    expect(result.inputs.prompt).toBe("Hello");
    expect(result.warnings).toEqual([
      {
        type: "unsupported",
        feature: "safePrompt",
        details: "raw mode sends your prompt exactly as formatted; the safety prompt was not added.",
      },
    ]);
  });
});

describe("buildChatRequest: raw mode", () => {
  it("sends a single prompt and raw: true", async () => {
    const result = await plan(LEGACY, { prompt: userPrompt("<s>[INST] hi [/INST]") }, { raw: true });
    expect(result.inputs).toEqual({ prompt: "<s>[INST] hi [/INST]", raw: true, max_tokens: LEGACY_MAX });
    expect(result.warnings).toEqual([]);
  });

  it("flattens a history with a warning", async () => {
    const result = await plan(
      LEGACY,
      {
        prompt: [
          { role: "system", content: "S" },
          { role: "user", content: [{ type: "text", text: "U" }] },
          { role: "assistant", content: [{ type: "text", text: "A" }] },
        ],
      },
      { raw: true },
    );
    expect(result.inputs.prompt).toBe("S\n\nU\n\nA");
    expect(result.warnings).toEqual([
      {
        type: "compatibility",
        feature: "raw",
        details:
          "raw mode sends one prompt string without a chat template: the roles, tool calls and reasoning of the messages cannot be expressed, only their text was joined.",
      },
    ]);
  });

  it("sends the text of a single user message and leaves its files out, with a warning", async () => {
    const result = await plan(
      LEGACY,
      {
        prompt: [
          {
            role: "user",
            content: [
              { type: "text", text: "a" },
              { type: "file", mediaType: "image/png", data: { type: "data", data: "AAAA" } },
              { type: "text", text: "b" },
            ],
          },
        ],
      },
      { raw: true },
    );
    expect(result.inputs.prompt).toBe("a\nb");
    expect(result.warnings).toEqual([
      { type: "unsupported", feature: "raw", details: "raw mode sends text only; the files were not sent." },
    ]);
  });

  it("raw: false is not sent", async () => {
    const result = await plan(LEGACY, {}, { raw: false });
    expect(result.inputs).not.toHaveProperty("raw");
    expect(result.inputs).toHaveProperty("messages");
  });
});

describe("buildChatRequest: Responses form (gpt-oss)", () => {
  it("uses the chat form by default", async () => {
    const result = await plan(GPT_OSS);
    expect(result.form).toBe("chat");
    expect(result.inputs).toHaveProperty("messages");
  });

  it("builds input, instructions, reasoning.effort, flat tools, text.format and max_output_tokens", async () => {
    const result = await plan(
      GPT_OSS,
      {
        prompt: [{ role: "system", content: "Sys" }, ...userPrompt("Hi")],
        maxOutputTokens: 300,
        temperature: 0.2,
        topP: 0.9,
        seed: 3,
        reasoning: "high",
        tools: [{ type: "function", name: "f", description: "F", inputSchema: { type: "object" } }],
        toolChoice: { type: "tool", toolName: "f" },
      },
      { responsesApi: true },
    );
    expect(result.form).toBe("responses");
    expect(result.inputs).toEqual({
      instructions: "Sys",
      input: [{ role: "user", content: [{ type: "input_text", text: "Hi" }] }],
      tools: [{ type: "function", name: "f", description: "F", parameters: { type: "object" } }],
      tool_choice: { type: "function", name: "f" },
      max_output_tokens: 300,
      temperature: 0.2,
      top_p: 0.9,
      reasoning: { effort: "high" },
    });
    expect(result.forcedToolName).toBe("f");
    expect(result.warnings).toEqual([
      {
        type: "unsupported",
        feature: "seed",
        details: `${GPT_OSS} does not accept seed in the Responses-form request; it was not sent.`,
      },
    ]);
  });

  it("auto: switches to the Responses form when a tool is forced on gpt-oss", async () => {
    const tools: LanguageModelV4CallOptions["tools"] = [
      { type: "function", name: "f", inputSchema: { type: "object" } },
    ];
    const forced = await plan(GPT_OSS, { tools, toolChoice: { type: "required" } });
    expect(forced.form).toBe("responses");
    expect(forced.inputs.tool_choice).toBe("required");
    const free = await plan(GPT_OSS, { tools, toolChoice: { type: "auto" } });
    expect(free.form).toBe("chat");
    const off = await plan(GPT_OSS, { tools, toolChoice: { type: "required" } }, { responsesApi: false });
    expect(off.form).toBe("chat");
    const other = await plan(OPENAI, { tools, toolChoice: { type: "required" } });
    expect(other.form).toBe("chat");
  });

  it("text.format for JSON with a schema, json_object without", async () => {
    const withSchema = await plan(
      GPT_OSS,
      {
        responseFormat: { type: "json", schema: { type: "object" }, name: "recipe", description: "A recipe" },
      },
      { responsesApi: true },
    );
    expect(withSchema.inputs.text).toEqual({
      format: { type: "json_schema", name: "recipe", description: "A recipe", schema: { type: "object" } },
    });
    expect(withSchema.jsonMode).toBe(true);
    const bare = await plan(GPT_OSS, { responseFormat: { type: "json" } }, { responsesApi: true });
    expect(bare.inputs.text).toEqual({ format: { type: "json_object" } });
  });

  it("warns about chat-only inputs and penalties", async () => {
    const result = await plan(
      GPT_OSS,
      { frequencyPenalty: 1, stopSequences: ["x"] },
      { responsesApi: true, lora: "l", chat_template_kwargs: { a: 1 } },
    );
    expect(result.inputs).not.toHaveProperty("lora");
    expect(result.inputs).not.toHaveProperty("chat_template_kwargs");
    expect(result.warnings.map((w) => (w.type === "unsupported" ? w.feature : w.type))).toEqual([
      "stopSequences",
      "frequencyPenalty",
      "chat_template_kwargs",
      "lora",
    ]);
  });

  it("warns when forcing the Responses form on a model known not to take it", async () => {
    const result = await plan(LEGACY, {}, { responsesApi: true });
    expect(result.form).toBe("responses");
    expect(result.warnings).toEqual([
      {
        type: "compatibility",
        feature: "responsesApi",
        details: `${LEGACY} is not known to accept the Responses input form; it was used as asked.`,
      },
    ]);
  });
});

describe("buildChatRequest: tools and JSON together", () => {
  it("keeps JSON mode and drops the tools with a warning", async () => {
    const result = await plan(KIMI, {
      tools: [{ type: "function", name: "f", inputSchema: { type: "object" } }],
      toolChoice: { type: "tool", toolName: "f" },
      responseFormat: { type: "json", schema: { type: "object" } },
    });
    expect(result.inputs).not.toHaveProperty("tools");
    expect(result.inputs).not.toHaveProperty("tool_choice");
    expect(result.inputs.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "response", schema: { type: "object" } },
    });
    expect(result.forcedToolName).toBeUndefined();
    expect(result.toolNames).toEqual([]);
    expect(result.jsonMode).toBe(true);
    expect(result.warnings).toEqual([
      {
        type: "unsupported",
        feature: "tools with responseFormat json",
        details:
          "Workers AI models do not take tools and JSON mode together; the JSON response format was kept and the tools were not sent.",
      },
    ]);
  });
});

describe("settings and providerOptions schema", () => {
  it("every setting is accepted per call, and nothing else", () => {
    const settings: Required<WorkersAIChatSettings> = {
      reasoning_effort: "low",
      chat_template_kwargs: {},
      sessionAffinity: "s",
      safePrompt: true,
      lora: "l",
      raw: false,
      repetition_penalty: 1,
      gateway: { id: "g" },
      extraHeaders: {},
      rejectIfBusy: true,
      tags: [],
      prefix: "p",
      responsesApi: "auto",
      extraInputs: {},
    };
    expect([...WORKERS_AI_CHAT_OPTION_KEYS].sort()).toEqual(Object.keys(settings).sort());
    const warnings: SharedV4Warning[] = [];
    const parsed: WorkersAIChatProviderOptions | undefined = parseChatProviderOptions(settings, warnings);
    const asSettings: WorkersAIChatSettings | undefined = parsed;
    expect(asSettings).toEqual(settings);
    expect(warnings).toEqual([]);
  });
});
