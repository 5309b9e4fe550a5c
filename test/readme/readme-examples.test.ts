/**
 * Every example of README.md, run as written against the local emulator (binding and REST), so the
 * README's promises to users stay true.
 */
import {
  createProviderRegistry,
  embedMany,
  generateImage,
  generateSpeech,
  generateText,
  Output,
  rerank,
  stepCountIs,
  streamText,
  tool,
  transcribe,
} from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createAISearch, createWorkersAI } from "../../src";
import { openai } from "../../src/plugins/openai";
import { createWorkersAIEmulator, encodeWav } from "../../src/testing";

const emulator = createWorkersAIEmulator();
const viaBinding = createWorkersAI({ binding: emulator.binding });
const viaRest = createWorkersAI({ accountId: "emulator-account", apiKey: "x", fetch: emulator.fetch });
const imageUint8Array = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1,
  8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde,
]);

describe.each([
  ["binding", viaBinding],
  ["REST", viaRest],
])("README examples over the %s", (_name, workersai) => {
  it("quick start: streamText + toTextStreamResponse", async () => {
    const result = streamText({
      model: workersai("@cf/moonshotai/kimi-k2.7-code"),
      messages: [{ role: "user", content: "Write a haiku about Cloudflare" }],
    });
    const response = result.toTextStreamResponse();
    expect(await response.text()).toContain("**Cloudflare**");
  });

  it("text generation and streaming", async () => {
    const { text } = await generateText({
      model: workersai("@cf/moonshotai/kimi-k2.7-code"),
      prompt: "Explain Workers AI in one paragraph",
    });
    expect(text).toContain("**Workers AI**");
    const result = streamText({
      model: workersai("@cf/moonshotai/kimi-k2.7-code"),
      messages: [{ role: "user", content: "Write a short story" }],
    });
    let streamed = "";
    for await (const chunk of result.textStream) streamed += chunk;
    expect(streamed).toContain("**short story**");
  });

  it("reasoning controls as settings and per call", async () => {
    const model = workersai("@cf/zai-org/glm-4.7-flash", {
      reasoning_effort: "low",
      chat_template_kwargs: { enable_thinking: false },
    });
    await generateText({ model, prompt: "Summarize in one sentence." });
    expect(emulator.requests.at(-1)?.inputs).toMatchObject({
      reasoning_effort: "low",
      chat_template_kwargs: { enable_thinking: false },
    });
    await generateText({
      model: workersai("@cf/zai-org/glm-4.7-flash"),
      prompt: "Summarize in one sentence.",
      providerOptions: { "workers-ai": { reasoning_effort: "low" } },
    });
    expect(emulator.requests.at(-1)?.inputs).toMatchObject({ reasoning_effort: "low" });
  });

  it("vision", async () => {
    const { text } = await generateText({
      model: workersai("@cf/moonshotai/kimi-k2.7-code"),
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What's in this image?" },
            { type: "file", mediaType: "image/png", data: imageUint8Array },
          ],
        },
      ],
    });
    expect(text.length).toBeGreaterThan(0);
    const { messages } = emulator.requests.at(-1)!.inputs as {
      messages: Array<{ content: Array<{ type: string }> }>;
    };
    expect(messages[0].content.map((part) => part.type)).toEqual(["text", "image_url"]);
  });

  it("tool calling with a two-step loop", async () => {
    const { text, steps } = await generateText({
      model: workersai("@cf/moonshotai/kimi-k2.7-code"),
      prompt: "What's the weather in London?",
      tools: {
        getWeather: tool({
          description: "Get the current weather for a city",
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => ({ city, temperature: 18, condition: "Cloudy" }),
        }),
      },
      stopWhen: stepCountIs(2),
    });
    expect(steps).toHaveLength(2);
    expect(steps[0].toolCalls[0].toolName).toBe("getWeather");
    expect(steps[0].toolCalls[0].input).toEqual({ city: "London" });
    expect(text).toMatch(
      /^Here's the weather for \*\*London\*\*:\n\n- \*\*Temperature:\*\* 18\n- \*\*Condition:\*\* Cloudy/,
    );
  });

  it("structured output", async () => {
    const { output } = await generateText({
      model: workersai("@cf/moonshotai/kimi-k2.7-code"),
      prompt: "Recipe for spaghetti bolognese",
      output: Output.object({
        schema: z.object({
          name: z.string(),
          ingredients: z.array(z.object({ name: z.string(), amount: z.string() })),
          steps: z.array(z.string()),
        }),
      }),
    });
    expect(output.name).toBe("Classic Spaghetti Bolognese");
    expect(output.ingredients.length).toBeGreaterThan(1);
    for (const { name, amount } of output.ingredients) {
      expect(name).toMatch(/^[a-z ]+$/);
      expect(amount).toMatch(/\d|pinch/);
    }
    expect(output.steps[0]).toMatch(/ingredients/);
  });

  it("embeddings", async () => {
    const { embeddings } = await embedMany({
      model: workersai.textEmbedding("@cf/baai/bge-base-en-v1.5"),
      values: ["sunny day at the beach", "rainy afternoon in the city"],
    });
    expect(embeddings).toHaveLength(2);
    expect(embeddings[0]).toHaveLength(768);
  });

  it("image generation", async () => {
    const { images } = await generateImage({
      model: workersai.image("@cf/black-forest-labs/flux-1-schnell"),
      prompt: "A mountain landscape at sunset",
    });
    expect(images[0].mediaType).toBe("image/png");
    expect([...images[0].uint8Array.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it("transcription with whisper-large-v3-turbo and nova-3", async () => {
    const audio = encodeWav(
      new Float32Array(16000).map((_, i) => Math.sin(i / 10) * 0.3),
      16000,
    );
    const { text, segments } = await transcribe({
      model: workersai.transcription("@cf/openai/whisper-large-v3-turbo", { language: "fr" }),
      audio,
    });
    expect(text.length).toBeGreaterThan(0);
    expect(Array.isArray(segments)).toBe(true);
    expect(emulator.requests.at(-1)?.inputs).toMatchObject({ language: "fr" });
    const nova = await transcribe({ model: workersai.transcription("@cf/deepgram/nova-3"), audio });
    expect(nova.text.length).toBeGreaterThan(0);
  });

  it("text-to-speech", async () => {
    const { audio } = await generateSpeech({
      model: workersai.speech("@cf/deepgram/aura-2-en"),
      text: "Hello from Cloudflare Workers AI!",
      voice: "asteria",
    });
    expect(audio.mediaType).toBe("audio/mpeg");
    expect(audio.uint8Array.length).toBeGreaterThan(100);
    expect(emulator.requests.at(-1)?.inputs).toMatchObject({ speaker: "asteria" });
  });

  it("reranking", async () => {
    const documents = [
      "Cloudflare Workers lets you run JavaScript at the edge.",
      "A cookie is a small piece of data stored in the browser.",
      "Workers AI runs inference on Cloudflare's global network.",
    ];
    const { ranking } = await rerank({
      model: workersai.reranking("@cf/baai/bge-reranker-base"),
      query: "What is Cloudflare Workers?",
      documents,
      topN: 2,
    });
    expect(ranking).toHaveLength(2);
    expect(ranking[0].score).toBeGreaterThanOrEqual(ranking[1].score);
    expect(ranking[0].document).toBe(documents[ranking[0].originalIndex]);
  });

  it("works in a provider registry", async () => {
    const registry = createProviderRegistry({ workersai });
    const { text } = await generateText({
      model: registry.languageModel("workersai:@cf/meta/llama-3.1-8b-instruct"),
      prompt: "Hi",
    });
    expect(text).toContain("local Workers AI emulator");
  });
});

describe("README examples that need a binding", () => {
  it("AI Search", async () => {
    const env = { AI_SEARCH: emulator.aiSearch("my-search-index") };
    const aisearch = createAISearch({ binding: env.AI_SEARCH });
    const { text, sources } = await generateText({
      model: aisearch(),
      messages: [{ role: "user", content: "How do I set up AI Gateway?" }],
    });
    expect(text.length).toBeGreaterThan(0);
    expect(sources.length).toBeGreaterThan(0);
  });

  it("the emulator's scripted tool call", async () => {
    emulator.script("@cf/moonshotai/kimi-k2.5", {
      reasoning: "Check the weather first.",
      toolCalls: [{ name: "getWeather", arguments: { city: "Oslo" } }],
    });
    const result = await generateText({
      model: viaBinding("@cf/moonshotai/kimi-k2.5"),
      prompt: "Weather in Oslo?",
      tools: { getWeather: tool({ inputSchema: z.object({ city: z.string() }) }) },
    });
    expect(result.reasoningText).toBe("Check the weather first.");
    expect(result.toolCalls[0].input).toEqual({ city: "Oslo" });
    const { text } = await generateText({
      model: viaBinding("@cf/meta/llama-3.3-70b-instruct-fp8-fast"),
      prompt: "Repeat: Hi",
    });
    expect(text).toBe("Hi");
    expect(emulator.requests.at(-1)?.inputs).toMatchObject({
      messages: [{ role: "user", content: "Repeat: Hi" }],
    });
  });

  it("third-party model through AI Gateway (run path, resumable)", async () => {
    const workersai = createWorkersAI({ binding: emulator.binding, providers: [openai] });
    workersai("@cf/meta/llama-3.1-8b-instruct");
    emulator.script("openai/gpt-5", { text: "Hello from the gateway" });
    const result = streamText({ model: workersai("openai/gpt-5", { resume: true }), prompt: "Hello" });
    expect(await result.text).toBe("Hello from the gateway");
    expect((await result.response).headers?.["cf-aig-run-id"]).toBeTruthy();
  });
});
