import { generateText } from "ai";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type AISearchBinding, createAISearch, createAutoRAG } from "../../src/ai-search";
import { fakeAISearchBinding, fakeAutoRAGBinding } from "./fakes";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("createAISearch / createAutoRAG", () => {
  it("calling the provider with new throws a clear error", () => {
    const aisearch = createAISearch({ binding: fakeAISearchBinding() });
    const Constructor = aisearch as unknown as new () => unknown;
    expect(() => new Constructor()).toThrow(/call aisearch\(settings\) without new/);
  });

  it("a binding of neither kind is rejected with the forms it accepts", () => {
    expect(() => createAISearch({ binding: {} as unknown as AISearchBinding })).toThrow(/ai_search binding/);
    expect(() => createAISearch({ binding: { run() {} } as unknown as AISearchBinding })).toThrow(
      /neither chatCompletions nor aiSearch/,
    );
  });

  it("the binding kind is detected from its methods", async () => {
    const current = fakeAISearchBinding();
    const legacy = fakeAutoRAGBinding();
    await generateText({ model: createAISearch({ binding: current })(), prompt: "q" });
    await generateText({ model: createAISearch({ binding: legacy }).chat(), prompt: "q" });
    expect(current.calls.map((call) => call.method)).toEqual(["chatCompletions"]);
    expect(legacy.calls.map((call) => call.method)).toEqual(["aiSearch"]);
  });

  it("an object with both chatCompletions and aiSearch is treated as the current binding", async () => {
    const both = { ...fakeAutoRAGBinding(), ...fakeAISearchBinding() };
    await generateText({ model: createAISearch({ binding: both })(), prompt: "q" });
    expect(both.calls.map((call) => call.method)).toEqual(["chatCompletions"]);
  });

  it("createAutoRAG works like createAISearch and warns once per process, naming createAISearch", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const binding = fakeAutoRAGBinding();
    const first = createAutoRAG({ binding, name: "docs" });
    const second = createAutoRAG({ binding });
    const { text } = await generateText({ model: first(), prompt: "q" });
    expect(text).toBe("Open the dashboard and create a gateway.");
    expect(second().modelId).toBe("ai-search");
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/createAutoRAG is deprecated.*createAISearch/);
  });

  it("createAISearch itself never warns", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    createAISearch({ binding: fakeAISearchBinding() })();
    expect(warn).not.toHaveBeenCalled();
  });

  it("aisearch.search runs retrieval only on the provider's binding", async () => {
    const binding = fakeAISearchBinding();
    const { chunks } = await createAISearch({ binding }).search({ query: "gateway", max_num_results: 2 });
    expect(chunks.map((chunk) => chunk.id)).toEqual(["chunk-1"]);
    expect(binding.calls).toEqual([
      {
        method: "search",
        request: { query: "gateway", ai_search_options: { retrieval: { max_num_results: 2 } } },
      },
    ]);
  });
});
