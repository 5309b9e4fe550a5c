import { generateText, streamText } from "ai";
import { describe, expect, it } from "vitest";
import { createAISearch } from "../../src/ai-search";
import {
  chatCompletionsEvents,
  chatCompletionsReply,
  currentChunk,
  fakeAISearchBinding,
  sseStream,
} from "./fakes";

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const part of stream) out.push(part);
  return out;
}

describe("AI Search over the current binding (chatCompletions)", () => {
  it("generateText sends the conversation as real messages and returns text, sources, usage and finish reason", async () => {
    const binding = fakeAISearchBinding();
    const aisearch = createAISearch({ binding, name: "docs" });
    const result = await generateText({
      model: aisearch({ system_prompt: "Answer from the documents." }),
      instructions: "Be brief.",
      messages: [
        { role: "user", content: "How do I set up AI Gateway?" },
        { role: "assistant", content: "Which account?" },
        { role: "user", content: [{ type: "text", text: "My main one." }] },
      ],
    });

    expect(binding.calls).toHaveLength(1);
    expect(binding.calls[0].method).toBe("chatCompletions");
    expect(binding.calls[0].request).toEqual({
      messages: [
        { role: "system", content: "Answer from the documents." },
        { role: "system", content: "Be brief." },
        { role: "user", content: "How do I set up AI Gateway?" },
        { role: "assistant", content: "Which account?" },
        { role: "user", content: "My main one." },
      ],
      stream: false,
    });
    expect(result.text).toBe("Create a gateway in the dashboard.");
    expect(result.finishReason).toBe("stop");
    expect(result.usage.inputTokens).toBe(120);
    expect(result.usage.outputTokens).toBe(9);
    expect(result.sources).toEqual([
      {
        type: "source",
        sourceType: "document",
        id: "chunk-1",
        mediaType: "text/markdown",
        title: "docs/ai-gateway.md",
        filename: "ai-gateway.md",
        providerMetadata: {
          "workers-ai": {
            score: 0.87,
            text: "AI Gateway adds caching, rate limiting and analytics.",
            key: "docs/ai-gateway.md",
            chunkId: "chunk-1",
            metadata: { topic: "ai-gateway" },
            scoringDetails: { vector_score: 0.87, keyword_score: 0.5, fusion_method: "rrf" },
            timestamp: 1735689600,
          },
        },
      },
      {
        type: "source",
        sourceType: "url",
        id: "chunk-2",
        url: "https://example.com/docs/caching",
        title: "https://example.com/docs/caching",
        providerMetadata: {
          "workers-ai": {
            score: 0.61,
            text: "AI Gateway adds caching, rate limiting and analytics.",
            key: "https://example.com/docs/caching",
            chunkId: "chunk-2",
            metadata: {},
            scoringDetails: { vector_score: 0.87, keyword_score: 0.5, fusion_method: "rrf" },
          },
        },
      },
    ]);
    expect(result.warnings).toEqual([]);
    expect(result.response.modelId).toBe("@cf/meta/llama-3.3-70b-instruct-fp8-fast");
  });

  it("reports the provider, the model id and the spec version", () => {
    const binding = fakeAISearchBinding();
    const model = createAISearch({ binding, name: "docs" }).chat();
    expect(model.specificationVersion).toBe("v4");
    expect(model.provider).toBe("aisearch.chat");
    expect(model.modelId).toBe("docs");
    expect(createAISearch({ binding })().modelId).toBe("ai-search");
  });

  it("passes temperature, maxOutputTokens and the other sampling options in the chatCompletions body", async () => {
    const binding = fakeAISearchBinding();
    await generateText({
      model: createAISearch({ binding })({ model: "@cf/meta/llama-3.3-70b-instruct-fp8-fast" }),
      prompt: "Hi",
      temperature: 0.2,
      maxOutputTokens: 300,
      topP: 0.9,
      seed: 7,
      stopSequences: ["END"],
      presencePenalty: 0.1,
      frequencyPenalty: 0.3,
    });
    expect(binding.calls[0].request).toMatchObject({
      model: "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
      temperature: 0.2,
      max_tokens: 300,
      top_p: 0.9,
      seed: 7,
      stop: ["END"],
      presence_penalty: 0.1,
      frequency_penalty: 0.3,
    });
  });

  it("streamText emits every source before the first text and finishes with usage", async () => {
    const binding = fakeAISearchBinding();
    const result = streamText({
      model: createAISearch({ binding })(),
      prompt: "How do I set up AI Gateway?",
    });
    const parts = await collect(result.fullStream);
    const types = parts.map((part) => part.type);
    const firstSource = types.indexOf("source");
    const firstText = types.indexOf("text-delta");
    expect(firstSource).toBeGreaterThan(-1);
    expect(firstSource).toBeLessThan(firstText);
    expect(await result.text).toBe("Create a gateway.");
    expect((await result.sources).map((source) => source.id)).toEqual(["chunk-1"]);
    expect(await result.finishReason).toBe("stop");
    expect((await result.usage).inputTokens).toBe(100);
    expect(binding.calls.map((call) => call.method)).toEqual(["chatCompletions"]);
    expect(binding.calls[0].request.stream).toBe(true);
  });

  it("streams sources carried by a later event too (each chunk once)", async () => {
    const base = { object: "chat.completion.chunk" };
    const binding = fakeAISearchBinding({
      chatCompletions: () =>
        sseStream([
          { ...base, choices: [], chunks: [currentChunk()] },
          { ...base, choices: [{ index: 0, delta: { content: "Hi" } }] },
          {
            ...base,
            choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
            chunks: [currentChunk(), currentChunk({ id: "late" })],
          },
          "[DONE]",
        ]),
    });
    const result = streamText({ model: createAISearch({ binding })(), prompt: "q" });
    expect((await result.sources).map((source) => source.id)).toEqual(["chunk-1", "late"]);
    expect(await result.text).toBe("Hi");
  });

  it("with streamSources 'search' makes one search first, so the sources come before the text even when the stream carries none", async () => {
    const binding = fakeAISearchBinding({
      chatCompletions: () => sseStream(chatCompletionsEvents({ withChunks: false })),
      search: () => ({ search_query: "gateway setup", chunks: [currentChunk({ id: "from-search" })] }),
    });
    const result = streamText({
      model: createAISearch({ binding })({ streamSources: "search", max_num_results: 3 }),
      prompt: "How do I set up AI Gateway?",
    });
    const parts = await collect(result.fullStream);
    const types = parts.map((part) => part.type);
    expect(types.indexOf("source")).toBeLessThan(types.indexOf("text-delta"));
    expect((await result.sources).map((source) => source.id)).toEqual(["from-search"]);
    const search = binding.calls.find((call) => call.method === "search");
    expect(search?.request).toEqual({
      messages: [{ role: "user", content: "How do I set up AI Gateway?" }],
      ai_search_options: { retrieval: { max_num_results: 3 } },
    });
    expect((await result.providerMetadata)?.["workers-ai"]).toMatchObject({});
  });

  it("without streamSources 'search' makes no extra search call when the stream carries no chunks", async () => {
    const binding = fakeAISearchBinding({
      chatCompletions: () => sseStream(chatCompletionsEvents({ withChunks: false })),
    });
    const result = streamText({ model: createAISearch({ binding })(), prompt: "q" });
    expect(await result.text).toBe("Create a gateway.");
    expect(await result.sources).toEqual([]);
    expect(binding.calls.map((call) => call.method)).toEqual(["chatCompletions"]);
  });

  it("streamText works when the binding answers a streamed call with a whole JSON reply", async () => {
    const binding = fakeAISearchBinding({ chatCompletions: () => chatCompletionsReply() });
    const result = streamText({ model: createAISearch({ binding })(), prompt: "q" });
    const parts = await collect(result.fullStream);
    const types = parts.map((part) => part.type);
    expect(types.lastIndexOf("source")).toBeLessThan(types.indexOf("text-delta"));
    expect(await result.text).toBe("Create a gateway in the dashboard.");
    expect((await result.sources).length).toBe(2);
  });

  it("generateText reads a stream when the binding streams although no stream was asked for", async () => {
    const binding = fakeAISearchBinding({ chatCompletions: () => sseStream(chatCompletionsEvents()) });
    const result = await generateText({ model: createAISearch({ binding })(), prompt: "q" });
    expect(result.text).toBe("Create a gateway.");
    expect(result.sources.map((source) => source.id)).toEqual(["chunk-1"]);
  });

  it("reports a length finish reason and the rewritten search query", async () => {
    const binding = fakeAISearchBinding({
      chatCompletions: () =>
        chatCompletionsReply({
          search_query: "ai gateway setup",
          choices: [
            { index: 0, message: { role: "assistant", content: "Partial" }, finish_reason: "length" },
          ],
        }),
    });
    const result = await generateText({ model: createAISearch({ binding })(), prompt: "q" });
    expect(result.finishReason).toBe("length");
    expect(result.providerMetadata?.["workers-ai"]?.searchQuery).toBe("ai gateway setup");
  });

  it("namespace searches: instance_ids reach ai_search_options and failed instances become warnings", async () => {
    const binding = fakeAISearchBinding({
      chatCompletions: () =>
        chatCompletionsReply({
          chunks: [currentChunk({ instance_id: "docs" })],
          errors: [{ instance_id: "blog", message: "instance is paused" }],
        }),
    });
    const result = await generateText({
      model: createAISearch({ binding })({ instance_ids: ["docs", "blog"] }),
      prompt: "q",
    });
    expect(binding.calls[0].request.ai_search_options).toEqual({ instance_ids: ["docs", "blog"] });
    expect(result.text).toBe("Create a gateway in the dashboard.");
    expect(result.sources[0].providerMetadata?.["workers-ai"]?.instanceId).toBe("docs");
    expect(result.warnings).toContainEqual({
      type: "other",
      message: 'AI Search instance "blog" failed and was left out: instance is paused',
    });
    expect(result.providerMetadata?.["workers-ai"]?.instanceErrors).toEqual([
      { instanceId: "blog", message: "instance is paused" },
    ]);
  });

  it("includes raw chunks when asked", async () => {
    const binding = fakeAISearchBinding();
    const result = streamText({ model: createAISearch({ binding })(), prompt: "q", includeRawChunks: true });
    const raws = (await collect(result.fullStream)).filter((part) => part.type === "raw");
    expect(raws.length).toBe(5);
  });
});
