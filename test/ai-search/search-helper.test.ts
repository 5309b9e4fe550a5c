import { APICallError } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { searchAISearch } from "../../src/ai-search";
import { currentChunk, fakeAISearchBinding, fakeAutoRAGBinding, legacyResult, namedError } from "./fakes";

describe("searchAISearch (retrieval without generation)", () => {
  it("current binding: search({ query, ai_search_options }) → typed chunks", async () => {
    const binding = fakeAISearchBinding({
      search: () => ({
        search_query: "ai gateway caching",
        chunks: [
          currentChunk(),
          currentChunk({ id: "c2", score: 0.4, item: { key: "https://example.com/a?x=1" } }),
        ],
      }),
    });
    const result = await searchAISearch(binding, {
      query: "How does caching work?",
      max_num_results: 2,
      retrieval_type: "hybrid",
      reranking: true,
    });
    expect(binding.calls).toEqual([
      {
        method: "search",
        request: {
          query: "How does caching work?",
          ai_search_options: {
            retrieval: { max_num_results: 2, retrieval_type: "hybrid" },
            reranking: { enabled: true },
          },
        },
      },
    ]);
    expect(result.searchQuery).toBe("ai gateway caching");
    expect(result.chunks).toEqual([
      {
        id: "chunk-1",
        text: "AI Gateway adds caching, rate limiting and analytics.",
        score: 0.87,
        key: "docs/ai-gateway.md",
        filename: "ai-gateway.md",
        metadata: { topic: "ai-gateway" },
        scoringDetails: { vector_score: 0.87, keyword_score: 0.5, fusion_method: "rrf" },
        timestamp: 1735689600,
      },
      {
        id: "c2",
        text: "AI Gateway adds caching, rate limiting and analytics.",
        score: 0.4,
        key: "https://example.com/a?x=1",
        filename: "a",
        url: "https://example.com/a?x=1",
        metadata: {},
        scoringDetails: { vector_score: 0.87, keyword_score: 0.5, fusion_method: "rrf" },
      },
    ]);
    expect(result.warnings).toEqual([]);
    expect(result.errors).toEqual([]);
  });

  it("current binding: messages are passed as they are", async () => {
    const binding = fakeAISearchBinding();
    const messages = [
      { role: "user" as const, content: "What is R2?" },
      { role: "assistant" as const, content: "Object storage." },
      { role: "user" as const, content: "Pricing?" },
    ];
    await searchAISearch(binding, { messages });
    expect(binding.calls[0].request).toEqual({ messages });
  });

  it("namespace search: instance_ids are sent and failed instances reported", async () => {
    const binding = fakeAISearchBinding({
      search: () => ({
        search_query: "q",
        chunks: [currentChunk({ instance_id: "docs" })],
        errors: [{ instance_id: "blog", message: "paused" }],
      }),
    });
    const result = await searchAISearch(binding, { query: "q", instance_ids: ["docs", "blog"] });
    expect(binding.calls[0].request).toEqual({
      query: "q",
      ai_search_options: { instance_ids: ["docs", "blog"] },
    });
    expect(result.chunks[0].instanceId).toBe("docs");
    expect(result.errors).toEqual([{ instanceId: "blog", message: "paused" }]);
  });

  it("legacy binding: search({ query, retrieval fields }) → the same typed chunks", async () => {
    const binding = fakeAutoRAGBinding({
      search: () => ({
        object: "vector_store.search_results.page",
        search_query: "setup",
        data: [legacyResult()],
        has_more: false,
        next_page: null,
      }),
    });
    const result = await searchAISearch(binding, {
      query: "setup",
      max_num_results: 3,
      match_threshold: 0.2,
      rewrite_query: true,
      filters: { type: "eq", key: "folder", value: "guides/" },
      retrieval_type: "keyword",
    });
    expect(binding.calls[0].request).toEqual({
      query: "setup",
      max_num_results: 3,
      ranking_options: { score_threshold: 0.2 },
      rewrite_query: true,
      filters: { type: "eq", key: "folder", value: "guides/" },
    });
    expect(result.chunks).toEqual([
      {
        id: "file-1",
        text: "Open the dashboard.\nCreate a gateway.",
        score: 0.74,
        key: "guides/setup.pdf",
        filename: "setup.pdf",
        metadata: { folder: "guides/" },
      },
    ]);
    expect(result.warnings).toEqual([expect.objectContaining({ feature: "retrieval_type" })]);
  });

  it("legacy binding: messages are rendered into a text query", async () => {
    const binding = fakeAutoRAGBinding();
    await searchAISearch(binding, {
      messages: [
        { role: "system", content: "ignored for retrieval" },
        { role: "user", content: "What is R2?" },
        { role: "assistant", content: "Object storage." },
        { role: "user", content: "Pricing?" },
      ],
    });
    expect(binding.calls[0].request.query).toBe(
      "Conversation so far:\nUser: What is R2?\nAssistant: Object storage.\n\nQuestion: Pricing?",
    );
  });

  it("needs exactly one of query or messages, and valid options", async () => {
    const binding = fakeAISearchBinding();
    await expect(searchAISearch(binding, {})).rejects.toMatchObject({ name: "AI_InvalidArgumentError" });
    await expect(
      searchAISearch(binding, { query: "q", messages: [{ role: "user", content: "q" }] }),
    ).rejects.toMatchObject({ name: "AI_InvalidArgumentError" });
    await expect(searchAISearch(binding, { query: "q", max_num_results: -1 })).rejects.toThrow(
      /max_num_results/,
    );
    expect(binding.calls).toEqual([]);
  });

  it("binding errors become APICallErrors; aborts reject with the abort", async () => {
    const binding = fakeAutoRAGBinding({
      search: () => {
        throw namedError("AutoRAGUnauthorizedError", "Unauthorized");
      },
    });
    const error = await searchAISearch(binding, { query: "q", instanceName: "docs" }).catch(
      (e: unknown) => e,
    );
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).statusCode).toBe(401);
    expect((error as APICallError).message).toContain('"docs"');

    const stalled = fakeAISearchBinding({ search: () => new Promise(() => {}) });
    const controller = new AbortController();
    const pending = searchAISearch(stalled, { query: "q", abortSignal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("skips malformed chunks instead of failing", async () => {
    const binding = fakeAISearchBinding({
      search: () => ({ chunks: [null, "x", { text: "no id", item: {} }] }),
    });
    const { chunks } = await searchAISearch(binding, { query: "q" });
    expect(chunks).toEqual([{ id: "chunk-2", text: "no id", score: 0, key: "", filename: "", metadata: {} }]);
  });
});
