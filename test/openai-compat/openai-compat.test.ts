/**
 * `createWorkersAI({ endpoint: "openai" })`: chat, Responses and embeddings through Workers AI's
 * OpenAI-compatible endpoints (and their AI Gateway forms), end to end against the emulator over
 * `emulator.fetch` and a real HTTP server; same results and same errors as the native run endpoint.
 */
import { embedMany, generateText, streamText, transcribe } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkersAI } from "../../src/index";
import { createWorkersAIEmulator, type EmulatorServer, encodeWav } from "../../src/testing/index";

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const KIMI = "@cf/moonshotai/kimi-k2.5";
const LLAMA = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
const GPT_OSS = "@cf/openai/gpt-oss-120b";
const BGE = "@cf/baai/bge-base-en-v1.5";

function setup(
  extra: {
    gateway?: { id: string; authToken?: string; metadata?: Record<string, string> };
    fetch?: typeof fetch;
  } = {},
) {
  const emulator = createWorkersAIEmulator({ apiToken: "secret-api-token" });
  const base = {
    accountId: "emulator-account",
    apiKey: "secret-api-token",
    fetch: extra.fetch ?? emulator.fetch,
  };
  return {
    emulator,
    openai: createWorkersAI({
      ...base,
      endpoint: "openai",
      ...(extra.gateway ? { gateway: extra.gateway } : {}),
    }),
    native: createWorkersAI(base),
  };
}

function pathOf(url: string | undefined): string {
  return new URL(url ?? "").pathname;
}

async function rejection(promise: PromiseLike<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error("expected a rejection");
}

describe("endpoint: openai", () => {
  it("sends chat to /ai/v1/chat/completions with model in the body, with the same result as /ai/run", async () => {
    const { emulator, openai, native } = setup();
    emulator.script(
      KIMI,
      { text: "Hello!", reasoning: "Greet back." },
      { text: "Hello!", reasoning: "Greet back." },
    );
    const viaOpenAI = await generateText({ model: openai(KIMI), prompt: "Hi", maxOutputTokens: 100 });
    const request = emulator.requests.at(-1);
    expect(pathOf(request?.url)).toBe("/client/v4/accounts/emulator-account/ai/v1/chat/completions");
    expect(request?.inputs).toMatchObject({
      model: KIMI,
      messages: [{ role: "user", content: "Hi" }],
      max_tokens: 100,
    });
    expect(request?.headers.authorization).toBe("Bearer secret-api-token");
    const viaRun = await generateText({ model: native(KIMI), prompt: "Hi", maxOutputTokens: 100 });
    expect(pathOf(emulator.requests.at(-1)?.url)).toBe(`/client/v4/accounts/emulator-account/ai/run/${KIMI}`);
    expect(viaOpenAI.text).toBe(viaRun.text);
    expect(viaOpenAI.reasoningText).toBe("Greet back.");
    expect(viaOpenAI.finishReason).toBe(viaRun.finishReason);
    expect(viaOpenAI.usage).toEqual(viaRun.usage);
  });

  it("streams chat (legacy-family models too) and sends rejectIfBusy as body options", async () => {
    const { emulator, openai } = setup();
    emulator.script(LLAMA, { text: "Streaming through the OpenAI endpoint." });
    const result = streamText({ model: openai(LLAMA, { rejectIfBusy: true }), prompt: "Stream" });
    expect(await result.text).toBe("Streaming through the OpenAI endpoint.");
    const request = emulator.requests.at(-1);
    expect(pathOf(request?.url)).toBe("/client/v4/accounts/emulator-account/ai/v1/chat/completions");
    expect(request?.inputs).toMatchObject({ model: LLAMA, stream: true, options: { rejectIfBusy: true } });
  });

  it("sends the gpt-oss Responses form to /ai/v1/responses", async () => {
    const { emulator, openai } = setup();
    emulator.script(GPT_OSS, { text: "From the Responses endpoint." });
    const { text } = await generateText({ model: openai(GPT_OSS, { responsesApi: true }), prompt: "Hi" });
    expect(text).toBe("From the Responses endpoint.");
    const request = emulator.requests.at(-1);
    expect(pathOf(request?.url)).toBe("/client/v4/accounts/emulator-account/ai/v1/responses");
    expect(request?.inputs).toMatchObject({ model: GPT_OSS, input: expect.any(Array) });
  });

  it("sends embeddings to /ai/v1/embeddings as {model, input}: the same vectors as /ai/run", async () => {
    const { emulator, openai, native } = setup();
    const values = ["sunny day at the beach", "rainy afternoon in the city"];
    const viaOpenAI = await embedMany({ model: openai.textEmbedding(BGE), values });
    const request = emulator.requests.at(-1);
    expect(pathOf(request?.url)).toBe("/client/v4/accounts/emulator-account/ai/v1/embeddings");
    expect(request?.inputs).toEqual({ model: BGE, input: values });
    const viaRun = await embedMany({ model: native.textEmbedding(BGE), values });
    expect(viaOpenAI.embeddings).toEqual(viaRun.embeddings);
    expect(viaOpenAI.usage.tokens).toBeGreaterThan(0);
  });

  it("warns when an embedding option goes into the OpenAI body, and keeps query embeddings on /ai/run", async () => {
    const { emulator, openai } = setup();
    const pooled = await embedMany({ model: openai.textEmbedding(BGE, { pooling: "mean" }), values: ["a"] });
    expect(emulator.requests.at(-1)?.inputs).toEqual({ model: BGE, input: ["a"], pooling: "mean" });
    expect(pooled.warnings).toContainEqual(
      expect.objectContaining({ type: "compatibility", feature: "pooling" }),
    );

    await embedMany({
      model: openai.textEmbedding("@cf/qwen/qwen3-embedding-0.6b", {
        inputType: "query",
        instruction: "Find docs",
      }),
      values: ["what is workers ai"],
    });
    expect(pathOf(emulator.requests.at(-1)?.url)).toBe(
      "/client/v4/accounts/emulator-account/ai/run/@cf/qwen/qwen3-embedding-0.6b",
    );
  });

  it("keeps tasks the OpenAI surface has no form for on /ai/run (audio)", async () => {
    const { emulator, openai } = setup();
    const audio = encodeWav(new Float32Array(16000), 16000);
    const { text } = await transcribe({
      model: openai.transcription("@cf/openai/whisper-large-v3-turbo"),
      audio,
    });
    expect(text.length).toBeGreaterThan(0);
    expect(pathOf(emulator.requests.at(-1)?.url)).toBe(
      "/client/v4/accounts/emulator-account/ai/run/@cf/openai/whisper-large-v3-turbo",
    );
  });

  it("uses the AI Gateway forms {gateway}/workers-ai/v1/... with cf-aig headers", async () => {
    const { emulator, openai } = setup({ gateway: { id: "my-gw", authToken: "secret-gw-token" } });
    emulator.script(KIMI, { text: "via gateway" });
    const { text, providerMetadata } = await generateText({ model: openai(KIMI), prompt: "Hi" });
    expect(text).toBe("via gateway");
    const request = emulator.requests.at(-1);
    expect(request?.transport).toBe("gateway");
    expect(pathOf(request?.url)).toBe("/v1/emulator-account/my-gw/workers-ai/v1/chat/completions");
    expect(request?.headers["cf-aig-authorization"]).toBe("Bearer secret-gw-token");
    expect(providerMetadata?.["workers-ai"]).toMatchObject({ gatewayLogId: expect.any(String) });

    await embedMany({ model: openai.textEmbedding(BGE), values: ["x"] });
    expect(pathOf(emulator.requests.at(-1)?.url)).toBe("/v1/emulator-account/my-gw/workers-ai/v1/embeddings");
  });

  it("warns about gateway metadata beyond the 5 entries AI Gateway keeps, as /ai/run does", async () => {
    const metadata = { a: "1", b: "2", c: "3", d: "4", e: "5", f: "6" };
    const { emulator, openai } = setup({ gateway: { id: "my-gw", metadata } });
    emulator.script(KIMI, { text: "via gateway" });
    const { warnings } = await generateText({ model: openai(KIMI), prompt: "Hi" });
    expect(JSON.parse(emulator.requests.at(-1)?.headers["cf-aig-metadata"] ?? "{}")).toEqual({
      a: "1",
      b: "2",
      c: "3",
      d: "4",
      e: "5",
    });
    expect(warnings).toContainEqual({
      type: "other",
      message: "AI Gateway keeps at most 5 metadata entries; f were dropped.",
    });
  });

  it("maps Cloudflare error envelopes the same way as /ai/run (code, status, retryable), without secrets", async () => {
    const { emulator, openai } = setup();
    emulator.script(KIMI, { error: { code: 3040 } });
    const error = await rejection(generateText({ model: openai(KIMI), prompt: "Hi", maxRetries: 0 }));
    expect(error).toMatchObject({
      name: "AI_APICallError",
      statusCode: 429,
      isRetryable: true,
      data: { code: 3040 },
    });
    expect(String(error.url)).toContain("/ai/v1/chat/completions");
    expect(
      JSON.stringify({ message: error.message, url: error.url, body: error.responseBody }),
    ).not.toContain("secret-api-token");
  });

  it("accepts OpenAI-style {error: {message}} envelopes", async () => {
    const openaiError = (status: number, message: string) =>
      (async () =>
        new Response(JSON.stringify({ error: { message, type: "invalid_request_error", code: null } }), {
          status,
          headers: { "content-type": "application/json" },
        })) as unknown as typeof fetch;
    const bad = setup({ fetch: openaiError(400, "messages: at least one message is required") }).openai;
    const invalid = await rejection(generateText({ model: bad(KIMI), prompt: "Hi", maxRetries: 0 }));
    expect(invalid).toMatchObject({ name: "AI_APICallError", statusCode: 400, isRetryable: false });
    expect(invalid.message).toContain("messages: at least one message is required");

    const busy = setup({ fetch: openaiError(429, "Rate limited") }).openai;
    const limited = await rejection(
      embedMany({ model: busy.textEmbedding(BGE), values: ["x"], maxRetries: 0 }),
    );
    expect(limited).toMatchObject({ name: "AI_APICallError", statusCode: 429, isRetryable: true });
  });

  it("is a REST option: rejected with a binding, and unknown values are rejected", () => {
    const emulator = createWorkersAIEmulator();
    expect(() => createWorkersAI({ binding: emulator.binding, endpoint: "openai" })).toThrow(/REST option/);
    expect(() =>
      createWorkersAI({ accountId: "a", apiKey: "b", endpoint: "chat" as unknown as "openai" }),
    ).toThrow(/endpoint must be "run" or "openai"/);
  });
});

describe("endpoint: openai over a real HTTP server", () => {
  const emulator = createWorkersAIEmulator();
  let server: EmulatorServer;
  beforeAll(async () => {
    server = await emulator.listen();
  });
  afterAll(() => server.close());

  it("chats and streams through 127.0.0.1", async () => {
    const openai = createWorkersAI({
      accountId: "emulator-account",
      apiKey: "t",
      baseURL: `${server.url}/client/v4`,
      endpoint: "openai",
    });
    emulator.script(KIMI, { text: "over the wire" }, { text: "streamed over the wire" });
    expect((await generateText({ model: openai(KIMI), prompt: "Hi" })).text).toBe("over the wire");
    expect(await streamText({ model: openai(KIMI), prompt: "Hi" }).text).toBe("streamed over the wire");
    expect(pathOf(emulator.requests.at(-1)?.url)).toBe(
      "/client/v4/accounts/emulator-account/ai/v1/chat/completions",
    );
  });
});
