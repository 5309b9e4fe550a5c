import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type WorkersAIModelInfo, type WorkersAITask, workersAIModels } from "../../src/catalog";

/** Every model id named in spec sections 4.4, 4.6 and 7 (7.1 incl. "other ids", 7.2, 7.3). */
const SPEC_IDS: Record<WorkersAITask, readonly string[]> = {
  "text-generation": [
    "@cf/moonshotai/kimi-k2.7-code",
    "@cf/moonshotai/kimi-k2.5",
    "@cf/moonshotai/kimi-k2.6",
    "@cf/zai-org/glm-4.7-flash",
    "@cf/zai-org/glm-5.2",
    "@cf/zai-org/glm-5.3",
    "@cf/zai-org/glm-5.3-flash",
    "@cf/openai/gpt-oss-120b",
    "@cf/openai/gpt-oss-20b",
    "@cf/qwen/qwq-32b",
    "@cf/qwen/qwen3-30b-a3b-fp8",
    "@cf/qwen/qwen2.5-coder-32b-instruct",
    "@cf/qwen/qwen3.8-27b",
    "@cf/meta/llama-4-scout-17b-16e-instruct",
    "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
    "@cf/meta/llama-3.1-8b-instruct",
    "@cf/meta/llama-3.1-8b-instruct-fp8-fast",
    "@cf/meta/llama-3.2-1b-instruct",
    "@cf/meta/llama-3.2-11b-vision-instruct",
    "@cf/google/gemma-3-12b-it",
    "@cf/google/gemma-4-26b-a4b-it",
    "@cf/mistralai/mistral-small-3.1-24b-instruct",
    "@cf/deepseek-ai/deepseek-r1-distill-qwen-32b",
    "@cf/deepseek-ai/deepseek-v4-flash-0731",
    "@cf/deepseek-ai/deepseek-v4-pro-0813",
    "@cf/ibm-granite/granite-4.0-h-micro",
    "@cf/nvidia/nemotron-3-120b-a12b",
  ],
  "text-embeddings": [
    "@cf/baai/bge-small-en-v1.5",
    "@cf/baai/bge-base-en-v1.5",
    "@cf/baai/bge-large-en-v1.5",
    "@cf/baai/bge-m3",
    "@cf/google/embeddinggemma-300m",
    "@cf/qwen/qwen3-embedding-0.6b",
  ],
  "text-classification": ["@cf/baai/bge-reranker-base", "@cf/huggingface/distilbert-sst-2-int8"],
  "text-to-image": [
    "@cf/black-forest-labs/flux-1-schnell",
    "@cf/black-forest-labs/flux-2-klein-4b",
    "@cf/black-forest-labs/flux-2-klein-9b",
    "@cf/black-forest-labs/flux-2-dev",
    "@cf/leonardo/lucid-origin",
    "@cf/leonardo/phoenix-1.0",
    "@cf/stabilityai/stable-diffusion-xl-base-1.0",
  ],
  "automatic-speech-recognition": [
    "@cf/openai/whisper",
    "@cf/openai/whisper-tiny-en",
    "@cf/openai/whisper-large-v3-turbo",
    "@cf/deepgram/nova-3",
  ],
  "text-to-speech": [
    "@cf/deepgram/aura-2-en",
    "@cf/deepgram/aura-2-es",
    "@cf/deepgram/aura-1",
    "@cf/myshell-ai/melotts",
  ],
  translation: ["@cf/meta/m2m100-1.2b", "@cf/ai4bharat/indictrans2-en-indic-1B"],
  summarization: ["@cf/facebook/bart-large-cnn"],
};

const chatModels = workersAIModels.filter((info) => info.task === "text-generation");

/** The documented rule of src/catalog/models.ts for `defaultMaxOutputTokens`. */
function expectedDefaultMaxOutputTokens(info: WorkersAIModelInfo): number {
  const window = info.contextWindow ?? (info.family === "legacy" ? 8192 : 16_384);
  const cap = info.thinking ? 16_384 : 8192;
  return Math.min(cap, Math.floor(window / 4));
}

describe("catalog table", () => {
  it("has one row per model id, every model id of the spec among them under the right task", () => {
    // The published model files add the rest (test/catalog/published-facts.test.ts).
    const ids = workersAIModels.map((info) => info.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [task, expected] of Object.entries(SPEC_IDS)) {
      const actual = workersAIModels.filter((info) => info.task === task).map((info) => info.id);
      expect(actual).toEqual(expect.arrayContaining([...expected]));
    }
  });

  it("cites a source in a comment above every row", () => {
    const source = readFileSync(new URL("../../src/catalog/models.ts", import.meta.url), "utf8");
    const rows = source.split(/\n {4}\{\n/).slice(1);
    expect(rows.length).toBe(workersAIModels.length);
    for (const row of rows) {
      const comment = row.slice(0, row.indexOf("id:"));
      expect(comment, row.slice(0, 200)).toMatch(/\/\/ .*(\[(M|T|C|D|P)[\]:]|spec \d|unconfirmed)/);
    }
  });

  it("is frozen, rows and nested objects included", () => {
    expect(Object.isFrozen(workersAIModels)).toBe(true);
    for (const info of workersAIModels) {
      expect(Object.isFrozen(info)).toBe(true);
      if (info.price) expect(Object.isFrozen(info.price)).toBe(true);
    }
    const kimi = workersAIModels.find((info) => info.id === "@cf/moonshotai/kimi-k2.7-code");
    expect(() => {
      (kimi as { contextWindow?: number }).contextWindow = 1;
    }).toThrow(TypeError);
  });

  it("gives every chat model a family and an output-token default that follows the documented rule", () => {
    for (const info of chatModels) {
      expect(info.family, info.id).toBeDefined();
      expect(info.defaultMaxOutputTokens, info.id).toBe(expectedDefaultMaxOutputTokens(info));
      if (info.contextWindow !== undefined) {
        expect(info.defaultMaxOutputTokens, info.id).toBeLessThanOrEqual(info.contextWindow);
      }
    }
    const nonChat = workersAIModels.filter((info) => info.task !== "text-generation");
    for (const info of nonChat) expect(info.defaultMaxOutputTokens, info.id).toBeUndefined();
  });

  it("records the platform's silent max_tokens defaults", () => {
    const defaults = Object.fromEntries(chatModels.map((info) => [info.id, info.platformDefaultMaxTokens]));
    expect(defaults["@cf/qwen/qwen3-30b-a3b-fp8"]).toBe(2000);
    expect(defaults["@cf/openai/gpt-oss-120b"]).toBe(256);
    expect(defaults["@cf/meta/llama-3.3-70b-instruct-fp8-fast"]).toBe(256);
    expect(defaults["@cf/moonshotai/kimi-k2.7-code"]).toBeUndefined();
    for (const info of chatModels.filter((row) => row.family === "legacy" && row.platformDefaultMaxTokens)) {
      expect(info.defaultMaxOutputTokens, info.id).toBeGreaterThan(info.platformDefaultMaxTokens ?? 0);
    }
  });

  it("keeps reasoning facts consistent", () => {
    for (const info of workersAIModels) {
      if (info.reasoning) expect(info.thinking, info.id).toBe(true);
      if (info.thinking === false) expect(info.reasoning, info.id).toBeUndefined();
      if (info.reasoning?.canDisable && !info.reasoning.efforts?.includes("none")) {
        expect(info.reasoning.disableWith, info.id).toBeDefined();
      }
      if (info.reasoning?.defaultEffort) {
        expect(info.reasoning.efforts, info.id).toContain(info.reasoning.defaultEffort);
      }
      for (const target of Object.values(info.reasoning?.effortAliases ?? {})) {
        expect(info.reasoning?.efforts, info.id).toContain(target);
      }
    }
    const reasoning = (id: string) => workersAIModels.find((info) => info.id === id)?.reasoning;
    expect(reasoning("@cf/moonshotai/kimi-k2.7-code")).toMatchObject({ mandatory: true, canDisable: false });
    expect(reasoning("@cf/moonshotai/kimi-k2.7-code")?.efforts).toBeUndefined();
    expect(reasoning("@cf/moonshotai/kimi-k2.5")).toMatchObject({
      efforts: ["low", "medium", "high"],
      canDisable: true,
      disableWith: "enable-thinking-false",
    });
    expect(reasoning("@cf/zai-org/glm-4.7-flash")).toMatchObject({
      canDisable: true,
      disableWith: "enable-thinking-false",
    });
    expect(reasoning("@cf/openai/gpt-oss-120b")).toMatchObject({
      efforts: ["low", "medium", "high"],
      canDisable: false,
    });
    // kimi-k2.6's published schema lists low|medium|high (no "none"); reasoning turns off with enable_thinking.
    expect(reasoning("@cf/moonshotai/kimi-k2.6")).toMatchObject({
      efforts: ["low", "medium", "high"],
      canDisable: true,
      disableWith: "enable-thinking-false",
    });
    expect(reasoning("@cf/qwen/qwq-32b")?.output).toBe("reasoning_content");
    expect(reasoning("@cf/deepseek-ai/deepseek-r1-distill-qwen-32b")?.output).toBe("think-tags");
  });

  it("lists sampling parameters and ranges by wire name", () => {
    for (const info of chatModels) {
      for (const name of Object.keys(info.samplingRanges ?? {})) {
        expect(info.samplingParameters, `${info.id} ${name}`).toContain(name);
      }
      for (const [name, range] of Object.entries(info.samplingRanges ?? {})) {
        if (range.min !== undefined && range.max !== undefined) {
          expect(range.min, `${info.id} ${name}`).toBeLessThan(range.max);
        }
        if (range.default !== undefined && range.max !== undefined) {
          expect(range.default, `${info.id} ${name}`).toBeLessThanOrEqual(range.max);
        }
      }
    }
    const info = (id: string) => workersAIModels.find((row) => row.id === id);
    expect(info("@cf/meta/llama-3.3-70b-instruct-fp8-fast")?.samplingRanges?.frequency_penalty).toEqual({
      min: -2,
      max: 2,
    });
    expect(info("@cf/google/gemma-3-12b-it")?.samplingRanges?.top_p).toEqual({ min: 0, max: 2 });
    expect(info("@cf/mistralai/mistral-small-3.1-24b-instruct")?.samplingRanges?.temperature?.default).toBe(
      0.15,
    );
    expect(info("@cf/moonshotai/kimi-k2.7-code")?.samplingParameters).not.toContain("top_k");
  });

  it("describes embeddings with a batch limit and input form", () => {
    const embeddings = workersAIModels.filter((info) => info.task === "text-embeddings");
    for (const info of embeddings) {
      expect(info.embedding?.maxBatchSize, info.id).toBeGreaterThan(0);
    }
    const batch = Object.fromEntries(embeddings.map((info) => [info.id, info.embedding?.maxBatchSize]));
    expect(batch["@cf/qwen/qwen3-embedding-0.6b"]).toBe(32);
    expect(batch["@cf/baai/bge-m3"]).toBe(100);
    expect(embeddings.find((info) => info.id === "@cf/baai/bge-base-en-v1.5")?.embedding).toMatchObject({
      dimensions: 768,
      inputForm: "text",
      pooling: true,
    });
  });

  it("describes images with consistent step and size limits", () => {
    for (const info of workersAIModels.filter((row) => row.task === "text-to-image")) {
      const image = info.image;
      expect(image, info.id).toBeDefined();
      if (image?.defaultSteps !== undefined && image.maxSteps !== undefined) {
        expect(image.defaultSteps, info.id).toBeLessThanOrEqual(image.maxSteps);
      }
      if (image?.fixedSteps) {
        expect(image.defaultSteps, info.id).toBeDefined();
        expect(image.stepsParameter, info.id).toBeUndefined();
      }
      if (image?.maxSize !== undefined && image.defaultWidth !== undefined) {
        expect(image.defaultWidth, info.id).toBeLessThanOrEqual(image.maxSize);
      }
      if (image?.input === "multipart") expect(image.output, info.id).toBe("json-base64");
    }
    const schnell = workersAIModels.find((info) => info.id === "@cf/black-forest-labs/flux-1-schnell");
    expect(schnell?.image).toMatchObject({ stepsParameter: "steps", defaultSteps: 4, maxSteps: 8 });
    const sdxl = workersAIModels.find((info) => info.id === "@cf/stabilityai/stable-diffusion-xl-base-1.0");
    expect(sdxl?.image).toMatchObject({ output: "binary-png", stepsParameter: "num_steps", maxSteps: 20 });
  });

  it("lists voices for the Aura models with the default among them", () => {
    const speech = workersAIModels.filter((info) => info.task === "text-to-speech");
    for (const info of speech) {
      expect(info.speech, info.id).toBeDefined();
      if (info.speech?.voices !== undefined) {
        expect(info.speech.voices.length, info.id).toBeGreaterThan(0);
        expect(new Set(info.speech.voices).size, info.id).toBe(info.speech.voices.length);
      }
      if (info.speech?.defaultVoice !== undefined) {
        expect(info.speech.voices, info.id).toContain(info.speech.defaultVoice);
      }
    }
    const voices = (id: string) => speech.find((info) => info.id === id)?.speech?.voices?.length;
    expect(voices("@cf/deepgram/aura-2-en")).toBe(40);
    expect(voices("@cf/deepgram/aura-2-es")).toBe(10);
    expect(voices("@cf/deepgram/aura-1")).toBe(12);
    expect(speech.find((info) => info.id === "@cf/deepgram/aura-2-en")?.speech?.defaultVoice).toBe("luna");
  });

  it("gives every transcription model an input form, except realtime-only ones (Deepgram Flux)", () => {
    for (const info of workersAIModels.filter((row) => row.task === "automatic-speech-recognition")) {
      if (info.transcription === undefined) expect(info.realtime, info.id).toBe(true);
      else expect(info.transcription.input, info.id).toMatch(/^(byte-array|base64|binary)$/);
    }
  });

  it("keeps prices non-negative (some beta image models are published at $0) and plausible against the neuron rate", () => {
    for (const info of workersAIModels) {
      for (const [key, value] of Object.entries(info.price ?? {})) {
        expect(value, `${info.id} ${key}`).toBeGreaterThanOrEqual(0);
      }
      const price = info.price;
      // Published neurons and USD must agree to within 15% at $0.011 per 1,000 neurons.
      if (price?.inputNeuronsPerMillionTokens && price.inputPerMillionTokensUsd) {
        const usd = (price.inputNeuronsPerMillionTokens * 0.011) / 1000;
        expect(Math.abs(usd - price.inputPerMillionTokensUsd) / usd, info.id).toBeLessThan(0.15);
      }
      if (price?.outputNeuronsPerMillionTokens && price.outputPerMillionTokensUsd) {
        const usd = (price.outputNeuronsPerMillionTokens * 0.011) / 1000;
        expect(Math.abs(usd - price.outputPerMillionTokensUsd) / usd, info.id).toBeLessThan(0.15);
      }
    }
  });

  it("flags paid-only, deprecated and queueable models", () => {
    const byId = (id: string) => workersAIModels.find((info) => info.id === id);
    expect(byId("@cf/moonshotai/kimi-k2.7-code")?.requiresPaid).toBe(true);
    expect(byId("@cf/moonshotai/kimi-k2.5")?.plannedDeprecationDate).toBe("2026-05-30");
    for (const info of workersAIModels) {
      if (info.plannedDeprecationDate) expect(info.plannedDeprecationDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    const queueable = workersAIModels.filter((info) => info.asyncQueue).map((info) => info.id);
    expect(queueable).toEqual(
      expect.arrayContaining([
        "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
        "@cf/qwen/qwen3-30b-a3b-fp8",
        "@cf/openai/gpt-oss-120b",
        "@cf/baai/bge-base-en-v1.5",
        "@cf/deepgram/nova-3",
        "@cf/deepgram/aura-2-en",
      ]),
    );
  });
});
