import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkersAIEmulator, type EmulatorServer, encodeWav } from "../../src/testing/index";
import { deltaText, type Json, legacyText, postJson, runUrl, sseEvents } from "./helpers";

const LLAMA = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
const KIMI = "@cf/moonshotai/kimi-k2.5";
const GPT_OSS = "@cf/openai/gpt-oss-120b";
const BASE = "https://api.cloudflare.com/client/v4/accounts/emulator-account";
const messages = [{ role: "user", content: "Repeat: hello rest" }];

describe("native run endpoint", () => {
  it("wraps JSON results in the success envelope", async () => {
    const emulator = createWorkersAIEmulator();
    const response = await emulator.fetch(runUrl(LLAMA), postJson({ messages }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("cf-ai-req-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({
      result: {
        response: "hello rest",
        usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
      },
      success: true,
      errors: [],
      messages: [],
    });
  });

  it("streams SSE without an envelope", async () => {
    const emulator = createWorkersAIEmulator();
    const response = await emulator.fetch(runUrl(LLAMA), postJson({ messages, stream: true }));
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const events = sseEvents(await response.text());
    expect(legacyText(events)).toBe("hello rest");
    expect(events.at(-1)).toBe("[DONE]");
  });

  it("answers gpt-oss Responses input with JSON even for stream:true", async () => {
    const emulator = createWorkersAIEmulator();
    const response = await emulator.fetch(runUrl(GPT_OSS), postJson({ input: "hi", stream: true }));
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(((await response.json()) as Json).result.object).toBe("response");
  });

  it("requires the API token when configured, without echoing it", async () => {
    const emulator = createWorkersAIEmulator({ apiToken: "secret-token" });
    const denied = await emulator.fetch(
      runUrl(LLAMA),
      postJson({ messages }, { authorization: "Bearer wrong" }),
    );
    expect(denied.status).toBe(401);
    const text = await denied.text();
    expect(JSON.parse(text)).toEqual({
      result: null,
      success: false,
      errors: [{ code: 10000, message: "Authentication error" }],
      messages: [],
    });
    expect(text).not.toContain("secret-token");
    expect(text).not.toContain("wrong");
    const ok = await emulator.fetch(
      runUrl(LLAMA),
      postJson({ messages }, { Authorization: "Bearer secret-token" }),
    );
    expect(ok.status).toBe(200);
    expect(emulator.requests[1].headers.authorization).toBe("Bearer secret-token");
  });

  it("routes other account ids to a 7003 404", async () => {
    const emulator = createWorkersAIEmulator({ accountId: "acct-1" });
    const response = await emulator.fetch(runUrl(LLAMA, "acct-2"), postJson({ messages }));
    expect(response.status).toBe(404);
    const body = (await response.json()) as Json;
    expect(body.errors[0].code).toBe(7003);
    expect(body.errors[0].message).toMatch(/^Could not route to \/client\/v4\/accounts\/acct-2\/ai\/run\//);
    const ok = await emulator.fetch(runUrl(LLAMA, "acct-1"), postJson({ messages }));
    expect(ok.status).toBe(200);
  });

  it("reports unknown models as 5007 with HTTP 400", async () => {
    const emulator = createWorkersAIEmulator();
    const response = await emulator.fetch(runUrl("@cf/nobody/nothing"), postJson({ prompt: "x" }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as Json).errors).toEqual([
      { code: 5007, message: "No such model @cf/nobody/nothing or task" },
    ]);
  });

  it.each([
    ["an encoded ../ segment", "@cf%2F..%2F..%2Fadmin"],
    ["an encoded ?", "@cf/meta/llama%3Fx=1"],
    ["an encoded #", "@cf/meta/llama%23frag"],
    ["a lone .. after decoding", "%2E%2E%2Fsecrets"],
  ])("rejects a model id with %s (400)", async (_label, raw) => {
    const emulator = createWorkersAIEmulator();
    const response = await emulator.fetch(`${BASE}/ai/run/${raw}`, postJson({ prompt: "x" }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as Json).errors[0].code).toBe(3042);
  });

  it("decodes the model id once", async () => {
    const emulator = createWorkersAIEmulator();
    const response = await emulator.fetch(
      `${BASE}/ai/run/%40cf%2Fmeta%2Fllama-3.3-70b-instruct-fp8-fast`,
      postJson({ prompt: "x" }),
    );
    expect(response.status).toBe(200);
    expect(emulator.requests[0].model).toBe(LLAMA);
  });

  it("rejects invalid JSON bodies and missing bodies", async () => {
    const emulator = createWorkersAIEmulator();
    const bad = await emulator.fetch(runUrl(LLAMA), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Json).errors[0].code).toBe(8001);
    const empty = await emulator.fetch(runUrl(LLAMA), { method: "POST" });
    expect(((await empty.json()) as Json).errors[0].code).toBe(3003);
  });

  it("maps validation errors to table 5.1", async () => {
    const emulator = createWorkersAIEmulator();
    const response = await emulator.fetch(runUrl(LLAMA), postJson({ prompt: "a", messages }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as Json).errors).toEqual([
      { code: 1001, message: "prompt and messages are mutually exclusive" },
    ]);
  });

  it("takes body options next to the inputs and query options", async () => {
    const emulator = createWorkersAIEmulator();
    await emulator.fetch(
      `${runUrl(LLAMA)}?queueRequest=false`,
      postJson({ messages, options: { rejectIfBusy: true } }),
    );
    expect(emulator.requests[0].inputs).toEqual({ messages });
    expect(emulator.requests[0].options).toEqual({ queueRequest: false, rejectIfBusy: true });
  });

  it("records the request log entry", async () => {
    const emulator = createWorkersAIEmulator();
    const init = postJson({ messages }, { "X-Session-Affinity": "sess", "cf-aig-metadata": '{"a":1}' });
    await emulator.fetch(runUrl(LLAMA), init);
    const entry = emulator.requests[0];
    expect(entry).toMatchObject({
      transport: "rest",
      model: LLAMA,
      inputs: { messages },
      url: runUrl(LLAMA),
      method: "POST",
      contentType: "application/json",
      bodyBytes: JSON.stringify({ messages }).length,
    });
    expect(entry.headers["x-session-affinity"]).toBe("sess");
    expect(entry.headers["cf-aig-metadata"]).toBe('{"a":1}');
  });

  it("accepts raw audio bodies for whisper and nova-3", async () => {
    const emulator = createWorkersAIEmulator();
    const wav = new Uint8Array(encodeWav(new Float32Array(16000 * 2), 16000));
    const whisper = await emulator.fetch(runUrl("@cf/openai/whisper"), {
      method: "POST",
      headers: { "content-type": "audio/wav" },
      body: wav,
    });
    const result = ((await whisper.json()) as Json).result;
    expect(result.text).toMatch(/^[A-Z][a-z ]+\.$/);
    expect(result.words.at(-1).end).toBe(2);
    const nova = await emulator.fetch(`${runUrl("@cf/deepgram/nova-3")}?diarize=true&detect_language=true`, {
      method: "POST",
      headers: { "content-type": "audio/wav" },
      body: wav,
    });
    const channel = ((await nova.json()) as Json).result.results.channels[0];
    expect(channel.detected_language).toBe("en");
    expect(channel.alternatives[0].words[0].speaker).toBe(0);
    expect(emulator.requests[1].inputs).toMatchObject({ diarize: true, detect_language: true });
    expect(emulator.requests[1].bodyBytes).toBe(wav.length);
  });

  it("returns binary outputs as raw bytes with their content type", async () => {
    const emulator = createWorkersAIEmulator();
    const png = await emulator.fetch(
      runUrl("@cf/stabilityai/stable-diffusion-xl-base-1.0"),
      postJson({ prompt: "a red fox", width: 256, height: 256 }),
    );
    expect(png.headers.get("content-type")).toBe("image/png");
    const bytes = new Uint8Array(await png.arrayBuffer());
    expect([...bytes.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const audio = await emulator.fetch(runUrl("@cf/deepgram/aura-2-en"), postJson({ text: "hello there" }));
    expect(audio.headers.get("content-type")).toBe("audio/mpeg");
    expect([...new Uint8Array(await audio.arrayBuffer()).slice(0, 2)]).toEqual([0xff, 0xfb]);
  });

  it("accepts multipart form data for FLUX.2", async () => {
    const emulator = createWorkersAIEmulator();
    const form = new FormData();
    form.append("prompt", "a lighthouse");
    form.append("width", "320");
    form.append("height", "200");
    const response = await emulator.fetch(runUrl("@cf/black-forest-labs/flux-2-klein-4b"), {
      method: "POST",
      body: form,
    });
    const image = Buffer.from(((await response.json()) as Json).result.image, "base64");
    expect(image.readUInt32BE(16)).toBe(320);
    expect(image.readUInt32BE(20)).toBe(200);
    expect(emulator.requests[0].contentType).toMatch(/^multipart\/form-data; boundary=/);
  });

  it("serves the model catalog search", async () => {
    const emulator = createWorkersAIEmulator();
    const response = await emulator.fetch(`${BASE}/ai/models/search?task=Text%20Embeddings`);
    const body = (await response.json()) as Json;
    expect(body.success).toBe(true);
    expect(body.result.map((m: Json) => m.name)).toContain("@cf/baai/bge-m3");
    expect(body.result.every((m: Json) => m.task.name === "Text Embeddings")).toBe(true);
  });

  it("answers unknown paths with 7003", async () => {
    const emulator = createWorkersAIEmulator();
    const response = await emulator.fetch("https://api.cloudflare.com/elsewhere", { method: "POST" });
    expect(response.status).toBe(404);
    expect(((await response.json()) as Json).errors[0].code).toBe(7003);
  });
});

describe("OpenAI-compatible endpoints", () => {
  it("serves /ai/v1/chat/completions in the chat shape for every family", async () => {
    const emulator = createWorkersAIEmulator();
    const response = await emulator.fetch(
      `${BASE}/ai/v1/chat/completions`,
      postJson({ model: LLAMA, messages }),
    );
    const body = (await response.json()) as Json;
    expect(body.object).toBe("chat.completion");
    expect(body.choices[0].message.content).toBe("hello rest");
    expect(emulator.requests[0].model).toBe(LLAMA);
  });

  it("streams /ai/v1/chat/completions", async () => {
    const emulator = createWorkersAIEmulator();
    const response = await emulator.fetch(
      `${BASE}/ai/v1/chat/completions`,
      postJson({ model: KIMI, messages, stream: true }),
    );
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(deltaText(sseEvents(await response.text()))).toBe("hello rest");
  });

  it("serves /ai/v1/embeddings", async () => {
    const emulator = createWorkersAIEmulator();
    const response = await emulator.fetch(
      `${BASE}/ai/v1/embeddings`,
      postJson({ model: "@cf/baai/bge-large-en-v1.5", input: ["a", "b c"] }),
    );
    const body = (await response.json()) as Json;
    expect(body.object).toBe("list");
    expect(body.data).toHaveLength(2);
    expect(body.data[1].index).toBe(1);
    expect(body.data[0].embedding).toHaveLength(1024);
    expect(body.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
  });

  it("serves /ai/v1/responses with typed stream events", async () => {
    const emulator = createWorkersAIEmulator();
    const plain = await emulator.fetch(
      `${BASE}/ai/v1/responses`,
      postJson({ model: GPT_OSS, input: "Repeat: hey" }),
    );
    expect(((await plain.json()) as Json).output_text).toBe("hey");
    const streamed = await emulator.fetch(
      `${BASE}/ai/v1/responses`,
      postJson({ model: GPT_OSS, input: "Repeat: hey", stream: true }),
    );
    const events = sseEvents(await streamed.text()) as Json[];
    expect(events[0].type).toBe("response.created");
    expect(events.at(-1)?.type).toBe("response.completed");
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const text = events
      .filter((e) => e.type === "response.output_text.delta")
      .map((e) => e.delta)
      .join("");
    expect(text).toBe("hey");
  });

  it("requires a model", async () => {
    const emulator = createWorkersAIEmulator();
    const response = await emulator.fetch(`${BASE}/ai/v1/chat/completions`, postJson({ messages }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as Json).errors[0].code).toBe(8001);
  });
});

describe("listen() on 127.0.0.1", () => {
  const emulator = createWorkersAIEmulator({ apiToken: "tok" });
  let server: EmulatorServer;
  beforeAll(async () => {
    server = await emulator.listen();
  });
  afterAll(async () => {
    await server.close();
  });

  it("serves the REST API over real HTTP", async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
    const response = await fetch(
      `${server.url}/client/v4/accounts/emulator-account/ai/run/${LLAMA}`,
      postJson({ messages }, { authorization: "Bearer tok" }),
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as Json).result.response).toBe("hello rest");
    expect(emulator.requests.at(-1)?.headers.host).toBe(`127.0.0.1:${server.port}`);
  });

  it("streams SSE over real HTTP", async () => {
    const response = await fetch(
      `${server.url}/client/v4/accounts/emulator-account/ai/v1/chat/completions`,
      postJson({ model: KIMI, messages, stream: true }, { authorization: "Bearer tok" }),
    );
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const events = sseEvents(await response.text());
    expect(deltaText(events)).toBe("hello rest");
    expect(events.at(-1)).toBe("[DONE]");
  });

  it("returns error envelopes over real HTTP", async () => {
    const response = await fetch(
      `${server.url}/client/v4/accounts/emulator-account/ai/run/${LLAMA}`,
      postJson({}),
    );
    expect(response.status).toBe(401);
    expect(((await response.json()) as Json).errors[0].code).toBe(10000);
  });

  it("stops a stalled stream when the client aborts", async () => {
    emulator.script(KIMI, { text: "abcdefgh", stallAfterEvents: 1 });
    const controller = new AbortController();
    const response = await fetch(`${server.url}/client/v4/accounts/emulator-account/ai/run/${KIMI}`, {
      ...postJson({ messages, stream: true }, { authorization: "Bearer tok" }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain("data: ");
    const pending = reader.read();
    controller.abort();
    expect((await pending.catch((e: Error) => e)) as Error).toBeInstanceOf(Error);
  });

  it("accepts raw binary bodies over real HTTP", async () => {
    const response = await fetch(
      `${server.url}/client/v4/accounts/emulator-account/ai/run/@cf/openai/whisper`,
      {
        method: "POST",
        headers: { authorization: "Bearer tok", "content-type": "application/octet-stream" },
        body: new Uint8Array(32000),
      },
    );
    const result = ((await response.json()) as Json).result;
    expect(result.words.at(-1).end).toBe(2);
  });
});
