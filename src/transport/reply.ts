import { APICallError } from "@ai-sdk/provider";
import { extractResponseHeaders } from "@ai-sdk/provider-utils";
import { isRecord } from "../guards";
import { clip, createWorkersAIError, parseErrorBody, redactHeaders, type WorkersAIFailure } from "./errors";
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

/** What every error of one reply carries. */
type ReplyFailure = ReplyContext & { status: number; responseHeaders: WorkersAIResponseHeaders };

/**
 * Classifies an HTTP reply (REST, gateway, or the binding's raw `Response`) by status and content type:
 * errors → `APICallError`; SSE → stream; JSON → value with the `{result, success}` envelope unwrapped;
 * anything else → a byte stream. HTML and plain-text pages never pass as model output.
 */
export async function replyFromResponse(response: Response, context: ReplyContext): Promise<WorkersAIReply> {
  // a server may echo a credential in a header: the headers reach errors and results
  const headers = redactHeaders(extractResponseHeaders(response), context.secrets);
  const failure: ReplyFailure = { ...context, status: response.status, responseHeaders: headers };
  if (!response.ok) {
    const body = await response.text().catch(() => "");
    throw bodyError(
      failure,
      body,
      (message) => message ?? `${response.status} ${response.statusText}`.trim(),
    );
  }
  const contentType = headers["content-type"]?.toLowerCase();
  if (!response.body) return emptyReply(failure);
  const body = abortableStream(response.body, context.abortSignal, context.secrets);
  if (contentType?.includes("text/event-stream")) return streamReply(body, contentType, headers);
  if (contentType === undefined || contentType.includes("json") || contentType.startsWith("text/")) {
    // small or unlabelled bodies: look at the first characters to tell JSON, SSE and pages apart
    const { head, stream } = await peek(body);
    if (head.startsWith("data:") || head.startsWith("data\n"))
      return streamReply(stream, "text/event-stream", headers);
    const start = head[0];
    if (contentType === undefined && start !== "<" && start !== "{" && start !== "[")
      return streamReply(stream, contentType, headers);
    const text = decoder.decode(await readAllBytes(stream));
    if (start === "{" || start === "[" || contentType?.includes("json")) return jsonReply(text, failure);
    throw bodyError(
      failure,
      text,
      (message) =>
        `unexpected ${contentType ?? "unlabelled"} reply: ${message ?? "not a Workers AI response"}`,
    );
  }
  return streamReply(body, contentType, headers);
}

/** The error of a reply whose body is an error (or no Workers AI result), in the words of {@link parseErrorBody}. */
function bodyError(
  failure: Omit<WorkersAIFailure, "message">,
  body: string,
  describe: (message: string | undefined) => string,
): APICallError {
  const parsed = parseErrorBody(body);
  return createWorkersAIError({
    ...failure,
    message: describe(parsed.message),
    code: parsed.code,
    name: parsed.name,
    responseBody: body,
  });
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
function jsonReply(text: string, failure: ReplyFailure): WorkersAIReply {
  if (text.trim().length === 0) return emptyReply(failure);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw createWorkersAIError({
      ...failure,
      message: "the reply is not valid JSON",
      responseBody: clip(text, 2000),
      cause,
    });
  }
  return {
    type: "json",
    value: unwrapEnvelope(value, text, failure),
    headers: failure.responseHeaders,
    warnings: [],
  };
}

/** Keys of the REST envelope; a body of only these (with `result`) is an envelope even without `success`. */
const ENVELOPE_KEYS: ReadonlySet<string> = new Set(["result", "errors", "messages", "result_info"]);

/**
 * Unwraps `{result, success, errors, messages}`, and a bare `{result}` (mock servers and proxies send it);
 * other values pass through.
 */
function unwrapEnvelope(value: unknown, text: string, failure: ReplyFailure): unknown {
  if (!isRecord(value)) return value;
  if (!("success" in value) && "result" in value && Object.keys(value).every((key) => ENVELOPE_KEYS.has(key)))
    return value.result;
  if (typeof value.success !== "boolean" || !("result" in value || "errors" in value)) return value;
  if (value.success === false) {
    const status = failure.status >= 400 ? failure.status : undefined;
    throw bodyError(
      { ...failure, status } as ReplyFailure,
      text,
      (message) => message ?? "the request failed",
    );
  }
  return value.result;
}

function emptyReply(failure: ReplyFailure): never {
  throw new APICallError({
    message: "Workers AI returned an empty reply",
    url: failure.url,
    requestBodyValues: failure.requestBodyValues,
    statusCode: failure.status,
    responseHeaders: failure.responseHeaders,
    isRetryable: true,
  });
}

/** Leading white space of a body (the byte order mark too). */
const LEADING_SPACE = /^[ \t\r\n\uFEFF]+/;

/** The body's text from its first non-space character (as far as read to find one), and the whole body unread. */
async function peek(
  body: ReadableStream<Uint8Array>,
): Promise<{ head: string; stream: ReadableStream<Uint8Array> }> {
  const reader = body.getReader();
  const headDecoder = new TextDecoder();
  const chunks: Uint8Array[] = [];
  let head = "";
  let done = false;
  while (!head && !done) {
    const result = await reader.read();
    if (result.done) done = true;
    else {
      chunks.push(result.value);
      head = (head + headDecoder.decode(result.value, { stream: true })).replace(LEADING_SPACE, "");
    }
  }
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
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
