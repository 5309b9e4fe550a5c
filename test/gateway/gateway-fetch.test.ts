import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { experimental_generateSpeech, experimental_transcribe, generateText, streamText } from "ai";
import { afterEach, describe, expect, it } from "vitest";
import { createGatewayFetch, createGatewayProvider, GATEWAY_PLACEHOLDER_API_KEY } from "../../src/gateway";
import { startTestServer, type TestServer } from "../helpers/http-server";
import { anthropicJson, fakeBinding, jsonResponse, openaiJson, openaiSse, sseResponse } from "./helpers";

const KEY = "sk-user-provider-key-42";
const AUDIO = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0x00, 0xff, 0x10, 0x80, 0x7f, 0x00, 0x01]);

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A provider-path server that echoes what it received. */
async function echoServer() {
  server = await startTestServer(async (request, recorded) => {
    const type = request.headers.get("content-type") ?? "";
    if (type.includes("multipart/form-data")) {
      const form = await request.formData();
      const file = form.get("file") as File;
      return jsonResponse({
        text: `file ${file.name} ${(await file.arrayBuffer()).byteLength} bytes, model ${form.get("model")}`,
      });
    }
    return jsonResponse({ ok: true, bytes: recorded.body.byteLength });
  });
  return server;
}

describe("createGatewayFetch with the binding", () => {
  it("routes an @ai-sdk/openai provider through one universal entry, forwarding the key with byok", async () => {
    const ai = fakeBinding({
      universal: () => jsonResponse(openaiJson("hello"), 200, { "cf-aig-log-id": "log-1" }),
    });
    const provider = createOpenAI({
      apiKey: KEY,
      fetch: createGatewayFetch({ binding: ai, gateway: "my-gateway", byok: true }),
    });
    const result = await generateText({ model: provider.chat("gpt-5"), prompt: "hi" });
    expect(result.text).toBe("hello");
    expect(result.response.headers?.["cf-aig-log-id"]).toBe("log-1");
    const call = ai.universal[0];
    expect(call.gateway).toBe("my-gateway");
    expect(call.entries).toHaveLength(1);
    expect(call.entries[0]).toMatchObject({
      provider: "openai",
      endpoint: "chat/completions",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      query: { model: "gpt-5", messages: [{ role: "user", content: "hi" }] },
    });
  });

  it("the default Responses API model works too, and streams", async () => {
    const ai = fakeBinding({ universal: () => sseResponse(openaiSse(["a", "b"])) });
    const provider = createOpenAI({ apiKey: KEY, fetch: createGatewayFetch({ binding: ai }) });
    const result = streamText({ model: provider.chat("gpt-5"), prompt: "hi" });
    expect(await result.text).toBe("ab");
    expect(ai.universal[0].gateway).toBe("default");
    expect(ai.universal[0].entries[0].headers.authorization).toBeUndefined();
  });

  it("without byok every credential header is stripped; options become gateway options and headers", async () => {
    const ai = fakeBinding({ universal: () => jsonResponse(anthropicJson("ok")) });
    const provider = createAnthropic({
      apiKey: KEY,
      fetch: createGatewayFetch({
        binding: ai,
        gateway: { id: "gw", metadata: { a: 1 } },
        cacheTtl: 300,
        skipCache: false,
        cacheKey: "k",
        metadata: { user: 5n },
        collectLog: true,
        zdr: true,
        byokAlias: "alias-1",
        extraHeaders: { "cf-aig-event-id": "ev-1", "anthropic-beta": "b1" },
      }),
    });
    await generateText({ model: provider("claude-sonnet-4-5"), prompt: "hi" });
    const call = ai.universal[0];
    expect(call.entries[0].provider).toBe("anthropic");
    expect(call.entries[0].endpoint).toBe("v1/messages");
    expect(call.entries[0].headers["x-api-key"]).toBeUndefined();
    expect(call.entries[0].headers["anthropic-beta"]).toBe("b1");
    expect(JSON.stringify(call)).not.toContain(KEY);
    expect(call.options.gateway).toEqual({
      id: "gw",
      metadata: { a: 1, user: "5" },
      cacheTtl: 300,
      skipCache: false,
      cacheKey: "k",
      collectLog: true,
    });
    expect(call.options.extraHeaders).toEqual({
      "cf-aig-event-id": "ev-1",
      "cf-aig-zdr": "true",
      "cf-aig-byok-alias": "alias-1",
    });
  });

  it("createGatewayProvider builds any provider with a placeholder key that is never sent", async () => {
    const ai = fakeBinding({ universal: () => jsonResponse(openaiJson("via factory")) });
    const groqLike = createGatewayProvider(createOpenAI, {
      binding: ai,
      gateway: "gw",
      provider: "groq",
      settings: { baseURL: "https://api.groq.com/openai/v1" },
    });
    const result = await generateText({ model: groqLike.chat("llama-3.3-70b-versatile"), prompt: "hi" });
    expect(result.text).toBe("via factory");
    expect(ai.universal[0].entries[0]).toMatchObject({ provider: "groq", endpoint: "chat/completions" });
    expect(JSON.stringify(ai.universal)).not.toContain(GATEWAY_PLACEHOLDER_API_KEY);
  });

  it("createGatewayProvider with byok forwards the key given in settings", async () => {
    const ai = fakeBinding({ universal: () => jsonResponse(openaiJson("ok")) });
    const provider = createGatewayProvider(createOpenAI, {
      binding: ai,
      byok: true,
      settings: { apiKey: KEY },
    });
    await generateText({ model: provider.chat("gpt-5"), prompt: "hi" });
    expect(ai.universal[0].entries[0].headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it("binary and FormData bodies go to the gateway's provider URL untouched (audio providers work)", async () => {
    const srv = await echoServer();
    const ai = fakeBinding({
      getUrl: (gateway, provider) => `${srv.url}/v1/acct/${gateway}/${provider}`,
      universal: () => new Response(AUDIO, { headers: { "content-type": "audio/mpeg" } }),
    });
    const gatewayFetch = createGatewayFetch({ binding: ai, gateway: "gw", byok: true, cacheTtl: 120 });

    const binary = await gatewayFetch("https://api.deepgram.com/v1/listen?model=nova-3", {
      method: "POST",
      headers: { authorization: `Token ${KEY}`, "content-type": "audio/wav" },
      body: AUDIO,
    });
    expect(await binary.json()).toEqual({ ok: true, bytes: AUDIO.byteLength });
    const received = srv.requests[0];
    expect(received.path).toBe("/v1/acct/gw/deepgram/v1/listen?model=nova-3");
    expect([...received.body]).toEqual([...AUDIO]);
    expect(received.headers["content-type"]).toBe("audio/wav");
    expect(received.headers.authorization).toBe(`Token ${KEY}`);
    expect(received.headers["cf-aig-cache-ttl"]).toBe("120");

    const openai = createOpenAI({ apiKey: KEY, fetch: gatewayFetch });
    const transcript = await experimental_transcribe({
      model: openai.transcription("whisper-1"),
      audio: AUDIO,
    });
    expect(transcript.text).toBe(`file audio.wav ${AUDIO.byteLength} bytes, model whisper-1`);
    expect(srv.requests[1].path).toBe("/v1/acct/gw/openai/audio/transcriptions");

    const speech = await experimental_generateSpeech({ model: openai.speech("tts-1"), text: "hello" });
    expect([...speech.audio.uint8Array]).toEqual([...AUDIO]);
    expect(ai.universal.map((call) => call.entries[0].endpoint)).toEqual(["audio/speech"]);
  });

  it("text bodies, GET requests and Request objects survive", async () => {
    const srv = await echoServer();
    const ai = fakeBinding({
      getUrl: (gateway, provider) => `${srv.url}/${gateway}/${provider}`,
      universal: () => jsonResponse({ ok: "universal" }),
    });
    const gatewayFetch = createGatewayFetch({ binding: ai });
    const text = await gatewayFetch("https://api.cartesia.ai/tts/bytes", {
      method: "POST",
      body: "plain words",
    });
    expect(await text.json()).toEqual({ ok: true, bytes: 11 });
    expect(srv.requests[0].text).toBe("plain words");
    const get = await gatewayFetch("https://api.replicate.com/v1/predictions/abc");
    expect(get.ok).toBe(true);
    expect(srv.requests[1]).toMatchObject({ method: "GET", path: "/default/replicate/predictions/abc" });
    const viaRequest = await gatewayFetch(
      new Request("https://api.mistral.ai/v1/chat/completions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "mistral-large-latest", messages: [] }),
      }),
    );
    expect(await viaRequest.json()).toEqual({ ok: "universal" });
    expect(ai.universal[0].entries[0]).toMatchObject({
      provider: "mistral",
      endpoint: "v1/chat/completions",
      query: { model: "mistral-large-latest" },
    });
  });

  it("replies pass through as they are, errors included (the SDK reads its own errors)", async () => {
    const ai = fakeBinding({
      universal: () =>
        jsonResponse({ error: { message: "Incorrect API key", type: "invalid_request_error" } }, 401),
    });
    const provider = createOpenAI({ apiKey: KEY, fetch: createGatewayFetch({ binding: ai, byok: true }) });
    const error = await generateText({ model: provider.chat("gpt-5"), prompt: "hi", maxRetries: 0 }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toContain("Incorrect API key");
    expect((error as { statusCode?: number }).statusCode).toBe(401);
  });

  it("an unknown host needs an explicit provider", async () => {
    const ai = fakeBinding({ universal: () => jsonResponse({ ok: true }) });
    await expect(
      createGatewayFetch({ binding: ai })("https://llm.example.com/v1/chat", { method: "POST", body: "{}" }),
    ).rejects.toThrow(/cannot tell which AI Gateway provider serves llm\.example\.com/);
    const explicit = createGatewayFetch({ binding: ai, provider: "openai" });
    await explicit("https://proxy.example.com/v1/chat/completions", {
      method: "POST",
      body: '{"model":"m"}',
    });
    expect(ai.universal[0].entries[0]).toMatchObject({ provider: "openai", endpoint: "chat/completions" });
    await expect(
      createGatewayFetch({ binding: ai })(
        "https://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions",
        {
          method: "POST",
          body: "{}",
        },
      ),
    ).rejects.toThrow(/only on the unified run path/);
  });
});

describe("createGatewayFetch with REST credentials", () => {
  it("JSON goes to the universal endpoint, binary to the provider path, both with cf-aig-authorization", async () => {
    const srv = await startTestServer((_request, recorded) =>
      recorded.path === "/acct/gw"
        ? jsonResponse(openaiJson("rest universal"))
        : jsonResponse({ bytes: recorded.body.byteLength }),
    );
    server = srv;
    const gatewayFetch = createGatewayFetch({
      accountId: "acct",
      apiKey: "cf-token-abcdef",
      gateway: "gw",
      gatewayBaseURL: srv.url,
    });
    const openai = createOpenAI({ apiKey: KEY, fetch: gatewayFetch });
    const result = await generateText({ model: openai.chat("gpt-5"), prompt: "hi" });
    expect(result.text).toBe("rest universal");
    expect(srv.requests[0].headers["cf-aig-authorization"]).toBe("Bearer cf-token-abcdef");
    expect(srv.requests[0].json).toEqual([
      expect.objectContaining({
        provider: "openai",
        endpoint: "chat/completions",
        headers: { "content-type": "application/json", "user-agent": expect.any(String) },
      }),
    ]);
    expect(srv.requests[0].text).not.toContain(KEY);

    const audio = await gatewayFetch("https://api.elevenlabs.io/v1/speech-to-text", {
      method: "POST",
      headers: { "xi-api-key": KEY, "content-type": "application/octet-stream" },
      body: AUDIO,
    });
    expect(await audio.json()).toEqual({ bytes: AUDIO.byteLength });
    expect(srv.requests[1].path).toBe("/acct/gw/elevenlabs/v1/speech-to-text");
    expect(srv.requests[1].headers["xi-api-key"]).toBeUndefined();
    expect(srv.requests[1].headers["cf-aig-authorization"]).toBe("Bearer cf-token-abcdef");
  });
});
