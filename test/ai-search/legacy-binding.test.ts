import { generateText, streamText } from "ai";
import { describe, expect, it } from "vitest";
import { createAISearch } from "../../src/ai-search";
import { aiSearchReply, fakeAutoRAGBinding, legacyResult, sseResponse } from "./fakes";

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const part of stream) out.push(part);
  return out;
}

describe("AI Search over the legacy AutoRAG binding (aiSearch)", () => {
  it("generateText sends one query and returns the answer with a source per retrieved result", async () => {
    const binding = fakeAutoRAGBinding();
    const result = await generateText({
      model: createAISearch({ binding, name: "legacy-docs" })({
        system_prompt: "Answer from the documents.",
      }),
      prompt: "How do I set up AI Gateway?",
    });
    expect(binding.calls).toEqual([
      {
        method: "aiSearch",
        request: {
          query: "How do I set up AI Gateway?",
          stream: false,
          system_prompt: "Answer from the documents.",
        },
      },
    ]);
    expect(result.text).toBe("Open the dashboard and create a gateway.");
    expect(result.finishReason).toBe("stop");
    expect(result.sources).toEqual([
      {
        type: "source",
        sourceType: "document",
        id: "file-1",
        mediaType: "application/pdf",
        title: "guides/setup.pdf",
        filename: "setup.pdf",
        providerMetadata: {
          "workers-ai": {
            score: 0.74,
            text: "Open the dashboard.\nCreate a gateway.",
            key: "guides/setup.pdf",
            fileId: "file-1",
            attributes: { folder: "guides/" },
          },
        },
      },
      {
        type: "source",
        sourceType: "document",
        id: "file-2",
        mediaType: "text/markdown",
        title: "notes.md",
        filename: "notes.md",
        providerMetadata: {
          "workers-ai": {
            score: 0.5,
            text: "Open the dashboard.\nCreate a gateway.",
            key: "notes.md",
            fileId: "file-2",
            attributes: {},
          },
        },
      },
    ]);
    expect(result.providerMetadata?.["workers-ai"]?.searchQuery).toBe("set up ai gateway");
    expect(result.warnings).toEqual([]);
    expect(result.usage.inputTokens).toBeUndefined();
  });

  it("renders a multi-turn conversation into the query as text (never [object Object]); system messages go to system_prompt", async () => {
    const binding = fakeAutoRAGBinding();
    await generateText({
      model: createAISearch({ binding })({ system_prompt: "Use the docs." }),
      instructions: "Be brief.",
      messages: [
        { role: "user", content: [{ type: "text", text: "How do I set up AI Gateway?" }] },
        { role: "assistant", content: [{ type: "text", text: "Create one in the dashboard." }] },
        {
          role: "user",
          content: [
            { type: "text", text: "And caching?" },
            { type: "text", text: "Per route." },
          ],
        },
      ],
    });
    const request = binding.calls[0].request;
    expect(request.query).toBe(
      [
        "Conversation so far:",
        "User: How do I set up AI Gateway?",
        "Assistant: Create one in the dashboard.",
        "",
        "Question: And caching?\nPer route.",
      ].join("\n"),
    );
    expect(String(request.query)).not.toContain("[object Object]");
    expect(request.system_prompt).toBe("Use the docs.\n\nBe brief.");
  });

  it("legacyQuery 'last-user-message' sends only the last user message", async () => {
    const binding = fakeAutoRAGBinding();
    await generateText({
      model: createAISearch({ binding })({ legacyQuery: "last-user-message" }),
      messages: [
        { role: "user", content: "First question" },
        { role: "assistant", content: "First answer" },
        { role: "user", content: "Second question" },
      ],
    });
    expect(binding.calls[0].request.query).toBe("Second question");
  });

  it("streamText searches first so every source comes before the text, then streams {response} events", async () => {
    const binding = fakeAutoRAGBinding();
    const result = streamText({
      model: createAISearch({ binding })({ max_num_results: 4 }),
      prompt: "Setup?",
    });
    const parts = await collect(result.fullStream);
    const types = parts.map((part) => part.type);
    expect(types.lastIndexOf("source")).toBeLessThan(types.indexOf("text-delta"));
    expect((await result.sources).map((source) => source.id)).toEqual(["file-1", "file-2"]);
    expect(await result.text).toBe("Open the dashboard.");
    expect(await result.finishReason).toBe("stop");
    expect(binding.calls.map((call) => [call.method, call.request])).toEqual([
      ["aiSearch", { query: "Setup?", stream: true, max_num_results: 4 }],
      ["search", { query: "Setup?", max_num_results: 4 }],
    ]);
  });

  it("stream format unconfirmed: also reads choices[].delta events, usage and finish_reason from the legacy stream", async () => {
    const binding = fakeAutoRAGBinding({
      aiSearch: () =>
        sseResponse([
          { choices: [{ index: 0, delta: { content: "Open " } }] },
          { choices: [{ index: 0, delta: { content: "it." } }] },
          {
            choices: [{ index: 0, delta: {}, finish_reason: "length" }],
            usage: { prompt_tokens: 50, completion_tokens: 2 },
          },
          "[DONE]",
        ]),
    });
    const result = streamText({ model: createAISearch({ binding })(), prompt: "Setup?" });
    expect(await result.text).toBe("Open it.");
    expect(await result.finishReason).toBe("length");
    expect((await result.usage).inputTokens).toBe(50);
  });

  it("stream format unconfirmed: sources carried in the stream's data are not repeated after the prefetched ones", async () => {
    const binding = fakeAutoRAGBinding({
      aiSearch: () =>
        sseResponse([
          {
            data: [legacyResult(), legacyResult({ file_id: "file-3", filename: "extra.txt" })],
            search_query: "setup",
          },
          { response: "Done." },
          "[DONE]",
        ]),
      search: () => ({ data: [legacyResult()], search_query: "setup" }),
    });
    const result = streamText({ model: createAISearch({ binding })(), prompt: "Setup?" });
    expect((await result.sources).map((source) => source.id)).toEqual(["file-1", "file-3"]);
    expect(await result.text).toBe("Done.");
    expect((await result.providerMetadata)?.["workers-ai"]?.searchQuery).toBe("setup");
  });

  it("stream format unconfirmed: a legacy stream that closes cleanly without [DONE] is complete, with a warning", async () => {
    const binding = fakeAutoRAGBinding({
      aiSearch: () => sseResponse([{ response: "Open " }, { response: "it." }]),
    });
    const result = streamText({
      model: createAISearch({ binding })({ streamSources: "inline" }),
      prompt: "q",
    });
    expect(await result.text).toBe("Open it.");
    expect(await result.finishReason).toBe("stop");
    expect(await result.warnings).toContainEqual({
      type: "other",
      message: "The AutoRAG stream closed without [DONE] or a finish reason; it was taken as complete.",
    });
  });

  it("with streamSources 'inline' makes no search call and takes the sources from the stream", async () => {
    const binding = fakeAutoRAGBinding({
      aiSearch: () => sseResponse([{ data: [legacyResult()] }, { response: "Hi" }, "[DONE]"]),
    });
    const result = streamText({
      model: createAISearch({ binding })({ streamSources: "inline" }),
      prompt: "q",
    });
    expect((await result.sources).map((source) => source.id)).toEqual(["file-1"]);
    expect(binding.calls.map((call) => call.method)).toEqual(["aiSearch"]);
  });

  it("streamText accepts a JSON Response (stream ignored by the service)", async () => {
    const binding = fakeAutoRAGBinding({
      aiSearch: () =>
        new Response(JSON.stringify(aiSearchReply()), { headers: { "content-type": "application/json" } }),
    });
    const result = streamText({
      model: createAISearch({ binding })({ streamSources: "inline" }),
      prompt: "q",
    });
    expect(await result.text).toBe("Open the dashboard and create a gateway.");
    expect((await result.sources).length).toBe(2);
  });

  it("repeated file ids (several chunks of one file) get unique source ids, the file id stays in the metadata", async () => {
    const binding = fakeAutoRAGBinding({
      aiSearch: () =>
        aiSearchReply({
          data: [
            legacyResult({ content: [{ type: "text", text: "part one" }] }),
            legacyResult({ content: [{ type: "text", text: "part two" }] }),
          ],
        }),
    });
    const { sources } = await generateText({ model: createAISearch({ binding })(), prompt: "q" });
    expect(sources.map((source) => source.id)).toEqual(["file-1", "file-1#2"]);
    expect(sources.map((source) => source.providerMetadata?.["workers-ai"]?.fileId)).toEqual([
      "file-1",
      "file-1",
    ]);
  });

  it("a filename that is an http(s) URL becomes a url source", async () => {
    const binding = fakeAutoRAGBinding({
      aiSearch: () =>
        aiSearchReply({
          data: [legacyResult({ filename: "https://developers.cloudflare.com/ai-gateway/" })],
        }),
    });
    const { sources } = await generateText({ model: createAISearch({ binding })(), prompt: "q" });
    expect(sources[0]).toMatchObject({
      sourceType: "url",
      url: "https://developers.cloudflare.com/ai-gateway/",
      title: "https://developers.cloudflare.com/ai-gateway/",
    });
  });

  it("a prompt without user text is an InvalidPromptError, not a call with an empty query", async () => {
    const binding = fakeAutoRAGBinding();
    await expect(
      generateText({
        model: createAISearch({ binding })(),
        messages: [{ role: "assistant", content: "Hello there" }],
      }),
    ).rejects.toMatchObject({ name: "AI_InvalidPromptError" });
    expect(binding.calls).toEqual([]);
  });
});
