/**
 * Secrets never leak. A canary API token, gateway token and BYOK key are configured on every model
 * kind (chat generate and stream, embedding, image, transcription, speech, reranking) over the
 * binding (with a gateway), REST, and REST through AI Gateway, and every error path is taken with a
 * server or binding that echoes every credential it received into its error (status errors, HTML
 * pages, error events, thrown errors with nested causes, failing fetch, broken streams, refused
 * connections). The canaries must not appear in any error message, `cause` (recursively),
 * `JSON.stringify(error)`, `util.inspect(error)`, `requestBodyValues`, warnings, `request` /
 * `response` metadata of successful calls, or console output.
 *
 * Out of scope: a successful (2xx) reply is model output and is never rewritten, so a server that
 * puts a credential into a 200 body would see it come back; invalid 2xx bodies are still tested
 * (without an echo) to prove the provider adds no secret of its own to those errors.
 */
import { embedMany, generateImage, generateSpeech, generateText, rerank, streamText, transcribe } from "ai";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createWorkersAI, type WorkersAIProvider, type WorkersAIProviderSettings } from "../../src";
import { startTestServer, type TestServer } from "../helpers/http-server";
import {
  CANARY,
  canariesIn,
  collectUnhandledRejections,
  encoder,
  exposure,
  fakeBinding,
  settle,
  sse,
  withinMs,
} from "./helpers";

type Kind =
  | "chat-generate"
  | "chat-stream"
  | "embedding"
  | "image"
  | "transcription"
  | "speech"
  | "reranking";
const KINDS: Kind[] = [
  "chat-generate",
  "chat-stream",
  "embedding",
  "image",
  "transcription",
  "speech",
  "reranking",
];

/** BYOK: a provider key in the model's extra headers (sent as a request header on both transports). */
const byokSettings = { extraHeaders: { "x-api-key": CANARY.byokKey } };
const gateway = { id: "gw", authToken: CANARY.gatewayToken };

/** What a call produced that a user can see. */
interface Seen {
  errors: unknown[];
  /** Results, warnings, request/response metadata of a call that succeeded (or of a stream's steps). */
  results: unknown[];
}

async function callKind(provider: WorkersAIProvider, kind: Kind): Promise<Seen> {
  const seen: Seen = { errors: [], results: [] };
  const common = { maxRetries: 0 } as const;
  try {
    switch (kind) {
      case "chat-generate": {
        const result = await generateText({
          model: provider("@cf/meta/llama-3.3-70b-instruct-fp8-fast", byokSettings),
          prompt: "hi",
          ...common,
        });
        seen.results.push(
          result.warnings,
          result.request,
          result.response,
          result.providerMetadata,
          result.text,
        );
        break;
      }
      case "chat-stream": {
        const result = streamText({
          model: provider("@cf/moonshotai/kimi-k2.5", byokSettings),
          prompt: "hi",
          onError: ({ error }) => void seen.errors.push(error),
          ...common,
        });
        for await (const part of result.fullStream) {
          if (part.type === "error") seen.errors.push(part.error);
          if (part.type === "start-step") seen.results.push(part.warnings, part.request);
          if (part.type === "finish-step") seen.results.push(part.response, part.providerMetadata);
        }
        break;
      }
      case "embedding": {
        const result = await embedMany({
          model: provider.textEmbedding("@cf/baai/bge-base-en-v1.5", byokSettings),
          values: ["a", "b"],
          ...common,
        });
        seen.results.push(result.warnings, result.responses, result.providerMetadata);
        break;
      }
      case "image": {
        const result = await generateImage({
          model: provider.image("@cf/black-forest-labs/flux-1-schnell", byokSettings),
          prompt: "a lighthouse at dusk",
          ...common,
        });
        seen.results.push(result.warnings, result.responses, result.providerMetadata);
        break;
      }
      case "transcription": {
        const result = await transcribe({
          model: provider.transcription("@cf/openai/whisper-large-v3-turbo", byokSettings),
          audio: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]),
          ...common,
        });
        seen.results.push(result.warnings, result.responses, result.providerMetadata);
        break;
      }
      case "speech": {
        const result = await generateSpeech({
          model: provider.speech("@cf/deepgram/aura-2-en", byokSettings),
          text: "hello",
          ...common,
        });
        seen.results.push(result.warnings, result.responses, result.providerMetadata);
        break;
      }
      case "reranking": {
        const result = await rerank({
          model: provider.reranking("@cf/baai/bge-reranker-base", byokSettings),
          query: "q",
          documents: ["one", "two"],
          ...common,
        });
        seen.results.push(result.response, result.providerMetadata);
        break;
      }
    }
  } catch (error) {
    seen.errors.push(error);
  }
  return seen;
}

// ---------------------------------------------------------------- faults

/** Every credential a request carried, as a server would quote it back. */
function echoOf(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");
}

/** A valid reply of each kind (for the success path). */
function validReply(kind: Kind, stream: boolean): Response {
  const json = (result: unknown) => Response.json({ result, success: true, errors: [], messages: [] });
  switch (kind) {
    case "chat-generate":
    case "chat-stream":
      return stream
        ? new Response(sse(['data: {"response":"ok"}', "data: [DONE]"]), {
            headers: { "content-type": "text/event-stream" },
          })
        : json({ response: "ok" });
    case "embedding":
      return json({
        shape: [2, 2],
        data: [
          [0.1, 0.2],
          [0.3, 0.4],
        ],
      });
    case "image":
      return json({
        image:
          "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
      });
    case "transcription":
      return json({ text: "hello" });
    case "speech":
      return new Response(Uint8Array.from([0xff, 0xfb, 0x90, 0x64, ...new Array(413).fill(0)]), {
        headers: { "content-type": "audio/mpeg" },
      });
    case "reranking":
      return json({
        response: [
          { id: 0, score: 0.9 },
          { id: 1, score: 0.1 },
        ],
      });
  }
}

type RestFault =
  | "success"
  | "401 echo"
  | "500 text echo"
  | "502 HTML echo"
  | "200 invalid body"
  | "error event echo"
  | "fetch throws echo"
  | "fetch failed (undici style) echo"
  | "connection refused";
const REST_FAULTS: RestFault[] = [
  "success",
  "401 echo",
  "500 text echo",
  "502 HTML echo",
  "200 invalid body",
  "error event echo",
  "fetch throws echo",
  "fetch failed (undici style) echo",
  "connection refused",
];

function restReply(
  fault: RestFault,
  kind: Kind,
  request: Request,
  headers: Record<string, string>,
): Response {
  const echo = echoOf(headers);
  const stream = request.headers.get("content-type") === "application/json" && kind === "chat-stream";
  switch (fault) {
    case "success":
      return validReply(kind, stream);
    case "401 echo":
      return Response.json(
        { result: null, success: false, errors: [{ code: 10000, message: `Authentication error: ${echo}` }] },
        { status: 401, headers: { "www-authenticate": "Bearer" } },
      );
    case "500 text echo":
      return new Response(`upstream failed for request with ${echo}`, {
        status: 500,
        headers: { "content-type": "text/plain" },
      });
    case "502 HTML echo":
      return new Response(
        `<html><head><title>Bad gateway ${echo}</title></head><body>${echo}</body></html>`,
        {
          status: 502,
          headers: { "content-type": "text/html" },
        },
      );
    case "200 invalid body":
      return Response.json({
        result: { unexpected: true, image: "%%%", audio: 4, data: 5, response: [{ id: 9 }] },
      });
    case "error event echo":
      return kind === "chat-stream"
        ? new Response(
            sse([
              'data: {"response":"partial"}',
              `data: ${JSON.stringify({ error: { code: 3040, message: `rejected ${echo}` } })}`,
            ]),
            { headers: { "content-type": "text/event-stream" } },
          )
        : Response.json(
            { success: false, errors: [{ code: 3040, message: `rejected ${echo}` }] },
            { status: 429 },
          );
    default:
      return new Response("unreachable", { status: 500 });
  }
}

type BindingFault =
  | "success"
  | "throws Error echo (nested causes, fields)"
  | "throws object echo"
  | "error event echo"
  | "stream breaks with echo"
  | "invalid reply";
const BINDING_FAULTS: BindingFault[] = [
  "success",
  "throws Error echo (nested causes, fields)",
  "throws object echo",
  "error event echo",
  "stream breaks with echo",
  "invalid reply",
];

function bindingEcho(options: Record<string, unknown>): string {
  const { signal: _signal, ...rest } = options;
  return JSON.stringify(rest);
}

function bindingReply(
  fault: BindingFault,
  kind: Kind,
  inputs: Record<string, unknown>,
  options: Record<string, unknown>,
) {
  const echo = bindingEcho(options);
  const stream = inputs.stream === true;
  switch (fault) {
    case "success":
      if (kind === "speech") return Uint8Array.from([0xff, 0xfb, 0x90, 0x64, ...new Array(413).fill(0)]);
      if (stream) return new Response(sse(['data: {"response":"ok"}', "data: [DONE]"])).body;
      return validReply(kind, false)
        .json()
        .then((value) => (value as { result: unknown }).result);
    case "throws Error echo (nested causes, fields)": {
      const inner = new Error(`socket to upstream failed; sent ${echo}`);
      const middle = new Error("request failed", { cause: inner });
      const error = new Error(`3040: Capacity temporarily exceeded for ${echo}`, { cause: middle });
      Object.assign(error, { request: { options }, headers: options.extraHeaders });
      throw error;
    }
    case "throws object echo":
      throw { message: `5007: no such model (options ${echo})`, options };
    case "error event echo":
      if (!stream) throw new Error(`3040: rejected ${echo}`);
      return new Response(
        sse([
          'data: {"response":"partial"}',
          `data: ${JSON.stringify({ error: { code: 3040, message: `rejected ${echo}` } })}`,
        ]),
      ).body;
    case "stream breaks with echo": {
      let sent = false;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (!sent) {
            sent = true;
            controller.enqueue(encoder.encode(stream ? sse(['data: {"response":"partial"}']) : "\x00\x01"));
            return;
          }
          controller.error(new Error(`connection reset while sending ${echo}`, { cause: new Error(echo) }));
        },
      });
    }
    case "invalid reply":
      if (stream) return new Response(sse(['data: {"weird":{"nested":true}}', "data: {broken"])).body;
      return { unexpected: true, image: "%%%", audio: 4, data: 5, response: [{ id: 9 }], text: 7 };
  }
}

// ---------------------------------------------------------------- the suite

const unhandled = collectUnhandledRejections();
let server: TestServer;
let closedPort = "";
let current: (request: Request, headers: Record<string, string>) => Response = () =>
  new Response("", { status: 500 });
const consoleOutput: string[] = [];

beforeAll(async () => {
  server = await startTestServer((request, recorded) => current(request, recorded.headers));
  const closed = await startTestServer(() => new Response(""));
  closedPort = closed.url;
  await closed.close();
});
afterAll(async () => {
  unhandled.dispose();
  await server?.close();
});

beforeEach(() => {
  for (const method of ["log", "info", "warn", "error", "debug", "trace"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleOutput.push(args.map((arg) => exposure(arg)).join(" "));
    });
  }
  vi.spyOn(process, "emitWarning").mockImplementation((warning: string | Error, ...rest: unknown[]) => {
    consoleOutput.push(exposure(warning), rest.map(String).join(" "));
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Asserts no canary anywhere a user can see it. */
function expectNoCanary(seen: Seen, where: string): void {
  for (const error of seen.errors) {
    expect(canariesIn(exposure(error)), `${where}: error ${String(error)}`).toEqual([]);
    const requestBodyValues = (error as { requestBodyValues?: unknown }).requestBodyValues;
    expect(canariesIn(exposure(requestBodyValues)), `${where}: requestBodyValues`).toEqual([]);
  }
  for (const result of seen.results)
    expect(canariesIn(exposure(result)), `${where}: result metadata`).toEqual([]);
  expect(canariesIn(consoleOutput.join("\n")), `${where}: console`).toEqual([]);
}

const restSetups: Array<{ name: string; settings: (fault: RestFault) => WorkersAIProviderSettings }> = [
  {
    name: "REST",
    settings: (fault) => ({
      accountId: "acct",
      apiKey: CANARY.apiKey,
      baseURL: `${fault === "connection refused" ? closedPort : server.url}/client/v4`,
    }),
  },
  {
    name: "REST through AI Gateway",
    settings: (fault) => ({
      accountId: "acct",
      apiKey: CANARY.apiKey,
      gateway,
      gatewayBaseURL: fault === "connection refused" ? closedPort : server.url,
    }),
  },
];

describe.each(restSetups)("secrets over $name", ({ settings }) => {
  const cases = REST_FAULTS.flatMap((fault) => KINDS.map((kind) => ({ fault, kind })));
  it.each(cases)("$kind, $fault: no canary anywhere", async ({ fault, kind }) => {
    current = (request, headers) => restReply(fault, kind, request, headers);
    const base = settings(fault);
    const failingFetch: typeof fetch = async (_url, init) => {
      const headers = JSON.stringify(init?.headers);
      // undici's own message is exactly "fetch failed", with the details in `cause`
      const message = fault === "fetch throws echo" ? `fetch failed with headers ${headers}` : "fetch failed";
      throw new TypeError(message, { cause: Object.assign(new Error(`inner ${headers}`), { init }) });
    };
    const provider = createWorkersAI(fault.startsWith("fetch") ? { ...base, fetch: failingFetch } : base);
    const seen = await withinMs(callKind(provider, kind), 5_000, `${kind} ${fault}`);
    if (fault === "success") expect(seen.errors).toEqual([]);
    else if (fault !== "200 invalid body" || !kind.startsWith("chat"))
      expect(seen.errors.length).toBeGreaterThan(0);
    // the fault really quoted the secrets back (so the check below is meaningful)
    if (fault !== "success" && fault !== "connection refused") {
      const sent = server.requests.at(-1);
      if (!fault.startsWith("fetch")) expect(JSON.stringify(sent?.headers)).toContain(CANARY.apiKey);
    }
    expectNoCanary(seen, `${kind} ${fault}`);
    await settle();
    expect(unhandled.reasons).toEqual([]);
  });
});

describe("secrets over the binding (with a gateway)", () => {
  const cases = BINDING_FAULTS.flatMap((fault) => KINDS.map((kind) => ({ fault, kind })));
  it.each(cases)("$kind, $fault: no canary anywhere", async ({ fault, kind }) => {
    const binding = fakeBinding((call) => bindingReply(fault, kind, call.inputs, call.options));
    const provider = createWorkersAI({ binding, gateway });
    const seen = await withinMs(callKind(provider, kind), 5_000, `${kind} ${fault}`);
    if (fault === "success") expect(seen.errors).toEqual([]);
    else if (fault !== "invalid reply" || !kind.startsWith("chat"))
      expect(seen.errors.length).toBeGreaterThan(0);
    // the binding was given the BYOK key (so an echo of its options quotes it)
    expect(JSON.stringify(binding.calls.at(-1)?.options)).toContain(CANARY.byokKey);
    expectNoCanary(seen, `${kind} ${fault}`);
    await settle();
    expect(unhandled.reasons).toEqual([]);
  });
});
