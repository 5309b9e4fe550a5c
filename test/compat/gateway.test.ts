/**
 * Drop-in upgrade from workers-ai-provider 4.x, AI Gateway side: plugins, slugs without plugins, errors,
 * fallback, resume, registry and the bring-your-own-provider helpers, through the public API.
 */

import { createOpenAI } from "@ai-sdk/openai";
import { APICallError, InvalidArgumentError, type LanguageModelV4, NoSuchModelError } from "@ai-sdk/provider";
import { generateText } from "ai";
import { describe, expect, it } from "vitest";
import {
  createClientFallbackModel,
  createGatewayFetch,
  createGatewayProvider,
  createResumableStream,
  createWorkersAI,
  detectProviderByUrl,
  findProviderBySlug,
  GATEWAY_PROVIDERS,
  GatewayDelegateError,
  type ProviderPlugin,
  parseSlug,
  selectTransport,
  WorkersAIFallbackError,
  WorkersAIGatewayError,
  wireableProviders,
} from "../../src";
import { openai } from "../../src/plugins/openai";
import {
  droppingResponse,
  eventsOf,
  fakeBinding,
  jsonResponse,
  openaiJson,
  openaiSse,
  type RunCall,
  readText,
  sseResponse,
} from "../gateway/helpers";

const KEY = "sk-own-openai-key-4242";

/** A 4.x-style plugin, as a user would write it. */
const fourXPlugin = (created: Array<{ modelId: string; baseURL?: string }>): ProviderPlugin => ({
  wireFormat: "openai",
  create: ({ modelId, fetch, baseURL }) => {
    created.push({ modelId, baseURL });
    return createOpenAI({ apiKey: "unused", baseURL, fetch }).chat(modelId);
  },
});

describe("plugins", () => {
  it("a 4.x-style plugin { wireFormat, create } builds the models of its wire format", async () => {
    const created: Array<{ modelId: string; baseURL?: string }> = [];
    const binding = fakeBinding({ run: (call: RunCall) => jsonResponse(openaiJson(`from ${call.model}`)) });
    const workersai = createWorkersAI({ binding, providers: [fourXPlugin(created), openai] });
    const { text } = await generateText({ model: workersai("openai/gpt-5"), prompt: "hi" });
    expect(text).toBe("from openai/gpt-5");
    expect(created.length).toBeGreaterThan(0);
    expect(created.every((args) => args.modelId === "gpt-5")).toBe(true);
  });

  it("the package's plugins are 4.x plugins too (create)", async () => {
    const seen: string[] = [];
    const model = openai.create({
      modelId: "gpt-5",
      baseURL: "https://api.openai.com/v1",
      fetch: async (input) => {
        seen.push(String(input));
        return jsonResponse(openaiJson("direct"));
      },
    });
    const { text } = await generateText({ model, prompt: "hi" });
    expect(text).toBe("direct");
    expect(seen).toEqual(["https://api.openai.com/v1/chat/completions"]);
  });

  it("anything else, or a 4.x plugin without a package plugin, is a clear InvalidArgumentError", () => {
    const binding = fakeBinding({});
    for (const providers of [
      [{}],
      [null],
      [{ wireFormat: "openai" }],
      [{ wireFormat: "cobol", create() {} }],
    ]) {
      const error = (() => {
        try {
          createWorkersAI({ binding, providers: providers as never });
        } catch (e) {
          return e;
        }
      })();
      expect(InvalidArgumentError.isInstance(error), JSON.stringify(providers)).toBe(true);
      expect((error as Error).message).toMatch(/providers\[0\] is not a wire-format plugin/);
    }
    expect(() => createWorkersAI({ binding, providers: [fourXPlugin([])] })).toThrow(
      /add one of them too, e\.g\. providers: \[openai, yourPlugin\]/,
    );
  });
});

describe("slugs without providers", () => {
  it.each([
    "openai/gpt-5",
    "google/gemini-2.5-flash",
    "grok/grok-4",
    "groq/llama",
    "deepseek/deepseek-chat",
    "alibaba/qwen3-max",
    "minimax/m2",
    "dynamic/support",
  ])("%s is a plain run-path model through the default gateway", async (slug) => {
    const binding = fakeBinding({
      run: (call: RunCall) => ({ choices: [{ message: { content: `run ${call.model}` } }] }),
    });
    const workersai = createWorkersAI({ binding });
    const model = workersai(slug);
    expect(model.provider).toBe("workersai.chat");
    const { text } = await generateText({ model, prompt: "hi" });
    expect(text).toBe(`run ${slug}`);
    expect(binding.runs[0]).toMatchObject({ model: slug, options: { gateway: { id: "default" } } });
  });

  it("anthropic and BYOK-only providers keep the helpful error naming the plugin", () => {
    const workersai = createWorkersAI({ binding: fakeBinding({}) });
    expect(() => workersai("anthropic/claude-sonnet-4-5")).toThrow(NoSuchModelError);
    expect(() => workersai("anthropic/claude-sonnet-4-5")).toThrow(/workers-ai-provider\/anthropic/);
    expect(() => workersai("mistral/mistral-large")).toThrow(/workers-ai-provider\/openai/);
  });

  it.each([
    [{ byok: true }, /byok/],
    [{ transport: "gateway" }, /transport: "gateway"/],
    [{ fallback: { mode: "client", models: ["openai/gpt-5-mini"] } }, /fallback/],
    [{ onDispatch: () => {} }, /onDispatch/],
    [{ onProgress: () => {} }, /onProgress/],
    [{ resume: true }, /resume: true/],
    [{ cacheTtl: 60 }, /cacheTtl/],
  ])("delegate-only option %o throws at creation", (settings, pattern) => {
    const workersai = createWorkersAI({ binding: fakeBinding({}) });
    const error = (() => {
      try {
        workersai("openai/gpt-5", settings as never);
      } catch (e) {
        return e;
      }
    })();
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(pattern);
    expect((error as Error).message).toContain("providers: [openai]");
  });

  it("dynamic routes take the gateway cache options, metadata and log collection in the run path's gateway options", async () => {
    const binding = fakeBinding({ run: () => ({ response: "routed" }) });
    const workersai = createWorkersAI({ binding, gateway: { id: "gw", metadata: { team: "a" } } });
    await generateText({
      model: workersai("dynamic/support", {
        cacheTtl: 600,
        skipCache: false,
        cacheKey: "k",
        metadata: { user: "u1" },
        collectLog: false,
      }),
      prompt: "hi",
    });
    expect(binding.runs[0].options.gateway).toEqual({
      id: "gw",
      cacheTtl: 600,
      skipCache: false,
      cacheKey: "k",
      metadata: { team: "a", user: "u1" },
      collectLog: false,
    });
    expect(binding.runs[0].options).not.toHaveProperty("cacheTtl");
    expect(binding.runs[0].inputs).not.toHaveProperty("cacheTtl");
  });
});

describe("error classes in their 4.x forms", () => {
  it("new WorkersAIGatewayError(code, message, details) with raw, status, context and envelope alias", () => {
    const error = new WorkersAIGatewayError("rate-limit", "slow down", {
      status: 429,
      context: { modelId: "gpt-5", provider: "openai" },
      raw: { error: { message: "slow down" } },
    });
    expect(error).toMatchObject({
      name: "WorkersAIGatewayError",
      code: "rate-limit",
      message: "slow down",
      status: 429,
      recoverable: true,
      isRetryable: true,
      statusCode: 429,
      context: { modelId: "gpt-5", provider: "openai", status: 429 },
    });
    expect(error.raw).toEqual({ error: { message: "slow down" } });
    expect(error.envelope).toBe(error.raw);
    expect(new WorkersAIGatewayError("unknown", "?").status).toBeNull();
  });

  it("fromUnknown classifies APICallErrors and connection failures; fromResponse reads the envelope", async () => {
    const api = new APICallError({
      message: "bad key",
      url: "u",
      requestBodyValues: {},
      statusCode: 401,
      responseBody: '{"error":{"message":"bad key"}}',
      isRetryable: false,
    });
    expect(WorkersAIGatewayError.fromUnknown(api)).toMatchObject({
      code: "auth",
      status: 401,
      recoverable: false,
    });
    expect(WorkersAIGatewayError.fromUnknown(new TypeError("fetch failed"))).toMatchObject({
      code: "gateway-error",
      recoverable: true,
      status: null,
    });
    const same = new WorkersAIGatewayError("auth", "x");
    expect(WorkersAIGatewayError.fromUnknown(same)).toBe(same);
    const fromResponse = await WorkersAIGatewayError.fromResponse(
      jsonResponse({ errors: [{ code: 3040, message: "Capacity" }] }, 429),
      { modelId: "gpt-5" },
    );
    expect(fromResponse).toMatchObject({
      code: "rate-limit",
      status: 429,
      context: { modelId: "gpt-5", status: 429 },
    });
    expect(fromResponse.raw).toEqual({ errors: [{ code: 3040, message: "Capacity" }] });
  });

  it("new WorkersAIFallbackError(attempts, message) with lastError; new GatewayDelegateError(kind, message, cause)", () => {
    const last = new WorkersAIGatewayError("provider-error", "boom", { status: 503 });
    const fallback = new WorkersAIFallbackError(
      [
        { model: "a/b", transport: "run", ok: false, status: 429 },
        { model: "c/d", transport: "gateway", ok: false, status: 503, error: last },
      ],
      "all failed",
    );
    expect(fallback.message).toBe("all failed");
    expect(fallback.lastError).toBe(last);
    expect(fallback.attempts.map((attempt) => attempt.ok)).toEqual([false, false]);
    const cause = new Error("why");
    const delegate = new GatewayDelegateError("dispatch", "could not send", cause);
    expect(delegate).toMatchObject({
      kind: "dispatch",
      message: "could not send",
      cause,
      name: "GatewayDelegateError",
    });
    expect(new GatewayDelegateError({ modelId: "x/y", reason: "r." }).kind).toBe("config");
  });
});

describe("createClientFallbackModel", () => {
  const failing = (status: number): LanguageModelV4 => {
    const model = createOpenAI({
      apiKey: "k",
      fetch: async () => jsonResponse({ error: { message: `down ${status}` } }, status),
    }).chat("gpt-5");
    return model;
  };
  const answering = (text: string): LanguageModelV4 =>
    createOpenAI({ apiKey: "k", fetch: async () => jsonResponse(openaiJson(text)) }).chat("gpt-5");

  it("tries legs in order until one answers, for generate and stream", async () => {
    const model = createClientFallbackModel([
      { slug: "openai/gpt-5", model: failing(503), transport: "run" },
      { slug: "groq/llama", model: answering("second leg"), transport: "run" },
    ]);
    expect((await generateText({ model, prompt: "hi", maxRetries: 0 })).text).toBe("second leg");
  });

  it("every leg failing throws WorkersAIFallbackError with the attempts; no legs is an error", async () => {
    const model = createClientFallbackModel([
      { slug: "openai/gpt-5", model: failing(503), transport: "run" },
      { slug: "groq/llama", model: failing(429), transport: "gateway" },
    ]);
    const error = await Promise.resolve(model.doGenerate({ prompt: [] })).catch((e: unknown) => e);
    expect(WorkersAIFallbackError.isInstance(error)).toBe(true);
    const fallback = error as WorkersAIFallbackError;
    expect(fallback.attempts).toMatchObject([
      { model: "openai/gpt-5", transport: "run", ok: false, status: 503 },
      { model: "groq/llama", transport: "gateway", ok: false, status: 429, code: "rate-limit" },
    ]);
    expect(fallback.lastError?.status).toBe(429);
    expect(() => createClientFallbackModel([])).toThrow(/at least one model leg/);
  });
});

describe("createResumableStream with the 4.x options", () => {
  it("initial, fromEvent, signal and onReconnect(fromEvent, attempt)", async () => {
    const text = openaiSse(["one ", "two ", "three"]);
    const events = eventsOf(text);
    const cut = events.slice(0, 2).join("").length + 3;
    const binding = fakeBinding({
      fetch: (call) => sseResponse(events.slice(call.from - 10).join("")),
    });
    const reconnects: Array<[number, number]> = [];
    const stream = createResumableStream({
      binding,
      gateway: "gw",
      runId: "run-1",
      initial: droppingResponse(text, cut).body!,
      fromEvent: 10,
      signal: new AbortController().signal,
      onReconnect: (fromEvent, attempt) => reconnects.push([fromEvent, attempt]),
      backoffMs: 0,
    });
    expect(await readText(stream)).toBe(events.join(""));
    expect(reconnects).toEqual([[12, 1]]);
    expect(binding.fetches.map((fetch) => fetch.from)).toEqual([12]);
  });

  it("an expired buffer is a GatewayDelegateError of kind resume-expired", async () => {
    const binding = fakeBinding({ fetch: () => jsonResponse({ error: "Request not found" }, 404) });
    const stream = createResumableStream({ binding, gateway: "gw", runId: "r", fromEvent: 3 });
    const error = await readText(stream).catch((e: unknown) => e);
    expect(GatewayDelegateError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: "resume-expired" });
  });
});

describe("registry in its 4.x form", () => {
  it("entries carry the 4.x field names and the lookup functions work", () => {
    const grok = findProviderBySlug("grok");
    expect(grok).toMatchObject({
      resolverKey: "xai",
      gatewayProviderId: "grok",
      wireFormat: "openai",
      runWireFormat: "openai",
      baseURL: "https://api.x.ai/v1",
      runCatalog: true,
      gatewayPath: true,
      billing: "unified",
      authHeaders: ["authorization"],
    });
    expect(grok?.hostPattern?.test("api.x.ai")).toBe(true);
    expect(
      findProviderBySlug("groq")?.transformEndpoint?.("https://api.groq.com/openai/v1/chat/completions?x=1"),
    ).toBe("chat/completions?x=1");
    expect(findProviderBySlug("alibaba")).toMatchObject({ gatewayPath: false, wireFormat: "openai" });
    expect(findProviderBySlug("replicate")?.wireFormat).toBeUndefined();
    expect(detectProviderByUrl("https://api.anthropic.com/v1/messages")?.resolverKey).toBe("anthropic");
    expect(detectProviderByUrl("https://example.com/v1")).toBeUndefined();
    const wireable = wireableProviders().map((entry) => entry.resolverKey);
    expect(wireable).toEqual(
      expect.arrayContaining(["openai", "anthropic", "google", "xai", "mistral", "minimax"]),
    );
    expect(wireable).not.toContain("replicate");
    for (const entry of GATEWAY_PROVIDERS) expect(entry.resolverKey).toBe(entry.id);
  });

  it("parseSlug and selectTransport take and return the 4.x shapes", () => {
    expect(parseSlug("openrouter/anthropic/claude")).toEqual({
      resolverKey: "openrouter",
      modelId: "anthropic/claude",
    });
    expect(() => parseSlug("gpt-5")).toThrow(GatewayDelegateError);
    expect(selectTransport({}, false)).toEqual({ transport: "run", resumeEnabled: true, warnings: [] });
    const cached = selectTransport({ cacheTtl: 60 }, false);
    expect(cached).toMatchObject({ transport: "gateway", resumeEnabled: false });
    expect(cached.warnings).toHaveLength(1);
    expect(selectTransport({}, false, false).transport).toBe("gateway");
    expect(() => selectTransport({ cacheTtl: 60 }, true)).toThrow(GatewayDelegateError);
    expect(() => selectTransport({ transport: "gateway" }, false, true, false)).toThrow(GatewayDelegateError);
  });
});

describe("bring your own provider", () => {
  it("createGatewayProvider gives a top-level apiKey and baseURL to the factory (BYOK works)", async () => {
    const ai = fakeBinding({ universal: () => jsonResponse(openaiJson("byok ok")) });
    const provider = createGatewayProvider(createOpenAI, {
      binding: ai,
      gateway: "gw",
      byok: true,
      apiKey: KEY,
      baseURL: "https://api.openai.com/v1",
    });
    const { text } = await generateText({ model: provider.chat("gpt-5"), prompt: "hi" });
    expect(text).toBe("byok ok");
    const entry = ai.universal[0].entries[0];
    expect(entry).toMatchObject({ provider: "openai", endpoint: "chat/completions" });
    expect(entry.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(JSON.stringify(ai.universal[0].options)).not.toContain(KEY);
  });

  it("createGatewayFetch accepts any provider id: a custom provider gets the URL's path and query", async () => {
    const ai = fakeBinding({ universal: () => jsonResponse(openaiJson("custom")) });
    const custom = createOpenAI({
      apiKey: "k",
      baseURL: "https://llm.internal.example/api/v2",
      fetch: createGatewayFetch({ binding: ai, gateway: "gw", provider: "custom-my-llm" }),
    });
    const { text } = await generateText({ model: custom.chat("m"), prompt: "hi" });
    expect(text).toBe("custom");
    expect(ai.universal[0].entries[0]).toMatchObject({
      provider: "custom-my-llm",
      endpoint: "api/v2/chat/completions",
    });
    expect(ai.universal[0].entries[0].headers).not.toHaveProperty("authorization");
  });
});
