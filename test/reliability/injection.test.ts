/**
 * Injection: model ids, gateway ids and account ids with `../`, `?`, `#`, `%2F`, spaces, CR/LF,
 * backslashes and URL-looking values, and header values with CR/LF, can never change the host, path,
 * query or headers of a request. Checked on what a real server on 127.0.0.1 received (REST, REST
 * through AI Gateway, gateway-routed third-party models) and on what the binding was asked for
 * (including the resume URL built from a run id the server sent).
 */
import { APICallError, InvalidArgumentError } from "@ai-sdk/provider";
import { generateText, streamText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkersAI } from "../../src";
import { GatewayDelegateError } from "../../src/gateway";
import { google } from "../../src/plugins/google";
import { openai } from "../../src/plugins/openai";
import { type RecordedRequest, startTestServer, type TestServer } from "../helpers/http-server";
import { collectUnhandledRejections, settle, withinMs } from "./helpers";

/** Hostile values for any id that becomes part of a URL. */
const HOSTILE = [
  "../../../accounts/evil",
  "..",
  ".",
  "a/../b",
  "x?admin=1",
  "x#fragment",
  "x%2F..%2F..%2Fevil",
  "x%252F",
  "with space",
  "line\r\nX-Injected: 1",
  "lf\nX-Injected: 1",
  "back\\..\\..\\slash",
  "//evil.example.com/x",
  "https://evil.example.com/x",
  "@evil.example.com",
  "x;y=z",
  "ünï/模型",
  "%00nul",
  "",
];

/** Model-id tails that must be refused before sending: they contain `.`, `..` or empty path segments. */
const REFUSED_MODEL_TAILS = new Set([
  "../../../accounts/evil",
  "..",
  ".",
  "a/../b",
  "//evil.example.com/x",
  "https://evil.example.com/x",
  "",
]);
/** Account and gateway ids that must be refused: they would be `.`, `..` or an empty segment. */
const REFUSED_SEGMENTS = new Set(["..", ".", ""]);

const unhandled = collectUnhandledRejections();
let server: TestServer;
let host = "";
beforeAll(async () => {
  server = await startTestServer(
    () =>
      new Response(JSON.stringify({ result: { response: "ok" }, success: true }), {
        headers: { "content-type": "application/json" },
      }),
  );
  host = new URL(server.url).host;
});
afterAll(async () => {
  unhandled.dispose();
  await server?.close();
});

/** Runs a call; returns the requests the server saw during it and the error, if any. */
async function attempt(
  run: () => Promise<unknown>,
): Promise<{ requests: RecordedRequest[]; error: unknown }> {
  const before = server.requests.length;
  let error: unknown;
  try {
    await withinMs(run(), 5_000, "call");
  } catch (caught) {
    error = caught;
  }
  await settle();
  return { requests: server.requests.slice(before), error };
}

/** A typed refusal: an invalid argument or setting, or an APICallError from a header the runtime refused. */
function expectTypedRefusal(error: unknown, what: string): void {
  const typed =
    InvalidArgumentError.isInstance(error) ||
    APICallError.isInstance(error) ||
    (error instanceof Error && /^AI_/.test(error.name));
  expect(typed, `${what}: ${String(error)}`).toBe(true);
}

/** The request stayed on 127.0.0.1, used POST, had no query and no injected header. */
function expectContained(request: RecordedRequest, what: string): void {
  expect(request.method, what).toBe("POST");
  expect(request.url.startsWith(`http://127.0.0.1/`), what).toBe(true);
  expect(request.headers.host, what).toBe(host);
  expect(request.path.includes("?"), `${what}: query in ${request.path}`).toBe(false);
  expect(request.path.includes("#"), what).toBe(false);
  expect(
    Object.keys(request.headers).filter((name) => name.startsWith("x-injected")),
    what,
  ).toEqual([]);
}

/** Splits a recorded path into decoded segments (the server's view). */
function segments(path: string): string[] {
  return path
    .split("/")
    .slice(1)
    .map((segment) => decodeURIComponent(segment));
}

describe("REST: hostile model ids", () => {
  it.each(HOSTILE.map((id) => ({ id, model: `@cf/meta/${id}`, label: JSON.stringify(id) })))(
    "@cf/meta/$label stays one model path under /accounts/acct/ai/run/",
    async ({ id, model }) => {
      const provider = createWorkersAI({
        accountId: "acct",
        apiKey: "key",
        baseURL: `${server.url}/client/v4`,
      });
      const { requests, error } = await attempt(() =>
        generateText({ model: provider(model), prompt: "hi", maxRetries: 0 }),
      );
      expect(requests.length === 0, `refused: ${String(error)}`).toBe(REFUSED_MODEL_TAILS.has(id));
      if (requests.length === 0) {
        expectTypedRefusal(error, model);
        return;
      }
      expect(requests).toHaveLength(1);
      const [request] = requests;
      expectContained(request, model);
      const parts = segments(request.path);
      expect(parts.slice(0, 5)).toEqual(["client", "v4", "accounts", "acct", "ai"]);
      expect(parts[5]).toBe("run");
      expect(parts.slice(6).join("/")).toBe(model);
      expect(parts.slice(6)).toEqual(model.split("/"));
    },
  );
});

describe("REST: hostile account ids", () => {
  it.each(HOSTILE.map((id) => ({ id, label: JSON.stringify(id) })))(
    "account $label is one path segment (or refused)",
    async ({ id }) => {
      const provider = createWorkersAI({ accountId: id, apiKey: "key", baseURL: `${server.url}/client/v4` });
      const { requests, error } = await attempt(() =>
        generateText({
          model: provider("@cf/meta/llama-3.3-70b-instruct-fp8-fast"),
          prompt: "hi",
          maxRetries: 0,
        }),
      );
      expect(requests.length === 0, `refused: ${String(error)}`).toBe(REFUSED_SEGMENTS.has(id));
      if (requests.length === 0) {
        expectTypedRefusal(error, id);
        return;
      }
      const [request] = requests;
      expectContained(request, id);
      const parts = segments(request.path);
      expect(parts).toEqual([
        "client",
        "v4",
        "accounts",
        id,
        "ai",
        "run",
        "@cf",
        "meta",
        "llama-3.3-70b-instruct-fp8-fast",
      ]);
    },
  );
});

describe("REST through AI Gateway: hostile gateway ids", () => {
  it.each(HOSTILE.map((id) => ({ id, label: JSON.stringify(id) })))(
    "gateway $label is one path segment (or refused)",
    async ({ id }) => {
      const provider = createWorkersAI({
        accountId: "acct",
        apiKey: "key",
        gatewayBaseURL: server.url,
        gateway: { id },
      });
      const { requests, error } = await attempt(() =>
        generateText({
          model: provider("@cf/meta/llama-3.3-70b-instruct-fp8-fast"),
          prompt: "hi",
          maxRetries: 0,
        }),
      );
      expect(requests.length === 0, `refused: ${String(error)}`).toBe(REFUSED_SEGMENTS.has(id));
      if (requests.length === 0) {
        expectTypedRefusal(error, id);
        return;
      }
      const [request] = requests;
      expectContained(request, id);
      expect(segments(request.path)).toEqual([
        "acct",
        id,
        "workers-ai",
        "@cf",
        "meta",
        "llama-3.3-70b-instruct-fp8-fast",
      ]);
    },
  );
});

describe("REST: CR/LF in header values never adds a header", () => {
  const crlf = "value\r\nX-Injected: 1";
  const cases: Array<{ name: string; run: () => Promise<unknown> }> = [
    {
      name: "gateway cacheKey",
      run: () =>
        generateText({
          model: createWorkersAI({
            accountId: "acct",
            apiKey: "key",
            gatewayBaseURL: server.url,
            gateway: { id: "gw", cacheKey: crlf },
          })("@cf/meta/llama-3.3-70b-instruct-fp8-fast"),
          prompt: "hi",
          maxRetries: 0,
        }),
    },
    {
      name: "gateway eventId",
      run: () =>
        generateText({
          model: createWorkersAI({
            accountId: "acct",
            apiKey: "key",
            gatewayBaseURL: server.url,
            gateway: { id: "gw", eventId: crlf },
          })("@cf/meta/llama-3.3-70b-instruct-fp8-fast"),
          prompt: "hi",
          maxRetries: 0,
        }),
    },
    {
      name: "gateway metadata value",
      run: () =>
        generateText({
          model: createWorkersAI({
            accountId: "acct",
            apiKey: "key",
            gatewayBaseURL: server.url,
            gateway: { id: "gw", metadata: { user: crlf } },
          })("@cf/meta/llama-3.3-70b-instruct-fp8-fast"),
          prompt: "hi",
          maxRetries: 0,
        }),
    },
    {
      name: "API key",
      run: () =>
        generateText({
          model: createWorkersAI({ accountId: "acct", apiKey: crlf, baseURL: `${server.url}/client/v4` })(
            "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
          ),
          prompt: "hi",
          maxRetries: 0,
        }),
    },
    {
      name: "sessionAffinity",
      run: () =>
        generateText({
          model: createWorkersAI({ accountId: "acct", apiKey: "key", baseURL: `${server.url}/client/v4` })(
            "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
            { sessionAffinity: crlf },
          ),
          prompt: "hi",
          maxRetries: 0,
        }),
    },
    {
      name: "extraHeaders value",
      run: async () => {
        const result = streamText({
          model: createWorkersAI({ accountId: "acct", apiKey: "key", baseURL: `${server.url}/client/v4` })(
            "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
            { extraHeaders: { "x-trace": crlf } },
          ),
          prompt: "hi",
          maxRetries: 0,
          onError: () => {},
        });
        for await (const part of result.fullStream) if (part.type === "error") throw part.error;
      },
    },
    {
      name: "extraHeaders name",
      run: () =>
        generateText({
          model: createWorkersAI({ accountId: "acct", apiKey: "key", baseURL: `${server.url}/client/v4` })(
            "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
            { extraHeaders: { "x-a\r\nX-Injected": "1" } },
          ),
          prompt: "hi",
          maxRetries: 0,
        }),
    },
    {
      name: "embedding extraHeaders value",
      run: () =>
        createWorkersAI({ accountId: "acct", apiKey: "key", baseURL: `${server.url}/client/v4` })
          .textEmbedding("@cf/baai/bge-base-en-v1.5", { extraHeaders: { "x-trace": crlf } })
          .doEmbed({ values: ["a"] }),
    },
  ];
  it.each(cases)(
    "$name: refused with a typed error or sent without an extra header",
    async ({ name, run }) => {
      const { requests, error } = await attempt(run);
      for (const request of requests) expectContained(request, name);
      if (requests.length === 0) expectTypedRefusal(error, name);
      expect(unhandled.reasons).toEqual([]);
    },
  );
});

describe("gateway-routed third-party models", () => {
  it.each(HOSTILE.filter((id) => id !== "").map((id) => ({ id, label: JSON.stringify(id) })))(
    "REST, gateway $label: the request stays under the gateway base URL (or is refused)",
    async ({ id }) => {
      const provider = createWorkersAI({
        accountId: "acct",
        apiKey: "key",
        gatewayBaseURL: server.url,
        providers: [openai],
      });
      const { requests, error } = await attempt(() =>
        generateText({ model: provider("openai/gpt-5", { gateway: id }), prompt: "hi", maxRetries: 0 }),
      );
      if (requests.length === 0) {
        expectTypedRefusal(error, id);
        return;
      }
      for (const request of requests) {
        expectContained(request, id);
        const parts = segments(request.path);
        expect(parts[0]).toBe("acct");
        expect(parts[1]).toBe(id);
      }
    },
  );

  it.each(
    ["../../evil?x=1#y", "run\r\nX-Injected: 1", "a/b/c", "%2F.."].map((runId) => ({
      runId,
      label: JSON.stringify(runId),
    })),
  )("binding, run id $label from the server: the resume URL keeps its path", async ({ runId }) => {
    const urls: string[] = [];
    const encoder = new TextEncoder();
    const binding = {
      async run() {
        let sent = false;
        return new Response(
          new ReadableStream<Uint8Array>({
            async pull(controller) {
              if (sent) {
                await new Promise((resolve) => setTimeout(resolve, 2));
                controller.error(new TypeError("connection lost"));
                return;
              }
              sent = true;
              controller.enqueue(
                encoder.encode(
                  `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "gpt-5", choices: [{ index: 0, delta: { content: "hi" }, finish_reason: null }] })}\n\n`,
                ),
              );
            },
          }),
          {
            headers: { "content-type": "text/event-stream", "cf-aig-run-id": runId.replace(/[\r\n]/g, " ") },
          },
        );
      },
      async fetch(input: string | Request | URL) {
        urls.push(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
        return new Response("data: [DONE]\n\n", { headers: { "content-type": "text/event-stream" } });
      },
    };
    const provider = createWorkersAI({ binding, providers: [openai] });
    await withinMs(
      Promise.resolve(
        streamText({
          model: provider("openai/gpt-5", { gateway: "gw/../x" }),
          prompt: "hi",
          onError: () => {},
        }).consumeStream(),
      ),
      5_000,
      "resume",
    );
    expect(urls).toHaveLength(1);
    const url = new URL(urls[0]);
    expect(url.host).toBe("workers-binding.ai");
    const parts = url.pathname.split("/").slice(1);
    expect(parts).toHaveLength(6);
    expect(parts.map(decodeURIComponent)).toEqual([
      "ai-gateway",
      "gateways",
      "gw/../x",
      "run",
      runId.replace(/[\r\n]/g, " "),
      "resume",
    ]);
    expect([...url.searchParams.keys()]).toEqual(["from"]);
  });

  /** The three ways a Gemini slug takes the gateway path, where the model is part of the upstream URL. */
  const GATEWAY_PATHS = [
    { label: 'transport "gateway"', settings: { transport: "gateway" } },
    { label: "BYOK", settings: { byok: true, extraHeaders: { "x-goog-api-key": "byok-key" } } },
    { label: "caching", settings: { cacheTtl: 60 } },
  ] as const;
  const HOSTILE_SLUG_MODELS = [
    ...HOSTILE.filter((id) => id !== ""),
    "../../../../evil",
    "gemini-2.5-flash?key=x",
    "gemini-2.5-flash#x",
    "gemini-2.5-flash:streamGenerateContent",
    "models/../../evil",
  ];

  describe.each(GATEWAY_PATHS)("Gemini slugs on the gateway path ($label)", ({ settings }) => {
    const gemini = () =>
      createWorkersAI({ accountId: "acct", apiKey: "key", gatewayBaseURL: server.url, providers: [google] });

    it.each(HOSTILE_SLUG_MODELS.map((model) => ({ model, label: JSON.stringify(`google/${model}`) })))(
      "$label is refused before any request",
      async ({ model }) => {
        const { requests, error } = await attempt(() =>
          generateText({ model: gemini()(`google/${model}`, settings), prompt: "hi", maxRetries: 0 }),
        );
        expect(requests).toEqual([]);
        expect(GatewayDelegateError.isInstance(error), String(error)).toBe(true);
      },
    );

    it.each(["gemini-2.5-flash", "tunedModels/my-model-1"])(
      "google/%s keeps its upstream endpoint",
      async (model) => {
        const { requests } = await attempt(() =>
          generateText({ model: gemini()(`google/${model}`, settings), prompt: "hi", maxRetries: 0 }),
        );
        expect(requests).toHaveLength(1);
        expectContained(requests[0], model);
        const entries = requests[0].json as Array<{ provider: string; endpoint: string }>;
        const path = model.includes("/") ? model : `models/${model}`;
        expect(entries.map((entry) => [entry.provider, entry.endpoint])).toEqual([
          ["google-ai-studio", `v1beta/${path}:generateContent`],
        ]);
      },
    );
  });
});
