import { APICallError } from "@ai-sdk/provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRestTransport } from "../../src/transport/rest";
import { secretHeaderValues } from "../../src/transport/secrets";
import { readAllBytes } from "../../src/transport/streams";
import type { WorkersAIReply } from "../../src/transport/types";
import { startTestServer, type TestServer } from "../helpers/http-server";

const TOKEN = "canary-api-token-0123456789";
const GATEWAY_TOKEN = "canary-gateway-token-987654";
const BYOK = "canary-byok-key-abcdef";

type Handler = (request: Request) => Response | Promise<Response>;
let handler: Handler = () => new Response("unset", { status: 500 });
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer((request) => handler(request));
});
afterAll(() => server.close());

function transport(extra: Partial<Parameters<typeof createRestTransport>[0]> = {}) {
  return createRestTransport({
    accountId: () => "acct",
    apiKey: () => TOKEN,
    baseURL: `${server.url}/client/v4`,
    gatewayBaseURL: `${server.url}/gw`,
    ...extra,
  });
}

const json = (value: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(value), {
    ...init,
    headers: { "content-type": "application/json", ...(init.headers as Record<string, string>) },
  });

async function expectError(promise: Promise<unknown>): Promise<APICallError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(APICallError.isInstance(error)).toBe(true);
  return error as APICallError;
}

function assertNoSecrets(error: APICallError) {
  const text = JSON.stringify({
    message: error.message,
    url: error.url,
    body: error.responseBody,
    values: error.requestBodyValues,
    headers: error.responseHeaders,
    data: error.data,
  });
  for (const secret of [TOKEN, GATEWAY_TOKEN, BYOK]) expect(text).not.toContain(secret);
}

describe("REST transport", () => {
  it("posts inputs to /accounts/{account}/ai/run/{model} with the bearer token and unwraps the envelope", async () => {
    handler = () =>
      json(
        { result: { response: "hi" }, success: true, errors: [], messages: [] },
        { headers: { "cf-ai-req-id": "req-1" } },
      );
    const reply = await transport({ headers: () => ({ "X-Default": "d" }) }).run({
      model: "@cf/meta/llama-3.1-8b-instruct",
      inputs: { prompt: "hello" },
      headers: { "x-session-affinity": "s1" },
    });
    expect(reply).toMatchObject({ type: "json", value: { response: "hi" } });
    expect(reply.headers["cf-ai-req-id"]).toBe("req-1");
    const recorded = server.requests.at(-1)!;
    expect(recorded.path).toBe("/client/v4/accounts/acct/ai/run/@cf/meta/llama-3.1-8b-instruct");
    expect(recorded.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(recorded.headers["x-default"]).toBe("d");
    expect(recorded.headers["x-session-affinity"]).toBe("s1");
    expect(recorded.json).toEqual({ prompt: "hello" });
  });

  it("sends rejectIfBusy as a body option, never as a query string", async () => {
    handler = () => json({ result: {}, success: true });
    await transport().run({ model: "@cf/x/y", inputs: { prompt: "p" }, options: { rejectIfBusy: true } });
    const recorded = server.requests.at(-1)!;
    expect(recorded.path).not.toContain("?");
    expect(recorded.json).toEqual({ prompt: "p", options: { rejectIfBusy: true } });
  });

  it("returns SSE replies as a stream", async () => {
    handler = () =>
      new Response('data: {"response":"a"}\n\ndata: [DONE]\n\n', {
        headers: { "content-type": "text/event-stream" },
      });
    const reply = await transport().run({ model: "@cf/x/y", inputs: { prompt: "p", stream: true } });
    expect(reply.type).toBe("stream");
    expect(
      new TextDecoder().decode(
        await readAllBytes((reply as Extract<WorkersAIReply, { type: "stream" }>).stream),
      ),
    ).toContain('"a"');
  });

  it("uses a JSON reply to a streaming request as is, without a second request", async () => {
    handler = () => json({ result: { output_text: "x" }, success: true });
    const before = server.requests.length;
    const reply = await transport().run({
      model: "@cf/openai/gpt-oss-120b",
      inputs: { input: "p", stream: true },
    });
    expect(reply).toMatchObject({ type: "json", value: { output_text: "x" } });
    expect(server.requests.length).toBe(before + 1);
  });

  it("detects SSE sent with a wrong content type", async () => {
    handler = () => new Response('data: {"response":"a"}\n\n', { headers: { "content-type": "text/plain" } });
    const reply = await transport().run({ model: "@cf/x/y", inputs: { stream: true } });
    expect(reply.type).toBe("stream");
  });

  it("returns binary replies as a byte stream with their content type", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    handler = () => new Response(png, { headers: { "content-type": "image/png" } });
    const reply = await transport().run({
      model: "@cf/stabilityai/stable-diffusion-xl-base-1.0",
      inputs: { prompt: "p" },
    });
    expect(reply).toMatchObject({ type: "stream", contentType: "image/png" });
  });

  it("sends raw audio bytes with their content type and other inputs in the query, through the custom fetch", async () => {
    handler = () => json({ result: { text: "ok" }, success: true });
    const calls: string[] = [];
    const audio = new Uint8Array([82, 73, 70, 70, 1, 2, 3, 4]);
    await transport({
      fetch: async (input, init) => {
        calls.push(String(input));
        return fetch(input, init);
      },
    }).run({
      model: "@cf/deepgram/nova-3",
      inputs: { detect_language: true, smart_format: true },
      rawBody: { key: "audio", body: audio, contentType: "audio/wav" },
    });
    const recorded = server.requests.at(-1)!;
    expect(calls).toHaveLength(1);
    expect(recorded.headers["content-type"]).toBe("audio/wav");
    expect([...recorded.body]).toEqual([...audio]);
    expect(recorded.path).toBe(
      "/client/v4/accounts/acct/ai/run/@cf/deepgram/nova-3?detect_language=true&smart_format=true",
    );
  });

  it("sends FormData as multipart with its boundary", async () => {
    handler = () => json({ result: { image: "AAAA" }, success: true });
    const form = new FormData();
    form.set("prompt", "a cat");
    await transport().run({
      model: "@cf/black-forest-labs/flux-2-klein-4b",
      inputs: {},
      rawBody: { key: "multipart", body: form },
    });
    const recorded = server.requests.at(-1)!;
    expect(recorded.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(recorded.text).toContain("a cat");
  });

  it("routes through the AI Gateway provider path with every cf-aig-* header", async () => {
    handler = () =>
      json(
        { result: { response: "hi" }, success: true },
        { headers: { "cf-aig-log-id": "log-1", "cf-aig-cache-status": "HIT" } },
      );
    const reply = await transport({ gateway: { id: "my-gw", cacheTtl: 3600, metadata: { team: "a" } } }).run({
      model: "@cf/meta/llama-3.1-8b-instruct",
      inputs: { prompt: "p" },
      gateway: {
        id: "my-gw",
        skipCache: true,
        cacheKey: "k",
        metadata: { user: 5, big: 10n, a: 1, b: 2, c: 3, d: 4 },
        collectLog: false,
        eventId: "ev",
        requestTimeoutMs: 1500,
        retries: { maxAttempts: 3, retryDelayMs: 200, backoff: "linear" },
        authToken: GATEWAY_TOKEN,
      },
    });
    expect(reply.headers["cf-aig-log-id"]).toBe("log-1");
    const recorded = server.requests.at(-1)!;
    expect(recorded.path).toBe("/gw/acct/my-gw/workers-ai/@cf/meta/llama-3.1-8b-instruct");
    expect(recorded.headers).toMatchObject({
      "cf-aig-skip-cache": "true",
      "cf-aig-cache-ttl": "3600",
      "cf-aig-cache-key": "k",
      "cf-aig-collect-log": "false",
      "cf-aig-event-id": "ev",
      "cf-aig-request-timeout": "1500",
      "cf-aig-max-attempts": "3",
      "cf-aig-retry-delay": "200",
      "cf-aig-backoff": "linear",
      "cf-aig-authorization": `Bearer ${GATEWAY_TOKEN}`,
      authorization: `Bearer ${TOKEN}`,
    });
    const metadata = JSON.parse(recorded.headers["cf-aig-metadata"]);
    expect(Object.keys(metadata)).toHaveLength(5);
    expect(metadata).toMatchObject({ team: "a", user: 5, big: "10" });
    expect(reply.warnings).toContainEqual({
      type: "other",
      message: "AI Gateway keeps at most 5 metadata entries; c, d were dropped.",
    });
  });

  it.each([
    ["../../admin", /path segments/],
    ["@cf/a/../../b", /path segments/],
    ["@cf//x", /path segments/],
  ])("rejects model id %s that would change the path", async (model, message) => {
    await expect(transport().run({ model, inputs: {} })).rejects.toThrow(message);
  });

  it("encodes ? # %2F spaces and CR/LF in model ids so they stay in the path", async () => {
    handler = () => json({ result: {}, success: true });
    await transport().run({ model: "@cf/x/y?admin=1#frag %2F\r\nX-Injected: 1", inputs: {} });
    const recorded = server.requests.at(-1)!;
    expect(
      recorded.path.startsWith(
        "/client/v4/accounts/acct/ai/run/@cf/x/y%3Fadmin%3D1%23frag%20%252F%0D%0AX-Injected",
      ),
    ).toBe(true);
    expect(recorded.headers["x-injected"]).toBeUndefined();
  });

  it("maps the JSON error envelope to an APICallError with the Workers AI code", async () => {
    handler = () =>
      json(
        {
          result: null,
          success: false,
          errors: [{ code: 5007, message: "No such model @cf/nope or task" }],
          messages: [],
        },
        { status: 400 },
      );
    const error = await expectError(transport().run({ model: "@cf/nope", inputs: {} }));
    expect(error.statusCode).toBe(400);
    expect(error.isRetryable).toBe(false);
    expect(error.data).toMatchObject({ code: 5007 });
    expect(error.message).toContain("No such model");
    assertNoSecrets(error);
  });

  it("marks 3040 retryable and keeps Retry-After for the SDK's backoff", async () => {
    handler = () =>
      json(
        {
          result: null,
          success: false,
          errors: [{ code: 3040, message: "Capacity temporarily exceeded, please try again." }],
        },
        { status: 429, headers: { "retry-after": "2" } },
      );
    const error = await expectError(transport().run({ model: "@cf/x/y", inputs: {} }));
    expect(error.isRetryable).toBe(true);
    expect(error.statusCode).toBe(429);
    expect(error.responseHeaders?.["retry-after"]).toBe("2");
    expect(error.data).toMatchObject({ code: 3040 });
  });

  it("explains 3030 in plain words and does not retry it", async () => {
    handler = () =>
      json(
        { success: false, errors: [{ code: 3030, message: "Input prompt contains NSFW content" }] },
        { status: 400 },
      );
    const error = await expectError(
      transport().run({ model: "@cf/black-forest-labs/flux-1-schnell", inputs: { prompt: "hamburger" } }),
    );
    expect(error.isRetryable).toBe(false);
    expect(error.message).toMatch(/content filter/i);
    expect(error.message).toMatch(/more context/i);
  });

  it("treats a success:false envelope with HTTP 200 as an error", async () => {
    handler = () =>
      json({ result: null, success: false, errors: [{ code: 8001, message: "Invalid input" }] });
    const error = await expectError(transport().run({ model: "@cf/x/y", inputs: {} }));
    expect(error.data).toMatchObject({ code: 8001 });
  });

  it.each([
    [200, false],
    [502, true],
  ])("turns an HTML page with status %i into a clear error (retryable: %s)", async (status, retryable) => {
    handler = () =>
      new Response("<!DOCTYPE html><html><head><title>Bad gateway</title></head><body>oops</body></html>", {
        status,
        headers: { "content-type": "text/html" },
      });
    const error = await expectError(transport().run({ model: "@cf/x/y", inputs: {} }));
    expect(error.message).toMatch(/HTML page/);
    expect(error.message).toContain("Bad gateway");
    expect(error.isRetryable).toBe(retryable);
  });

  it("reports invalid JSON and empty bodies as typed errors", async () => {
    handler = () => new Response('{"result": {"resp', { headers: { "content-type": "application/json" } });
    expect((await expectError(transport().run({ model: "@cf/x/y", inputs: {} }))).message).toMatch(
      /not valid JSON/,
    );
    handler = () => new Response("", { headers: { "content-type": "application/json" } });
    expect((await expectError(transport().run({ model: "@cf/x/y", inputs: {} }))).message).toMatch(
      /empty reply/,
    );
  });

  it("never leaks the API token, gateway token or BYOK key, even when the server echoes them", async () => {
    handler = (request) =>
      json(
        {
          success: false,
          errors: [
            {
              code: 1001,
              message: `bad ${request.headers.get("authorization")} ${request.headers.get("cf-aig-authorization")} ${request.headers.get("x-api-key")}`,
            },
          ],
        },
        { status: 400 },
      );
    const error = await expectError(
      transport().run({
        model: "@cf/x/y",
        inputs: {},
        headers: { "x-api-key": BYOK },
        gateway: { id: "gw", authToken: GATEWAY_TOKEN },
      }),
    );
    assertNoSecrets(error);
    expect(error.message).toContain("[redacted]");
  });

  it("reports connection failures as retryable without secrets", async () => {
    const closed = await startTestServer(() => new Response("x"));
    const url = closed.url;
    await closed.close();
    const error = await expectError(
      transport({ baseURL: `${url}/client/v4` }).run({ model: "@cf/x/y", inputs: {} }),
    );
    expect(error.isRetryable).toBe(true);
    assertNoSecrets(error);
  });

  it("passes the abort signal to fetch and rejects with the abort error", async () => {
    handler = () => new Promise<Response>(() => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await transport()
      .run({ model: "@cf/x/y", inputs: {}, abortSignal: controller.signal })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe("AbortError");
  });

  it("ends a stalled stream within 1 s of abort", async () => {
    handler = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('data: {"response":"a"}\n\n'));
          },
        }),
        { headers: { "content-type": "text/event-stream" } },
      );
    const controller = new AbortController();
    const reply = await transport().run({
      model: "@cf/x/y",
      inputs: { stream: true },
      abortSignal: controller.signal,
    });
    if (reply.type !== "stream") throw new Error("expected stream");
    const reader = reply.stream.getReader();
    await reader.read();
    const pending = reader.read();
    const started = Date.now();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe("credential headers (one detector for every request path)", () => {
  it("any header named like a key, token, secret, authorization or cookie is a secret, with its bare token", () => {
    const secrets = secretHeaderValues({
      "X-Tenant-Key": "tenant-key-123456",
      cookie: "session=abcdef123",
      "proxy-authorization": "Basic dXNlcjpwYXNz",
      "cf-aig-cache-key": "cache-entry-1",
      "content-type": "application/json",
      "x-skipped": undefined,
    });
    expect(secrets).toEqual(["tenant-key-123456", "session=abcdef123", "Basic dXNlcjpwYXNz", "dXNlcjpwYXNz"]);
  });
});
