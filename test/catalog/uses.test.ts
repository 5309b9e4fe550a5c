import {
  embedMany,
  generateImage,
  generateSpeech,
  generateText,
  Output,
  stepCountIs,
  streamText,
  tool,
  transcribe,
} from "ai";
import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createWorkersAI } from "../../src";
import { createWorkersAIEmulator, encodeJpeg, encodePng, encodeWav } from "../../src/testing/index";

const LLAMA = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
const KIMI = "@cf/moonshotai/kimi-k2.5";
const UNPRICED = "@hf/nousresearch/hermes-2-pro-mistral-7b";
const LLAMA_31 = "@cf/meta/llama-3.1-8b-instruct";
const GLM = "@cf/zai-org/glm-4.7-flash";
const GEMMA = "@cf/google/gemma-3-12b-it";
const BGE_BASE = "@cf/baai/bge-base-en-v1.5";
const EMBEDDING_GEMMA = "@cf/google/embeddinggemma-300m";
const SCHNELL = "@cf/black-forest-labs/flux-1-schnell";
const FLUX_2_DEV = "@cf/black-forest-labs/flux-2-dev";
const SDXL = "@cf/stabilityai/stable-diffusion-xl-base-1.0";
const WHISPER_TURBO = "@cf/openai/whisper-large-v3-turbo";
const WHISPER = "@cf/openai/whisper";
const AURA = "@cf/deepgram/aura-2-en";
const MELOTTS = "@cf/myshell-ai/melotts";

// Warnings are asserted below; the SDK's console logging of them would only add noise.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

let emulator: ReturnType<typeof createWorkersAIEmulator>;
let workersai: ReturnType<typeof createWorkersAI>;

beforeEach(() => {
  emulator = createWorkersAIEmulator();
  workersai = createWorkersAI({ binding: emulator.binding });
});

/** `providerMetadata["workers-ai"]` of a result, typed loosely for assertions. */
function metadataOf(providerMetadata: unknown): Record<string, unknown> {
  return ((providerMetadata as Record<string, Record<string, unknown>> | undefined)?.["workers-ai"] ??
    {}) as Record<string, unknown>;
}

/** Seconds of silence as a 16 kHz WAV file. */
function silence(seconds: number): Uint8Array {
  return encodeWav(new Float32Array(16_000 * seconds), 16_000);
}

describe("cost estimates in providerMetadata", () => {
  it("chat (generateText): tokens × the catalog's USD and neuron prices", async () => {
    emulator.script(LLAMA, { text: "Paris.", usage: { prompt_tokens: 1000, completion_tokens: 500 } });
    const result = await generateText({ model: workersai(LLAMA), prompt: "Capital of France?" });
    // 1,000 × $0.29 + 500 × $2.25 per million tokens (published); neurons = USD / $0.000011
    expect(metadataOf(result.providerMetadata)).toMatchObject({
      usage: { inputTokens: 1000, outputTokens: 500 },
      costUsd: 0.001415,
      neurons: 128.636363636,
    });
    expect(result.usage.inputTokens).toBe(1000);
  });

  it("chat (streamText): priced once at finish, cached input at the cached-input price", async () => {
    emulator.script(KIMI, {
      text: "Hello there.",
      usage: { prompt_tokens: 2000, completion_tokens: 300, cached_tokens: 1500 },
    });
    const result = streamText({ model: workersai(KIMI), prompt: "Hi" });
    await result.consumeStream();
    // 500 × $0.60 + 1,500 cached × $0.10 + 300 × $3.00 per million tokens; neurons = USD / $0.000011
    const metadata = metadataOf(await result.providerMetadata);
    expect(metadata).toMatchObject({
      usage: { inputTokens: 2000, cachedInputTokens: 1500, outputTokens: 300 },
      costUsd: 0.00135,
      neurons: 122.727272727,
    });
    const steps = await result.steps;
    expect(metadataOf(steps[0].providerMetadata)).toEqual(metadata);
  });

  it("chat: usage without a price has no cost, and no usage at all has neither", async () => {
    emulator.script(UNPRICED, { text: "Hi.", usage: { prompt_tokens: 10, completion_tokens: 2 } });
    const unpriced = await generateText({ model: workersai(UNPRICED), prompt: "Hi" });
    const metadata = metadataOf(unpriced.providerMetadata);
    expect(metadata.usage).toEqual({ inputTokens: 10, outputTokens: 2 });
    expect(metadata).not.toHaveProperty("costUsd");
    expect(metadata).not.toHaveProperty("neurons");

    emulator.script(LLAMA, {
      rawBody: JSON.stringify({ response: "No usage." }),
      contentType: "application/json",
    });
    const unreported = await generateText({ model: workersai(LLAMA), prompt: "Hi" });
    expect(unreported.text).toBe("No usage.");
    const bare = metadataOf(unreported.providerMetadata);
    expect(bare).not.toHaveProperty("usage");
    expect(bare).not.toHaveProperty("costUsd");
    expect(bare).not.toHaveProperty("neurons");
  });

  it("chat: every step of a tool loop carries its own cost", async () => {
    emulator.script(
      LLAMA,
      {
        toolCalls: [{ name: "weather", arguments: { city: "Oslo" } }],
        usage: { prompt_tokens: 100, completion_tokens: 10 },
      },
      { text: "Sunny.", usage: { prompt_tokens: 120, completion_tokens: 4 } },
    );
    const result = await generateText({
      model: workersai(LLAMA),
      prompt: "Weather in Oslo?",
      tools: {
        weather: tool({ inputSchema: z.object({ city: z.string() }), execute: async () => "sunny" }),
      },
      stopWhen: stepCountIs(2),
    });
    expect(result.steps.map((step) => metadataOf(step.providerMetadata).costUsd)).toEqual([
      0.0000515, // 100 × $0.29 + 10 × $2.25 per million
      0.0000438, // 120 × $0.29 + 4 × $2.25 per million
    ]);
  });

  it("embeddings: reported tokens are priced as they are", async () => {
    emulator.script(BGE_BASE, {
      json: { shape: [1, 2], data: [[0.1, 0.2]], usage: { prompt_tokens: 10, total_tokens: 10 } },
    });
    const result = await embedMany({ model: workersai.textEmbedding(BGE_BASE), values: ["hello"] });
    expect(result.usage.tokens).toBe(10);
    // 10 × $0.067 and 10 × 6,058 neurons per million tokens
    expect(metadataOf(result.providerMetadata)).toMatchObject({
      usage: { inputTokens: 10 },
      costUsd: 6.7e-7,
      neurons: 0.06058,
    });
    expect(metadataOf(result.providerMetadata).usage).not.toHaveProperty("estimated");
  });

  it("embeddings: unreported tokens are estimated from the input and flagged", async () => {
    const result = await embedMany({
      model: workersai.textEmbedding(BGE_BASE),
      values: ["hello world", "abcd"],
    });
    // "hello world" = ceil(11 / 4) = 3 tokens, "abcd" = 1 token (the AI SDK usage stays unreported)
    expect(metadataOf(result.providerMetadata)).toMatchObject({
      usage: { inputTokens: 4, estimated: true },
      costUsd: 2.68e-7,
      neurons: 0.024232,
    });
    const unpriced = await embedMany({ model: workersai.textEmbedding(EMBEDDING_GEMMA), values: ["a"] });
    expect(metadataOf(unpriced.providerMetadata).usage).toEqual({ inputTokens: 1, estimated: true });
    expect(metadataOf(unpriced.providerMetadata)).not.toHaveProperty("costUsd");
  });

  it("images: per image (kept by generateImage) and per call", async () => {
    const result = await generateImage({ model: workersai.image(SCHNELL), prompt: "A red lighthouse", n: 2 });
    // 1024×1024 = 4 tiles × $0.0000528 (4.8 neurons) + 4 steps × $0.0001056 (9.6 neurons), per image
    const perImage = {
      usage: { images: 1, width: 1024, height: 1024, steps: 4 },
      costUsd: 0.0006336,
      neurons: 57.6,
    };
    expect(result.images).toHaveLength(2);
    for (const image of result.images) expect(metadataOf(image.providerMetadata)).toMatchObject(perImage);
    const images = metadataOf(result.providerMetadata).images as unknown[];
    expect(images).toHaveLength(2);
    for (const image of images) expect(image).toMatchObject(perImage);
    expect(metadataOf(result.calls[0].providerMetadata)).toMatchObject(perImage);
  });

  it("images: the size and steps sent, and input-image tiles for FLUX.2 dev", async () => {
    const result = await generateImage({
      model: workersai.image(FLUX_2_DEV),
      prompt: {
        text: "Put both in one scene",
        images: [encodePng(600, 512, [1, 2, 3]), encodeJpeg(1024, 1024, [9, 9, 9])],
      },
      size: "1024x1024",
    });
    // output: 4 tiles × 20 steps × $0.000825; input: (2 + 4) tiles × 20 steps × $0.000413 (published)
    expect(metadataOf(result.images[0].providerMetadata)).toMatchObject({
      usage: {
        images: 1,
        width: 1024,
        height: 1024,
        steps: 20,
        inputImages: [
          { width: 600, height: 512 },
          { width: 1024, height: 1024 },
        ],
      },
      costUsd: 0.11556,
      neurons: 10505.4545455,
    });
  });

  it("images: no price, or an input image of unreadable size, gives usage without cost", async () => {
    const unpriced = await generateImage({ model: workersai.image(SDXL), prompt: "A quiet harbour at dawn" });
    const image = metadataOf(unpriced.images[0].providerMetadata);
    expect(image.usage).toEqual({ images: 1, steps: 20 });
    expect(image).not.toHaveProperty("costUsd");

    const gif = new TextEncoder().encode("GIF89a-not-a-png-or-jpeg");
    const unreadable = await generateImage({
      model: workersai.image(FLUX_2_DEV),
      prompt: { text: "Edit it", images: [gif] },
      size: "512x512",
    });
    const metadata = metadataOf(unreadable.images[0].providerMetadata);
    expect(metadata.usage).toEqual({ images: 1, width: 512, height: 512, steps: 20 });
    expect(metadata).not.toHaveProperty("costUsd");
    expect(metadata).not.toHaveProperty("neurons");
  });

  it("transcription: the reply's duration × the per-minute price", async () => {
    const result = await transcribe({ model: workersai.transcription(WHISPER_TURBO), audio: silence(3) });
    expect(result.durationInSeconds).toBe(3);
    // 3 s = 0.05 min × $0.00051
    expect(metadataOf(result.providerMetadata)).toMatchObject({
      usage: { audioSeconds: 3 },
      costUsd: 0.0000255,
      neurons: 2.31818181818,
    });
  });

  it("transcription: no duration in the reply means no usage and no cost", async () => {
    const result = await transcribe({ model: workersai.transcription(WHISPER), audio: silence(2) });
    const metadata = metadataOf(result.providerMetadata);
    expect(metadata).not.toHaveProperty("usage");
    expect(metadata).not.toHaveProperty("costUsd");
    expect(metadata).not.toHaveProperty("neurons");
  });

  it("speech: characters (code points) × the per-1,000-character price", async () => {
    const result = await generateSpeech({ model: workersai.speech(AURA), text: "Hello, world! 👋" });
    // 15 characters × $0.03 per 1,000
    expect(metadataOf(result.providerMetadata)).toMatchObject({
      usage: { characters: 15 },
      costUsd: 0.00045,
      neurons: 40.9090909091,
    });
    const unpriced = await generateSpeech({ model: workersai.speech(MELOTTS), text: "Bonjour" });
    expect(metadataOf(unpriced.providerMetadata).usage).toEqual({ characters: 7 });
    expect(metadataOf(unpriced.providerMetadata)).not.toHaveProperty("costUsd");
  });
});

describe("context-window warning before the call", () => {
  const exceeds = (prompt: number, output: number, window: number, model: string) =>
    `Estimated ${prompt} prompt tokens + ${output} output tokens exceed the context window of ${window} tokens of ${model}`;

  it("warns when the estimated prompt plus the default output limit exceed the window", async () => {
    // 80,000 Latin characters ≈ 20,000 tokens; llama-3.3-70b reserves 6,000 output tokens of its 24,000
    const result = await generateText({ model: workersai(LLAMA), prompt: "x".repeat(80_000) });
    expect(result.warnings).toEqual([
      {
        type: "other",
        message: `${exceeds(20_000, 6000, 24_000, LLAMA)} (estimate: ~4 characters per token, 1 per CJK character); Workers AI may reject the request or cut the answer short. Shorten the prompt or lower maxOutputTokens.`,
      },
    ]);
  });

  it("stays quiet when the prompt fits, e.g. with a lower maxOutputTokens", async () => {
    const fits = await generateText({ model: workersai(LLAMA), prompt: "x".repeat(70_000) });
    expect(fits.warnings).toEqual([]);
    const lowered = await generateText({
      model: workersai(LLAMA),
      prompt: "x".repeat(80_000),
      maxOutputTokens: 1000,
    });
    expect(lowered.warnings).toEqual([]);
  });

  it("counts CJK characters as one token each, in streamText too", async () => {
    emulator.script(LLAMA, { text: "OK." });
    const result = streamText({
      model: workersai(LLAMA),
      prompt: "漢".repeat(20_001),
      maxOutputTokens: 4000,
    });
    await result.consumeStream();
    expect(await result.warnings).toContainEqual({
      type: "other",
      message: expect.stringContaining(exceeds(20_001, 4000, 24_000, LLAMA)),
    });
  });

  it("counts system text, tool results and tool definitions", async () => {
    const result = await generateText({
      model: workersai(LLAMA),
      maxOutputTokens: 5000,
      instructions: "s".repeat(20_000),
      messages: [
        { role: "user", content: "Look it up." },
        {
          role: "assistant",
          content: [{ type: "tool-call", toolCallId: "c1", toolName: "lookup", input: { q: "x" } }],
        },
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: "c1",
              toolName: "lookup",
              output: { type: "text", value: "r".repeat(40_000) },
            },
          ],
        },
      ],
      tools: {
        lookup: tool({ description: "d".repeat(20_000), inputSchema: z.object({ q: z.string() }) }),
      },
    });
    // 5,000 (instructions) + 10,000 (tool result) + 5,000+ (tool definition) tokens + 5,000 output > 24,000;
    // leaving any of the three out would stay under the window

    expect(result.warnings).toContainEqual({
      type: "other",
      message: expect.stringMatching(
        /^Estimated 2\d{4} prompt tokens \+ 5000 output tokens exceed the context window of 24000 tokens/,
      ),
    });
  });

  it("never warns for a model whose context window the catalog does not know", async () => {
    // As long as its published schema allows (content ≤ 131,072 characters): far above any window it could have.
    const result = await generateText({ model: workersai(LLAMA_31), prompt: "x".repeat(131_072) });
    expect(result.warnings).toEqual([]);
  });
});

describe("capability warnings before the call (public API)", () => {
  it("an image sent to a model the catalog lists without vision: sent, with a warning", async () => {
    // The emulator refuses images for such models (as the platform may); this binding answers, to show the warning.
    const seen: Record<string, unknown>[] = [];
    const lenient = {
      run: async (_model: string, inputs: Record<string, unknown>) => {
        seen.push(inputs);
        return { response: "A red square.", usage: { prompt_tokens: 20, completion_tokens: 4 } };
      },
    };
    const result = await generateText({
      model: createWorkersAI({ binding: lenient })(GLM),
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image", image: encodePng(2, 2, [255, 0, 0]), mediaType: "image/png" },
          ],
        },
      ],
    });
    expect(result.text).toBe("A red square.");
    expect(result.warnings).toContainEqual({
      type: "unsupported",
      feature: "image input",
      details: `${GLM} is not listed as vision-capable; the image was sent anyway.`,
    });
    expect(JSON.stringify(seen[0])).toContain("data:image/png;base64,");
  });

  it("reasoning_effort the model's published list lacks: not sent, with a warning", async () => {
    const result = await generateText({
      model: workersai(KIMI),
      prompt: "Think hard.",
      providerOptions: { "workers-ai": { reasoning_effort: "max" } },
    });
    expect(result.warnings).toContainEqual({
      type: "unsupported",
      feature: "reasoning_effort",
      details: `${KIMI} takes reasoning_effort "low", "medium", "high"; reasoning_effort "max" was not sent.`,
    });
    expect(emulator.requests.at(-1)?.inputs).not.toHaveProperty("reasoning_effort");
  });

  it("a reasoning effort on a model without reasoning controls: not sent, with a warning", async () => {
    const result = await generateText({ model: workersai(LLAMA), prompt: "Hi", reasoning: "high" });
    expect(result.warnings).toContainEqual({
      type: "unsupported",
      feature: "reasoning",
      details: `${LLAMA} does not accept a reasoning effort; nothing was sent.`,
    });
    expect(emulator.requests.at(-1)?.inputs).not.toHaveProperty("reasoning_effort");
  });

  it("JSON output on a model without response_format: the catalog routes it to guided_json, no warning", async () => {
    const result = await generateText({
      model: workersai(GEMMA),
      prompt: "A person",
      output: Output.object({ schema: z.object({ name: z.string() }) }),
    });
    expect(result.warnings).toEqual([]);
    const inputs = emulator.requests.at(-1)?.inputs as Record<string, unknown>;
    expect(inputs).toHaveProperty("guided_json");
    expect(inputs).not.toHaveProperty("response_format");
    expect(result.output).toEqual({ name: expect.any(String) });
  });
});
