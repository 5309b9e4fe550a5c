import { describe, expect, expectTypeOf, it } from "vitest";
import {
  getModelInfo,
  type WorkersAIChatModelId,
  type WorkersAIEmbeddingModelId,
  type WorkersAIImageModelId,
  type WorkersAIModelInfo,
  type WorkersAIRerankingModelId,
  type WorkersAISpeechModelId,
  type WorkersAITranscriptionModelId,
  workersAIModels,
} from "../../src/catalog";

/** The literal members of an id union (drops the `string & {}` escape hatch). */
type Literals<T> = T extends string ? (string extends T ? never : T) : never;

describe("getModelInfo", () => {
  it("finds every row by its id", () => {
    for (const info of workersAIModels) expect(getModelInfo(info.id)).toBe(info);
  });

  it("returns the facts of a known model", () => {
    const info = getModelInfo("@cf/moonshotai/kimi-k2.7-code");
    expect(info).toMatchObject({
      task: "text-generation",
      family: "openai",
      contextWindow: 262_144,
      tools: true,
      vision: true,
      requiresPaid: true,
    });
  });

  it("resolves the -fast and -fp8-fast spellings to the same row", () => {
    const canonical = getModelInfo("@cf/meta/llama-3.1-8b-instruct-fp8-fast");
    expect(canonical?.id).toBe("@cf/meta/llama-3.1-8b-instruct-fp8-fast");
    expect(getModelInfo("@cf/meta/llama-3.1-8b-instruct-fast")).toBe(canonical);
    expect(getModelInfo("@cf/meta/llama-3.3-70b-instruct-fast")?.id).toBe(
      "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
    );
  });

  it("does not confuse distinct models that share a prefix", () => {
    expect(getModelInfo("@cf/meta/llama-3.1-8b-instruct")?.id).toBe("@cf/meta/llama-3.1-8b-instruct");
    expect(getModelInfo("@cf/zai-org/glm-5.3")?.id).toBe("@cf/zai-org/glm-5.3");
    expect(getModelInfo("@cf/zai-org/glm-5.3-flash")?.id).toBe("@cf/zai-org/glm-5.3-flash");
  });

  it("returns undefined for unknown ids", () => {
    expect(getModelInfo("@cf/acme/unknown-model")).toBeUndefined();
    expect(getModelInfo("")).toBeUndefined();
    expect(getModelInfo("@CF/MOONSHOTAI/KIMI-K2.7-CODE")).toBeUndefined();
    expect(getModelInfo("openai/gpt-5")).toBeUndefined();
    expect(getModelInfo("@cf/acme/unknown-fast")).toBeUndefined();
  });
});

describe("model id unions", () => {
  it("autocomplete the catalog ids of their task", () => {
    expectTypeOf<"@cf/moonshotai/kimi-k2.7-code">().toExtend<Literals<WorkersAIChatModelId>>();
    expectTypeOf<"@cf/openai/gpt-oss-120b">().toExtend<Literals<WorkersAIChatModelId>>();
    expectTypeOf<"@cf/baai/bge-m3">().toExtend<Literals<WorkersAIEmbeddingModelId>>();
    expectTypeOf<"@cf/black-forest-labs/flux-1-schnell">().toExtend<Literals<WorkersAIImageModelId>>();
    expectTypeOf<"@cf/deepgram/nova-3">().toExtend<Literals<WorkersAITranscriptionModelId>>();
    expectTypeOf<"@cf/deepgram/aura-2-en">().toExtend<Literals<WorkersAISpeechModelId>>();
    expectTypeOf<"@cf/baai/bge-reranker-base">().toExtend<Literals<WorkersAIRerankingModelId>>();
    expectTypeOf<"@cf/baai/bge-m3">().toExtend<Literals<WorkersAIRerankingModelId>>();
    expectTypeOf<Literals<WorkersAIChatModelId>>().not.toBeNever();
  });

  it("keep other tasks' ids out of the literal part", () => {
    expectTypeOf<"@cf/baai/bge-m3">().not.toExtend<Literals<WorkersAIChatModelId>>();
    expectTypeOf<"@cf/moonshotai/kimi-k2.7-code">().not.toExtend<Literals<WorkersAIEmbeddingModelId>>();
    expectTypeOf<"@cf/baai/bge-base-en-v1.5">().not.toExtend<Literals<WorkersAIRerankingModelId>>();
    expectTypeOf<"@cf/myshell-ai/melotts">().not.toExtend<Literals<WorkersAITranscriptionModelId>>();
  });

  it("accept any other string", () => {
    expectTypeOf<string>().toExtend<WorkersAIChatModelId>();
    expectTypeOf<"@cf/acme/brand-new-model">().toExtend<WorkersAIEmbeddingModelId>();
    expectTypeOf<string>().toExtend<WorkersAIImageModelId>();
    expectTypeOf<string>().toExtend<WorkersAITranscriptionModelId>();
    expectTypeOf<string>().toExtend<WorkersAISpeechModelId>();
    expectTypeOf<string>().toExtend<WorkersAIRerankingModelId>();
    const id: WorkersAIChatModelId = "dynamic/my-route";
    expect(getModelInfo(id)).toBeUndefined();
  });

  it("are exactly the table's ids of each kind", () => {
    expectTypeOf<Literals<WorkersAIRerankingModelId>>().toEqualTypeOf<
      "@cf/baai/bge-m3" | "@cf/baai/bge-reranker-base"
    >();
    expectTypeOf<Literals<WorkersAITranscriptionModelId>>().toEqualTypeOf<
      | "@cf/openai/whisper"
      | "@cf/openai/whisper-tiny-en"
      | "@cf/openai/whisper-large-v3-turbo"
      | "@cf/deepgram/nova-3"
      | "@cf/deepgram/flux"
    >();
    expectTypeOf<Literals<WorkersAISpeechModelId>>().toEqualTypeOf<
      "@cf/deepgram/aura-2-en" | "@cf/deepgram/aura-2-es" | "@cf/deepgram/aura-1" | "@cf/myshell-ai/melotts"
    >();
    const rerankers = workersAIModels.filter((info) => info.reranking).map((info) => info.id);
    expect(rerankers.sort()).toEqual(["@cf/baai/bge-m3", "@cf/baai/bge-reranker-base"]);
    const transcription = workersAIModels.filter((info) => info.task === "automatic-speech-recognition");
    expect(transcription.map((info) => info.id).sort()).toEqual([
      "@cf/deepgram/flux",
      "@cf/deepgram/nova-3",
      "@cf/openai/whisper",
      "@cf/openai/whisper-large-v3-turbo",
      "@cf/openai/whisper-tiny-en",
    ]);
    expectTypeOf(workersAIModels).toEqualTypeOf<readonly WorkersAIModelInfo[]>();
  });
});
