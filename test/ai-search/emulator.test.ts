import { generateText, streamText } from "ai";
import { describe, expect, it } from "vitest";
import { createAISearch, searchAISearch } from "../../src/ai-search";
import { createWorkersAIEmulator } from "../../src/testing";
import "./fakes";

describe("AI Search against the local emulator", () => {
  it("current instance: generateText answers from the index with document sources", async () => {
    const emulator = createWorkersAIEmulator();
    const aisearch = createAISearch({ binding: emulator.aiSearch("docs"), name: "docs" });
    const result = await generateText({ model: aisearch(), prompt: "How does AI Gateway caching work?" });
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.sources.length).toBeGreaterThan(0);
    expect(result.sources[0]).toMatchObject({
      sourceType: "document",
      title: "docs/ai-gateway.md",
      mediaType: "text/markdown",
    });
  });

  it("current instance: streamText puts the sources before the text", async () => {
    const emulator = createWorkersAIEmulator();
    const result = streamText({
      model: createAISearch({ binding: emulator.aiSearch("docs") })(),
      prompt: "What is R2?",
    });
    const types: string[] = [];
    for await (const part of result.fullStream) types.push(part.type);
    expect(types.indexOf("source")).toBeGreaterThan(-1);
    expect(types.indexOf("source")).toBeLessThan(types.indexOf("text-delta"));
    expect(await result.finishReason).toBe("stop");
  });

  it("legacy autorag: streamText streams the answer with the prefetched sources first", async () => {
    const emulator = createWorkersAIEmulator();
    const result = streamText({
      model: createAISearch({ binding: emulator.autorag("docs") })(),
      prompt: "What is Vectorize?",
    });
    const types: string[] = [];
    for await (const part of result.fullStream) types.push(part.type);
    expect(types.indexOf("source")).toBeGreaterThan(-1);
    expect(types.lastIndexOf("source")).toBeLessThan(types.indexOf("text-delta"));
    expect((await result.text).length).toBeGreaterThan(0);
  });

  it("retrieval only returns typed chunks from both binding kinds", async () => {
    const emulator = createWorkersAIEmulator();
    const current = await searchAISearch(emulator.aiSearch("docs"), { query: "vector database embeddings" });
    const legacy = await searchAISearch(emulator.autorag("docs"), { query: "vector database embeddings" });
    expect(current.chunks[0].key).toBe("docs/vectorize.md");
    expect(legacy.chunks[0].key).toBe("docs/vectorize.md");
    expect(current.chunks[0].text).toContain("Vectorize");
  });
});
