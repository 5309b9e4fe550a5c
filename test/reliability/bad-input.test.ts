/**
 * The bad-input catalogue: every way a reply can be wrong, over the binding (a fake `env.AI`) and
 * REST (a real HTTP server on 127.0.0.1, or a raw socket server for faults below HTTP), driven
 * through the public AI SDK functions. Each row of {@link CASES} writes down the expected outcome.
 *
 * For every case: the call ends in the typed error of its row (or carries on, with a warning where
 * that is correct), no unhandled rejection is raised, it settles within {@link CASE_TIMEOUT_MS},
 * and text received before the fault is delivered before the error.
 */

import { gzipSync } from "node:zlib";
import { APICallError, InvalidArgumentError, InvalidResponseDataError } from "@ai-sdk/provider";
import {
  embedMany,
  generateImage,
  generateSpeech,
  generateText,
  jsonSchema,
  NoImageGeneratedError,
  NoSpeechGeneratedError,
  NoTranscriptGeneratedError,
  rerank,
  streamText,
  tool,
  transcribe,
} from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkersAI, type WorkersAIProvider } from "../../src";
import { startTestServer, type TestServer } from "../helpers/http-server";
import {
  type BindingCall,
  collectUnhandledRejections,
  encoder,
  fakeBinding,
  httpChunk,
  type RawServer,
  type RawStep,
  settle,
  sleep,
  sse,
  startRawServer,
  withinMs,
} from "./helpers";

const CASE_TIMEOUT_MS = 5_000;
const LLAMA = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
const KIMI = "@cf/moonshotai/kimi-k2.5";

/** What a call is. */
type Call = "stream" | "stream-tools" | "generate" | "embed" | "image" | "transcribe" | "speech" | "rerank";

/** Error classes a case may end in. */
type ErrorKind =
  | "APICallError"
  | "InvalidResponseDataError"
  | "InvalidArgumentError"
  | "NoImageGeneratedError"
  | "NoSpeechGeneratedError"
  | "NoTranscriptGeneratedError"
  | "AbortError";

interface Expected {
  /** The error the call ends in (thrown, or the first `error` part of a stream); none = carries on. */
  error?: ErrorKind;
  retryable?: boolean;
  status?: number;
  message?: RegExp;
  /** Text deltas delivered before the error. */
  textBefore?: string;
  /** All text delivered. */
  text?: string;
  /** Finish reason of a stream (unified). */
  finish?: "stop" | "error" | "tool-calls";
  /** Raw finish reason of a stream. */
  finishRaw?: string;
  /** A warning that must be reported. */
  warning?: RegExp;
  /** Tool calls (name and parsed input) or tool errors a stream produced. */
  toolCalls?: Array<{ toolName: string; input?: unknown; invalid?: boolean }>;
}

interface Case {
  id: string;
  title: string;
  call: Call;
  /** The expected outcome in words (the table column). */
  outcome: string;
  expected: Expected;
  /** Binding cases: what `env.AI.run` does. */
  binding?: (call: BindingCall, signal: AbortSignal | undefined) => unknown;
  /** REST cases: how the 127.0.0.1 server answers. */
  rest?: (request: Request) => Response | Promise<Response>;
  /** REST cases below HTTP: the exact bytes the raw server writes. */
  raw?: RawStep[];
  /** Abort the call this many ms after it started (a reply that never ends). */
  abortAfterMs?: number;
  /** Read the stream slowly: pause this long after the first part (so the fault lands before the text is read). */
  slowConsumerMs?: number;
}

// ---------------------------------------------------------------- reply builders

const sseHeaders = { "content-type": "text/event-stream" };
const textEvent = (text: string) => `data: ${JSON.stringify({ response: text })}`;
const chatEvent = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}`;

function byteStream(
  chunks: Array<string | Uint8Array>,
  end: "close" | "stall" | { error: unknown } = "close",
  signal?: AbortSignal,
) {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      signal?.addEventListener("abort", () => controller.error(signal.reason), { once: true });
    },
    pull(controller) {
      if (index < chunks.length) {
        const chunk = chunks[index++];
        controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
        return;
      }
      if (end === "stall") return new Promise<void>(() => {});
      if (end === "close") controller.close();
      else controller.error(end.error);
    },
  });
}

const sseStream = (lines: string[], end: "close" | "stall" | { error: unknown } = "close") =>
  byteStream([sse(lines)], end);
const sseResponse = (lines: string[], status = 200) =>
  new Response(sse(lines), { status, headers: sseHeaders });
const jsonResponse = (value: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(value), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
const envelope = (result: unknown) => ({ result, success: true, errors: [], messages: [] });
const htmlPage = (title: string) =>
  `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1>${"<p>cloudflare</p>".repeat(50)}</body></html>`;
const pngBytes = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]);
function randomBytes(count: number, seed: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(count);
  let state = seed;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}
const TEN_MB_TEXT = "0123456789abcdef".repeat((10 * 1024 * 1024) / 16);
const gzipped = gzipSync(Buffer.from(sse([textEvent("Compressed "), textEvent("answer"), "data: [DONE]"])));
const httpHead = (headers: Record<string, string>, status = "200 OK") =>
  `HTTP/1.1 ${status}\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("")}\r\n`;

class InferenceUpstreamError extends Error {
  override name = "InferenceUpstreamError";
}

// ---------------------------------------------------------------- the catalogue

/**
 * The catalogue. `B…` rows run over the binding, `R…` rows over REST, `M…` rows are media models.
 * Columns: id, title, call, outcome (the expected result in words) and `expected` (checked).
 */
const CASES: Case[] = [
  // ---- malformed events
  {
    id: "B01",
    title: "invalid JSON event between good ones",
    call: "stream",
    outcome: "error part InvalidResponseDataError for the bad event; text before and after kept; finish stop",
    expected: { error: "InvalidResponseDataError", textBefore: "One", text: "One two", finish: "stop" },
    binding: () => sseStream([textEvent("One"), 'data: {"response": "tw', textEvent(" two"), "data: [DONE]"]),
  },
  {
    id: "R01",
    title: "invalid JSON event between good ones",
    call: "stream",
    outcome: "error part InvalidResponseDataError; text before and after kept; finish stop",
    expected: { error: "InvalidResponseDataError", textBefore: "One", text: "One two", finish: "stop" },
    rest: () => sseResponse([textEvent("One"), "data: {not json", textEvent(" two"), "data: [DONE]"]),
  },
  {
    id: "B02",
    title: "non-JSON `data:` payload",
    call: "stream",
    outcome: "error part InvalidResponseDataError naming the payload; text kept",
    expected: {
      error: "InvalidResponseDataError",
      message: /hello world/,
      textBefore: "Hi",
      text: "Hi there",
    },
    binding: () => sseStream([textEvent("Hi"), "data: hello world", textEvent(" there"), "data: [DONE]"]),
  },
  {
    id: "R02",
    title: "non-JSON `data:` payload",
    call: "stream",
    outcome: "error part InvalidResponseDataError; text kept",
    expected: { error: "InvalidResponseDataError", textBefore: "Hi", text: "Hi there" },
    rest: () => sseResponse([textEvent("Hi"), "data: <<binary?>>", textEvent(" there"), "data: [DONE]"]),
  },
  // ---- HTML pages, empty and mislabelled bodies
  {
    id: "R03",
    title: "HTML error page with status 200 (stream request)",
    call: "stream",
    outcome: "APICallError naming the HTML page and its title, not retryable; no text",
    expected: {
      error: "APICallError",
      retryable: false,
      message: /HTML page.*Just a moment/,
      textBefore: "",
    },
    rest: () => new Response(htmlPage("Just a moment"), { headers: { "content-type": "text/html" } }),
  },
  {
    id: "R04",
    title: "HTML error page with status 502",
    call: "generate",
    outcome: "APICallError 502 naming the HTML page, retryable",
    expected: { error: "APICallError", status: 502, retryable: true, message: /HTML page.*Bad gateway/ },
    rest: () =>
      new Response(htmlPage("Bad gateway"), { status: 502, headers: { "content-type": "text/html" } }),
  },
  {
    id: "B03",
    title: "HTML page as the stream body (binding returns the body of a text/html 200)",
    call: "stream",
    outcome: "error part APICallError saying the reply is not an SSE stream (an HTML page); finish error",
    expected: {
      error: "APICallError",
      message: /not an SSE stream.*HTML page/,
      textBefore: "",
      finishRaw: "stream-truncated",
    },
    binding: () => byteStream([htmlPage("Service unavailable")]),
  },
  {
    id: "B04",
    title: "binding throws the raw HTML of a 502 (InferenceUpstreamError)",
    call: "generate",
    outcome: "APICallError naming the HTML page (not the raw markup)",
    expected: { error: "APICallError", message: /HTML page.*Bad gateway/ },
    binding: () => {
      throw new InferenceUpstreamError(htmlPage("Bad gateway"));
    },
  },
  {
    id: "R05",
    title: "empty body, JSON content type",
    call: "generate",
    outcome: "APICallError 'empty reply', retryable",
    expected: { error: "APICallError", retryable: true, message: /empty/ },
    rest: () => new Response(null, { headers: { "content-type": "application/json" } }),
  },
  {
    id: "R06",
    title: "empty SSE body",
    call: "stream",
    outcome: "error part APICallError 'empty', finish error",
    expected: { error: "APICallError", message: /empty/, textBefore: "", finishRaw: "stream-truncated" },
    rest: () => new Response("", { headers: sseHeaders }),
  },
  {
    id: "B05",
    title: "binding returns null",
    call: "generate",
    outcome: "APICallError 502 'no result', retryable",
    expected: { error: "APICallError", status: 502, retryable: true },
    binding: () => null,
  },
  {
    id: "B06",
    title: "binding returns an empty string",
    call: "generate",
    outcome: "APICallError 'empty', retryable (an empty body is never an answer)",
    expected: { error: "APICallError", retryable: true, message: /no result|empty/ },
    binding: () => "",
  },
  {
    id: "B07",
    title: "binding returns an empty stream",
    call: "stream",
    outcome: "error part APICallError 'empty'; finish error",
    expected: { error: "APICallError", message: /empty/, textBefore: "", finishRaw: "stream-truncated" },
    binding: () => byteStream([]),
  },
  {
    id: "R07",
    title: "wrong content type: text/plain page with 200",
    call: "generate",
    outcome: "APICallError 'unexpected text/plain reply' quoting the page",
    expected: { error: "APICallError", message: /unexpected text\/plain reply: upstream connect error/ },
    rest: () =>
      new Response("upstream connect error or disconnect/reset before headers", {
        headers: { "content-type": "text/plain" },
      }),
  },
  {
    id: "R08",
    title: "wrong content type: image/png bytes for a chat stream",
    call: "stream",
    outcome: "error part APICallError 'not an SSE stream'; finish error",
    expected: { error: "APICallError", message: /not an SSE stream/, textBefore: "" },
    rest: () => new Response(pngBytes, { headers: { "content-type": "image/png" } }),
  },
  {
    id: "R09",
    title: "wrong content type: JSON body labelled text/event-stream",
    call: "stream",
    outcome: "error part APICallError 'not an SSE stream' quoting the JSON; finish error",
    expected: { error: "APICallError", message: /not an SSE stream/, textBefore: "" },
    rest: () => new Response('{"response":"hello"}', { headers: sseHeaders }),
  },
  {
    id: "R10",
    title: "invalid JSON with a JSON content type",
    call: "generate",
    outcome: "APICallError 'not valid JSON'",
    expected: { error: "APICallError", message: /not valid JSON/ },
    rest: () =>
      new Response('{"result": {"response": "cut', { headers: { "content-type": "application/json" } }),
  },
  // ---- error envelopes and error events
  {
    id: "R11",
    title: "envelope `success: false` with status 200",
    call: "generate",
    outcome: "APICallError with code 3040, retryable",
    expected: { error: "APICallError", retryable: true, message: /3040/ },
    rest: () =>
      jsonResponse({
        result: null,
        success: false,
        errors: [{ code: 3040, message: "Capacity" }],
        messages: [],
      }),
  },
  {
    id: "R12",
    title: "envelope `success: false` with status 400 (8001)",
    call: "stream",
    outcome: "APICallError 400 code 8001, not retryable",
    expected: { error: "APICallError", status: 400, retryable: false, message: /8001/, textBefore: "" },
    rest: () =>
      jsonResponse(
        { result: null, success: false, errors: [{ code: 8001, message: "Invalid input" }], messages: [] },
        400,
      ),
  },
  {
    id: "B08",
    title: "binding resolves an error envelope as JSON",
    call: "generate",
    outcome: "APICallError with code 3040, retryable",
    expected: { error: "APICallError", retryable: true, message: /3040/ },
    binding: () => ({ success: false, errors: [{ code: 3040, message: "Capacity" }] }),
  },
  {
    id: "R13",
    title: "error event mid-stream (3040)",
    call: "stream",
    outcome: "text before delivered, then error part APICallError code 3040 retryable; finish error",
    expected: {
      error: "APICallError",
      retryable: true,
      message: /3040/,
      textBefore: "Partial",
      text: "Partial",
    },
    rest: () =>
      sseResponse([
        textEvent("Partial"),
        'data: {"error":{"code":3040,"message":"Capacity temporarily exceeded"}}',
      ]),
  },
  {
    id: "B09",
    title: "error event mid-stream (3007 timeout, string form)",
    call: "stream",
    outcome: "text before delivered, then error part APICallError 3007 retryable",
    expected: { error: "APICallError", retryable: true, message: /3007/, textBefore: "Half", text: "Half" },
    binding: () => sseStream([chatEvent({ content: "Half" }), 'data: {"error":"3007: Request timeout"}']),
  },
  {
    id: "R14",
    title: "429 with Retry-After",
    call: "generate",
    outcome: "APICallError 429, retryable, Retry-After kept in responseHeaders",
    expected: { error: "APICallError", status: 429, retryable: true },
    rest: () =>
      jsonResponse({ success: false, errors: [{ code: 3040, message: "busy" }] }, 429, {
        "retry-after": "3",
      }),
  },
  // ---- unknown fields and nulls
  {
    id: "B10",
    title: "unknown event fields and unknown event types",
    call: "stream",
    outcome: "carries on: unknown fields ignored, text complete, no error",
    expected: { text: "Hello world", finish: "stop" },
    binding: () =>
      sseStream([
        'data: {"response":"Hello","p":"abc","future_field":{"nested":[1,2,3]},"x-debug":true}',
        'data: {"type":"response.some_future_event","sequence_number":1,"payload":{}}',
        'data: {"response":" world","logprobs":{"tokens":[]}}',
        "data: [DONE]",
      ]),
  },
  {
    id: "R15",
    title: "unknown fields in chat-completions chunks",
    call: "stream",
    outcome: "carries on: text complete, no error",
    expected: { text: "Bonjour", finish: "stop" },
    rest: () =>
      sseResponse([
        'data: {"choices":[{"index":0,"delta":{"content":"Bon","audio":null,"refusal":null},"finish_reason":null,"matched_stop":1}],"system_fingerprint":"x"}',
        'data: {"choices":[{"index":0,"delta":{"content":"jour"},"finish_reason":"stop"}],"service_tier":"auto"}',
        "data: [DONE]",
      ]),
  },
  {
    id: "B11",
    title: "`null`s where objects are expected (chat-completions)",
    call: "stream",
    outcome: "carries on: null chunks, choices, deltas and usage skipped; text complete",
    expected: { text: "AB", finish: "stop" },
    binding: () =>
      sseStream([
        "data: null",
        'data: {"choices":null}',
        'data: {"choices":[null]}',
        'data: {"choices":[{"index":0,"delta":null}]}',
        chatEvent({ content: "A" }),
        'data: {"choices":[{"index":0,"delta":{"content":null,"tool_calls":null,"reasoning_content":null}}],"usage":null}',
        chatEvent({ content: "B" }, "stop"),
        "data: [DONE]",
      ]),
  },
  {
    id: "R16",
    title: "`null`s where objects are expected (legacy and Responses)",
    call: "stream",
    outcome: "carries on: null response/tool_calls/usage/delta skipped; text complete",
    expected: { text: "xy", finish: "stop" },
    rest: () =>
      sseResponse([
        'data: {"response":null,"tool_calls":null,"usage":null}',
        textEvent("x"),
        'data: {"type":"response.output_text.delta","delta":null}',
        'data: {"type":"response.output_text.delta","delta":"y"}',
        'data: {"response":"","finish_reason":null,"usage":{"prompt_tokens":null}}',
        "data: [DONE]",
      ]),
  },
  // ---- tool calls
  {
    id: "B12",
    title: "tool-call arguments that never close (stream ends normally)",
    call: "stream-tools",
    outcome:
      "the tool call is delivered with its raw arguments and the AI SDK marks it invalid (tool-error); no crash",
    expected: { toolCalls: [{ toolName: "get_weather", invalid: true }] },
    binding: () =>
      sseStream([
        chatEvent({
          tool_calls: [
            {
              index: 0,
              id: "c1",
              type: "function",
              function: { name: "get_weather", arguments: '{"city": "Par' },
            },
          ],
        }),
        chatEvent({}, "tool_calls"),
        "data: [DONE]",
      ]),
  },
  {
    id: "R17",
    title: "tool-call arguments that never close (stream truncated)",
    call: "stream-tools",
    outcome: "tool input ended without a tool call; error part APICallError 'truncated'; finish error",
    expected: { error: "APICallError", message: /truncated/, finishRaw: "stream-truncated", toolCalls: [] },
    rest: () =>
      sseResponse([
        chatEvent({
          tool_calls: [
            {
              index: 0,
              id: "c1",
              type: "function",
              function: { name: "get_weather", arguments: '{"city": "Par' },
            },
          ],
        }),
      ]),
  },
  // ---- size and bytes
  {
    id: "B13",
    title: "giant single event (10 MB of text in one `data:` line, 64 KiB chunks)",
    call: "stream",
    outcome: "carries on: the 10 MB text arrives intact",
    expected: { text: TEN_MB_TEXT, finish: "stop" },
    binding: () => {
      const bytes = encoder.encode(sse([textEvent(TEN_MB_TEXT), "data: [DONE]"]));
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < bytes.byteLength; i += 65_536) chunks.push(bytes.subarray(i, i + 65_536));
      return byteStream(chunks);
    },
  },
  {
    id: "R18",
    title: "giant single event (10 MB) over HTTP",
    call: "stream",
    outcome: "carries on: the 10 MB text arrives intact",
    expected: { text: TEN_MB_TEXT, finish: "stop" },
    rest: () => sseResponse([textEvent(TEN_MB_TEXT), "data: [DONE]"]),
  },
  {
    id: "R19",
    title: "binary where text was expected (random bytes labelled text/event-stream)",
    call: "stream",
    outcome: "error part APICallError 'not an SSE stream'; finish error; no crash",
    expected: { error: "APICallError", message: /not an SSE stream/, textBefore: "" },
    rest: () => new Response(randomBytes(4096, 7), { headers: sseHeaders }),
  },
  {
    id: "B14",
    title: "binary where text was expected (PNG bytes from the binding)",
    call: "generate",
    outcome: "APICallError 'not an SSE stream'",
    expected: { error: "APICallError", message: /not an SSE stream/ },
    binding: () => pngBytes,
  },
  {
    id: "B15",
    title: "invalid UTF-8 inside an event",
    call: "stream",
    outcome: "carries on: bad bytes become U+FFFD, the rest of the text is intact",
    expected: { text: "ok \uFFFD\uFFFD end", finish: "stop" },
    binding: () =>
      byteStream([
        encoder.encode('data: {"response":"ok '),
        Uint8Array.from([0xff, 0xfe]),
        encoder.encode(' end"}\n\ndata: [DONE]\n\n'),
      ]),
  },
  // ---- transport-level faults (REST)
  {
    id: "R20",
    title: "truncated gzip (`content-encoding: gzip`, body cut) on a stream",
    call: "stream",
    outcome:
      "the decompressor yields what it can: text kept, the cut event is an InvalidResponseDataError part, then the truncation error; finish error; no hang",
    expected: {
      error: "InvalidResponseDataError",
      textBefore: "Compressed answer",
      text: "Compressed answer",
      finish: "error",
      finishRaw: "stream-truncated",
    },
    rest: () =>
      new Response(gzipped.subarray(0, gzipped.byteLength - 12), {
        headers: { ...sseHeaders, "content-encoding": "gzip" },
      }),
  },
  {
    id: "R21",
    title: "truncated gzip on a JSON reply",
    call: "generate",
    outcome: "APICallError 'not valid JSON' (a cut body cannot be told from a bad one, so not retryable)",
    expected: { error: "APICallError", retryable: false, message: /not valid JSON/ },
    rest: () => {
      const body = gzipSync(Buffer.from(JSON.stringify(envelope({ response: "x".repeat(500) }))));
      return new Response(body.subarray(0, body.byteLength - 20), {
        headers: { "content-type": "application/json", "content-encoding": "gzip" },
      });
    },
  },
  {
    id: "R22",
    title: "header-only reply (SSE headers, then the connection closes)",
    call: "stream",
    outcome: "error part APICallError (stream broke), retryable; no text; finish error",
    expected: { error: "APICallError", retryable: true, textBefore: "" },
    raw: [httpHead({ ...sseHeaders, "transfer-encoding": "chunked" }), { waitMs: 10 }, "destroy"],
  },
  {
    id: "R23",
    title: "header-only reply (JSON, content-length 500, connection closes)",
    call: "generate",
    outcome: "APICallError, retryable",
    expected: { error: "APICallError", retryable: true },
    raw: [
      httpHead({ "content-type": "application/json", "content-length": "500" }),
      { waitMs: 10 },
      "destroy",
    ],
  },
  {
    id: "R24",
    title: "connection reset mid-stream",
    call: "stream",
    outcome: "text before delivered, then error part APICallError (stream broke), retryable",
    expected: {
      error: "APICallError",
      retryable: true,
      textBefore: "Before the reset",
      finishRaw: "stream-error",
    },
    raw: [
      httpHead({ ...sseHeaders, "transfer-encoding": "chunked" }),
      httpChunk(sse([textEvent("Before the reset")])),
      { waitMs: 20 },
      "destroy",
    ],
  },
  {
    id: "R25",
    title: "connection reset right after a chunk while the consumer is slow",
    call: "stream",
    outcome: "the text of the chunk is still delivered, then error part APICallError (stream broke)",
    expected: {
      error: "APICallError",
      retryable: true,
      textBefore: "Not lost either",
      finishRaw: "stream-error",
    },
    raw: [
      httpHead({ ...sseHeaders, "transfer-encoding": "chunked" }),
      httpChunk(sse([textEvent("Not lost either")])),
      "destroy",
    ],
    slowConsumerMs: 40,
  },
  {
    id: "R26",
    title: "no reply at all (connection closed before headers)",
    call: "generate",
    outcome: "APICallError 'Cannot connect', retryable",
    expected: { error: "APICallError", retryable: true },
    raw: ["destroy"],
  },
  {
    id: "R27",
    title: "a reply that never ends (aborted by the user)",
    call: "stream",
    outcome: "abort: the stream ends promptly with an abort, text before kept",
    expected: { error: "AbortError", textBefore: "Started" },
    raw: [
      httpHead({ ...sseHeaders, "transfer-encoding": "chunked" }),
      httpChunk(sse([textEvent("Started")])),
      "hang",
    ],
    abortAfterMs: 60,
  },
  {
    id: "R28",
    title: "headers that never come (aborted by the user)",
    call: "generate",
    outcome: "abort: AbortError promptly",
    expected: { error: "AbortError" },
    raw: ["hang"],
    abortAfterMs: 40,
  },
  {
    id: "B16",
    title: "a stream that never ends (aborted by the user)",
    call: "stream",
    outcome: "abort: the stream ends promptly, text before kept",
    expected: { error: "AbortError", textBefore: "Started" },
    binding: () => sseStream([textEvent("Started")], "stall"),
    abortAfterMs: 40,
  },
  {
    id: "B17",
    title: "run() that never settles and ignores the signal (aborted by the user)",
    call: "generate",
    outcome: "abort: AbortError promptly, even though the binding never answers",
    expected: { error: "AbortError" },
    binding: () => new Promise(() => {}),
    abortAfterMs: 40,
  },
  // ---- thrown non-Error values
  {
    id: "B18",
    title: "binding throws a string",
    call: "generate",
    outcome: "APICallError carrying the string",
    expected: { error: "APICallError", message: /boom as a string/ },
    binding: () => {
      throw "boom as a string";
    },
  },
  {
    id: "B19",
    title: "binding throws a number",
    call: "stream",
    outcome: "APICallError carrying the number",
    expected: { error: "APICallError", message: /42/, textBefore: "" },
    binding: () => {
      throw 42;
    },
  },
  {
    id: "B20",
    title: "binding throws undefined",
    call: "generate",
    outcome: "APICallError",
    expected: { error: "APICallError" },
    binding: () => {
      throw undefined;
    },
  },
  {
    id: "B21",
    title: "binding throws null",
    call: "stream",
    outcome: "APICallError",
    expected: { error: "APICallError", textBefore: "" },
    binding: () => {
      throw null;
    },
  },
  {
    id: "B22",
    title: "binding throws a plain object with a Workers AI message",
    call: "generate",
    outcome: "APICallError with code 3040, retryable",
    expected: { error: "APICallError", retryable: true, message: /3040/ },
    binding: () => {
      throw { name: "InferenceUpstreamError", message: "3040: Capacity temporarily exceeded" };
    },
  },
  {
    id: "B23",
    title: "binding throws an object with a circular reference",
    call: "generate",
    outcome: "APICallError, no crash while describing it",
    expected: { error: "APICallError" },
    binding: () => {
      const value: Record<string, unknown> = { reason: "loop" };
      value.self = value;
      throw value;
    },
  },
  {
    id: "B24",
    title: "binding throws a Symbol",
    call: "generate",
    outcome: "APICallError, no crash while describing it",
    expected: { error: "APICallError", message: /Symbol\(odd\)/ },
    binding: () => {
      throw Symbol("odd");
    },
  },
  {
    id: "B25",
    title: "binding stream errors with a non-Error value mid-stream",
    call: "stream",
    outcome: "text before delivered, then error part APICallError (stream broke); finish error",
    expected: { error: "APICallError", textBefore: "Some text", finishRaw: "stream-error" },
    binding: () => sseStream([textEvent("Some text")], { error: "socket hang up" }),
  },
  {
    id: "B26",
    title: "stream breaks right after a chunk while the consumer is slow",
    call: "stream",
    outcome: "the text of the chunk is still delivered, then error part APICallError (stream broke)",
    expected: { error: "APICallError", retryable: true, textBefore: "Not lost", finishRaw: "stream-error" },
    binding: () => sseStream([textEvent("Not lost")], { error: new TypeError("connection reset") }),
    slowConsumerMs: 40,
  },
  {
    id: "B27",
    title: "binding returns a number",
    call: "generate",
    outcome: "APICallError 'Unexpected Workers AI chat reply'",
    expected: { error: "APICallError", message: /Unexpected Workers AI chat reply: 42/ },
    binding: () => 42,
  },
  // ---- media models
  {
    id: "M01",
    title: "image: bad base64 in `{image}` (binding)",
    call: "image",
    outcome: "InvalidResponseDataError 'without image data'",
    expected: { error: "InvalidResponseDataError", message: /image/ },
    binding: () => ({ image: "!!! not base64 !!!" }),
  },
  {
    id: "M02",
    title: "image: bad base64 in the REST envelope",
    call: "image",
    outcome: "InvalidResponseDataError",
    expected: { error: "InvalidResponseDataError" },
    rest: () => jsonResponse(envelope({ image: "%%%%" })),
  },
  {
    id: "M03",
    title: "image: empty byte reply",
    call: "image",
    outcome: "InvalidResponseDataError 'empty'",
    expected: { error: "InvalidResponseDataError", message: /empty/ },
    binding: () => new Uint8Array(0),
  },
  {
    id: "M04",
    title: "image: HTML page with 502",
    call: "image",
    outcome: "APICallError 502, retryable",
    expected: { error: "APICallError", status: 502, retryable: true },
    rest: () =>
      new Response(htmlPage("Bad gateway"), { status: 502, headers: { "content-type": "text/html" } }),
  },
  {
    id: "M05",
    title: "speech: JSON where audio bytes were expected (binding)",
    call: "speech",
    outcome: "InvalidResponseDataError 'without audio data'",
    expected: { error: "InvalidResponseDataError", message: /audio/ },
    binding: () => ({ note: "no audio here" }),
  },
  {
    id: "M06",
    title: "speech: JSON where audio bytes were expected (REST)",
    call: "speech",
    outcome: "InvalidResponseDataError",
    expected: { error: "InvalidResponseDataError", message: /audio/ },
    rest: () => jsonResponse(envelope({ transcript: "hello" })),
  },
  {
    id: "M07",
    title: "speech: audio field with bad base64",
    call: "speech",
    outcome: "InvalidResponseDataError",
    expected: { error: "InvalidResponseDataError" },
    binding: () => ({ audio: "not*base64" }),
  },
  {
    id: "M08",
    title: "rerank: ids out of range",
    call: "rerank",
    outcome: "InvalidResponseDataError naming the bad id",
    expected: { error: "InvalidResponseDataError", message: /id 7/ },
    binding: () => ({
      response: [
        { id: 0, score: 0.9 },
        { id: 7, score: 0.5 },
      ],
    }),
  },
  {
    id: "M09",
    title: "rerank: negative and duplicate ids (REST)",
    call: "rerank",
    outcome: "InvalidResponseDataError",
    expected: { error: "InvalidResponseDataError" },
    rest: () =>
      jsonResponse(
        envelope({
          response: [
            { id: 1, score: 0.9 },
            { id: 1, score: 0.5 },
          ],
        }),
      ),
  },
  {
    id: "M10",
    title: "rerank: response is not an array",
    call: "rerank",
    outcome: "InvalidResponseDataError",
    expected: { error: "InvalidResponseDataError" },
    binding: () => ({ response: null }),
  },
  {
    id: "M11",
    title: "embeddings: wrong number of vectors",
    call: "embed",
    outcome: "InvalidResponseDataError '1 embedding(s) for 2 value(s)'",
    expected: { error: "InvalidResponseDataError", message: /1 embedding\(s\) for 2/ },
    binding: () => ({ shape: [1, 3], data: [[0.1, 0.2, 0.3]] }),
  },
  {
    id: "M12",
    title: "embeddings: vectors with non-numbers (REST)",
    call: "embed",
    outcome: "InvalidResponseDataError",
    expected: { error: "InvalidResponseDataError" },
    rest: () =>
      jsonResponse(
        envelope({
          shape: [2, 2],
          data: [
            [0.1, "x"],
            [null, 0.2],
          ],
        }),
      ),
  },
  {
    id: "M13",
    title: "embeddings: data is an object, not an array",
    call: "embed",
    outcome: "InvalidResponseDataError 'without a data array'",
    expected: { error: "InvalidResponseDataError", message: /data array/ },
    binding: () => ({ shape: [2, 3], data: { 0: [1, 2, 3] } }),
  },
  {
    id: "M14",
    title: "transcription: HTML page with 200",
    call: "transcribe",
    outcome: "APICallError naming the HTML page",
    expected: { error: "APICallError", message: /HTML page/ },
    rest: () => new Response(htmlPage("Maintenance"), { headers: { "content-type": "text/html" } }),
  },
  {
    id: "M15",
    title: "transcription: JSON without any transcript",
    call: "transcribe",
    outcome: "InvalidResponseDataError or the SDK's NoTranscriptGeneratedError",
    expected: { error: "InvalidResponseDataError" },
    binding: () => ({ vtt: null, words: "none" }),
  },
  {
    id: "M16",
    title: "embeddings: binding throws a non-Error value",
    call: "embed",
    outcome: "APICallError",
    expected: { error: "APICallError", message: /weird failure/ },
    binding: () => {
      throw { detail: "weird failure" };
    },
  },
];

// ---------------------------------------------------------------- running a case

interface Observed {
  errorKind?: string;
  error?: unknown;
  textBefore: string;
  text: string;
  finish?: string;
  finishRaw?: string;
  warnings: string[];
  toolCalls: Array<{ toolName: string; input?: unknown; invalid?: boolean }>;
}

function kindOf(error: unknown): string {
  if (APICallError.isInstance(error)) return "APICallError";
  if (InvalidResponseDataError.isInstance(error)) return "InvalidResponseDataError";
  if (InvalidArgumentError.isInstance(error)) return "InvalidArgumentError";
  if (NoImageGeneratedError.isInstance(error)) return "NoImageGeneratedError";
  if (NoSpeechGeneratedError.isInstance(error)) return "NoSpeechGeneratedError";
  if (NoTranscriptGeneratedError.isInstance(error)) return "NoTranscriptGeneratedError";
  if (typeof error === "object" && error !== null && (error as { name?: unknown }).name === "AbortError")
    return "AbortError";
  return `untyped ${Object.prototype.toString.call(error)} ${String((error as { name?: unknown })?.name)}`;
}

const weatherTool = tool({
  description: "Weather of a city",
  inputSchema: jsonSchema<{ city: string }>({
    type: "object",
    properties: { city: { type: "string" } },
    required: ["city"],
  }),
});

function warningText(warning: unknown): string {
  return JSON.stringify(warning);
}

async function runStream(
  model: ReturnType<WorkersAIProvider>,
  row: Case,
  signal?: AbortSignal,
): Promise<Observed> {
  const observed: Observed = { textBefore: "", text: "", warnings: [], toolCalls: [] };
  const result = streamText({
    model,
    prompt: "hi",
    abortSignal: signal,
    maxRetries: 0,
    onError: () => {},
    ...(row.call === "stream-tools" ? { tools: { get_weather: weatherTool } } : {}),
  });
  let first = true;
  for await (const part of result.fullStream) {
    if (first && row.slowConsumerMs) await sleep(row.slowConsumerMs);
    first = false;
    switch (part.type) {
      case "text-delta":
        observed.text += part.text;
        if (observed.errorKind === undefined) observed.textBefore += part.text;
        break;
      case "error":
        if (observed.errorKind === undefined) {
          observed.errorKind = kindOf(part.error);
          observed.error = part.error;
        }
        break;
      case "abort":
        if (observed.errorKind === undefined) {
          observed.errorKind = "AbortError";
          observed.error = signal?.reason;
        }
        break;
      case "tool-call":
        observed.toolCalls.push({
          toolName: part.toolName,
          input: part.input,
          ...(part.invalid ? { invalid: true } : {}),
        });
        break;
      case "finish-step":
        observed.finish = part.finishReason;
        observed.finishRaw = part.rawFinishReason;
        break;
      case "start-step":
        observed.warnings.push(...part.warnings.map(warningText));
        break;
    }
  }
  return observed;
}

async function runOther(provider: WorkersAIProvider, row: Case, signal?: AbortSignal): Promise<Observed> {
  const observed: Observed = { textBefore: "", text: "", warnings: [], toolCalls: [] };
  const common = { abortSignal: signal, maxRetries: 0 } as const;
  try {
    switch (row.call) {
      case "generate": {
        const result = await generateText({ model: provider(LLAMA), prompt: "hi", ...common });
        observed.text = result.text;
        observed.finish = result.finishReason;
        observed.finishRaw = result.rawFinishReason;
        observed.warnings = (result.warnings ?? []).map(warningText);
        break;
      }
      case "embed": {
        const result = await embedMany({
          model: provider.textEmbedding("@cf/baai/bge-base-en-v1.5"),
          values: ["a", "b"],
          ...common,
        });
        observed.warnings = result.warnings.map(warningText);
        break;
      }
      case "image": {
        const result = await generateImage({
          model: provider.image("@cf/black-forest-labs/flux-1-schnell"),
          prompt: "a mountain",
          ...common,
        });
        observed.warnings = result.warnings.map(warningText);
        break;
      }
      case "transcribe": {
        const result = await transcribe({
          model: provider.transcription("@cf/openai/whisper-large-v3-turbo"),
          audio: new Uint8Array([1, 2, 3, 4]),
          ...common,
        });
        observed.text = result.text;
        break;
      }
      case "speech": {
        const result = await generateSpeech({
          model: provider.speech("@cf/deepgram/aura-2-en"),
          text: "hello",
          ...common,
        });
        observed.warnings = result.warnings.map(warningText);
        break;
      }
      case "rerank": {
        await rerank({
          model: provider.reranking("@cf/baai/bge-reranker-base"),
          query: "q",
          documents: ["one", "two"],
          ...common,
        });
        break;
      }
      default:
        throw new Error(`not a non-stream call: ${row.call}`);
    }
  } catch (error) {
    observed.errorKind = kindOf(error);
    observed.error = error;
  }
  return observed;
}

// ---------------------------------------------------------------- the suite

let server: TestServer;
let raw: RawServer;
let restHandler: (request: Request) => Response | Promise<Response> = () =>
  new Response("unset", { status: 500 });
const unhandled = collectUnhandledRejections();

beforeAll(async () => {
  server = await startTestServer((request) => restHandler(request));
  raw = await startRawServer();
});
afterAll(async () => {
  unhandled.dispose();
  await server?.close();
  await raw?.close();
});

describe("bad input catalogue", () => {
  it("has at least 40 cases over both transports, with unique ids", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CASES.map((row) => row.id)).size).toBe(CASES.length);
    expect(CASES.filter((row) => row.binding).length).toBeGreaterThanOrEqual(15);
    expect(CASES.filter((row) => row.rest || row.raw).length).toBeGreaterThanOrEqual(15);
  });

  it.each(
    CASES.map((row) => ({ ...row, label: `${row.id} ${row.binding ? "binding" : "REST"}: ${row.title}` })),
  )("$label → $outcome", async (row) => {
    const before = unhandled.reasons.length;
    let provider: WorkersAIProvider;
    if (row.binding) {
      const binding = row.binding;
      provider = createWorkersAI({
        binding: fakeBinding((call) => binding(call, call.options.signal as AbortSignal | undefined)),
      });
    } else if (row.rest) {
      restHandler = row.rest;
      provider = createWorkersAI({
        accountId: "acct",
        apiKey: "test-key",
        baseURL: `${server.url}/client/v4`,
      });
    } else {
      raw.reply = row.raw ?? [];
      provider = createWorkersAI({ accountId: "acct", apiKey: "test-key", baseURL: `${raw.url}/client/v4` });
    }
    const controller = row.abortAfterMs !== undefined ? new AbortController() : undefined;
    const timer = controller ? setTimeout(() => controller.abort(), row.abortAfterMs) : undefined;
    const started = Date.now();
    const observed = await withinMs(
      row.call === "stream" || row.call === "stream-tools"
        ? runStream(provider(row.call === "stream-tools" ? KIMI : LLAMA), row, controller?.signal)
        : runOther(provider, row, controller?.signal),
      CASE_TIMEOUT_MS,
      `${row.id} (${row.title})`,
    );
    clearTimeout(timer);
    const expected = row.expected;

    if (expected.error) {
      expect(observed.errorKind, `${row.id}: ${String(observed.error)}`).toBe(expected.error);
      const error = observed.error as Partial<APICallError> & { message?: string };
      if (expected.retryable !== undefined) expect(error.isRetryable).toBe(expected.retryable);
      if (expected.status !== undefined) expect(error.statusCode).toBe(expected.status);
      if (expected.message) expect(error.message).toMatch(expected.message);
      if (expected.error === "AbortError")
        expect(Date.now() - started - (row.abortAfterMs ?? 0)).toBeLessThan(500);
    } else {
      expect(observed.errorKind, `${row.id}: unexpected error ${String(observed.error)}`).toBeUndefined();
    }
    if (observed.errorKind !== undefined) expect(observed.errorKind).not.toMatch(/^untyped/);
    if (expected.textBefore !== undefined) expect(observed.textBefore).toBe(expected.textBefore);
    if (expected.text !== undefined) {
      expect(observed.text.length).toBe(expected.text.length);
      expect(observed.text === expected.text).toBe(true);
    }
    if (expected.finish !== undefined) expect(observed.finish).toBe(expected.finish);
    if (expected.finishRaw !== undefined) expect(observed.finishRaw).toBe(expected.finishRaw);
    if (expected.warning) expect(observed.warnings.join("\n")).toMatch(expected.warning);
    if (expected.toolCalls) {
      expect(
        observed.toolCalls.map(({ toolName, invalid }) => ({ toolName, ...(invalid ? { invalid } : {}) })),
      ).toEqual(
        expected.toolCalls.map(({ toolName, invalid }) => ({ toolName, ...(invalid ? { invalid } : {}) })),
      );
    }
    await settle();
    expect(unhandled.reasons.slice(before)).toEqual([]);
  });

  it("raised no unhandled rejection in the whole catalogue", async () => {
    await settle();
    expect(unhandled.reasons).toEqual([]);
  });
});
