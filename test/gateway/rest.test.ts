import { LoadSettingError } from "@ai-sdk/provider";
import { generateText, streamText } from "ai";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createWorkersAI } from "../../src";
import { createGatewayFetch, GATEWAY_PLACEHOLDER_API_KEY, WorkersAIGatewayError } from "../../src/gateway";
import { anthropic } from "../../src/plugins/anthropic";
import { google } from "../../src/plugins/google";
import { openai } from "../../src/plugins/openai";
import { startTestServer, type TestServer } from "../helpers/http-server";
import {
  anthropicJson,
  anthropicSse,
  geminiJson,
  jsonResponse,
  openaiJson,
  openaiSse,
  sseResponse,
} from "./helpers";

const providers = [openai, anthropic, google];
const TOKEN = "cf-api-token-secret-987654";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function gatewayServer() {
  server = await startTestServer((request, recorded) => {
    const path = new URL(request.url).pathname;
    if (path.includes("/fail/")) return jsonResponse({ error: { message: `bad token ${TOKEN}` } }, 401);
    if (path.includes("/anthropic/")) {
      return (recorded.json as { stream?: boolean }).stream
        ? sseResponse(anthropicSse(["a", "b"]))
        : jsonResponse(anthropicJson("from anthropic"), 200, { "cf-aig-log-id": "log-a" });
    }
    if (path.endsWith("/compat/chat/completions")) {
      return (recorded.json as { stream?: boolean }).stream
        ? sseResponse(openaiSse(["x", "y"]), { "cf-aig-log-id": "log-s" })
        : jsonResponse(openaiJson("from compat"), 200, { "cf-aig-log-id": "log-c" });
    }
    const entries = recorded.json as Array<{ provider: string }>;
    if (entries[0]?.provider === "google-ai-studio") return jsonResponse(geminiJson("from gemini"));
    if (entries[0]?.provider === "anthropic") return jsonResponse(anthropicJson("from anthropic"));
    return jsonResponse(openaiJson("from universal"), 200, {
      "cf-aig-step": "0",
      "cf-aig-cache-status": "HIT",
    });
  });
  return server;
}

describe("REST credentials", () => {
  it("run path, OpenAI wire: compat chat-completions with the provider/model slug and cf-aig-authorization", async () => {
    const srv = await gatewayServer();
    const workersai = createWorkersAI({
      accountId: "acct",
      apiKey: TOKEN,
      gatewayBaseURL: srv.url,
      providers,
    });
    const result = await generateText({
      model: workersai("openai/gpt-5", { metadata: { team: "x" } }),
      prompt: "hi",
    });
    expect(result.text).toBe("from compat");
    const [request] = srv.requests;
    expect(request.path).toBe("/acct/default/compat/chat/completions");
    expect(request.json).toMatchObject({ model: "openai/gpt-5" });
    expect(request.headers["cf-aig-authorization"]).toBe(`Bearer ${TOKEN}`);
    expect(request.headers["cf-aig-metadata"]).toBe('{"team":"x"}');
    expect(request.headers.authorization).toBeUndefined();
    expect(request.text + JSON.stringify(request.headers)).not.toContain(GATEWAY_PLACEHOLDER_API_KEY);
    expect(result.providerMetadata?.["workers-ai"]).toMatchObject({
      gatewayLogId: "log-c",
      transport: "run",
    });
    expect(result.request.url).toBe(srv.url);
  });

  it("run path uses the gateway provider id in the compat model name (google → google-ai-studio, xai → grok)", async () => {
    const srv = await gatewayServer();
    const workersai = createWorkersAI({
      accountId: "acct",
      apiKey: TOKEN,
      gatewayBaseURL: srv.url,
      providers,
    });
    await generateText({ model: workersai("google/gemini-2.5-flash"), prompt: "hi" });
    await generateText({ model: workersai("xai/grok-4"), prompt: "hi" });
    await generateText({ model: workersai("alibaba/qwen3-max"), prompt: "hi" });
    expect(srv.requests.map((request) => (request.json as { model: string }).model)).toEqual([
      "google-ai-studio/gemini-2.5-flash",
      "grok/grok-4",
      "alibaba/qwen3-max",
    ]);
  });

  it("run path, Anthropic wire: the provider path, streaming passes through", async () => {
    const srv = await gatewayServer();
    const workersai = createWorkersAI({
      accountId: "acct",
      apiKey: TOKEN,
      gatewayBaseURL: srv.url,
      providers,
    });
    const result = streamText({ model: workersai("anthropic/claude-sonnet-4-5"), prompt: "hi" });
    expect(await result.text).toBe("ab");
    const [request] = srv.requests;
    expect(request.path).toBe("/acct/default/anthropic/v1/messages");
    expect(request.headers["anthropic-version"]).toBeDefined();
    expect(request.headers["x-api-key"]).toBeUndefined();
  });

  it("gateway path: universal POST with entries; cache headers; the gateway token wins over the API token", async () => {
    const srv = await gatewayServer();
    const workersai = createWorkersAI({
      accountId: "acct",
      apiKey: TOKEN,
      gatewayBaseURL: srv.url,
      providers,
      gateway: { id: "gw", authToken: "gateway-token-123456" },
    });
    const result = await generateText({
      model: workersai("openai/gpt-5", {
        cacheTtl: 600,
        byok: true,
        byokAlias: "prod",
        zdr: true,
        collectLog: false,
        extraHeaders: { authorization: "Bearer sk-openai-byok-1" },
      }),
      prompt: "hi",
    });
    expect(result.text).toBe("from universal");
    const [request] = srv.requests;
    expect(request.path).toBe("/acct/gw");
    expect(request.headers["cf-aig-authorization"]).toBe("Bearer gateway-token-123456");
    expect(request.headers["cf-aig-cache-ttl"]).toBe("600");
    expect(request.headers["cf-aig-byok-alias"]).toBe("prod");
    expect(request.headers["cf-aig-zdr"]).toBe("true");
    expect(request.headers["cf-aig-collect-log"]).toBe("false");
    expect(request.json).toEqual([
      expect.objectContaining({
        provider: "openai",
        endpoint: "chat/completions",
        headers: expect.objectContaining({ authorization: "Bearer sk-openai-byok-1" }),
      }),
    ]);
    expect(result.providerMetadata?.["workers-ai"]).toMatchObject({ cacheStatus: "HIT", gatewayStep: 0 });
  });

  it("gateway path for Gemini's native format", async () => {
    const srv = await gatewayServer();
    const workersai = createWorkersAI({
      accountId: "acct",
      apiKey: TOKEN,
      gatewayBaseURL: srv.url,
      providers,
    });
    const result = await generateText({
      model: workersai("google/gemini-2.5-flash", { skipCache: true }),
      prompt: "hi",
    });
    expect(result.text).toBe("from gemini");
    expect(srv.requests[0].json).toEqual([
      expect.objectContaining({
        provider: "google-ai-studio",
        endpoint: "v1beta/models/gemini-2.5-flash:generateContent",
      }),
    ]);
    expect(srv.requests[0].headers["cf-aig-skip-cache"]).toBe("true");
  });

  it("errors are WorkersAIGatewayErrors without the token", async () => {
    const srv = await gatewayServer();
    const workersai = createWorkersAI({
      accountId: "acct",
      apiKey: TOKEN,
      gatewayBaseURL: srv.url,
      providers,
    });
    const error = (await generateText({
      model: workersai("openai/gpt-5", { gateway: "fail" }),
      prompt: "hi",
      maxRetries: 0,
    }).catch((e: unknown) => e)) as WorkersAIGatewayError;
    expect(WorkersAIGatewayError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: "auth",
      status: 401,
      context: { model: "openai/gpt-5", transport: "run" },
    });
    expect(
      JSON.stringify({ m: error.message, b: error.responseBody, e: error.envelope, u: error.url }),
    ).not.toContain(TOKEN);
  });

  it("a connection failure is a recoverable gateway error", async () => {
    const srv = await gatewayServer();
    const url = srv.url;
    await srv.close();
    server = undefined;
    const workersai = createWorkersAI({ accountId: "acct", apiKey: TOKEN, gatewayBaseURL: url, providers });
    const error = (await generateText({
      model: workersai("openai/gpt-5"),
      prompt: "hi",
      maxRetries: 0,
    }).catch((e: unknown) => e)) as WorkersAIGatewayError;
    expect(WorkersAIGatewayError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "gateway-error", recoverable: true, isRetryable: true });
  });

  it("explicit resume with REST credentials is a warning (the resume endpoint needs the binding)", async () => {
    const srv = await gatewayServer();
    const workersai = createWorkersAI({
      accountId: "acct",
      apiKey: TOKEN,
      gatewayBaseURL: srv.url,
      providers,
    });
    const result = streamText({ model: workersai("openai/gpt-5", { resume: true }), prompt: "hi" });
    expect(await result.text).toBe("xy");
    expect(await result.warnings).toContainEqual(
      expect.objectContaining({ type: "unsupported", feature: "resume" }),
    );
  });
});

describe("REST credentials missing", () => {
  it("a missing account id is a LoadSettingError at the first call, not a gateway error", async () => {
    vi.stubEnv("CLOUDFLARE_ACCOUNT_ID", undefined);
    try {
      const workersai = createWorkersAI({ apiKey: TOKEN, gatewayBaseURL: "http://127.0.0.1:9", providers });
      const model = workersai("openai/gpt-5");
      const error = await generateText({ model, prompt: "hi", maxRetries: 0 }).catch((e: unknown) => e);
      expect(LoadSettingError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain("CLOUDFLARE_ACCOUNT_ID");
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("createGatewayFetch without credentials says what to pass, naming createGatewayFetch", async () => {
    vi.stubEnv("CLOUDFLARE_ACCOUNT_ID", undefined);
    try {
      const gatewayFetch = createGatewayFetch({ apiKey: TOKEN, provider: "openai" });
      const error = await gatewayFetch("https://api.openai.com/v1/chat/completions", {
        method: "POST",
        body: JSON.stringify({ model: "gpt-5", messages: [] }),
      }).catch((e: unknown) => e);
      expect(LoadSettingError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain("Cloudflare account ID is missing");
      expect((error as Error).message).toContain("createGatewayFetch({ binding: env.AI })");
      expect((error as Error).message).not.toContain(TOKEN);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
