import { APICallError } from "@ai-sdk/provider";
import { extractResponseHeaders } from "@ai-sdk/provider-utils";
import { createWorkersAIError, parseErrorBody, redactHeaders } from "./errors";
import { abortableStream, readAllBytes } from "./streams";
import type { WorkersAIReply, WorkersAIResponseHeaders } from "./types";

/** Context shared by everything that turns a reply into a value or an error. */
export interface ReplyContext {
  url: string;
  requestBodyValues: unknown;
  secrets: readonly string[];
  abortSignal: AbortSignal | undefined;
}

const decoder = new TextDecoder();

/**
 * Classifies an HTTP reply (REST, gateway, or the binding's raw `Response`) by status and content type:
 * errors → `APICallError`; SSE → stream; JSON → value with the `{result, success}` envelope unwrapped;
 * anything else → a byte stream. HTML and plain-text pages never pass as model output.
 */
export async function replyFromResponse(response: Response, context: ReplyContext): Promise<WorkersAIReply> {
  // a server may echo a credential in a header: the headers reach errors and results
  const headers = redactHeaders(extractResponseHeaders(response), context.secrets);
  if (!response.ok) {
    const body = await response.text().catch(() => "");
    const parsed = parseErrorBody(body);
    throw createWorkersAIError({
      message: parsed.message ?? `${response.status} ${response.statusText}`.trim(),
      code: parsed.code,
      name: parsed.name,
      status: response.status,
      url: context.url,
      requestBodyValues: context.requestBodyValues,
      responseHeaders: headers,
      responseBody: body,
      secrets: context.secrets,
    });
  }
  const contentType = headers["content-type"]?.toLowerCase();
  if (!response.body) return emptyReply(response.status, headers, context);
  const body = abortableStream(response.body, context.abortSignal, context.secrets);
  if (contentType?.includes("text/event-stream")) return streamReply(body, contentType, headers);
  if (contentType === undefined || contentType.includes("json") || contentType.startsWith("text/")) {
    // small or unlabelled bodies: look at the first bytes to tell JSON, SSE and pages apart
    const { head, stream } = await peek(body);
    const start = firstNonSpace(head);
    if (start === "d" && startsWithData(head)) return streamReply(stream, "text/event-stream", headers);
    if (start === "{" || start === "[" || contentType?.includes("json")) {
      const text = decoder.decode(await readAllBytes(stream));
      return jsonReply(text, response.status, headers, context);
    }
    if (contentType === undefined && start !== "<") return streamReply(stream, contentType, headers);
    const text = decoder.decode(await readAllBytes(stream));
    const parsed = parseErrorBody(text);
    throw createWorkersAIError({
      message: `unexpected ${contentType ?? "unlabelled"} reply: ${parsed.message ?? "not a Workers AI response"}`,
      status: response.status,
      code: parsed.code,
      url: context.url,
      requestBodyValues: context.requestBodyValues,
      responseHeaders: headers,
      responseBody: text,
      secrets: context.secrets,
    });
  }
  return streamReply(body, contentType, headers);
}

/** The reply with every secret redacted from its header values (a server may echo a credential back). */
export function withRedactedHeaders(response: Response, secrets: readonly string[]): Response {
  const headers = extractResponseHeaders(response);
  const redacted = redactHeaders(headers, secrets);
  if (redacted === headers) return response;
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: redacted,
  });
}

function streamReply(
  stream: ReadableStream<Uint8Array>,
  contentType: string | undefined,
  headers: WorkersAIResponseHeaders,
): WorkersAIReply {
  return { type: "stream", stream, contentType, headers, warnings: [] };
}

/** Parses a JSON reply body and unwraps the REST envelope (a `success: false` envelope is an error). */
function jsonReply(
  text: string,
  status: number,
  headers: WorkersAIResponseHeaders,
  context: ReplyContext,
): WorkersAIReply {
  if (text.trim().length === 0) return emptyReply(status, headers, context);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw createWorkersAIError({
      message: "the reply is not valid JSON",
      status,
      url: context.url,
      requestBodyValues: context.requestBodyValues,
      responseHeaders: headers,
      responseBody: text.length > 2000 ? `${text.slice(0, 2000)}…` : text,
      cause,
      secrets: context.secrets,
    });
  }
  return {
    type: "json",
    value: unwrapEnvelope(value, status, headers, text, context),
    headers,
    warnings: [],
  };
}

/** Keys of the REST envelope; a body of only these (with `result`) is an envelope even without `success`. */
const ENVELOPE_KEYS: ReadonlySet<string> = new Set(["result", "errors", "messages", "result_info"]);

/**
 * Unwraps `{result, success, errors, messages}`, and a bare `{result}` (mock servers and proxies send it);
 * other values pass through.
 */
function unwrapEnvelope(
  value: unknown,
  status: number,
  headers: WorkersAIResponseHeaders,
  text: string,
  context: ReplyContext,
): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  if (
    !("success" in record) &&
    "result" in record &&
    Object.keys(record).every((key) => ENVELOPE_KEYS.has(key))
  )
    return record.result;
  if (typeof record.success !== "boolean" || !("result" in record || "errors" in record)) return value;
  if (record.success === false) {
    const parsed = parseErrorBody(text);
    throw createWorkersAIError({
      message: parsed.message ?? "the request failed",
      code: parsed.code,
      status: status >= 400 ? status : undefined,
      url: context.url,
      requestBodyValues: context.requestBodyValues,
      responseHeaders: headers,
      responseBody: text,
      secrets: context.secrets,
    });
  }
  return record.result;
}

function emptyReply(status: number, headers: WorkersAIResponseHeaders, context: ReplyContext): never {
  throw new APICallError({
    message: "Workers AI returned an empty reply",
    url: context.url,
    requestBodyValues: context.requestBodyValues,
    statusCode: status,
    responseHeaders: headers,
    isRetryable: true,
  });
}

async function peek(
  body: ReadableStream<Uint8Array>,
): Promise<{ head: Uint8Array; stream: ReadableStream<Uint8Array> }> {
  const reader = body.getReader();
  let head: Uint8Array = new Uint8Array(0);
  let done = false;
  // read until we see a non-space byte (or the end)
  while (!done && firstNonSpace(head) === undefined) {
    const result = await reader.read();
    if (result.done) done = true;
    else head = head.byteLength === 0 ? result.value : concat(head, result.value);
  }
  const first = head;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (first.byteLength > 0) controller.enqueue(first);
      if (done) controller.close();
    },
    async pull(controller) {
      const result = await reader.read();
      if (result.done) controller.close();
      else controller.enqueue(result.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { head, stream };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}

function firstNonSpace(bytes: Uint8Array): string | undefined {
  for (let i = 0; i < bytes.byteLength; i++) {
    const byte = bytes[i];
    if (byte === 0xef && bytes[i + 1] === 0xbb && bytes[i + 2] === 0xbf) {
      i += 2; // UTF-8 byte order mark
      continue;
    }
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return String.fromCharCode(byte);
  }
  return undefined;
}

function startsWithData(bytes: Uint8Array): boolean {
  const text = decoder.decode(bytes.subarray(0, 64)).trimStart();
  return text.startsWith("data:") || text.startsWith("data\n");
}
