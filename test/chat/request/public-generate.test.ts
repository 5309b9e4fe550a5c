import { InvalidArgumentError, UnsupportedFunctionalityError } from "@ai-sdk/provider";
import { generateText, Output, streamText, tool } from "ai";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { getModelInfo } from "../../../src/catalog";
import { WORKERS_AI_SAFE_PROMPT } from "../../../src/chat/chat-settings";
import { startTestServer, type TestServer } from "../../helpers/http-server";
import { recordingProvider } from "./public-helpers";

const LLAMA = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
const KIMI = "@cf/moonshotai/kimi-k2.7-code";
const GLM = "@cf/zai-org/glm-4.7-flash";
const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);
const PNG_DATA_URL = `data:image/png;base64,${Buffer.from(PNG).toString("base64")}`;

describe("generateText → binding.run inputs and options", () => {
  it("sends the messages with a catalog output limit so the 256-token default never applies", async () => {
    const { workersai, runs } = recordingProvider();
    const { text } = await generateText({ model: workersai(LLAMA), system: "Be brief.", prompt: "Hi" });
    expect(text).toBe("ok");
    expect(runs).toHaveLength(1);
    expect(runs[0].model).toBe(LLAMA);
    expect(runs[0].inputs).toEqual({
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hi" },
      ],
      max_tokens: getModelInfo(LLAMA)?.defaultMaxOutputTokens,
    });
  });

  it("maps call options to the family's wire names", async () => {
    const { workersai, runs } = recordingProvider();
    await generateText({
      model: workersai(GLM),
      prompt: "Hi",
      maxOutputTokens: 123,
      temperature: 0.4,
      topP: 0.7,
      seed: 42,
      stopSequences: ["STOP"],
      presencePenalty: 0.1,
      frequencyPenalty: 0.2,
      headers: { "x-call-header": "yes" },
    });
    expect(runs[0].inputs).toEqual({
      messages: [{ role: "user", content: "Hi" }],
      max_tokens: 123,
      max_completion_tokens: 123,
      temperature: 0.4,
      top_p: 0.7,
      seed: 42,
      stop: ["STOP"],
      presence_penalty: 0.1,
      frequency_penalty: 0.2,
    });
    expect(runs[0].options.extraHeaders).toMatchObject({ "x-call-header": "yes" });
  });

  it("reports what the family cannot take as warnings", async () => {
    const { workersai, runs } = recordingProvider();
    const result = await generateText({ model: workersai(LLAMA), prompt: "Hi", stopSequences: ["STOP"] });
    expect(runs[0].inputs).not.toHaveProperty("stop");
    expect(result.warnings).toContainEqual({
      type: "unsupported",
      feature: "stopSequences",
      details: `${LLAMA} does not accept stop in the legacy chat request; it was not sent.`,
    });
  });

  it("warns when AI Gateway would drop metadata beyond its 5 entries", async () => {
    const { workersai, runs } = recordingProvider();
    const metadata = { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 };
    const result = await generateText({
      model: workersai(LLAMA),
      prompt: "Hi",
      providerOptions: { "workers-ai": { gateway: { id: "gw", metadata } } },
    });
    expect(Object.keys((runs[0].options.gateway as { metadata: object }).metadata)).toEqual([
      "a",
      "b",
      "c",
      "d",
      "e",
    ]);
    expect(result.warnings).toContainEqual({
      type: "other",
      message: "AI Gateway keeps at most 5 metadata entries; f, g were dropped.",
    });
  });

  it("applies model settings: inputs in inputs, binding options in options", async () => {
    const { workersai, runs } = recordingProvider();
    await generateText({
      model: workersai(GLM, {
        reasoning_effort: null,
        chat_template_kwargs: { enable_thinking: false },
        sessionAffinity: "ses-1",
        safePrompt: true,
        rejectIfBusy: true,
        tags: ["team:docs"],
        prefix: "docs",
        extraHeaders: { "cf-aig-zdr": "true" },
        gateway: { id: "my-gateway", skipCache: true },
        extraInputs: { top_logprobs: 1 },
      }),
      prompt: "Hi",
    });
    const { inputs, options } = runs[0];
    expect(inputs).toMatchObject({
      messages: [
        { role: "system", content: WORKERS_AI_SAFE_PROMPT },
        { role: "user", content: "Hi" },
      ],
      chat_template_kwargs: { enable_thinking: false },
      top_logprobs: 1,
    });
    // null turns glm's reasoning off its published way (enable_thinking false), not as reasoning_effort
    expect(inputs).not.toHaveProperty("reasoning_effort");
    for (const key of ["rejectIfBusy", "tags", "prefix", "gateway", "sessionAffinity"]) {
      expect(inputs).not.toHaveProperty(key);
    }
    expect(options).toMatchObject({
      rejectIfBusy: true,
      tags: ["team:docs"],
      prefix: "docs",
      gateway: { id: "my-gateway", skipCache: true },
      extraHeaders: { "cf-aig-zdr": "true", "x-session-affinity": "ses-1" },
    });
  });

  it("per-call providerOptions win over settings", async () => {
    const { workersai, runs } = recordingProvider();
    await generateText({
      model: workersai(GLM, {
        reasoning_effort: "high",
        sessionAffinity: "model",
        gateway: { id: "gw", cacheTtl: 60 },
      }),
      prompt: "Hi",
      providerOptions: {
        "workers-ai": { reasoning_effort: "low", sessionAffinity: "call", gateway: { skipCache: true } },
      },
    });
    expect(runs[0].inputs.reasoning_effort).toBe("low");
    expect(runs[0].options).toMatchObject({
      extraHeaders: { "x-session-affinity": "call" },
      gateway: { id: "gw", cacheTtl: 60, skipCache: true },
    });
  });

  it("rejects invalid providerOptions before calling the model", async () => {
    const { workersai, runs } = recordingProvider();
    const call = generateText({
      model: workersai(GLM),
      prompt: "Hi",
      providerOptions: { "workers-ai": { reasoning_effort: "turbo" } },
    });
    await expect(call).rejects.toSatisfy((error) => InvalidArgumentError.isInstance(error));
    expect(runs).toHaveLength(0);
  });

  it("maps the AI SDK reasoning option with a warning when clamped", async () => {
    const { workersai, runs } = recordingProvider();
    const result = await generateText({
      model: workersai("@cf/openai/gpt-oss-120b"),
      prompt: "Hi",
      reasoning: "xhigh",
    });
    expect(runs[0].inputs.reasoning_effort).toBe("high");
    expect(result.warnings).toContainEqual({
      type: "compatibility",
      feature: "reasoning",
      details: 'reasoning "xhigh" is not directly supported by this model. mapped to effort "high".',
    });
  });

  it("streamText sends the same inputs with stream: true", async () => {
    const sse = 'data: {"response":"Hel"}\n\ndata: {"response":"lo"}\n\ndata: [DONE]\n\n';
    const { workersai, runs } = recordingProvider(new Response(sse).body);
    const result = streamText({ model: workersai(LLAMA), prompt: "Hi", temperature: 0.1 });
    expect(await result.text).toBe("Hello");
    expect(runs[0].inputs).toMatchObject({
      messages: [{ role: "user", content: "Hi" }],
      temperature: 0.1,
      stream: true,
    });
  });
});

describe("generateText: tools and structured output", () => {
  const weather = tool({
    description: "Get the weather for a city",
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => ({ city, temperature: 18 }),
  });

  const callsWeather = {
    choices: [
      {
        index: 0,
        finish_reason: "tool_calls",
        message: {
          role: "assistant",
          content: "",
          tool_calls: [
            { id: "c1", type: "function", function: { name: "weather", arguments: '{"city":"London"}' } },
          ],
        },
      },
    ],
  };

  it("sends OpenAI-form tools and a named tool choice", async () => {
    const { workersai, runs } = recordingProvider(callsWeather);
    await generateText({
      model: workersai(KIMI),
      prompt: "Weather in London?",
      tools: { weather, noDescription: tool({ inputSchema: z.object({}) }) },
      toolChoice: { type: "tool", toolName: "weather" },
    });
    const { tools, tool_choice } = runs[0].inputs as {
      tools: Array<{ function: Record<string, unknown> }>;
      tool_choice: unknown;
    };
    expect(tool_choice).toEqual({ type: "function", function: { name: "weather" } });
    expect(tools).toHaveLength(2);
    expect(tools[0]).toEqual({
      type: "function",
      function: {
        name: "weather",
        description: "Get the weather for a city",
        parameters: expect.objectContaining({ type: "object", properties: { city: { type: "string" } } }),
      },
    });
    expect(tools[1].function).not.toHaveProperty("description");
  });

  it.each([
    ["auto", "auto"],
    ["none", "none"],
    ["required", "required"],
  ] as const)("toolChoice %s → %s", async (choice, wire) => {
    const { workersai, runs } = recordingProvider(choice === "none" ? { response: "ok" } : callsWeather);
    await generateText({ model: workersai(KIMI), prompt: "x", tools: { weather }, toolChoice: choice });
    expect(runs[0].inputs.tool_choice).toBe(wire);
  });

  it("Output.object sends a bare JSON schema and reads the legacy object reply", async () => {
    const { workersai, runs } = recordingProvider({ response: { name: "Spaghetti", steps: ["boil"] } });
    const { output } = await generateText({
      model: workersai(LLAMA),
      prompt: "Recipe",
      output: Output.object({ schema: z.object({ name: z.string(), steps: z.array(z.string()) }) }),
    });
    expect(output).toEqual({ name: "Spaghetti", steps: ["boil"] });
    const format = runs[0].inputs.response_format as { type: string; json_schema: Record<string, unknown> };
    expect(format.type).toBe("json_schema");
    expect(format.json_schema).toMatchObject({
      type: "object",
      properties: { name: { type: "string" }, steps: { type: "array", items: { type: "string" } } },
    });
    expect(format.json_schema).not.toHaveProperty("schema");
    expect(format.json_schema).not.toHaveProperty("name");
  });
});

describe("generateText: images", () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("sends Uint8Array, base64 and data-URL images as data URLs, in order", async () => {
    const { workersai, runs } = recordingProvider();
    await generateText({
      model: workersai(KIMI),
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Compare" },
            { type: "file", mediaType: "image/png", data: PNG },
            { type: "text", text: "with" },
            { type: "file", mediaType: "image/png", data: Buffer.from(PNG).toString("base64") },
            { type: "file", mediaType: "image/png", data: PNG_DATA_URL },
          ],
        },
      ],
    });
    expect(runs[0].inputs.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Compare" },
          { type: "image_url", image_url: { url: PNG_DATA_URL } },
          { type: "text", text: "with" },
          { type: "image_url", image_url: { url: PNG_DATA_URL } },
          { type: "image_url", image_url: { url: PNG_DATA_URL } },
        ],
      },
    ]);
  });

  it("the README's image part works", async () => {
    const { workersai, runs } = recordingProvider();
    await generateText({
      model: workersai(KIMI),
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What's in this image?" },
            { type: "image", image: PNG },
          ],
        },
      ],
    });
    expect(runs[0].inputs.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "What's in this image?" },
          { type: "image_url", image_url: { url: PNG_DATA_URL } },
        ],
      },
    ]);
  });

  it("downloads http image URLs (the model takes data URLs only)", async () => {
    server = await startTestServer(() => new Response(PNG, { headers: { "content-type": "image/png" } }));
    const { workersai, runs } = recordingProvider();
    const asked: boolean[] = [];
    await generateText({
      model: workersai(KIMI),
      messages: [
        {
          role: "user",
          content: [{ type: "file", mediaType: "image/png", data: new URL(`${server.url}/cat.png`) }],
        },
      ],
      // The SDK's default downloader refuses loopback addresses; this one fetches what the SDK asks for.
      experimental_download: async (files) =>
        Promise.all(
          files.map(async ({ url, isUrlSupportedByModel }) => {
            asked.push(isUrlSupportedByModel);
            const response = await fetch(url);
            return { data: new Uint8Array(await response.arrayBuffer()), mediaType: "image/png" };
          }),
        ),
    });
    expect(asked).toEqual([false]);
    expect(server.requests).toHaveLength(1);
    expect(runs[0].inputs.messages).toEqual([
      { role: "user", content: [{ type: "image_url", image_url: { url: PNG_DATA_URL } }] },
    ]);
  });

  it("rejects non-image files with UnsupportedFunctionalityError naming the media type", async () => {
    const { workersai, runs } = recordingProvider();
    const call = generateText({
      model: workersai(KIMI),
      messages: [
        { role: "user", content: [{ type: "file", mediaType: "application/pdf", data: "JVBERi0=" }] },
      ],
    });
    await expect(call).rejects.toSatisfy(
      (error) => UnsupportedFunctionalityError.isInstance(error) && error.message.includes("application/pdf"),
    );
    expect(runs).toHaveLength(0);
  });
});
