import { generateText, streamText } from "ai";
import { describe, expect, it } from "vitest";
import { createWorkersAI } from "../../src";
import {
  type GatewayBinding,
  type GatewayDispatchInfo,
  WorkersAIFallbackError,
  WorkersAIGatewayError,
} from "../../src/gateway";
import { anthropic } from "../../src/plugins/anthropic";
import { google } from "../../src/plugins/google";
import { openai } from "../../src/plugins/openai";
import {
  anthropicJson,
  anthropicSse,
  droppingResponse,
  eventsOf,
  fakeBinding,
  jsonResponse,
  openaiJson,
  openaiSse,
  sseResponse,
} from "./helpers";

const providers = [openai, anthropic, google];
const openaiError = (status: number, message: string) =>
  jsonResponse({ error: { message, type: "server_error", code: null } }, status);

describe("client-side fallback", () => {
  it("a failed dispatch falls through to the next leg; the result names the model that answered", async () => {
    const ai = fakeBinding({
      run: (call) =>
        call.model === "openai/gpt-5"
          ? openaiError(503, "overloaded")
          : jsonResponse(anthropicJson("from claude")),
    });
    const dispatched: GatewayDispatchInfo[] = [];
    const workersai = createWorkersAI({ binding: ai, providers });
    const result = await generateText({
      model: workersai("openai/gpt-5", {
        fallback: { mode: "client", models: ["anthropic/claude-sonnet-4-5"] },
        onDispatch: (info) => dispatched.push(info),
      }),
      prompt: "hi",
      maxRetries: 0,
    });
    expect(result.text).toBe("from claude");
    expect(ai.runs.map((run) => run.model)).toEqual(["openai/gpt-5", "anthropic/claude-sonnet-4-5"]);
    expect(dispatched).toEqual([
      expect.objectContaining({ model: "anthropic/claude-sonnet-4-5", attempt: 1 }),
    ]);
    expect(result.providerMetadata?.["workers-ai"]).toMatchObject({
      model: "anthropic/claude-sonnet-4-5",
      provider: "anthropic",
      fallbackAttempts: [{ model: "openai/gpt-5", transport: "run", code: "provider-error", status: 503 }],
    });
  });

  it("every leg failing gives a WorkersAIFallbackError with the attempt tree", async () => {
    const ai = fakeBinding({
      run: (call) => {
        if (call.model === "openai/gpt-5") return openaiError(429, "slow down");
        throw new Error("3040: Capacity temporarily exceeded, please try again.");
      },
      universal: () =>
        jsonResponse({ success: false, error: [{ code: 2005, message: "upstream failed" }] }, 502),
    });
    const workersai = createWorkersAI({ binding: ai, providers });
    const error = await generateText({
      model: workersai("openai/gpt-5", {
        fallback: { mode: "client", models: ["anthropic/claude-sonnet-4-5", "deepseek/deepseek-chat"] },
      }),
      prompt: "hi",
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(WorkersAIFallbackError.isInstance(error)).toBe(true);
    const attempts = (error as WorkersAIFallbackError).attempts;
    expect(
      attempts.map(({ model, transport, code, status }) => ({ model, transport, code, status })),
    ).toEqual([
      { model: "openai/gpt-5", transport: "run", code: "rate-limit", status: 429 },
      { model: "anthropic/claude-sonnet-4-5", transport: "run", code: "rate-limit", status: undefined },
      { model: "deepseek/deepseek-chat", transport: "gateway", code: "gateway-error", status: 502 },
    ]);
    expect(attempts.every((attempt) => WorkersAIGatewayError.isInstance(attempt.error))).toBe(true);
    expect((error as Error).message).toMatch(/1\. openai\/gpt-5 .*slow down/);
    expect((error as Error).message).toMatch(/3\. deepseek\/deepseek-chat .*upstream failed/);
  });

  it("without fallback models the gateway error itself is thrown", async () => {
    const ai = fakeBinding({ run: () => openaiError(400, "bad request body") });
    const workersai = createWorkersAI({ binding: ai, providers });
    const error = await generateText({ model: workersai("openai/gpt-5"), prompt: "hi", maxRetries: 0 }).catch(
      (e: unknown) => e,
    );
    expect(WorkersAIGatewayError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "bad-request", status: 400, isRetryable: false });
  });

  it("streams: falls back before the first byte, and the answering leg keeps its own resume", async () => {
    const text = anthropicSse(["res", "umed"]);
    const events = eventsOf(text);
    const ai = fakeBinding({
      run: (call) =>
        call.model === "openai/gpt-5"
          ? openaiError(500, "boom")
          : droppingResponse(text, events.slice(0, 3).join("").length + 2, { "cf-aig-run-id": "run-claude" }),
      fetch: (call) => sseResponse(events.slice(call.from).join("")),
    });
    const workersai = createWorkersAI({ binding: ai, providers });
    const result = streamText({
      model: workersai("openai/gpt-5", {
        fallback: { mode: "client", models: ["anthropic/claude-sonnet-4-5"] },
      }),
      prompt: "hi",
    });
    expect(await result.text).toBe("resumed");
    expect(ai.fetches.map((fetch) => fetch.url)).toEqual([
      "https://workers-binding.ai/ai-gateway/gateways/default/run/run-claude/resume?from=3",
    ]);
    expect((await result.providerMetadata)?.["workers-ai"]).toMatchObject({
      model: "anthropic/claude-sonnet-4-5",
      runId: "run-claude",
      resumeReconnects: 1,
    });
  });

  it("a failure after the stream started does not switch models", async () => {
    const text = openaiSse(["a", "b", "c"]);
    const ai = fakeBinding({
      run: () => droppingResponse(text, eventsOf(text).slice(0, 2).join("").length + 3),
      withoutFetch: true,
    });
    const workersai = createWorkersAI({ binding: ai, providers });
    const result = streamText({
      model: workersai("openai/gpt-5", {
        fallback: { mode: "client", models: ["anthropic/claude-sonnet-4-5"] },
      }),
      prompt: "hi",
      onError: () => {},
    });
    await result.consumeStream();
    expect(ai.runs.length).toBe(1);
  });

  it("an abort stops the fallback chain", async () => {
    const controller = new AbortController();
    const ai = fakeBinding({
      run: () => {
        controller.abort();
        return openaiError(503, "overloaded");
      },
    });
    const workersai = createWorkersAI({ binding: ai, providers });
    const error = await generateText({
      model: workersai("openai/gpt-5", { fallback: { mode: "client", models: ["openai/gpt-5-mini"] } }),
      prompt: "hi",
      abortSignal: controller.signal,
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(WorkersAIFallbackError.isInstance(error)).toBe(false);
    expect(ai.runs.length).toBe(1);
  });

  it.each([
    ["run", {}],
    ["gateway", { transport: "gateway" as const }],
  ])("a binding that never answers (%s path): an abort rejects the call at once", async (_path, options) => {
    const controller = new AbortController();
    const never = () => new Promise<never>(() => {});
    const binding: GatewayBinding = { run: never, gateway: () => ({ run: never }) };
    const workersai = createWorkersAI({ binding, providers });
    const pending = generateText({
      model: workersai("openai/gpt-5", options),
      prompt: "hi",
      abortSignal: controller.signal,
      maxRetries: 0,
    });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("BYOK keys stay with their provider: same-provider legs inherit them, other providers never see them", async () => {
    const ai = fakeBinding({
      universal: () => openaiError(503, "down"),
      run: () => jsonResponse(anthropicJson("ok")),
    });
    const workersai = createWorkersAI({ binding: ai, providers });
    await generateText({
      model: workersai("openai/gpt-5", {
        byok: true,
        extraHeaders: { authorization: "Bearer sk-openai-secret-123", "x-tenant": "t1" },
        fallback: {
          mode: "client",
          models: [
            "openai/gpt-5-mini",
            { model: "anthropic/claude-sonnet-4-5" },
            "anthropic/claude-haiku-4-5",
          ],
        },
      }),
      prompt: "hi",
      maxRetries: 0,
    });
    expect(ai.universal.map((call) => call.entries[0].headers.authorization)).toEqual([
      "Bearer sk-openai-secret-123",
      "Bearer sk-openai-secret-123",
    ]);
    expect(ai.runs.length).toBe(1);
    expect(JSON.stringify(ai.runs)).not.toContain("sk-openai-secret-123");
    expect((ai.runs[0].options.extraHeaders as Record<string, string>)["x-tenant"]).toBe("t1");
  });
});

describe("server-side fallback", () => {
  it("one universal run with an entry per model; cf-aig-step picks the parser (cross-vendor)", async () => {
    const ai = fakeBinding({
      universal: () =>
        sseResponse(anthropicSse(["from ", "claude"]), { "cf-aig-step": "1", "cf-aig-log-id": "log-s" }),
    });
    const dispatched: GatewayDispatchInfo[] = [];
    const workersai = createWorkersAI({ binding: ai, providers });
    const result = streamText({
      model: workersai("openai/gpt-5", {
        fallback: { mode: "server", models: ["anthropic/claude-sonnet-4-5"] },
        onDispatch: (info) => dispatched.push(info),
      }),
      prompt: "hi",
    });
    expect(await result.text).toBe("from claude");
    expect(ai.runs).toEqual([]);
    expect(ai.universal.length).toBe(1);
    const [first, second] = ai.universal[0].entries;
    expect(first).toMatchObject({
      provider: "openai",
      endpoint: "chat/completions",
      query: { model: "gpt-5", stream: true },
    });
    expect(second).toMatchObject({
      provider: "anthropic",
      endpoint: "v1/messages",
      query: { model: "claude-sonnet-4-5", stream: true },
    });
    expect(second.headers["anthropic-version"]).toBeDefined();
    expect(JSON.stringify(ai.universal[0].entries)).not.toContain("placeholder");
    expect(dispatched).toEqual([
      expect.objectContaining({
        transport: "gateway",
        model: "anthropic/claude-sonnet-4-5",
        step: 1,
        logId: "log-s",
      }),
    ]);
    expect((await result.providerMetadata)?.["workers-ai"]).toMatchObject({
      model: "anthropic/claude-sonnet-4-5",
      gatewayStep: 1,
      transport: "gateway",
    });
  });

  it("step 0 is parsed by the primary model's SDK (same vendor, generateText)", async () => {
    const ai = fakeBinding({
      universal: () => jsonResponse(openaiJson("primary"), 200, { "cf-aig-step": "0" }),
    });
    const workersai = createWorkersAI({ binding: ai, providers });
    const result = await generateText({
      model: workersai("openai/gpt-5", { fallback: { mode: "server", models: ["openai/gpt-5-mini"] } }),
      prompt: "hi",
    });
    expect(result.text).toBe("primary");
    expect(ai.universal[0].entries.map((entry) => (entry.query as { model: string }).model)).toEqual([
      "gpt-5",
      "gpt-5-mini",
    ]);
    expect(result.providerMetadata?.["workers-ai"]).toMatchObject({ model: "openai/gpt-5", gatewayStep: 0 });
  });

  it("a step outside the entries is read as entry 0 with a warning", async () => {
    const ai = fakeBinding({ universal: () => jsonResponse(openaiJson("odd"), 200, { "cf-aig-step": "7" }) });
    const workersai = createWorkersAI({ binding: ai, providers });
    const result = await generateText({
      model: workersai("openai/gpt-5", { fallback: { mode: "server", models: ["openai/gpt-5-mini"] } }),
      prompt: "hi",
    });
    expect(result.text).toBe("odd");
    expect(JSON.stringify(result.warnings)).toContain("step 7");
  });

  it("all entries failing is one gateway error", async () => {
    const ai = fakeBinding({
      universal: () =>
        jsonResponse({ success: false, error: [{ code: 2005, message: "All providers failed" }] }, 502),
    });
    const workersai = createWorkersAI({ binding: ai, providers });
    const error = await generateText({
      model: workersai("openai/gpt-5", {
        fallback: { mode: "server", models: ["anthropic/claude-sonnet-4-5"] },
      }),
      prompt: "hi",
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "gateway-error", status: 502, recoverable: true });
    expect((error as Error).message).toContain("All providers failed");
  });

  it("each entry carries only its own provider's BYOK key", async () => {
    const ai = fakeBinding({ universal: () => jsonResponse(openaiJson("ok"), 200, { "cf-aig-step": "0" }) });
    const workersai = createWorkersAI({ binding: ai, providers });
    await generateText({
      model: workersai("openai/gpt-5", {
        byok: true,
        extraHeaders: { authorization: "Bearer sk-openai-key-1" },
        fallback: {
          mode: "server",
          models: [
            {
              model: "anthropic/claude-sonnet-4-5",
              byok: true,
              extraHeaders: { "x-api-key": "sk-ant-key-2" },
            },
          ],
        },
      }),
      prompt: "hi",
    });
    const [first, second] = ai.universal[0].entries;
    expect(first.headers.authorization).toBe("Bearer sk-openai-key-1");
    expect(first.headers["x-api-key"]).toBeUndefined();
    expect(second.headers["x-api-key"]).toBe("sk-ant-key-2");
    expect(second.headers.authorization).toBeUndefined();
  });
});
