import { generateText, jsonSchema, streamText, tool } from "ai";
import { describe, expect, it } from "vitest";
import { createAISearch, type WorkersAIAISearchSettings } from "../../src/ai-search";
import { fakeAISearchBinding, fakeAutoRAGBinding } from "./fakes";

const EVERY_OPTION: WorkersAIAISearchSettings = {
  model: "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
  system_prompt: "Answer from the documents.",
  max_num_results: 5,
  match_threshold: 0.3,
  query_rewrite: { enabled: true, model: "@cf/meta/llama-3.1-8b-instruct", rewrite_prompt: "Rewrite:" },
  reranking: { enabled: true, model: "@cf/baai/bge-reranker-base", match_threshold: 0.2 },
  filters: { type: "eq", key: "folder", value: "docs/" },
  retrieval_type: "hybrid",
  fusion_method: "rrf",
  keyword_match_mode: "or",
  context_expansion: 2,
  metadata_only: false,
  return_on_failure: true,
  boost_by: [{ field: "timestamp" }],
  cache: { enabled: true, cache_threshold: "close_enough" },
  instance_ids: ["docs", "blog"],
};

describe("AI Search options reach the binding in the right place", () => {
  it("current binding: every option lands in the chatCompletions body / ai_search_options", async () => {
    const binding = fakeAISearchBinding();
    const result = await generateText({ model: createAISearch({ binding })(EVERY_OPTION), prompt: "q" });
    expect(binding.calls[0].request).toEqual({
      messages: [
        { role: "system", content: "Answer from the documents." },
        { role: "user", content: "q" },
      ],
      stream: false,
      model: "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
      ai_search_options: {
        retrieval: {
          max_num_results: 5,
          match_threshold: 0.3,
          filters: { type: "eq", key: "folder", value: "docs/" },
          retrieval_type: "hybrid",
          fusion_method: "rrf",
          keyword_match_mode: "or",
          context_expansion: 2,
          metadata_only: false,
          return_on_failure: true,
          boost_by: [{ field: "timestamp" }],
        },
        query_rewrite: { enabled: true, model: "@cf/meta/llama-3.1-8b-instruct", rewrite_prompt: "Rewrite:" },
        reranking: { enabled: true, model: "@cf/baai/bge-reranker-base", match_threshold: 0.2 },
        cache: { enabled: true, cache_threshold: "close_enough" },
        instance_ids: ["docs", "blog"],
      },
    });
    expect(result.warnings).toEqual([]);
  });

  it("legacy binding: retrieval options land in aiSearch's fields; options it lacks give one warning each", async () => {
    const binding = fakeAutoRAGBinding();
    const result = await generateText({
      model: createAISearch({ binding })({ ...EVERY_OPTION, ranker: "default" }),
      prompt: "q",
      temperature: 0.5,
      maxOutputTokens: 100,
    });
    expect(binding.calls[0].request).toEqual({
      query: "q",
      stream: false,
      system_prompt: "Answer from the documents.",
      max_num_results: 5,
      ranking_options: { ranker: "default", score_threshold: 0.3 },
      rewrite_query: true,
      reranking: { enabled: true, model: "@cf/baai/bge-reranker-base" },
      filters: { type: "eq", key: "folder", value: "docs/" },
    });
    const features = (result.warnings ?? []).map((warning) =>
      warning.type === "unsupported" ? warning.feature : warning.type,
    );
    expect(features.sort()).toEqual(
      [
        "query_rewrite.model",
        "query_rewrite.rewrite_prompt",
        "reranking.match_threshold",
        "retrieval_type",
        "fusion_method",
        "keyword_match_mode",
        "context_expansion",
        "metadata_only",
        "return_on_failure",
        "boost_by",
        "cache",
        "instance_ids",
        "model",
        "temperature",
        "maxOutputTokens",
      ].sort(),
    );
  });

  it("boolean shorthands become { enabled } objects on the current binding and plain flags on the legacy one", async () => {
    const current = fakeAISearchBinding();
    await generateText({
      model: createAISearch({ binding: current })({ rewrite_query: true, reranking: false, cache: true }),
      prompt: "q",
    });
    expect(current.calls[0].request.ai_search_options).toEqual({
      query_rewrite: { enabled: true },
      reranking: { enabled: false },
      cache: { enabled: true },
    });
    const legacy = fakeAutoRAGBinding();
    await generateText({
      model: createAISearch({ binding: legacy })({
        query_rewrite: false,
        reranking: true,
        score_threshold: 0.6,
      }),
      prompt: "q",
    });
    expect(legacy.calls[0].request).toMatchObject({
      rewrite_query: false,
      reranking: { enabled: true },
      ranking_options: { score_threshold: 0.6 },
    });
  });

  it("providerOptions['workers-ai'] win over the settings, key by key, whatever alias each layer used", async () => {
    const binding = fakeAISearchBinding();
    await generateText({
      model: createAISearch({ binding })({
        max_num_results: 10,
        query_rewrite: true,
        match_threshold: 0.5,
        model: "a",
      }),
      prompt: "q",
      providerOptions: { "workers-ai": { max_num_results: 3, rewrite_query: false, score_threshold: 0.1 } },
    });
    expect(binding.calls[0].request).toMatchObject({
      model: "a",
      ai_search_options: {
        retrieval: { max_num_results: 3, match_threshold: 0.1 },
        query_rewrite: { enabled: false },
      },
    });
  });

  it("raw ai_search_options merge over the generated ones", async () => {
    const binding = fakeAISearchBinding();
    await generateText({
      model: createAISearch({ binding })({
        max_num_results: 4,
        ai_search_options: { retrieval: { max_num_results: 8, new_knob: 1 }, future_option: { on: true } },
      }),
      prompt: "q",
    });
    expect(binding.calls[0].request.ai_search_options).toEqual({
      retrieval: { max_num_results: 8, new_knob: 1 },
      future_option: { on: true },
    });
  });

  it("invalid providerOptions throw InvalidArgumentError before any binding call", async () => {
    const binding = fakeAISearchBinding();
    await expect(
      generateText({
        model: createAISearch({ binding })(),
        prompt: "q",
        providerOptions: { "workers-ai": { retrieval_type: "semantic" } },
      }),
    ).rejects.toMatchObject({ name: "AI_InvalidArgumentError" });
    expect(binding.calls).toEqual([]);
  });

  it("invalid settings throw InvalidArgumentError naming the field when the model is created", () => {
    const binding = fakeAISearchBinding();
    expect(() => createAISearch({ binding })({ match_threshold: 3 })).toThrow(/match_threshold/);
    expect(() => createAISearch({ binding })({ instance_ids: [] })).toThrow(/instance_ids/);
  });

  it("accepts every documented value, bounds included", () => {
    const aisearch = createAISearch({ binding: fakeAISearchBinding() });
    const valid: WorkersAIAISearchSettings[] = [
      EVERY_OPTION,
      { max_num_results: 1, match_threshold: 0, score_threshold: 1, context_expansion: 0 },
      { max_num_results: 50, match_threshold: 1, context_expansion: 3 },
      { query_rewrite: true, rewrite_query: false, reranking: false, cache: true },
      { rewrite_query: { enabled: false }, cache: { cache_threshold: "anything_goes" } },
      { ranker: "default", ai_search_options: { retrieval: { max_num_results: 2 } }, boost_by: [] },
      { instance_ids: Array.from({ length: 10 }, (_, i) => `i${i}`) },
      { streamSources: "search", legacyQuery: "last-user-message", new_key: 1 } as WorkersAIAISearchSettings,
    ];
    for (const settings of valid) expect(() => aisearch(settings)).not.toThrow();
  });

  it.each([
    [{ max_num_results: 0 }, "max_num_results", "must be an integer >= 1"],
    [{ max_num_results: 2.5 }, "max_num_results", "must be an integer >= 1"],
    [{ match_threshold: -0.1 }, "match_threshold", "must be a number from 0 to 1"],
    [{ score_threshold: Number.NaN }, "score_threshold", "must be a number from 0 to 1"],
    [{ context_expansion: 4 }, "context_expansion", "must be an integer from 0 to 3"],
    [{ query_rewrite: "yes" }, "query_rewrite", "must be an object"],
    [{ rewrite_query: { model: 1 } }, "rewrite_query.model", "must be a string"],
    [{ reranking: { match_threshold: "0.2" } }, "reranking.match_threshold", "must be a finite number"],
    [{ cache: { cache_threshold: "loose" } }, "cache.cache_threshold", "must be one of"],
    [{ filters: [] }, "filters", "must be an object"],
    [{ fusion_method: "sum" }, "fusion_method", 'must be one of "max", "rrf"'],
    [{ keyword_match_mode: "xor" }, "keyword_match_mode", 'must be one of "and", "or"'],
    [{ metadata_only: "no" }, "metadata_only", "must be a boolean"],
    [{ return_on_failure: 1 }, "return_on_failure", "must be a boolean"],
    [{ boost_by: {} }, "boost_by", "must be an array"],
    [{ instance_ids: ["a", 2] }, "instance_ids[1]", "must be a string"],
    [{ instance_ids: Array.from({ length: 11 }, () => "a") }, "instance_ids", "must hold 1 to 10 ids"],
    [{ ai_search_options: "x" }, "ai_search_options", "must be an object"],
    [{ streamSources: "both" }, "streamSources", 'must be one of "inline", "search"'],
    [{ legacyQuery: "all" }, "legacyQuery", "must be one of"],
    [{ system_prompt: 42 }, "system_prompt", "must be a string"],
  ])("rejects %j naming %s", (settings, path, problem) => {
    const create = () =>
      createAISearch({ binding: fakeAISearchBinding() })(settings as WorkersAIAISearchSettings);
    expect(create).toThrow(
      expect.objectContaining({ name: "AI_InvalidArgumentError", argument: `settings.${path}` }),
    );
    expect(create).toThrow(`Invalid AI Search settings (${path}): ${problem}`);
  });

  it("invalid providerOptions name the field without quoting its value", async () => {
    const binding = fakeAISearchBinding();
    const call = generateText({
      model: createAISearch({ binding })(),
      prompt: "q",
      providerOptions: { "workers-ai": { model: { token: "sk-secret-value" } } },
    });
    await expect(call).rejects.toMatchObject({
      name: "AI_InvalidArgumentError",
      argument: 'providerOptions["workers-ai"].model',
      message: 'Invalid AI Search providerOptions["workers-ai"] (model): must be a string',
    });
    expect(binding.calls).toEqual([]);
  });

  it("keys named like Object members (constructor, toString) are unknown keys: warnings, not checks", async () => {
    const binding = fakeAISearchBinding();
    const result = await generateText({
      model: createAISearch({ binding })(),
      prompt: "q",
      providerOptions: { "workers-ai": { constructor: 1, toString: "x", max_num_results: 3 } },
    });
    expect(result.warnings?.map((warning) => warning.type === "unsupported" && warning.feature)).toEqual([
      'providerOptions["workers-ai"].constructor',
      'providerOptions["workers-ai"].toString',
    ]);
    expect(binding.calls[0].request.ai_search_options).toEqual({ retrieval: { max_num_results: 3 } });
  });

  it("unknown providerOptions keys, tools, topK, reasoning and headers give warnings", async () => {
    const binding = fakeAISearchBinding();
    const result = await generateText({
      model: createAISearch({ binding })(),
      prompt: "q",
      tools: { lookup: tool({ inputSchema: jsonSchema({ type: "object" }), execute: async () => "x" }) },
      topK: 3,
      reasoning: "high",
      headers: { "x-custom": "1" },
      providerOptions: { "workers-ai": { sessionAffinity: "abc" } },
    });
    const features = (result.warnings ?? []).map((warning) =>
      warning.type === "unsupported" ? warning.feature : warning.type,
    );
    expect(features.sort()).toEqual(
      ['providerOptions["workers-ai"].sessionAffinity', "tools", "topK", "reasoning", "headers"].sort(),
    );
    expect(binding.calls[0].request).not.toHaveProperty("tools");
    expect(binding.calls[0].request).not.toHaveProperty("top_k");
  });

  it("a forced toolChoice gives a warning (AI Search has no tools)", async () => {
    const binding = fakeAISearchBinding();
    const result = await createAISearch({ binding })().doGenerate({
      prompt: [{ role: "user", content: [{ type: "text", text: "q" }] }],
      tools: [{ type: "function", name: "lookup", inputSchema: { type: "object" } }],
      toolChoice: { type: "tool", toolName: "lookup" },
    });
    const features = (result.warnings ?? []).map((warning) =>
      warning.type === "unsupported" ? warning.feature : "",
    );
    expect(features.sort()).toEqual(["toolChoice", "tools"]);
  });

  it("a JSON response format gives a warning (AI Search answers in text)", async () => {
    const binding = fakeAISearchBinding();
    const model = createAISearch({ binding })();
    const result = await model.doGenerate({
      prompt: [{ role: "user", content: [{ type: "text", text: "q" }] }],
      responseFormat: { type: "json" },
    });
    expect(result.warnings).toContainEqual(expect.objectContaining({ feature: "responseFormat" }));
  });

  it("file parts and assistant reasoning are left out with one warning each; tool results are sent as text", async () => {
    const binding = fakeAISearchBinding();
    const model = createAISearch({ binding })();
    const result = await model.doGenerate({
      prompt: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is in this picture?" },
            { type: "file", mediaType: "image/png", data: { type: "data", data: new Uint8Array([1, 2]) } },
          ],
        },
        {
          role: "assistant",
          content: [
            { type: "reasoning", text: "thinking" },
            { type: "tool-call", toolCallId: "c1", toolName: "lookup", input: { q: 1 } },
          ],
        },
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: "c1",
              toolName: "lookup",
              output: { type: "json", value: { hits: 2 } },
            },
          ],
        },
      ],
    });
    expect(binding.calls[0].request.messages).toEqual([
      { role: "user", content: "What is in this picture?" },
      { role: "tool", content: '{"hits":2}' },
    ]);
    const features = (result.warnings ?? []).map((warning) =>
      warning.type === "unsupported" ? warning.feature : "",
    );
    expect(features.sort()).toEqual(
      ["file parts", "reasoning in the prompt", "tool calls in the prompt"].sort(),
    );
  });

  it("legacy streamText warns about sampling options it cannot send and still streams", async () => {
    const binding = fakeAutoRAGBinding();
    const result = streamText({
      model: createAISearch({ binding })(),
      prompt: "q",
      temperature: 0.1,
      seed: 4,
    });
    expect(await result.text).toBe("Open the dashboard.");
    const features = (await result.warnings)?.map((warning) =>
      warning.type === "unsupported" ? warning.feature : "",
    );
    expect(features?.sort()).toEqual(["seed", "temperature"]);
    expect(binding.calls[0].request).not.toHaveProperty("temperature");
  });

  it("legacyQuery on the current binding is warned about (it takes real messages)", async () => {
    const binding = fakeAISearchBinding();
    const result = await generateText({
      model: createAISearch({ binding })({ legacyQuery: "last-user-message" }),
      prompt: "q",
    });
    expect(result.warnings).toContainEqual(expect.objectContaining({ feature: "legacyQuery" }));
  });

  it("ranker on the current binding is warned about and not sent", async () => {
    const binding = fakeAISearchBinding();
    const result = await generateText({
      model: createAISearch({ binding })({ ranker: "default" }),
      prompt: "q",
    });
    expect(result.warnings).toContainEqual(expect.objectContaining({ feature: "ranker" }));
    expect(binding.calls[0].request).not.toHaveProperty("ai_search_options");
  });
});

describe("file URLs", () => {
  it("are not downloaded (AI Search leaves files out) and give the file-parts warning", async () => {
    const binding = fakeAISearchBinding();
    const fetched: string[] = [];
    const originalFetch = globalThis.fetch;
    globalThis.fetch = (async (input: RequestInfo | URL) => {
      fetched.push(String(input));
      return new Response(new Uint8Array([1]));
    }) as typeof fetch;
    try {
      const result = await generateText({
        model: createAISearch({ binding })(),
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "Describe" },
              { type: "image", image: new URL("https://example.com/cat.png") },
            ],
          },
        ],
      });
      expect(fetched).toEqual([]);
      expect(result.warnings).toContainEqual(expect.objectContaining({ feature: "file parts" }));
      expect(binding.calls[0].request.messages).toEqual([{ role: "user", content: "Describe" }]);
    } finally {
      globalThis.fetch = originalFetch;
    }
  });
});
