import { InvalidArgumentError } from "@ai-sdk/provider";
import { generateText, streamText } from "ai";
import { describe, expect, it } from "vitest";
import { createWorkersAI } from "../../src";
import { GatewayDelegateError, type GatewayDispatchInfo } from "../../src/gateway";
import { anthropic } from "../../src/plugins/anthropic";
import { google } from "../../src/plugins/google";
import { openai } from "../../src/plugins/openai";
import { anthropicJson, fakeBinding, jsonResponse, openaiJson, openaiSse, sseResponse } from "./helpers";

const providers = [openai, anthropic, google];

function binding(headers: Record<string, string> = {}) {
  return fakeBinding({
    run: (call) =>
      call.model.startsWith("anthropic/")
        ? jsonResponse(anthropicJson("ok"), 200, headers)
        : jsonResponse(openaiJson("ok"), 200, headers),
    universal: (call) =>
      call.entries[0].provider === "anthropic"
        ? jsonResponse(anthropicJson("ok"), 200, headers)
        : jsonResponse(openaiJson("ok"), 200, headers),
  });
}

describe("run path options", () => {
  it("metadata merges provider < model gateway < model < call gateway < call; bigint → string; collectLog, zdr", async () => {
    const ai = binding();
    const workersai = createWorkersAI({
      binding: ai,
      providers,
      gateway: {
        id: "prod",
        metadata: { team: "a", env: "prod", tenant: 1 },
        requestTimeoutMs: 5000,
        retries: { maxAttempts: 2 },
      },
    });
    await generateText({
      model: workersai("openai/gpt-5", {
        gateway: { metadata: { env: "staging" } },
        metadata: { user: 12345678901234567890n, tenant: 2 },
        collectLog: true,
        zdr: true,
      }),
      prompt: "hi",
      providerOptions: { "workers-ai": { metadata: { tenant: 3 }, collectLog: false } },
    });
    const options = ai.runs[0].options;
    expect(options.gateway).toEqual({
      id: "prod",
      metadata: { team: "a", env: "staging", tenant: 3, user: "12345678901234567890" },
      collectLog: false,
      requestTimeoutMs: 5000,
      retries: { maxAttempts: 2 },
    });
    expect(options.returnRawResponse).toBe(true);
    expect(options.extraHeaders).toEqual({ "cf-aig-zdr": "true" });
  });

  it("gateway per model and per call (an id or options)", async () => {
    const ai = binding();
    const workersai = createWorkersAI({ binding: ai, providers, gateway: { id: "provider-gw" } });
    const model = workersai("openai/gpt-5", { gateway: "model-gw" });
    await generateText({ model, prompt: "hi" });
    await generateText({ model, prompt: "hi", providerOptions: { "workers-ai": { gateway: "call-gw" } } });
    await generateText({
      model,
      prompt: "hi",
      providerOptions: { "workers-ai": { gateway: { id: "obj-gw", eventId: "e1" } } },
    });
    expect(ai.runs.map((run) => run.options.gateway)).toEqual([
      { id: "model-gw" },
      { id: "call-gw" },
      { id: "obj-gw", eventId: "e1" },
    ]);
  });

  it("forwards provider headers (anthropic-version, extraHeaders, call headers) but never credentials", async () => {
    const ai = binding();
    const workersai = createWorkersAI({ binding: ai, providers });
    await generateText({
      model: workersai("anthropic/claude-sonnet-4-5", {
        extraHeaders: { "anthropic-beta": "tools-2024", "X-Api-Key": "sk-ant-real-secret-1" },
      }),
      prompt: "hi",
      headers: { "x-trace": "t1" },
    });
    const headers = ai.runs[0].options.extraHeaders as Record<string, string>;
    expect(headers["anthropic-version"]).toBeDefined();
    expect(headers["anthropic-beta"]).toBe("tools-2024");
    expect(headers["x-trace"]).toBe("t1");
    expect(headers["x-api-key"]).toBeUndefined();
    expect(JSON.stringify(ai.runs[0])).not.toContain("sk-ant-real-secret-1");
    expect(JSON.stringify(ai.runs[0])).not.toContain("placeholder");
  });

  it("reports run id, log id and cache status in onDispatch, response headers and providerMetadata", async () => {
    const ai = fakeBinding({
      run: () =>
        sseResponse(openaiSse(["a", "b"]), {
          "cf-aig-run-id": "run-9",
          "cf-aig-log-id": "log-9",
          "cf-aig-cache-status": "MISS",
          "cf-ai-req-id": "req-9",
        }),
      fetch: () => sseResponse(""),
    });
    const seen: GatewayDispatchInfo[] = [];
    const workersai = createWorkersAI({ binding: ai, providers });
    const result = streamText({
      model: workersai("openai/gpt-5", { onDispatch: (info) => seen.push(info) }),
      prompt: "hi",
    });
    expect(await result.text).toBe("ab");
    expect(seen).toEqual([
      {
        transport: "run",
        model: "openai/gpt-5",
        provider: "openai",
        gateway: "default",
        attempt: 0,
        resumeEnabled: true,
        status: 200,
        runId: "run-9",
        cfStep: null,
        cacheStatus: "MISS",
        logId: "log-9",
        warnings: [],
      },
    ]);
    expect((await result.response).headers).toMatchObject({
      "cf-aig-run-id": "run-9",
      "cf-aig-log-id": "log-9",
    });
    expect((await result.providerMetadata)?.["workers-ai"]).toMatchObject({
      runId: "run-9",
      requestId: "req-9",
      gatewayLogId: "log-9",
      cacheStatus: "MISS",
      model: "openai/gpt-5",
      transport: "run",
      gateway: "default",
    });
  });
});

describe("gateway path options", () => {
  it("caching options force the gateway path and reach the gateway options; byokAlias and zdr become headers", async () => {
    const ai = binding({ "cf-aig-cache-status": "HIT", "cf-aig-step": "0", "cf-aig-log-id": "log-1" });
    const seen: GatewayDispatchInfo[] = [];
    const workersai = createWorkersAI({ binding: ai, providers });
    const result = await generateText({
      model: workersai("openai/gpt-5", {
        cacheTtl: 3600,
        skipCache: false,
        metadata: { user: 7n },
        collectLog: false,
        byokAlias: "team-key",
        zdr: false,
        onDispatch: (info) => seen.push(info),
      }),
      prompt: "hi",
      providerOptions: { "workers-ai": { cacheKey: "k-1", gateway: "cache-gw" } },
    });
    expect(ai.runs).toEqual([]);
    const call = ai.universal[0];
    expect(call.gateway).toBe("cache-gw");
    expect(call.options.gateway).toEqual({
      id: "cache-gw",
      cacheTtl: 3600,
      skipCache: false,
      cacheKey: "k-1",
      metadata: { user: "7" },
      collectLog: false,
    });
    expect(call.options.extraHeaders).toEqual({ "cf-aig-byok-alias": "team-key", "cf-aig-zdr": "false" });
    expect(seen[0]).toMatchObject({
      transport: "gateway",
      resumeEnabled: false,
      status: 200,
      runId: null,
      cacheStatus: "HIT",
      cfStep: "0",
      step: 0,
      logId: "log-1",
    });
    expect(result.providerMetadata?.["workers-ai"]).toMatchObject({
      cacheStatus: "HIT",
      gatewayStep: 0,
      gatewayLogId: "log-1",
      transport: "gateway",
    });
    expect(result.response.headers?.["cf-aig-cache-status"]).toBe("HIT");
  });

  it("gateway options without an id apply to the default gateway (none dropped)", async () => {
    const ai = binding();
    const workersai = createWorkersAI({ binding: ai, providers });
    await generateText({
      model: workersai("openai/gpt-5", { transport: "gateway", gateway: { requestTimeoutMs: 900 } }),
      prompt: "hi",
    });
    expect(ai.universal[0].options.gateway).toEqual({ id: "default", requestTimeoutMs: 900 });
  });

  it("per-call providerOptions can switch the path (cacheTtl on a call)", async () => {
    const ai = binding();
    const workersai = createWorkersAI({ binding: ai, providers });
    const model = workersai("openai/gpt-5");
    await generateText({ model, prompt: "hi" });
    await generateText({ model, prompt: "hi", providerOptions: { "workers-ai": { cacheTtl: 120 } } });
    await generateText({ model, prompt: "hi", providerOptions: { "workers-ai": { transport: "gateway" } } });
    expect(ai.runs.length).toBe(1);
    expect(ai.universal.length).toBe(2);
  });

  it("gateway signals and values it will not honour become AI SDK warnings", async () => {
    const ai = binding({ "cf-aig-dlp": '{"action":"Flag","profile":"pii"}' });
    const workersai = createWorkersAI({ binding: ai, providers });
    const result = await generateText({
      model: workersai("openai/gpt-5", {
        cacheTtl: 5,
        metadata: { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 },
      }),
      prompt: "hi",
      providerOptions: { "workers-ai": { reasoning_effort: "low" } },
    });
    const messages = (result.warnings ?? []).map((warning) => JSON.stringify(warning));
    expect(messages.some((m) => m.includes("data loss prevention") && m.includes("pii"))).toBe(true);
    expect(messages.some((m) => m.includes("cacheTtl 5"))).toBe(true);
    expect(messages.some((m) => m.includes("at most 5 metadata entries") && m.includes("f"))).toBe(true);
    expect(result.warnings).toContainEqual(
      expect.objectContaining({
        type: "unsupported",
        feature: 'providerOptions["workers-ai"].reasoning_effort',
      }),
    );
  });

  it("invalid per-call options are an InvalidArgumentError", async () => {
    const workersai = createWorkersAI({ binding: binding(), providers });
    const error = await generateText({
      model: workersai("openai/gpt-5"),
      prompt: "hi",
      providerOptions: { "workers-ai": { cacheTtl: "soon" } },
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("cacheTtl");
  });

  it("per-call gateway options are checked as chat calls check them, with the same message", async () => {
    const workersai = createWorkersAI({ binding: binding(), providers });
    const gateway = { id: "prod", retries: { backoff: "random" } };
    const problem =
      '["workers-ai"].gateway.retries.backoff must be one of "constant", "linear", "exponential"';
    for (const model of [workersai("openai/gpt-5"), workersai("@cf/meta/llama-3.1-8b-instruct")]) {
      const error = await generateText({
        model,
        prompt: "hi",
        providerOptions: { "workers-ai": { gateway } },
        maxRetries: 0,
      }).catch((e: unknown) => e);
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain(problem);
    }
  });

  it.each([
    [{ maxReconnects: -1 }, '["workers-ai"].maxReconnects must be a non-negative integer'],
    [{ maxReconnects: 1.5 }, '["workers-ai"].maxReconnects must be a non-negative integer'],
    [{ fallback: { mode: "client" } }, '["workers-ai"].fallback.models is required'],
    [
      { fallback: { mode: "client", models: [{ byok: true }] } },
      '["workers-ai"].fallback.models[0].model is required',
    ],
    [{ vertex: { project: "p1" } }, '["workers-ai"].vertex.location is required'],
    [{ gateway: 7 }, '["workers-ai"].gateway must be an object'],
    ["fast", 'providerOptions["workers-ai"] must be an object'],
    [
      { metadata: { nested: {} } },
      '["workers-ai"].metadata.nested must be a string, number, boolean, bigint or null',
    ],
  ])("rejects %j naming the field", async (options, problem) => {
    const workersai = createWorkersAI({ binding: binding(), providers });
    const error = await generateText({
      model: workersai("openai/gpt-5"),
      prompt: "hi",
      providerOptions: { "workers-ai": options as never },
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(problem);
  });
});

describe("impossible combinations throw GatewayDelegateError when the model is built", () => {
  const workersai = createWorkersAI({ binding: binding(), providers });
  it.each([
    [
      "openai/gpt-5",
      { resume: true, fallback: { mode: "server", models: ["openai/gpt-5-mini"] } },
      /resume: true needs the run path/,
    ],
    [
      "openai/gpt-5",
      { transport: "run", fallback: { mode: "server", models: ["openai/gpt-5-mini"] } },
      /server-side fallback/,
    ],
    ["openai/gpt-5", { transport: "run", byok: true }, /transport "run" cannot honour byok/],
    ["openai/gpt-5", { transport: "run", cacheTtl: 60 }, /cannot honour caching \(cacheTtl\)/],
    [
      "openai/gpt-5",
      { transport: "run", byokAlias: "k", skipCache: true },
      /byokAlias, caching \(skipCache\): they need/,
    ],
    ["openai/gpt-5", { resume: true, cacheTtl: 60 }, /resume: true needs the run path, but caching/],
    [
      "openai/gpt-5",
      { resume: true, transport: "gateway" },
      /resume: true needs the run path, but transport "gateway"/,
    ],
    ["deepseek/deepseek-chat", { transport: "run" }, /DeepSeek is not on the unified run catalog/],
    ["deepseek/deepseek-chat", { resume: true }, /DeepSeek being BYOK-only/],
    [
      "alibaba/qwen3-max",
      { transport: "gateway" },
      /only on the unified run path .* transport "gateway" is impossible/,
    ],
    ["alibaba/qwen3-max", { cacheTtl: 60 }, /Alibaba Cloud \(Qwen\) is only on the unified run path/],
    ["minimax/minimax-m2", { byok: true }, /MiniMax is only on the unified run path .* byok is impossible/],
    [
      "minimax/minimax-m2",
      { fallback: { mode: "server", models: ["minimax/other"] } },
      /fallback.mode "server" is impossible/,
    ],
    ["openai/gpt-5", { fallback: { mode: "server", models: ["alibaba/qwen3-max"] } }, /Alibaba/],
  ] as const)("%s %j", (modelId, settings, message) => {
    const attempt = () => workersai(modelId, settings as never);
    expect(attempt).toThrow(GatewayDelegateError);
    expect(attempt).toThrow(message);
  });

  it("client fallback to a run-only provider is fine", () => {
    expect(() =>
      workersai("openai/gpt-5", {
        fallback: { mode: "client", models: ["alibaba/qwen3-max", "minimax/m2"] },
      }),
    ).not.toThrow();
  });

  it("a combination made impossible per call fails the call before anything is sent", async () => {
    const ai = binding();
    const model = createWorkersAI({ binding: ai, providers })("alibaba/qwen3-max");
    const error = await generateText({
      model,
      prompt: "hi",
      providerOptions: { "workers-ai": { cacheTtl: 60 } },
    }).catch((e: unknown) => e);
    expect(GatewayDelegateError.isInstance(error)).toBe(true);
    expect(ai.runs.length + ai.universal.length).toBe(0);
  });
});
