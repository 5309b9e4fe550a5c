import { APICallError } from "@ai-sdk/provider";
import { rerank } from "ai";
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

const RERANKER = "@cf/baai/bge-reranker-base";
const BGE_M3 = "@cf/baai/bge-m3";

const documents = [
  "Cloudflare Workers lets you run JavaScript at the edge.",
  "A cookie is a small piece of data stored in the browser.",
  "Workers AI runs inference on Cloudflare's global network.",
];

describe("reranking over the binding", () => {
  it("sends query, contexts and top_k, and maps every result to its document", async () => {
    const { binding, workersai } = bindingProvider(() => ({
      response: [
        { id: 2, score: 0.7 },
        { id: 0, score: 0.9 },
      ],
    }));
    const result = await rerank({
      model: workersai.reranking(RERANKER),
      query: "What is Cloudflare Workers?",
      documents,
      topN: 2,
    });
    expect(binding.calls[0].inputs).toEqual({
      query: "What is Cloudflare Workers?",
      contexts: documents.map((text) => ({ text })),
      top_k: 2,
    });
    expect(result.ranking).toEqual([
      { originalIndex: 0, score: 0.9, document: documents[0] },
      { originalIndex: 2, score: 0.7, document: documents[2] },
    ]);
    expect(result.rerankedDocuments).toEqual([documents[0], documents[2]]);
    expect(result.providerMetadata?.["workers-ai"]).toEqual({ requestId: "req-1" });
  });

  it("sorts by score even when the model does not, keeping document order on ties", async () => {
    const { workersai } = bindingProvider(() => ({
      response: [
        { id: 1, score: -2.5 },
        { id: 2, score: 3.1 },
        { id: 0, score: 3.1 },
      ],
    }));
    const result = await rerank({ model: workersai.reranking(RERANKER), query: "q", documents });
    expect(result.ranking.map((entry) => entry.originalIndex)).toEqual([0, 2, 1]);
  });

  it("serialises object documents to JSON text with a warning", async () => {
    const { binding, workersai } = bindingProvider(() => ({
      response: [
        { id: 0, score: 0.2 },
        { id: 1, score: 0.8 },
      ],
    }));
    const objects = [{ title: "Workers" }, { title: "Cookies", body: "browser" }];
    let warnings: unknown;
    const result = await rerank({
      model: workersai.reranking(RERANKER),
      query: "q",
      documents: objects,
      onEnd: (event) => {
        warnings = event.warnings;
      },
    });
    expect(binding.calls[0].inputs.contexts).toEqual([
      { text: '{"title":"Workers"}' },
      { text: '{"title":"Cookies","body":"browser"}' },
    ]);
    expect(result.rerankedDocuments).toEqual([objects[1], objects[0]]);
    expect(warnings).toEqual([expect.objectContaining({ type: "compatibility" })]);
  });

  it("uses bge-m3 without top_k and cuts the ranking itself", async () => {
    const { binding, workersai } = bindingProvider(() => ({
      response: [
        { id: 0, score: 0.1 },
        { id: 1, score: 0.5 },
        { id: 2, score: 0.3 },
      ],
    }));
    const result = await rerank({
      model: workersai.reranking(BGE_M3, { truncate_inputs: true }),
      query: "q",
      documents,
      topN: 1,
    });
    expect(binding.calls[0].inputs).toEqual({
      query: "q",
      contexts: documents.map((text) => ({ text })),
      truncate_inputs: true,
    });
    expect(result.ranking).toEqual([{ originalIndex: 1, score: 0.5, document: documents[1] }]);
  });

  it("warns that bge-reranker-base has no truncate_inputs", async () => {
    const { binding, workersai } = bindingProvider(() => ({ response: [{ id: 0, score: 1 }] }));
    let warnings: unknown;
    await rerank({
      model: workersai.reranking(RERANKER),
      query: "q",
      documents: ["a"],
      providerOptions: { "workers-ai": { truncate_inputs: true } },
      onEnd: (event) => {
        warnings = event.warnings;
      },
    });
    expect(binding.calls[0].inputs).not.toHaveProperty("truncate_inputs");
    expect(warnings).toEqual([expect.objectContaining({ feature: "truncate_inputs" })]);
  });

  it.each([
    ["a missing id", [{ score: 0.5 }]],
    ["an id out of range", [{ id: 3, score: 0.5 }]],
    [
      "a repeated id",
      [
        { id: 1, score: 0.5 },
        { id: 1, score: 0.4 },
      ],
    ],
    ["a fractional id", [{ id: 0.5, score: 0.5 }]],
    ["a missing score", [{ id: 0 }]],
  ])("fails with InvalidResponseDataError on %s, never guessing index 0", async (_, response) => {
    const { workersai } = bindingProvider(() => ({ response }));
    await expect(
      rerank({ model: workersai.reranking(RERANKER), query: "q", documents, maxRetries: 0 }),
    ).rejects.toMatchObject({ name: "AI_InvalidResponseDataError" });
  });

  it("fails with InvalidResponseDataError when the reply has no response array", async () => {
    const { workersai } = bindingProvider(() => ({ result: "nope" }));
    await expect(
      rerank({ model: workersai.reranking(RERANKER), query: "q", documents, maxRetries: 0 }),
    ).rejects.toMatchObject({ name: "AI_InvalidResponseDataError" });
  });

  it("maps binding errors and passes the abort signal", async () => {
    const { binding, workersai } = bindingProvider(() => {
      throw new InferenceUpstreamError("8001: Invalid input: contexts must not be empty", "InvalidInput");
    });
    const controller = new AbortController();
    const error = await rerank({
      model: workersai.reranking(RERANKER),
      query: "q",
      documents,
      maxRetries: 0,
      abortSignal: controller.signal,
    }).catch((e: unknown) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ isRetryable: false, data: { code: 8001 } });
    expect(binding.calls[0].options?.signal).toBeInstanceOf(AbortSignal);
  });

  it("aborts a pending call", async () => {
    const controller = new AbortController();
    const { workersai } = bindingProvider(
      (call) =>
        new Promise((_, reject) => {
          const signal = call.options?.signal as AbortSignal;
          signal.addEventListener("abort", () => reject(signal.reason));
        }),
    );
    const pending = rerank({
      model: workersai.reranking(RERANKER),
      query: "q",
      documents,
      abortSignal: controller.signal,
    });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("reranking over REST", () => {
  it("posts JSON, unwraps the envelope and goes through AI Gateway", async () => {
    const { server, workersai, viaGateway } = await restProvider(() =>
      envelope({
        response: [
          { id: 1, score: 0.2 },
          { id: 0, score: 0.6 },
        ],
      }),
    );
    const direct = await rerank({
      model: workersai.reranking(RERANKER),
      query: "q",
      documents: ["a", "b"],
      topN: 2,
    });
    const gateway = await rerank({
      model: viaGateway.reranking(RERANKER),
      query: "q",
      documents: ["a", "b"],
    });
    expect(server.requests[0].path).toBe(runPath(RERANKER));
    expect(server.requests[0].json).toEqual({
      query: "q",
      contexts: [{ text: "a" }, { text: "b" }],
      top_k: 2,
    });
    expect(server.requests[1].path).toBe(gatewayPath(RERANKER));
    for (const result of [direct, gateway]) {
      expect(result.rerankedDocuments).toEqual(["a", "b"]);
    }
    expect(direct.response.headers?.["cf-ai-req-id"]).toBe("rest-req");
  });

  it("turns an error envelope into APICallError and retries 3040", async () => {
    let count = 0;
    const { server, workersai } = await restProvider(() => {
      count++;
      if (count === 1)
        return errorEnvelope(429, 3040, "Capacity temporarily exceeded", { "retry-after": "0" });
      if (count === 2) return envelope({ response: [{ id: 0, score: 1 }] });
      return errorEnvelope(400, 5007, "No such model");
    });
    const ok = await rerank({ model: workersai.reranking(RERANKER), query: "q", documents: ["a"] });
    expect(ok.ranking).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
    const error = await rerank({
      model: workersai.reranking("@cf/baai/nope"),
      query: "q",
      documents: ["a"],
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 400, isRetryable: false });
    expect(server.requests).toHaveLength(3);
  });
});
