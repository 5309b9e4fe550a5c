import { describe, expect, it } from "vitest";
import { createWorkersAIEmulator } from "../../src/testing/index";
import { deltaText, type Json, rejection, sseEvents, streamText } from "./helpers";

describe("AI Search instance", () => {
  it("searches the built-in documents by query", async () => {
    const emulator = createWorkersAIEmulator();
    const result = await emulator.aiSearch("docs").search({ query: "What is Workers AI?" });
    expect(result.search_query).toBe("What is Workers AI?");
    expect(result.chunks[0]).toMatchObject({
      type: "text",
      score: 1,
      item: { key: "docs/workers-ai.md", timestamp: 1735689600, metadata: { topic: "workers-ai" } },
    });
    expect(result.chunks[0].id).toMatch(/^chunk-/);
    for (const chunk of result.chunks) expect(chunk.score).toBeGreaterThanOrEqual(0.4);
    expect(emulator.requests[0]).toMatchObject({ transport: "binding", model: "aisearch:docs" });
  });

  it("searches with messages and custom documents, honouring retrieval options", async () => {
    const emulator = createWorkersAIEmulator({
      aiSearchDocuments: [
        { key: "a.txt", text: "blue whales are big" },
        { key: "b.txt", text: "blue sky today" },
        { key: "c.txt", text: "cats sleep" },
      ],
    });
    const result = await emulator.aiSearch().search({
      messages: [
        { role: "system", content: "x" },
        { role: "user", content: "blue whales" },
      ],
      ai_search_options: { retrieval: { match_threshold: 0.5, max_num_results: 5 } },
    });
    expect(result.search_query).toBe("blue whales");
    expect(result.chunks.map((c) => [c.item.key, c.score])).toEqual([
      ["a.txt", 1],
      ["b.txt", 0.5],
    ]);
  });

  it("rejects both or neither of query and messages", async () => {
    const emulator = createWorkersAIEmulator();
    const error = await rejection(emulator.aiSearch().search({}));
    expect(error.message).toBe("Exactly one of 'query' or 'messages' is required");
  });

  it("answers chatCompletions with the chat shape and chunks", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.aiSearch().chatCompletions({
      messages: [{ role: "user", content: "how do I make pancakes" }],
    })) as Json;
    expect(result.object).toBe("chat.completion");
    expect(result.choices[0].message.content).toMatch(
      /^According to recipes\/pancakes\.md: Pancakes need flour/,
    );
    expect(result.chunks[0].item.key).toBe("recipes/pancakes.md");
  });

  it("streams chatCompletions as SSE", async () => {
    const emulator = createWorkersAIEmulator();
    const stream = await emulator.aiSearch().chatCompletions({
      messages: [{ role: "user", content: "vector database" }],
      stream: true,
    });
    const events = sseEvents(await streamText(stream));
    expect(events.at(-1)).toBe("[DONE]");
    expect((events[0] as Json).chunks[0].item.key).toBe("docs/vectorize.md");
    expect(deltaText(events)).toMatch(/^According to docs\/vectorize\.md: Vectorize/);
  });

  it("serves multi-instance search through the namespace binding", async () => {
    const emulator = createWorkersAIEmulator();
    const ns = emulator.binding.aiSearch();
    const result = await ns.search({
      query: "R2 bucket",
      ai_search_options: { instance_ids: ["one", "two"] },
    });
    expect(result.chunks.map((c) => c.instance_id)).toEqual(["one", "two"]);
    expect((await ns.list()).map((i) => i.id)).toEqual(["one", "two"]);
    const error = await rejection(ns.search({ query: "x" }));
    expect(error.message).toMatch(/instance_ids/);
    expect((await ns.get("three").search({ query: "R2" })).chunks[0].item.key).toBe("docs/r2.md");
  });
});

describe("AutoRAG (legacy)", () => {
  it("searches with the vector store page shape", async () => {
    const emulator = createWorkersAIEmulator();
    const result = await emulator.autorag("rag").search({ query: "AI Gateway caching" });
    expect(result.object).toBe("vector_store.search_results.page");
    expect(result.has_more).toBe(false);
    expect(result.data[0]).toMatchObject({
      filename: "docs/ai-gateway.md",
      score: 1,
      attributes: { topic: "ai-gateway" },
      content: [{ type: "text" }],
    });
    expect(emulator.requests[0].model).toBe("aisearch:rag");
  });

  it("answers aiSearch with response text, or a raw SSE Response when streaming", async () => {
    const emulator = createWorkersAIEmulator();
    const rag = emulator.binding.autorag("rag");
    const result = (await rag.aiSearch({ query: "pancakes" })) as Json;
    expect(result.response).toMatch(/^According to recipes\/pancakes\.md/);
    expect(result.data).toHaveLength(1);
    const streamed = (await rag.aiSearch({ query: "pancakes", stream: true })) as Response;
    expect(streamed).toBeInstanceOf(Response);
    expect(streamed.headers.get("content-type")).toBe("text/event-stream");
    const events = sseEvents(await streamed.text());
    const text = events
      .filter((e): e is Json => e !== "[DONE]")
      .map((e) => e.response)
      .join("");
    expect(text).toBe(result.response);
    expect(await rag.list()).toEqual([
      expect.objectContaining({ id: "rag", enable: true, status: "ready", paused: false }),
    ]);
  });
});
