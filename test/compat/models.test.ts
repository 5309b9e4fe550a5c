/**
 * Drop-in upgrade from workers-ai-provider 4.x, Workers AI side: the names, ids, aliases and lenient inputs
 * 4.x code relies on, through the public API.
 */
import { TooManyEmbeddingValuesForCallError } from "@ai-sdk/provider";
import { embedMany, generateText, streamText } from "ai";
import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import {
  AISearchChatLanguageModel,
  type AISearchChatSettings,
  type AISearchSettings,
  AutoRAGChatLanguageModel,
  type AutoRAGChatSettings,
  type AutoRAGProvider,
  type AutoRAGSettings,
  type Billing,
  createAISearch,
  createAutoRAG,
  createWorkersAI,
  type DispatchInfo,
  type FallbackAttempt,
  type FallbackLeg,
  type FallbackOptions,
  type GatewayProviderInfo,
  type ParsedSlug,
  type ProviderPlugin,
  type Transport,
  type WireFormat,
  type WorkersAI,
  type WorkersAISettings,
} from "../../src";
import { aiSearchReply, fakeAutoRAGBinding } from "../ai-search/fakes";
import { fakeBinding, type RunCall } from "../gateway/helpers";
import { startTestServer, type TestServer } from "../helpers/http-server";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const vector = (seed: number) => [seed, seed + 0.5, seed + 1];

describe("provider ids, aliases and class names of 4.x", () => {
  it("models report the 4.x provider ids", () => {
    const workersai = createWorkersAI({ binding: fakeBinding({}) });
    expect(workersai("@cf/meta/llama-3.1-8b-instruct").provider).toBe("workersai.chat");
    expect(workersai.embedding("@cf/baai/bge-base-en-v1.5").provider).toBe("workersai.embedding");
    expect(workersai.image("@cf/black-forest-labs/flux-1-schnell").provider).toBe("workersai.image");
    expect(workersai.transcription("@cf/openai/whisper").provider).toBe("workersai.transcription");
    expect(workersai.speech("@cf/deepgram/aura-1").provider).toBe("workersai.speech");
    expect(workersai.reranking("@cf/baai/bge-reranker-base").provider).toBe("workersai.reranking");
    const search = createAISearch({ binding: fakeAutoRAGBinding() })();
    expect(search.provider).toBe("aisearch.chat");
    expect(search).toBeInstanceOf(AISearchChatLanguageModel);
    const autorag = createAutoRAG({ binding: fakeAutoRAGBinding() })();
    expect(autorag.provider).toBe("autorag.chat");
    expect(autorag).toBeInstanceOf(AutoRAGChatLanguageModel);
    expect(autorag).toBeInstanceOf(AISearchChatLanguageModel);
  });

  it(".embedding() and .textEmbeddingModel() build the same embedding model as .textEmbedding()", async () => {
    const binding = fakeBinding({
      run: (call: RunCall) => ({ shape: [1, 3], data: [vector((call.inputs.text as string[]).length)] }),
    });
    const workersai = createWorkersAI({ binding });
    for (const factory of [workersai.embedding, workersai.textEmbeddingModel, workersai.textEmbedding]) {
      const { embeddings } = await embedMany({ model: factory("@cf/baai/bge-base-en-v1.5"), values: ["a"] });
      expect(embeddings).toEqual([vector(1)]);
    }
    expect(binding.runs.map((run) => run.model)).toEqual(Array(3).fill("@cf/baai/bge-base-en-v1.5"));
  });

  it("4.x type names are exported as aliases", () => {
    expectTypeOf<WorkersAI>().toEqualTypeOf<ReturnType<typeof createWorkersAI>>();
    expectTypeOf<WorkersAISettings>().toEqualTypeOf<Parameters<typeof createWorkersAI>[0] & {}>();
    expectTypeOf<AISearchSettings>().toEqualTypeOf<Parameters<typeof createAISearch>[0]>();
    expectTypeOf<AutoRAGSettings>().toEqualTypeOf<AISearchSettings>();
    expectTypeOf<AutoRAGProvider>().toEqualTypeOf<ReturnType<typeof createAutoRAG>>();
    expectTypeOf<AutoRAGChatSettings>().toEqualTypeOf<AISearchChatSettings>();
    expectTypeOf<Transport>().toEqualTypeOf<"run" | "gateway">();
    expectTypeOf<WireFormat>().toEqualTypeOf<"openai" | "anthropic" | "google">();
    expectTypeOf<Billing>().toEqualTypeOf<"unified" | "byok">();
    expectTypeOf<DispatchInfo["cfStep"]>().toEqualTypeOf<string | null>();
    expectTypeOf<FallbackAttempt["ok"]>().toEqualTypeOf<boolean>();
    expectTypeOf<FallbackLeg["slug"]>().toEqualTypeOf<string>();
    expectTypeOf<FallbackOptions["mode"]>().toEqualTypeOf<"client" | "server">();
    expectTypeOf<ParsedSlug>().toEqualTypeOf<{ resolverKey: string; modelId: string }>();
    expectTypeOf<ProviderPlugin["wireFormat"]>().toEqualTypeOf<WireFormat>();
    expectTypeOf<GatewayProviderInfo["gatewayProviderId"]>().toEqualTypeOf<string>();
  });
});

describe("maxEmbeddingsPerCall", () => {
  it("embedMany splits by the setting, and one doEmbed with more values throws TooManyEmbeddingValuesForCallError", async () => {
    const binding = fakeBinding({
      run: (call: RunCall) => {
        const texts = call.inputs.text as string[];
        return { shape: [texts.length, 3], data: texts.map((_, i) => vector(i)) };
      },
    });
    const model = createWorkersAI({ binding }).embedding("@cf/baai/bge-base-en-v1.5", {
      maxEmbeddingsPerCall: 2,
    });
    const { embeddings } = await embedMany({ model, values: ["a", "b", "c", "d", "e"] });
    expect(embeddings).toHaveLength(5);
    expect(binding.runs.map((run) => (run.inputs.text as string[]).length)).toEqual([2, 2, 1]);
    const error = await model.doEmbed({ values: ["a", "b", "c"] }).catch((e: unknown) => e);
    expect(TooManyEmbeddingValuesForCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ maxEmbeddingsPerCall: 2, provider: "workersai.embedding" });
    expect(binding.runs).toHaveLength(3);
  });

  it("without the setting the catalog's limit applies", async () => {
    const model = createWorkersAI({
      binding: fakeBinding({ run: () => ({ shape: [0, 3], data: [] }) }),
    }).embedding("@cf/baai/bge-base-en-v1.5");
    const values = Array.from({ length: model.maxEmbeddingsPerCall + 1 }, (_, i) => `v${i}`);
    await expect(model.doEmbed({ values })).rejects.toThrow(TooManyEmbeddingValuesForCallError);
  });
});

describe("REST replies and options", () => {
  it("a { result } body without success is unwrapped like the full envelope", async () => {
    server = await startTestServer(() => Response.json({ result: { response: "from a mock server" } }));
    const workersai = createWorkersAI({ accountId: "acct", apiKey: "token-123456", baseURL: server.url });
    const { text } = await generateText({ model: workersai("@cf/meta/llama-3.1-8b-instruct"), prompt: "hi" });
    expect(text).toBe("from a mock server");
  });

  it("a model reply with a result field next to other fields is not mistaken for an envelope", async () => {
    server = await startTestServer(() =>
      Response.json({ result: { response: "x" }, response: "the answer" }),
    );
    const workersai = createWorkersAI({ accountId: "acct", apiKey: "token-123456", baseURL: server.url });
    const { text } = await generateText({ model: workersai("@cf/meta/llama-3.1-8b-instruct"), prompt: "hi" });
    expect(text).toBe("the answer");
  });

  it("unknown scalar settings become REST query parameters; non-scalars are not sent and warn", async () => {
    server = await startTestServer(() => Response.json({ result: { response: "ok" }, success: true }));
    const workersai = createWorkersAI({ accountId: "acct", apiKey: "token-123456", baseURL: server.url });
    const settings = { queueRequest: true, priority: 3, nested: { a: 1 } } as Record<string, unknown>;
    const { warnings } = await generateText({
      model: workersai("@cf/meta/llama-3.1-8b-instruct", settings),
      prompt: "hi",
    });
    const url = new URL(server.requests[0].url);
    expect(url.pathname).toBe("/accounts/acct/ai/run/@cf/meta/llama-3.1-8b-instruct");
    expect(Object.fromEntries(url.searchParams)).toEqual({ queueRequest: "true", priority: "3" });
    expect(server.requests[0].json).not.toHaveProperty("queueRequest");
    expect(warnings).toContainEqual(expect.objectContaining({ type: "unsupported", feature: "nested" }));
  });

  it("unknown scalar settings become binding run options, never inputs", async () => {
    const binding = fakeBinding({ run: () => ({ response: "ok" }) });
    const workersai = createWorkersAI({ binding });
    await generateText({
      model: workersai("@cf/meta/llama-3.1-8b-instruct", { queueRequest: true } as Record<string, unknown>),
      prompt: "hi",
    });
    expect(binding.runs[0].options).toMatchObject({ queueRequest: true });
    expect(binding.runs[0].inputs).not.toHaveProperty("queueRequest");
  });

  it("embedding models forward unknown scalar settings as run options too", async () => {
    const binding = fakeBinding({ run: () => ({ shape: [1, 3], data: [vector(0)] }) });
    const model = createWorkersAI({ binding }).embedding("@cf/baai/bge-base-en-v1.5", {
      queueRequest: true,
      nested: [1],
    } as Record<string, unknown>);
    const { warnings } = await embedMany({ model, values: ["a"] });
    expect(binding.runs[0].options).toMatchObject({ queueRequest: true });
    expect(binding.runs[0].options).not.toHaveProperty("nested");
    expect(binding.runs[0].inputs).not.toHaveProperty("queueRequest");
    expect(warnings).toContainEqual(expect.objectContaining({ type: "unsupported", feature: "nested" }));
  });
});

describe("a stream request answered with JSON without an answer (gpt-oss)", () => {
  it("is asked once more without stream and the answer replayed, with a warning", async () => {
    const binding = fakeBinding({
      run: (call: RunCall) =>
        call.inputs.stream === true
          ? { id: "resp_1", object: "response", status: "in_progress", output: [] }
          : {
              id: "resp_1",
              object: "response",
              status: "completed",
              output: [
                {
                  type: "message",
                  role: "assistant",
                  content: [{ type: "output_text", text: "the real answer" }],
                },
              ],
            },
    });
    const workersai = createWorkersAI({ binding });
    const result = streamText({ model: workersai("@cf/openai/gpt-oss-120b"), prompt: "hi" });
    expect(await result.text).toBe("the real answer");
    expect(binding.runs.map((run) => run.inputs.stream)).toEqual([true, undefined]);
    expect(await result.warnings).toContainEqual(expect.objectContaining({ feature: "streaming" }));
  });

  it("a JSON reply that holds the answer is replayed without a second request", async () => {
    const binding = fakeBinding({ run: () => ({ response: "complete already" }) });
    const result = streamText({
      model: createWorkersAI({ binding })("@cf/meta/llama-3.1-8b-instruct"),
      prompt: "hi",
    });
    expect(await result.text).toBe("complete already");
    expect(binding.runs).toHaveLength(1);
  });
});

describe("AutoRAG streaming with a binding without search()", () => {
  it("streams the answer with the sources aiSearch() returned, from one call, with a warning", async () => {
    const { search: _search, ...withoutSearch } = fakeAutoRAGBinding();
    const model = createAutoRAG({
      binding: withoutSearch as unknown as Parameters<typeof createAutoRAG>[0]["binding"],
    })();
    const result = streamText({ model, prompt: "How do I set up AI Gateway?" });
    expect(await result.text).toBe(aiSearchReply().response);
    expect((await result.sources).length).toBe(2);
    expect(await result.warnings).toContainEqual(expect.objectContaining({ feature: "streamSources" }));
    expect(withoutSearch.calls.map((call) => [call.method, call.request.stream])).toEqual([
      ["aiSearch", false],
    ]);
  });
});
