import { describe, expect, it } from "vitest";
import { createWorkersAIEmulator } from "../../src/testing/index";
import {
  deltaText,
  type Json,
  legacyText,
  postJson,
  rejection,
  runUrl,
  sseEvents,
  streamText,
} from "./helpers";

const LLAMA = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
const KIMI = "@cf/moonshotai/kimi-k2.5";
const GPT_OSS = "@cf/openai/gpt-oss-120b";
const messages = [{ role: "user", content: "Repeat: hello" }];

describe("scripted content", () => {
  it("replies with scripted text, reasoning and usage in the model's family", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(KIMI, {
      text: "Paris.",
      reasoning: "Capital of France.",
      usage: { prompt_tokens: 10, completion_tokens: 7, cached_tokens: 3, reasoning_tokens: 2 },
    });
    const result = (await emulator.binding.run(KIMI, { messages })) as Json;
    expect(result.choices[0].message).toEqual({
      role: "assistant",
      content: "Paris.",
      refusal: null,
      reasoning_content: "Capital of France.",
    });
    expect(result.usage).toEqual({
      prompt_tokens: 10,
      completion_tokens: 7,
      total_tokens: 17,
      prompt_tokens_details: { cached_tokens: 3 },
      completion_tokens_details: { reasoning_tokens: 2 },
    });
  });

  it("consumes replies FIFO, one per run, then falls back to the built-in model", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(LLAMA, { text: "first" }, { text: "second" });
    const texts: string[] = [];
    for (let i = 0; i < 3; i++)
      texts.push(((await emulator.binding.run(LLAMA, { messages })) as Json).response);
    expect(texts).toEqual(["first", "second", "hello"]);
  });

  it("matches any model with '*' after the model's own queue", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script("*", { text: "wild" });
    emulator.script(KIMI, { text: "own" });
    expect(((await emulator.binding.run(KIMI, { messages })) as Json).choices[0].message.content).toBe("own");
    expect(((await emulator.binding.run(LLAMA, { messages })) as Json).response).toBe("wild");
  });

  it("renders scripted tool calls as legacy objects and chat-completions strings", async () => {
    const emulator = createWorkersAIEmulator();
    const call = { name: "lookup", arguments: { q: "x" }, id: "call_abc" };
    emulator.script(LLAMA, { toolCalls: [call] });
    emulator.script(KIMI, { toolCalls: [call] });
    const legacy = (await emulator.binding.run(LLAMA, { messages })) as Json;
    expect(legacy.tool_calls).toEqual([{ name: "lookup", arguments: { q: "x" } }]);
    const openai = (await emulator.binding.run(KIMI, { messages })) as Json;
    expect(openai.choices[0].message.tool_calls).toEqual([
      { id: "call_abc", type: "function", function: { name: "lookup", arguments: '{"q":"x"}' } },
    ]);
    expect(openai.choices[0].finish_reason).toBe("tool_calls");
  });

  it("uses kimi-style ids that restart every turn", async () => {
    const emulator = createWorkersAIEmulator();
    const reply = {
      toolCalls: [
        { name: "a", arguments: {} },
        { name: "b", arguments: {} },
      ],
      toolCallIdStyle: "kimi" as const,
    };
    emulator.script(GPT_OSS, reply, reply);
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const result = (await emulator.binding.run(GPT_OSS, { messages })) as Json;
      ids.push(...result.choices[0].message.tool_calls.map((c: Json) => c.id));
    }
    expect(ids).toEqual(["functions.a:0", "functions.b:1", "functions.a:0", "functions.b:1"]);
  });

  it("leaks a tool call as content text (gpt-oss quirk)", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(GPT_OSS, {
      toolCalls: [{ name: "get_weather", arguments: { city: "Oslo" } }],
      leakToolCallAsText: true,
    });
    const result = (await emulator.binding.run(GPT_OSS, { messages })) as Json;
    expect(result.choices[0].message.tool_calls).toBeUndefined();
    expect(JSON.parse(result.choices[0].message.content)).toEqual({
      name: "get_weather",
      arguments: { city: "Oslo" },
    });
    expect(result.choices[0].finish_reason).toBe("stop");
  });

  it("renders json as JSON text in legacy response and chat-completions content (published output schemas: strings)", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(LLAMA, { json: { ok: true } });
    emulator.script(KIMI, { json: { ok: true } });
    expect(((await emulator.binding.run(LLAMA, { messages })) as Json).response).toBe('{"ok":true}');
    expect(((await emulator.binding.run(KIMI, { messages })) as Json).choices[0].message.content).toBe(
      '{"ok":true}',
    );
  });

  it("uses the scripted family over the model's", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(LLAMA, { family: "responses", text: "resp" });
    const result = (await emulator.binding.run(LLAMA, { messages })) as Json;
    expect(result.object).toBe("response");
    expect(result.output_text).toBe("resp");
  });

  it("streams exact tokens", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(KIMI, { tokens: ["Hel", "lo", " wor", "ld"] });
    const events = sseEvents(await streamText(await emulator.binding.run(KIMI, { messages, stream: true })));
    const pieces = (events.filter((e) => e !== "[DONE]") as Json[])
      .map((e) => e.choices?.[0]?.delta?.content)
      .filter(Boolean);
    expect(pieces).toEqual(["Hel", "lo", " wor", "ld"]);
  });

  it("uses chunkSize for streamed pieces", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(LLAMA, { text: "abcdefghij", chunkSize: 5 });
    const events = sseEvents(await streamText(await emulator.binding.run(LLAMA, { messages, stream: true })));
    expect(events.slice(0, 2).map((e) => (e as Json).response)).toEqual(["abcde", "fghij"]);
  });

  it("serves custom model handlers and scripts override them", async () => {
    const emulator = createWorkersAIEmulator({
      models: {
        "@cf/acme/custom": (req) => ({ json: { echoed: req.inputs.prompt, transport: req.transport } }),
        "@cf/acme/sse": () => ({ events: [{ response: "a" }, { response: "b" }] }),
      },
    });
    expect(await emulator.binding.run("@cf/acme/custom", { prompt: "p" })).toEqual({
      echoed: "p",
      transport: "binding",
    });
    const events = sseEvents(await streamText(await emulator.binding.run("@cf/acme/sse", {})));
    expect(events).toEqual([{ response: "a" }, { response: "b" }, "[DONE]"]);
    emulator.script("@cf/acme/custom", { text: "scripted" });
    expect(((await emulator.binding.run("@cf/acme/custom", { prompt: "p" })) as Json).response).toBe(
      "scripted",
    );
    const models = await emulator.binding.models({ search: "acme" });
    expect(models.map((m) => m.name)).toEqual(["@cf/acme/custom", "@cf/acme/sse"]);
  });
});

describe("scripted faults", () => {
  it("fails before any byte: binding throws name and '<code>: <text>'", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(LLAMA, { error: { code: 3040 } });
    const error = await rejection(emulator.binding.run(LLAMA, { messages }));
    expect(error.name).toBe("InferenceUpstreamError");
    expect(error.message).toBe("3040: Capacity temporarily exceeded, please try again.");
  });

  it("fails before any byte over REST with the envelope, status and Retry-After", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(
      LLAMA,
      { error: { code: 3040 } },
      { error: { code: 8001, message: "bad thing", status: 422 } },
    );
    const busy = await emulator.fetch(runUrl(LLAMA), postJson({ messages, stream: true }));
    expect(busy.status).toBe(429);
    expect(busy.headers.get("retry-after")).toBe("1");
    expect(await busy.json()).toEqual({
      result: null,
      success: false,
      errors: [{ code: 3040, message: "Capacity temporarily exceeded, please try again." }],
      messages: [],
    });
    const custom = await emulator.fetch(runUrl(LLAMA), postJson({ messages }));
    expect(custom.status).toBe(422);
    expect(custom.headers.get("retry-after")).toBeNull();
    expect(((await custom.json()) as Json).errors).toEqual([{ code: 8001, message: "bad thing" }]);
  });

  it("sends a mid-stream error event after N events, then closes", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(KIMI, { text: "abcdefghijkl", error: { code: 3007, afterEvents: 2 } });
    const events = sseEvents(await streamText(await emulator.binding.run(KIMI, { messages, stream: true })));
    expect(events).toHaveLength(3);
    expect(events[2]).toEqual({ error: { code: 3007, message: "Request timeout" } });
  });

  it("drops the stream after N events without [DONE] or finish", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(LLAMA, { text: "abcdefghijklmnop", dropAfterEvents: 2 });
    const events = sseEvents(await streamText(await emulator.binding.run(LLAMA, { messages, stream: true })));
    expect(events).toEqual([
      { response: "abcd", p: expect.any(String) },
      { response: "efgh", p: expect.any(String) },
    ]);
  });

  it("delays events (slow stream)", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(LLAMA, { text: "abcdefgh", delayMs: 15 });
    const started = Date.now();
    const text = await streamText(await emulator.binding.run(LLAMA, { messages, stream: true }));
    expect(legacyText(sseEvents(text))).toBe("abcdefgh");
    expect(Date.now() - started).toBeGreaterThanOrEqual(4 * 15 - 5);
  });

  it("delays a non-stream reply and aborts during the delay", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(LLAMA, { text: "late", delayMs: 5_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await rejection(emulator.binding.run(LLAMA, { messages }, { signal: controller.signal }));
    expect(error.name).toBe("AbortError");
  });

  it("stalls a stream until the signal aborts it", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(KIMI, { text: "abcdefghijkl", stallAfterEvents: 2 });
    const controller = new AbortController();
    const stream = (await emulator.binding.run(
      KIMI,
      { messages, stream: true },
      { signal: controller.signal },
    )) as ReadableStream<Uint8Array>;
    const reader = stream.getReader();
    await reader.read();
    await reader.read();
    const pending = reader.read();
    setTimeout(() => controller.abort(), 20);
    const error = await rejection(pending);
    expect(error.name).toBe("AbortError");
  });

  it("stalls a REST stream until the request signal aborts", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(KIMI, { text: "abcdefgh", stallAfterEvents: 1 });
    const controller = new AbortController();
    const response = await emulator.fetch(runUrl(KIMI), {
      ...postJson({ messages, stream: true }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain("chat.completion.chunk");
    const pending = reader.read();
    controller.abort();
    expect((await rejection(pending)).name).toBe("AbortError");
  });

  it("answers a stream request with JSON when contentType is application/json", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(KIMI, { text: "json!", contentType: "application/json" });
    const result = (await emulator.binding.run(KIMI, { messages, stream: true })) as Json;
    expect(result.object).toBe("chat.completion");
    expect(result.choices[0].message.content).toBe("json!");
    emulator.script(KIMI, { text: "json!", contentType: "application/json" });
    const rest = await emulator.fetch(runUrl(KIMI), postJson({ messages, stream: true }));
    expect(rest.headers.get("content-type")).toBe("application/json");
    expect(((await rest.json()) as Json).result.choices[0].message.content).toBe("json!");
  });

  it("labels a stream with a wrong content type", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(KIMI, { text: "x", contentType: "text/html" });
    const rest = await emulator.fetch(runUrl(KIMI), postJson({ messages, stream: true }));
    expect(rest.headers.get("content-type")).toBe("text/html");
    expect(deltaText(sseEvents(await rest.text()))).toBe("x");
  });

  it("replies with a raw body and status", async () => {
    const emulator = createWorkersAIEmulator();
    const raw = { rawBody: "<html>bad gateway</html>", status: 502, contentType: "text/html" };
    emulator.script(LLAMA, raw, raw);
    const rest = await emulator.fetch(runUrl(LLAMA), postJson({ messages }));
    expect(rest.status).toBe(502);
    expect(rest.headers.get("content-type")).toBe("text/html");
    expect(await rest.text()).toBe("<html>bad gateway</html>");
    const error = await rejection(emulator.binding.run(LLAMA, { messages }));
    expect(error.name).toBe("InferenceUpstreamError");
    expect(error.message).toBe("<html>bad gateway</html>");
  });

  it("applies scripted headers and a REST errors envelope raw body through the binding", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script(LLAMA, {
      rawBody: JSON.stringify({ errors: [{ code: 3036, message: "Account limited" }] }),
      status: 429,
      headers: { "Content-Type": "application/json", "X-Extra": "1" },
    });
    const error = await rejection(emulator.binding.run(LLAMA, { messages }));
    expect(error.message).toBe("3036: Account limited");
    emulator.script(LLAMA, { text: "ok", headers: { "X-Extra": "2" } });
    const raw = (await emulator.binding.run(LLAMA, { messages }, { returnRawResponse: true })) as Response;
    expect(raw.headers.get("x-extra")).toBe("2");
  });

  it("scripts non-chat models with json", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script("@cf/baai/bge-small-en-v1.5", { json: { shape: [1, 2], data: [[0.1, 0.2]] } });
    expect(await emulator.binding.run("@cf/baai/bge-small-en-v1.5", { text: "x" })).toEqual({
      shape: [1, 2],
      data: [[0.1, 0.2]],
    });
  });
});
