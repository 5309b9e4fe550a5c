import { APICallError, InvalidResponseDataError } from "@ai-sdk/provider";
import { embed, embedMany } from "ai";
import { describe, expect, it } from "vitest";
import {
  bindingProvider,
  envelope,
  errorEnvelope,
  gatewayPath,
  InferenceUpstreamError,
  restProvider,
  runPath,
} from "./helpers";

/** A deterministic vector per text, so tests can check order. */
function vectorOf(text: string, dims = 3): number[] {
  return Array.from({ length: dims }, (_, i) => text.length + i / 10);
}

function embeddingReply(values: string[]) {
  return { shape: [values.length, 3], data: values.map((value) => vectorOf(value)), pooling: "mean" };
}

describe("embeddings over the binding", () => {
  it("sends bge text and returns vectors in order with metadata", async () => {
    const { binding, workersai } = bindingProvider((call) => embeddingReply(call.inputs.text as string[]));
    const result = await embedMany({
      model: workersai.textEmbedding("@cf/baai/bge-base-en-v1.5"),
      values: ["a", "bbb", "cc"],
    });
    expect(binding.calls).toHaveLength(1);
    expect(binding.calls[0].model).toBe("@cf/baai/bge-base-en-v1.5");
    expect(binding.calls[0].inputs).toEqual({ text: ["a", "bbb", "cc"] });
    expect(result.embeddings).toEqual([vectorOf("a"), vectorOf("bbb"), vectorOf("cc")]);
    expect(result.warnings).toEqual([]);
    // 3 estimated tokens (one per short value) × $0.067 and 6,058 neurons per million tokens
    expect(result.providerMetadata?.["workers-ai"]).toEqual({
      requestId: "req-1",
      pooling: "mean",
      usage: { inputTokens: 3, estimated: true },
      costUsd: 2.01e-7,
      neurons: 0.018174,
    });
  });

  it("embed() works for one value and reports usage when the model does", async () => {
    const { workersai } = bindingProvider((call) => ({
      ...embeddingReply(call.inputs.text as string[]),
      usage: { prompt_tokens: 7 },
    }));
    const { embedding, usage } = await embed({
      model: workersai.embeddingModel("@cf/google/embeddinggemma-300m"),
      value: "hello",
    });
    expect(embedding).toEqual(vectorOf("hello"));
    expect(usage.tokens).toBe(7);
  });

  it("lets the AI SDK split batches larger than the model's limit (qwen3: 32 per call)", async () => {
    const { binding, workersai } = bindingProvider((call) =>
      embeddingReply(call.inputs.documents as string[]),
    );
    const model = workersai.textEmbedding("@cf/qwen/qwen3-embedding-0.6b");
    expect(model.maxEmbeddingsPerCall).toBe(32);
    expect(model.supportsParallelCalls).toBe(true);
    const values = Array.from({ length: 70 }, (_, i) => "x".repeat(i + 1));
    const result = await embedMany({ model, values });
    expect(binding.calls.map((call) => (call.inputs.documents as string[]).length)).toEqual([32, 32, 6]);
    expect(result.embeddings).toEqual(values.map((value) => vectorOf(value)));
  });

  it("defaults the batch size to 100 for unknown models and honours the setting", async () => {
    const { workersai } = bindingProvider(() => ({}));
    expect(workersai.textEmbedding("@cf/vendor/new-embedder").maxEmbeddingsPerCall).toBe(100);
    expect(
      workersai.textEmbedding("@cf/baai/bge-small-en-v1.5", { maxEmbeddingsPerCall: 5 }).maxEmbeddingsPerCall,
    ).toBe(5);
  });

  it("sends qwen3 queries with the instruction when inputType is query (per call wins over settings)", async () => {
    const { binding, workersai } = bindingProvider((call) => embeddingReply(call.inputs.queries as string[]));
    await embedMany({
      model: workersai.textEmbedding("@cf/qwen/qwen3-embedding-0.6b", {
        inputType: "document",
        instruction: "Find",
      }),
      values: ["q"],
      providerOptions: { "workers-ai": { inputType: "query" } },
    });
    expect(binding.calls[0].inputs).toEqual({ queries: ["q"], instruction: "Find" });
  });

  it("warns that a qwen3 instruction applies to queries only", async () => {
    const { binding, workersai } = bindingProvider((call) =>
      embeddingReply(call.inputs.documents as string[]),
    );
    const result = await embedMany({
      model: workersai.textEmbedding("@cf/qwen/qwen3-embedding-0.6b"),
      values: ["d"],
      providerOptions: { "workers-ai": { instruction: "Find" } },
    });
    expect(binding.calls[0].inputs).toEqual({ documents: ["d"] });
    expect(result.warnings).toEqual([
      expect.objectContaining({ type: "unsupported", feature: "instruction" }),
    ]);
  });

  it("sends pooling cls with a warning that cls and mean vectors are not comparable", async () => {
    const { binding, workersai } = bindingProvider((call) => embeddingReply(call.inputs.text as string[]));
    const result = await embedMany({
      model: workersai.textEmbedding("@cf/baai/bge-large-en-v1.5", { pooling: "cls" }),
      values: ["a"],
    });
    expect(binding.calls[0].inputs).toEqual({ text: ["a"], pooling: "cls" });
    expect(result.warnings).toEqual([
      expect.objectContaining({ type: "other", message: expect.stringContaining("not comparable") }),
    ]);
  });

  it("sends pooling mean without a warning", async () => {
    const { binding, workersai } = bindingProvider((call) => embeddingReply(call.inputs.text as string[]));
    const result = await embedMany({
      model: workersai.textEmbedding("@cf/baai/bge-small-en-v1.5"),
      values: ["a"],
      providerOptions: { "workers-ai": { pooling: "mean" } },
    });
    expect(binding.calls[0].inputs).toEqual({ text: ["a"], pooling: "mean" });
    expect(result.warnings).toEqual([]);
  });

  it("applies per-call options to their call only; calls without them read the settings", async () => {
    const { binding, workersai } = bindingProvider((call) => embeddingReply(call.inputs.text as string[]));
    const model = workersai.textEmbedding("@cf/baai/bge-small-en-v1.5", { pooling: "mean" });
    await embedMany({ model, values: ["a"] });
    const cls = await embedMany({
      model,
      values: ["a"],
      providerOptions: { "workers-ai": { pooling: "cls" } },
    });
    const again = await embedMany({ model, values: ["a"], providerOptions: { other: { pooling: "cls" } } });
    expect(binding.calls.map((call) => call.inputs.pooling)).toEqual(["mean", "cls", "mean"]);
    expect(cls.warnings).toHaveLength(1);
    expect(again.warnings).toEqual([]);
  });

  it("sends truncate_inputs to bge-m3 and warns for options a model lacks", async () => {
    const { binding, workersai } = bindingProvider((call) => embeddingReply(call.inputs.text as string[]));
    const result = await embedMany({
      model: workersai.textEmbedding("@cf/baai/bge-m3", { truncate_inputs: true }),
      values: ["a"],
      dimensions: 256,
      providerOptions: { "workers-ai": { pooling: "cls", inputType: "query" } },
    });
    expect(binding.calls[0].inputs).toEqual({ text: ["a"], truncate_inputs: true });
    expect(
      result.warnings.map((warning) => (warning.type === "unsupported" ? warning.feature : warning.type)),
    ).toEqual(["dimensions", "inputType", "pooling"]);

    const bge = await embedMany({
      model: workersai.textEmbedding("@cf/baai/bge-base-en-v1.5"),
      values: ["a"],
      providerOptions: { "workers-ai": { truncate_inputs: true } },
    });
    expect(binding.calls[1].inputs).toEqual({ text: ["a"] });
    expect(bge.warnings).toEqual([expect.objectContaining({ feature: "truncate_inputs" })]);
  });

  it("passes explicit options to models it does not know", async () => {
    const { binding, workersai } = bindingProvider((call) => embeddingReply(call.inputs.text as string[]));
    await embedMany({
      model: workersai.textEmbedding("@cf/vendor/new-embedder", { pooling: "cls", truncate_inputs: false }),
      values: ["a"],
    });
    expect(binding.calls[0].inputs).toEqual({ text: ["a"], pooling: "cls", truncate_inputs: false });
  });

  it("rejects option values of the wrong type with a typed error", async () => {
    const { binding, workersai } = bindingProvider(() => embeddingReply(["a"]));
    await expect(
      embedMany({
        model: workersai.textEmbedding("@cf/baai/bge-base-en-v1.5"),
        values: ["a"],
        providerOptions: { "workers-ai": { pooling: "max" } },
      }),
    ).rejects.toMatchObject({ name: "AI_InvalidArgumentError", message: expect.stringContaining("pooling") });
    expect(binding.calls).toHaveLength(0);
  });

  /** What embedMany of two values ends in when the binding answers `reply`. */
  function embedTwoError(reply: unknown): Promise<unknown> {
    const { workersai } = bindingProvider(() => reply);
    return embedMany({
      model: workersai.textEmbedding("@cf/baai/bge-base-en-v1.5"),
      values: ["a", "b"],
      maxRetries: 0,
    }).catch((e: unknown) => e);
  }

  it("fails with InvalidResponseDataError when the reply has the wrong number of vectors", async () => {
    const error = await embedTwoError({ shape: [1, 3], data: [[1, 2, 3]] });
    expect(InvalidResponseDataError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/1 embedding\(s\) for 2 value\(s\)/);
  });

  // Vectors are checked per vector, not number by number: JSON writes NaN and ±Infinity as null.
  it.each([
    [
      "a null inside a vector (JSON's NaN)",
      [
        [0.1, null, 0.3],
        [0.1, 0.2, 0.3],
      ],
    ],
    [
      "a non-finite last entry",
      [
        [0.1, 0.2, 0.3],
        [0.1, 0.2, Number.NaN],
      ],
    ],
    [
      "a non-finite first entry",
      [
        [Number.POSITIVE_INFINITY, 0.2, 0.3],
        [0.1, 0.2, 0.3],
      ],
    ],
    [
      "a string entry",
      [
        ["0.1", 0.2, 0.3],
        [0.1, 0.2, 0.3],
      ],
    ],
    [
      "vectors of different lengths",
      [
        [0.1, 0.2, 0.3],
        [0.1, 0.2],
      ],
    ],
    ["an empty vector", [[], []]],
    ["a vector that is a string", ["AAAA", [0.1, 0.2, 0.3]]],
  ])("fails with InvalidResponseDataError on %s", async (_, data) => {
    const error = await embedTwoError({ shape: [2, 3], data });
    expect(InvalidResponseDataError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/not a non-empty list of finite numbers/);
  });

  it("reads OpenAI-compatible {embedding} entries", async () => {
    const { workersai } = bindingProvider(() => ({
      data: [{ embedding: [0.1, 0.2] }, { embedding: [0.3, 0.4] }],
    }));
    const { embeddings } = await embedMany({
      model: workersai.textEmbedding("@cf/baai/bge-base-en-v1.5"),
      values: ["a", "b"],
    });
    expect(embeddings).toEqual([
      [0.1, 0.2],
      [0.3, 0.4],
    ]);
  });

  it("maps binding errors to APICallError", async () => {
    const { workersai } = bindingProvider(() => {
      throw new InferenceUpstreamError("5007: No such model @cf/baai/nope", "NoSuchModel");
    });
    const error = await embedMany({
      model: workersai.textEmbedding("@cf/baai/nope"),
      values: ["a"],
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ isRetryable: false, data: { code: 5007 } });
  });

  it("passes the abort signal to the binding and stops on abort", async () => {
    const controller = new AbortController();
    const { binding, workersai } = bindingProvider(
      (call) =>
        new Promise((_, reject) => {
          const signal = call.options?.signal as AbortSignal;
          signal.addEventListener("abort", () => reject(signal.reason));
        }),
    );
    const pending = embedMany({
      model: workersai.textEmbedding("@cf/baai/bge-base-en-v1.5"),
      values: ["a"],
      abortSignal: controller.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(binding.calls[0].options?.signal).toBeInstanceOf(AbortSignal);
  });
});

describe("embeddings over REST", () => {
  it("posts the inputs, unwraps the envelope and reports headers", async () => {
    const { server, workersai } = await restProvider(async (request) =>
      envelope(embeddingReply(((await request.json()) as { text: string[] }).text)),
    );
    const result = await embedMany({
      model: workersai.textEmbedding("@cf/baai/bge-base-en-v1.5"),
      values: ["one", "three"],
    });
    expect(server.requests[0].path).toBe(runPath("@cf/baai/bge-base-en-v1.5"));
    expect(server.requests[0].headers.authorization).toBe("Bearer test-token");
    expect(server.requests[0].json).toEqual({ text: ["one", "three"] });
    expect(result.embeddings).toEqual([vectorOf("one"), vectorOf("three")]);
    expect(result.responses?.[0]?.headers?.["cf-ai-req-id"]).toBe("rest-req");
    expect(result.providerMetadata?.["workers-ai"]).toMatchObject({ requestId: "rest-req" });
  });

  it("goes through AI Gateway on the workers-ai provider path", async () => {
    const { server, viaGateway } = await restProvider(async (request) => {
      const body = (await request.json()) as { text: string[] };
      return Response.json(
        { result: embeddingReply(body.text), success: true, errors: [], messages: [] },
        { headers: { "cf-aig-log-id": "log-9", "cf-aig-cache-status": "MISS" } },
      );
    });
    const result = await embedMany({ model: viaGateway.textEmbedding("@cf/baai/bge-m3"), values: ["a"] });
    expect(server.requests[0].path).toBe(gatewayPath("@cf/baai/bge-m3"));
    expect(result.providerMetadata?.["workers-ai"]).toMatchObject({
      gatewayLogId: "log-9",
      cacheStatus: "MISS",
    });
  });

  it("turns the JSON error envelope into a non-retryable APICallError", async () => {
    const { server, workersai } = await restProvider(() => errorEnvelope(400, 5007, "No such model"));
    const error = await embedMany({
      model: workersai.textEmbedding("@cf/baai/nope"),
      values: ["a"],
    }).catch((e: unknown) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 400, isRetryable: false, data: { code: 5007 } });
    expect(server.requests).toHaveLength(1);
    expect(String((error as Error).message)).not.toContain("test-token");
  });

  it("retries 3040 (out of capacity) honouring Retry-After", async () => {
    const { server, workersai } = await restProvider(async (request, recorded) => {
      if (server.requests.indexOf(recorded) === 0) {
        return errorEnvelope(429, 3040, "Capacity temporarily exceeded, please try again.", {
          "retry-after": "0",
        });
      }
      return envelope(embeddingReply(((await request.json()) as { text: string[] }).text));
    });
    const result = await embedMany({
      model: workersai.textEmbedding("@cf/baai/bge-base-en-v1.5"),
      values: ["a"],
      maxRetries: 2,
    });
    expect(server.requests).toHaveLength(2);
    expect(result.embeddings).toEqual([vectorOf("a")]);
  });
});
