import { describe, expect, it } from "vitest";
import { createWorkersAIEmulator } from "../../src/testing/index";
import { deltaText, type Json, postJson, rejection, sseEvents, streamText } from "./helpers";

const LLAMA = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
const GW = "https://gateway.ai.cloudflare.com/v1/emulator-account/my-gw";
const messages = [{ role: "user", content: "Repeat: hi gateway" }];

describe("AI Gateway URL forms", () => {
  it("serves the Workers AI provider path with envelope and cf-aig headers", async () => {
    const emulator = createWorkersAIEmulator();
    const response = await emulator.fetch(`${GW}/workers-ai/${LLAMA}`, postJson({ messages }));
    expect(response.status).toBe(200);
    expect(((await response.json()) as Json).result.response).toBe("hi gateway");
    expect(response.headers.get("cf-aig-log-id")).toMatch(/^01[0-9A-F]{24}$/);
    expect(response.headers.get("cf-aig-cache-status")).toBe("MISS");
    expect(response.headers.get("cf-ai-req-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(emulator.requests[0]).toMatchObject({ transport: "gateway", model: LLAMA });
  });

  it("accepts the /workers-ai/run/<model> variant", async () => {
    const emulator = createWorkersAIEmulator();
    const response = await emulator.fetch(`${GW}/workers-ai/run/${LLAMA}`, postJson({ prompt: "Repeat: x" }));
    expect(((await response.json()) as Json).result.response).toBe("x");
  });

  it("serves workers-ai/v1/chat/completions and compat/chat/completions", async () => {
    const emulator = createWorkersAIEmulator();
    const direct = await emulator.fetch(
      `${GW}/workers-ai/v1/chat/completions`,
      postJson({ model: LLAMA, messages }),
    );
    expect(((await direct.json()) as Json).choices[0].message.content).toBe("hi gateway");
    const compat = await emulator.fetch(
      `${GW}/compat/chat/completions`,
      postJson({ model: `workers-ai/${LLAMA}`, messages, stream: true }),
    );
    expect(deltaText(sseEvents(await compat.text()))).toBe("hi gateway");
    expect(emulator.requests[1].model).toBe(LLAMA);
  });

  it("serves third-party models through compat and provider paths", async () => {
    const emulator = createWorkersAIEmulator();
    const compat = await emulator.fetch(
      `${GW}/compat/chat/completions`,
      postJson({ model: "openai/gpt-5-mini", messages }),
    );
    const body = (await compat.json()) as Json;
    expect(body.model).toBe("openai/gpt-5-mini");
    expect(body.choices[0].message.content).toBe("hi gateway");
    const provider = await emulator.fetch(
      `${GW}/anthropic/v1/chat/completions`,
      postJson({ model: "claude-x", messages }),
    );
    expect(((await provider.json()) as Json).model).toBe("anthropic/claude-x");
  });

  it("requires the gateway token when configured and the API token for workers-ai", async () => {
    const emulator = createWorkersAIEmulator({ gatewayToken: "gw-secret", apiToken: "cf-secret" });
    const noGateway = await emulator.fetch(`${GW}/workers-ai/${LLAMA}`, postJson({ messages }));
    expect(noGateway.status).toBe(401);
    const text = await noGateway.text();
    expect(JSON.parse(text).errors[0]).toEqual({ code: 2009, message: "Unauthorized" });
    expect(text).not.toContain("secret");
    const noApi = await emulator.fetch(
      `${GW}/workers-ai/${LLAMA}`,
      postJson({ messages }, { "cf-aig-authorization": "Bearer gw-secret" }),
    );
    expect(noApi.status).toBe(401);
    expect(((await noApi.json()) as Json).errors[0].code).toBe(10000);
    const ok = await emulator.fetch(
      `${GW}/workers-ai/${LLAMA}`,
      postJson(
        { messages },
        { "cf-aig-authorization": "Bearer gw-secret", authorization: "Bearer cf-secret" },
      ),
    );
    expect(ok.status).toBe(200);
    expect(emulator.requests.at(-1)?.headers["cf-aig-authorization"]).toBe("Bearer gw-secret");
  });

  it("reports HIT for a repeated cacheable request and MISS when skipping", async () => {
    const emulator = createWorkersAIEmulator();
    const init = () => postJson({ messages }, { "cf-aig-cache-ttl": "3600" });
    const first = await emulator.fetch(`${GW}/workers-ai/${LLAMA}`, init());
    const second = await emulator.fetch(`${GW}/workers-ai/${LLAMA}`, init());
    expect(first.headers.get("cf-aig-cache-status")).toBe("MISS");
    expect(second.headers.get("cf-aig-cache-status")).toBe("HIT");
    expect(await second.json()).toEqual(await first.json());
    expect(second.headers.get("cf-aig-log-id")).not.toBe(first.headers.get("cf-aig-log-id"));
    expect(emulator.requests.map((r) => [r.transport, r.model])).toEqual([
      ["gateway", LLAMA],
      ["gateway", LLAMA],
    ]);
    const skipped = await emulator.fetch(
      `${GW}/workers-ai/${LLAMA}`,
      postJson({ messages }, { "cf-aig-cache-ttl": "3600", "cf-aig-skip-cache": "true" }),
    );
    expect(skipped.headers.get("cf-aig-cache-status")).toBe("MISS");
    const otherBody = await emulator.fetch(
      `${GW}/workers-ai/${LLAMA}`,
      postJson({ prompt: "other" }, { "cf-aig-cache-ttl": "3600" }),
    );
    expect(otherBody.headers.get("cf-aig-cache-status")).toBe("MISS");
    const noTtl = await emulator.fetch(`${GW}/workers-ai/${LLAMA}`, postJson({ messages }));
    expect(noTtl.headers.get("cf-aig-cache-status")).toBe("MISS");
  });

  it("tries universal entries in order and sets cf-aig-step", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script("@cf/meta/llama-3.1-8b-instruct", { error: { code: 3040 } });
    const response = await emulator.fetch(
      GW,
      postJson([
        {
          provider: "workers-ai",
          endpoint: "@cf/meta/llama-3.1-8b-instruct",
          headers: {},
          query: { messages },
        },
        {
          provider: "workers-ai",
          endpoint: LLAMA,
          headers: { Authorization: "Bearer x" },
          query: { messages },
        },
      ]),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("cf-aig-step")).toBe("1");
    expect(((await response.json()) as Json).result.response).toBe("hi gateway");
    expect(emulator.requests.map((r) => r.model)).toEqual(["@cf/meta/llama-3.1-8b-instruct", LLAMA]);
    expect(emulator.requests[1].headers.authorization).toBe("Bearer x");
  });

  it("returns the last failure when every universal entry fails", async () => {
    const emulator = createWorkersAIEmulator();
    const response = await emulator.fetch(
      GW,
      postJson([
        { provider: "workers-ai", endpoint: "@cf/no/one", query: { prompt: "x" } },
        { provider: "workers-ai", endpoint: "@cf/no/two", query: { prompt: "x" } },
      ]),
    );
    expect(response.status).toBe(400);
    expect(response.headers.get("cf-aig-step")).toBe("1");
    expect(((await response.json()) as Json).errors[0].message).toBe("No such model @cf/no/two or task");
  });
});

describe("binding with a gateway", () => {
  it("sets aiGatewayLogId, and getLog/patchLog read and update the log", async () => {
    const emulator = createWorkersAIEmulator();
    await emulator.binding.run(
      LLAMA,
      { messages },
      { gateway: { id: "gw1", metadata: { user: "u1" }, unknownField: 1 } },
    );
    const logId = emulator.binding.aiGatewayLogId;
    expect(logId).toMatch(/^01/);
    const gateway = emulator.binding.gateway("gw1");
    const log = await gateway.getLog(logId!);
    expect(log).toMatchObject({
      id: logId,
      provider: "workers-ai",
      model: LLAMA,
      status_code: 200,
      success: true,
      cached: false,
    });
    expect(log.metadata).toEqual({ user: "u1" });
    expect(log.tokens_in).toBe(3);
    expect(log.created_at).toBeInstanceOf(Date);
    await gateway.patchLog(logId!, { feedback: 1, score: 90 });
    expect(await gateway.getLog(logId!)).toMatchObject({ feedback: 1, score: 90 });
    const missing = await rejection(gateway.getLog("nope"));
    expect(missing.name).toBe("AiGatewayLogNotFound");
    expect(emulator.requests[0].options).toMatchObject({ gateway: { id: "gw1" } });
  });

  it("caches binding calls with cacheTtl (raw response shows HIT)", async () => {
    const emulator = createWorkersAIEmulator();
    const opts = { gateway: { id: "gw1", cacheTtl: 120 }, returnRawResponse: true };
    const first = (await emulator.binding.run(LLAMA, { messages }, opts)) as Response;
    const second = (await emulator.binding.run(LLAMA, { messages }, opts)) as Response;
    expect(first.headers.get("cf-aig-cache-status")).toBe("MISS");
    expect(second.headers.get("cf-aig-cache-status")).toBe("HIT");
  });

  it("refuses stream inputs combined with a gateway", async () => {
    const emulator = createWorkersAIEmulator();
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array(10));
        c.close();
      },
    });
    const error = await rejection(
      emulator.binding.run(
        "@cf/deepgram/nova-3",
        { audio: { body, contentType: "audio/wav" } },
        { gateway: { id: "g" } },
      ),
    );
    expect(error.message).toBe("AI Gateway does not support ReadableStreams yet.");
  });

  it("runs universal entries through gateway(id).run with mapped headers", async () => {
    const emulator = createWorkersAIEmulator();
    const gateway = emulator.binding.gateway("gw2");
    const response = await gateway.run(
      [
        {
          provider: "workers-ai",
          endpoint: LLAMA,
          headers: { authorization: "Bearer t" },
          query: { prompt: "Repeat: p" },
        },
      ],
      {
        gateway: { id: "gw2", skipCache: true, cacheTtl: 60, retries: { maxAttempts: 2 } },
        extraHeaders: { "x-a": "b" },
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("cf-aig-step")).toBe("0");
    expect(((await response.json()) as Json).result.response).toBe("p");
    expect(emulator.requests[0].headers).toMatchObject({
      "cf-aig-skip-cache": "true",
      "cf-aig-cache-ttl": "60",
      "cf-aig-max-attempts": "2",
      "x-a": "b",
      authorization: "Bearer t",
    });
    expect(await gateway.getUrl()).toBe("https://gateway.ai.cloudflare.com/v1/emulator-account/gw2");
    expect(await gateway.getUrl("openai")).toBe(
      "https://gateway.ai.cloudflare.com/v1/emulator-account/gw2/openai",
    );
  });

  it("refuses third-party models without a gateway", async () => {
    const emulator = createWorkersAIEmulator();
    const error = await rejection(emulator.binding.run("openai/gpt-5", { messages }));
    expect(error.message).toBe("5007: No such model openai/gpt-5 or task");
  });
});

describe("resumable streams", () => {
  it("carries cf-aig-run-id and replays events from ?from=N", async () => {
    const emulator = createWorkersAIEmulator();
    emulator.script("openai/gpt-5", { text: "abcdefghijklmnop", dropAfterEvents: 3 });
    const response = (await emulator.binding.run(
      "openai/gpt-5",
      { messages, stream: true },
      { gateway: { id: "gw" }, returnRawResponse: true },
    )) as Response;
    const runId = response.headers.get("cf-aig-run-id");
    expect(runId).toMatch(/^[0-9a-f-]{36}$/);
    const dropped = sseEvents(await response.text());
    expect(dropped).toHaveLength(3);
    expect(dropped).not.toContain("[DONE]");
    const resumed = await emulator.binding.fetch(
      `https://workers-binding.ai/ai-gateway/gateways/gw/run/${runId}/resume?from=3`,
    );
    expect(resumed.headers.get("content-type")).toBe("text/event-stream");
    const rest = sseEvents(await resumed.text());
    expect(rest.at(-1)).toBe("[DONE]");
    expect(deltaText([...dropped, ...rest])).toBe("abcdefghijklmnop");
    const full = sseEvents(
      await (
        await emulator.binding.fetch(
          `https://workers-binding.ai/ai-gateway/gateways/gw/run/${runId}/resume?from=0`,
        )
      ).text(),
    );
    expect(full.slice(0, 3)).toEqual(dropped);
  });

  it("returns the stream itself from run() without returnRawResponse", async () => {
    const emulator = createWorkersAIEmulator();
    const stream = await emulator.binding.run(
      "anthropic/claude-x",
      { messages, stream: true },
      { gateway: { id: "gw" } },
    );
    expect(deltaText(sseEvents(await streamText(stream)))).toBe("hi gateway");
  });

  it("answers 404 Request not found for unknown or expired runs", async () => {
    const emulator = createWorkersAIEmulator({ resumeTtlMs: 10 });
    const response = (await emulator.binding.run(
      "openai/gpt-5",
      { messages, stream: true },
      { gateway: { id: "gw" }, returnRawResponse: true },
    )) as Response;
    const runId = response.headers.get("cf-aig-run-id");
    await response.text();
    const unknown = await emulator.binding.fetch(
      "https://workers-binding.ai/ai-gateway/gateways/gw/run/nope/resume?from=0",
    );
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: "Request not found" });
    await new Promise((r) => setTimeout(r, 25));
    const expired = await emulator.binding.fetch(
      `https://workers-binding.ai/ai-gateway/gateways/gw/run/${runId}/resume?from=0`,
    );
    expect(expired.status).toBe(404);
    expect(await expired.json()).toEqual({ error: "Request not found" });
  });

  it("does not make @cf models resumable", async () => {
    const emulator = createWorkersAIEmulator();
    const response = (await emulator.binding.run(
      LLAMA,
      { messages, stream: true },
      { gateway: { id: "gw" }, returnRawResponse: true },
    )) as Response;
    expect(response.headers.get("cf-aig-run-id")).toBeNull();
    expect(response.headers.get("cf-aig-log-id")).toMatch(/^01/);
    await response.body?.cancel();
  });
});
