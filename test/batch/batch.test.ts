/**
 * Async batches (spec 2.1 "Batch") through the AI SDK's experimental batch functions and
 * `createWorkersAIBatch`, end to end against the emulator: over the binding, over REST through
 * `emulator.fetch`, and over a real HTTP server.
 */
import {
  embedMany,
  experimental_cancelBatch,
  experimental_getBatchResults,
  experimental_getBatchStatus,
  experimental_listBatches,
  experimental_startBatch,
  generateText,
  jsonSchema,
  tool,
} from "ai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createWorkersAI,
  createWorkersAIBatch,
  experimental_getEmbeddingBatchResults,
  experimental_startEmbeddingBatch,
  type WorkersAIBatch,
  WorkersAIBatchPendingError,
  type WorkersAIBinding,
  type WorkersAIEmbeddingBatchItemResult,
  type WorkersAIProvider,
  type WorkersAIProviderSettings,
} from "../../src/index";
import {
  createWorkersAIEmulator,
  type EmulatorServer,
  type WorkersAIEmulator,
} from "../../src/testing/index";

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const LLAMA = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
const QWEN = "@cf/qwen/qwen3-30b-a3b-fp8";
const BGE_M3 = "@cf/baai/bge-m3";

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

/** The `requests` of the last request the emulator received (a queued batch). */
function queuedRequests(emulator: WorkersAIEmulator): unknown[] {
  const inputs = emulator.requests.at(-1)?.inputs as { requests?: unknown[] } | undefined;
  if (!inputs?.requests) throw new Error("the last request was not a batch");
  return inputs.requests;
}

type Transport = "binding" | "rest-fetch" | "rest-server";

interface Harness {
  emulator: WorkersAIEmulator;
  /** The provider, for direct calls to compare with. */
  workersai: WorkersAIProvider;
  /** The batch interface built from the same settings. */
  batches: WorkersAIBatch;
  close(): Promise<void>;
}

async function harness(transport: Transport, emulator = createWorkersAIEmulator()): Promise<Harness> {
  const both = (settings: WorkersAIProviderSettings, close = async () => {}): Harness => ({
    emulator,
    workersai: createWorkersAI(settings),
    batches: createWorkersAIBatch(settings),
    close,
  });
  if (transport === "binding") return both({ binding: emulator.binding });
  if (transport === "rest-fetch") {
    return both({ accountId: "emulator-account", apiKey: "test-token", fetch: emulator.fetch });
  }
  const server: EmulatorServer = await emulator.listen();
  return both(
    { accountId: "emulator-account", apiKey: "test-token", baseURL: `${server.url}/client/v4` },
    () => server.close(),
  );
}

describe.each<Transport>(["binding", "rest-fetch", "rest-server"])("text batches over %s", (transport) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(transport);
  });
  afterAll(() => h.close());

  it("queues per model, reports pending then completed, and reads results like generateText", async () => {
    h.emulator.reset();
    h.emulator.script(LLAMA, { text: "Paris is the capital of France." }, { text: "Bonjour." });
    h.emulator.script(QWEN, { text: "Four.", reasoning: "Two plus two." });

    const batch = await experimental_startBatch({
      provider: h.batches,
      requests: [
        { id: "capital", type: "text", model: LLAMA, prompt: "Capital of France?", temperature: 0.2 },
        { id: "sum", type: "text", model: QWEN, prompt: "2+2?" },
        { id: "greet", type: "text", model: LLAMA, system: "Be brief.", prompt: "Say hello in French" },
      ],
    });
    expect(batch).toMatchObject({
      version: 2,
      provider: "workers-ai.batch",
      status: "pending",
      rawStatus: "queued",
    });
    expect(batch.requestCounts).toEqual({ total: 3, pending: 3, completed: 0, failed: 0 });

    const queued = h.emulator.requests.filter((r) => (r.inputs as { requests?: unknown }).requests);
    expect(queued.map((r) => r.model)).toEqual([LLAMA, QWEN]);
    if (transport === "binding") expect(queued[0].options).toMatchObject({ queueRequest: true });
    else expect(new URL(queued[0].url ?? "").searchParams.get("queueRequest")).toBe("true");
    const llamaRequests = (queued[0].inputs as { requests: Array<Record<string, unknown>> }).requests;
    expect(llamaRequests.map((r) => r.external_reference)).toEqual(["capital", "greet"]);

    const first = await experimental_getBatchStatus({ provider: h.batches, batch });
    expect(first).toMatchObject({ status: "pending", rawStatus: "queued" });
    expect(first.requestCounts).toEqual({ total: 3, pending: 3, completed: 0, failed: 0 });

    const done = await experimental_getBatchStatus({ provider: h.batches, batch });
    expect(done).toMatchObject({ status: "completed", requestCounts: { total: 3, completed: 3, failed: 0 } });

    const results = await collect(experimental_getBatchResults({ provider: h.batches, batch }));
    const byId = Object.fromEntries(results.map((item) => [item.id, item]));
    expect(results.map((item) => item.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    const capital = byId.capital;
    const sum = byId.sum;
    if (capital.type !== "text" || capital.status !== "succeeded") throw new Error("capital failed");
    if (sum.type !== "text" || sum.status !== "succeeded") throw new Error("sum failed");
    expect(capital.text).toBe("Paris is the capital of France.");
    expect(capital.finishReason).toBe("stop");
    expect(capital.usage.inputTokens).toBeGreaterThan(0);
    expect(sum.text).toBe("Four.");
    expect(sum.content.find((part) => part.type === "reasoning")).toMatchObject({ text: "Two plus two." });
    expect(byId.greet).toMatchObject({ status: "succeeded", text: "Bonjour." });
  });

  it("sends each request with exactly the inputs of a direct generateText call", async () => {
    h.emulator.reset();
    const call = {
      system: "Answer in one word.",
      prompt: "Colour of the sky?",
      maxOutputTokens: 64,
      temperature: 0.3,
      providerOptions: { "workers-ai": { repetition_penalty: 1.1 } },
    };
    await generateText({ model: h.workersai(LLAMA), ...call });
    const direct = h.emulator.requests.at(-1)?.inputs;
    await experimental_startBatch({
      provider: h.batches,
      requests: [{ id: "a", type: "text", model: LLAMA, ...call }],
    });
    const queued = queuedRequests(h.emulator)[0];
    expect(queued).toEqual({ ...(direct as object), external_reference: "a" });
  });

  it("turns a failed request into a failed item with its Workers AI code, the others succeed", async () => {
    h.emulator.reset();
    h.emulator.script(LLAMA, { text: "fine" }, { error: { code: 3040 } });
    const batch = await experimental_startBatch({
      provider: h.batches,
      requests: [
        { id: "ok", type: "text", model: LLAMA, prompt: "a" },
        { id: "busy", type: "text", model: LLAMA, prompt: "b" },
      ],
    });
    await experimental_getBatchStatus({ provider: h.batches, batch });
    const status = await experimental_getBatchStatus({ provider: h.batches, batch });
    expect(status).toMatchObject({
      status: "completed",
      requestCounts: { total: 2, completed: 1, failed: 1, pending: 0 },
    });
    const results = await collect(experimental_getBatchResults({ provider: h.batches, batch }));
    expect(results[0]).toMatchObject({ id: "ok", status: "succeeded", text: "fine" });
    expect(results[1]).toMatchObject({ id: "busy", status: "failed", error: { code: "3040" } });
    if (results[1].status !== "failed") throw new Error("expected a failure");
    expect(results[1].error.message).toContain("3040");
  });
});

describe("text batches: tools, structured output, warnings and errors", () => {
  const emulator = createWorkersAIEmulator();
  const batches = createWorkersAIBatch({ binding: emulator.binding });

  it("returns tool calls that the SDK validates against the tools passed to getBatchResults", async () => {
    emulator.reset();
    emulator.script(LLAMA, { toolCalls: [{ name: "getWeather", arguments: { city: "Oslo" } }] });
    const tools = {
      getWeather: tool({
        description: "Weather for a city",
        inputSchema: jsonSchema<{ city: string }>({
          type: "object",
          properties: { city: { type: "string" } },
          required: ["city"],
        }),
      }),
    };
    const batch = await experimental_startBatch({
      provider: batches,
      requests: [{ id: "w", type: "text", model: LLAMA, prompt: "Weather in Oslo?", tools }],
    });
    const sent = queuedRequests(emulator)[0] as { tools: unknown[] };
    expect(sent.tools).toHaveLength(1);
    await experimental_getBatchStatus({ provider: batches, batch });
    const [item] = await collect(experimental_getBatchResults({ provider: batches, batch, tools }));
    if (item.type !== "text" || item.status !== "succeeded") throw new Error("expected success");
    expect(item.finishReason).toBe("tool-calls");
    expect(item.content.find((part) => part.type === "tool-call")).toMatchObject({
      toolName: "getWeather",
      input: { city: "Oslo" },
    });
  });

  it("completes after the emulator's configured delay (deterministic polling)", async () => {
    const delayed = createWorkersAIEmulator({ batch: { pendingPolls: 0, delayMs: 40 } });
    const provider = createWorkersAIBatch({ binding: delayed.binding });
    const batch = await experimental_startBatch({
      provider,
      requests: [{ id: "x", type: "text", model: LLAMA, prompt: "hi" }],
    });
    expect(await experimental_getBatchStatus({ provider, batch })).toMatchObject({ status: "pending" });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await experimental_getBatchStatus({ provider, batch })).toMatchObject({ status: "completed" });
  });

  it("applies batch-level providerOptions to every request (a request's own options win)", async () => {
    emulator.reset();
    await experimental_startBatch({
      provider: batches,
      providerOptions: { "workers-ai": { repetition_penalty: 1.2, extraInputs: { top_k: 7 } } },
      requests: [
        { id: "a", type: "text", model: LLAMA, prompt: "hi" },
        {
          id: "b",
          type: "text",
          model: LLAMA,
          prompt: "hi",
          providerOptions: { "workers-ai": { repetition_penalty: 1.5 } },
        },
      ],
    });
    const [a, b] = queuedRequests(emulator) as Array<Record<string, unknown>>;
    expect(a).toMatchObject({ repetition_penalty: 1.2, top_k: 7 });
    expect(b).toMatchObject({ repetition_penalty: 1.5, top_k: 7 });
  });

  it("reads a results call before completion as WorkersAIBatchPendingError", async () => {
    emulator.reset();
    const batch = await experimental_startBatch({
      provider: batches,
      requests: [{ id: "x", type: "text", model: LLAMA, prompt: "hi" }],
    });
    const error = await rejection(collect(experimental_getBatchResults({ provider: batches, batch })));
    expect(WorkersAIBatchPendingError.isInstance(error)).toBe(true);
    expect(error.message).toContain("queued");
  });

  it("warns about webhooks, models without async_queue and options a model cannot take", async () => {
    emulator.reset();
    const batch = await experimental_startBatch({
      provider: batches,
      webhookUrl: "https://example.com/hook",
      requests: [{ id: "k", type: "text", model: "@cf/moonshotai/kimi-k2.5", prompt: "hi", topK: 3 }],
    });
    const features = batch.warnings.map(({ warning }) =>
      "feature" in warning ? warning.feature : warning.type,
    );
    expect(features).toContain("webhookUrl");
    expect(features).toContain("batch");
    expect(features).toContain("topK");
    expect(
      batch.warnings.find(({ warning }) => "feature" in warning && warning.feature === "batch")?.requestId,
    ).toBe("k");
  });

  it("has no list or cancel: UnsupportedFunctionalityError naming the operation", async () => {
    emulator.reset();
    const batch = await experimental_startBatch({
      provider: batches,
      requests: [{ id: "x", type: "text", model: LLAMA, prompt: "hi" }],
    });
    const cancel = await rejection(experimental_cancelBatch({ provider: batches, batch }));
    expect(cancel).toMatchObject({
      name: "AI_UnsupportedFunctionalityError",
      functionality: "batch cancellation",
    });
    expect(cancel.message).toContain("experimental_cancelBatch");
    const list = await rejection(experimental_listBatches({ provider: batches }));
    expect(list).toMatchObject({ name: "AI_UnsupportedFunctionalityError", functionality: "batch listing" });
  });

  it("rejects image requests before queueing anything", async () => {
    emulator.reset();
    const error = await rejection(
      experimental_startBatch({
        provider: batches,
        requests: [
          { id: "img", type: "image", model: "@cf/black-forest-labs/flux-1-schnell", prompt: "a cat" },
        ],
      }),
    );
    expect(error).toMatchObject({ name: "AI_UnsupportedFunctionalityError", functionality: "image batches" });
    expect(emulator.requests).toHaveLength(0);
  });

  it("rejects a batch id that is not a Workers AI batch", async () => {
    const error = await rejection(
      experimental_getBatchStatus({
        provider: batches,
        batch: { version: 2, id: "batch_abc", provider: "workers-ai.batch" },
      }),
    );
    expect(error).toMatchObject({ name: "AI_InvalidArgumentError" });
  });

  it("passes a start error on as the transport's APICallError", async () => {
    emulator.reset();
    emulator.script(LLAMA, { error: { code: 3036 } });
    const failing = createWorkersAIBatch({
      binding: {
        run: async (model, inputs, options) => {
          if ((inputs as { requests?: unknown }).requests) throw new Error("3036: daily limit used up");
          return emulator.binding.run(model, inputs, options);
        },
      },
    });
    const error = await rejection(
      experimental_startBatch({
        provider: failing,
        requests: [{ id: "x", type: "text", model: LLAMA, prompt: "hi" }],
      }),
    );
    expect(error).toMatchObject({ name: "AI_APICallError", isRetryable: false, data: { code: 3036 } });
  });

  it("can be polled by another provider of the same account (binding start, REST poll)", async () => {
    emulator.reset();
    emulator.script(LLAMA, { text: "shared" });
    const batch = await experimental_startBatch({
      provider: batches,
      requests: [{ id: "x", type: "text", model: LLAMA, prompt: "hi" }],
    });
    const rest = createWorkersAIBatch({ accountId: "emulator-account", apiKey: "t", fetch: emulator.fetch });
    await experimental_getBatchStatus({ provider: rest, batch });
    const [item] = await collect(experimental_getBatchResults({ provider: rest, batch }));
    expect(item).toMatchObject({ status: "succeeded", text: "shared" });
  });
});

describe("batches through AI Gateway over REST", () => {
  it("polls with cf-aig-skip-cache and keeps the gateway token out of the batch id", async () => {
    const emulator = createWorkersAIEmulator({ gatewayToken: "gw-secret-token" });
    emulator.script(LLAMA, { text: "via gateway" });
    const batches = createWorkersAIBatch({
      accountId: "emulator-account",
      apiKey: "api-secret-token",
      fetch: emulator.fetch,
      gateway: { id: "my-gw", authToken: "gw-secret-token", cacheTtl: 3600 },
    });
    const batch = await experimental_startBatch({
      provider: batches,
      requests: [
        {
          id: "g",
          type: "text",
          model: LLAMA,
          prompt: "hi",
          providerOptions: { "workers-ai": { gateway: { id: "my-gw", collectLog: true } } },
        },
      ],
    });
    expect(batch.id).not.toContain("secret");
    expect(atob(batch.id.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).not.toContain("secret");
    await experimental_getBatchStatus({ provider: batches, batch });
    const [item] = await collect(experimental_getBatchResults({ provider: batches, batch }));
    expect(item).toMatchObject({ status: "succeeded", text: "via gateway" });
    const polls = emulator.requests.filter((r) => (r.inputs as { request_id?: string })?.request_id);
    expect(polls.length).toBeGreaterThan(0);
    for (const poll of polls) {
      expect(poll.transport).toBe("gateway");
      expect(poll.headers["cf-aig-skip-cache"]).toBe("true");
    }
  });
});

describe.each<Transport>(["binding", "rest-fetch"])("embedding batches over %s", (transport) => {
  it("embeds like embedMany and reads through the embedding model's reader", async () => {
    const h = await harness(transport, createWorkersAIEmulator({ batch: { pendingPolls: 0 } }));
    const values = ["sunny day at the beach", "rainy afternoon in the city"];
    const { embeddings: direct } = await embedMany({ model: h.workersai.textEmbedding(BGE_M3), values });
    const batch = await experimental_startEmbeddingBatch({
      provider: h.batches,
      requests: [
        { id: "docs", model: BGE_M3, values },
        {
          id: "one",
          model: BGE_M3,
          values: ["single"],
          providerOptions: { "workers-ai": { truncate_inputs: true } },
        },
      ],
    });
    expect(batch).toMatchObject({ version: 2, provider: "workers-ai.batch", status: "pending" });
    const sent = queuedRequests(h.emulator);
    expect(sent).toEqual([
      { text: values, external_reference: "docs" },
      { text: ["single"], truncate_inputs: true, external_reference: "one" },
    ]);
    const status = await experimental_getBatchStatus({ provider: h.batches, batch });
    expect(status).toMatchObject({ status: "completed", requestCounts: { total: 2, completed: 2 } });
    const results: WorkersAIEmbeddingBatchItemResult[] = await collect(
      experimental_getEmbeddingBatchResults({ provider: h.batches, batch }),
    );
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ["docs", "succeeded"],
      ["one", "succeeded"],
    ]);
    if (results[0].status !== "succeeded") throw new Error("expected success");
    expect(results[0].embeddings).toEqual(direct);
    await h.close();
  });

  it("refuses more values than the model takes per call, and text readers for embedding batches", async () => {
    const h = await harness(transport, createWorkersAIEmulator({ batch: { pendingPolls: 0 } }));
    const tooMany = await rejection(
      experimental_startEmbeddingBatch({
        provider: h.batches,
        requests: [{ id: "big", model: BGE_M3, values: Array.from({ length: 101 }, (_, i) => `v${i}`) }],
      }),
    );
    expect(tooMany.name).toBe("AI_TooManyEmbeddingValuesForCallError");
    const batch = await experimental_startEmbeddingBatch({
      provider: h.batches,
      requests: [{ id: "a", model: BGE_M3, values: ["x"] }],
    });
    const wrongReader = await rejection(
      collect(experimental_getBatchResults({ provider: h.batches, batch })),
    );
    expect(wrongReader.message).toContain("experimental_getEmbeddingBatchResults");
    await h.close();
  });
});

describe("createWorkersAIBatch: batches are opt-in, configured like the provider", () => {
  it("the provider itself serves no batches: the SDK refuses it and the embedding helpers name the factory", async () => {
    const emulator = createWorkersAIEmulator();
    const workersai = createWorkersAI({ binding: emulator.binding });
    const text = await rejection(
      experimental_startBatch({
        provider: workersai,
        requests: [{ id: "x", type: "text", model: LLAMA, prompt: "hi" }],
      }),
    );
    expect(text).toMatchObject({
      name: "AI_UnsupportedFunctionalityError",
      functionality: "batch processing",
    });
    const embeddings = await rejection(
      experimental_startEmbeddingBatch({
        provider: workersai as unknown as WorkersAIBatch,
        requests: [{ id: "a", model: BGE_M3, values: ["x"] }],
      }),
    );
    expect(embeddings).toMatchObject({ name: "AI_InvalidArgumentError", argument: "provider" });
    expect(embeddings.message).toContain("provider: createWorkersAIBatch(");
    expect(emulator.requests).toHaveLength(0);
  });

  it("takes the provider's settings object as is, and queues on /ai/run even when it says endpoint: openai", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(LLAMA, { text: "queued on run" });
    const settings: WorkersAIProviderSettings = {
      accountId: "emulator-account",
      apiKey: "test-token",
      fetch: emulator.fetch,
      endpoint: "openai",
    };
    const batches = createWorkersAIBatch(settings);
    const batch = await experimental_startBatch({
      provider: batches,
      requests: [{ id: "x", type: "text", model: LLAMA, prompt: "hi" }],
    });
    const start = new URL(emulator.requests.at(-1)?.url ?? "");
    expect(start.pathname).toBe(`/client/v4/accounts/emulator-account/ai/run/${LLAMA}`);
    expect(start.searchParams.get("queueRequest")).toBe("true");
    await experimental_getBatchStatus({ provider: batches, batch });
    const [item] = await collect(experimental_getBatchResults({ provider: batches, batch }));
    expect(item).toMatchObject({ status: "succeeded", text: "queued on run" });
  });

  it("rejects something that is not the binding at the factory call, naming the factory", () => {
    expect(() => createWorkersAIBatch({ binding: {} as unknown as WorkersAIBinding })).toThrow(
      "createWorkersAIBatch: `binding` must be the Workers AI binding (env.AI)",
    );
  });

  it("explains missing credentials with the factory's own name", async () => {
    vi.stubEnv("CLOUDFLARE_ACCOUNT_ID", undefined as unknown as string);
    vi.stubEnv("CLOUDFLARE_API_TOKEN", undefined as unknown as string);
    delete process.env.CLOUDFLARE_ACCOUNT_ID;
    delete process.env.CLOUDFLARE_API_TOKEN;
    try {
      const error = await rejection(
        experimental_startBatch({
          provider: createWorkersAIBatch(),
          requests: [{ id: "x", type: "text", model: LLAMA, prompt: "hi" }],
        }),
      );
      expect(error.name).toMatch(/^AI_Load(Setting|APIKey)Error$/);
      expect(error.message).toContain("createWorkersAIBatch({ binding: env.AI })");
      expect(error.message).toContain("CLOUDFLARE_ACCOUNT_ID");
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
