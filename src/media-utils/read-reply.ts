import { APICallError, InvalidResponseDataError } from "@ai-sdk/provider";
import { isAbortError } from "@ai-sdk/provider-utils";
import { parseErrorBody } from "../transport/errors";
import { readAllBytes } from "../transport/streams";
import type { WorkersAIReply } from "../transport/types";
import { decodeBase64 } from "./base64";
import {
  detectAudioMediaType,
  detectImageMediaType,
  isJsonContentType,
  normalizeContentType,
} from "./media-type";

/** Binary media read out of a reply, whatever form it came in. */
export interface ReplyMedia {
  bytes: Uint8Array;
  /** Content type the reply declared for raw bytes (not for base64 JSON). */
  contentType: string | undefined;
  /** How the media arrived: raw bytes/stream, or base64 inside JSON. */
  form: "binary" | "json-base64";
}

/** Where a reply came from, for errors raised while reading it. */
export interface ReplySource {
  /** URL reported by the transport (`transport.urlFor(model)`); never carries secrets. */
  url: string;
}

/**
 * Reads a whole reply body. A stream that breaks mid-way (dropped connection) becomes a retryable
 * `APICallError`; aborts pass through untouched (the transport already stops the stream on abort).
 */
async function readBody(
  reply: WorkersAIReply & { type: "bytes" | "stream" },
  source: ReplySource,
): Promise<Uint8Array> {
  if (reply.type === "bytes") return reply.bytes;
  try {
    return await readAllBytes(reply.stream);
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new APICallError({
      message: `Workers AI reply stream failed before it was complete: ${error instanceof Error ? error.message : String(error)}`,
      url: source.url,
      requestBodyValues: undefined,
      responseHeaders: reply.headers,
      cause: error,
      isRetryable: true,
    });
  }
}

/** A short, safe excerpt of a value for error data (large base64 blobs are cut). */
function excerpt(value: unknown): unknown {
  if (typeof value === "string") return value.length > 200 ? `${value.slice(0, 200)}…` : value;
  return value;
}

function firstNonSpace(bytes: Uint8Array): number | undefined {
  for (const byte of bytes) {
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return byte;
  }
  return undefined;
}

function parseJsonBytes(bytes: Uint8Array, what: string): unknown {
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new InvalidResponseDataError({
      data: excerpt(text),
      message: `Workers AI returned a ${what} reply that is not valid JSON: ${String(cause)}`,
    });
  }
}

/**
 * JSON hidden in a binary body: declared as JSON (parse errors are real errors), or an undeclared
 * body opening with `{` that parses (raw PCM audio may start with that byte too, so no error then).
 */
function jsonInBinary(
  bytes: Uint8Array,
  contentType: string | undefined,
  what: string,
): { value: unknown } | undefined {
  if (isJsonContentType(contentType)) return { value: parseJsonBytes(bytes, what) };
  if (firstNonSpace(bytes) !== 0x7b) return undefined;
  try {
    return { value: JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) as unknown };
  } catch {
    return undefined;
  }
}

/** Unwraps a leftover REST envelope `{result: …, success}` (the transport normally does this). */
export function unwrapEnvelope(value: unknown): unknown {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    if ("result" in record && "success" in record) return record.result;
  }
  return value;
}

/**
 * The JSON value of a reply, whether the transport parsed it (`json`) or handed over the raw
 * body (`bytes`/`stream`, e.g. `application/json; charset=utf-8` over the binding).
 */
export async function readReplyJson(
  reply: WorkersAIReply,
  what: string,
  source: ReplySource,
): Promise<unknown> {
  if (reply.type === "json") return unwrapEnvelope(reply.value);
  const bytes = await readBody(reply, source);
  return unwrapEnvelope(parseJsonBytes(bytes, what));
}

function mediaFromJson(value: unknown, field: string, what: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (typeof value === "string") {
    const bytes = decodeBase64(value);
    if (bytes) return bytes;
  }
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const inner = (value as Record<string, unknown>)[field];
    if (inner !== undefined && inner !== value) return mediaFromJson(inner, field, what);
  }
  throw new InvalidResponseDataError({
    data: excerpt(value),
    message: `Workers AI returned a ${what} reply without ${field} data (expected raw bytes or JSON {"${field}": "<base64>"}).`,
  });
}

/**
 * Reads binary media (an image or audio clip) out of any reply form: raw bytes, a byte stream,
 * or JSON carrying base64 under `field` (also when that JSON arrives as raw bytes).
 */
export async function readReplyMedia(
  reply: WorkersAIReply,
  options: { field: string; what: string } & ReplySource,
): Promise<ReplyMedia> {
  const media = await readMedia(reply, options);
  if (media.bytes.length === 0) {
    throw new InvalidResponseDataError({
      data: "",
      message: `Workers AI returned an empty ${options.what} reply.`,
    });
  }
  return media;
}

async function readMedia(
  reply: WorkersAIReply,
  options: { field: string; what: string } & ReplySource,
): Promise<ReplyMedia> {
  if (reply.type === "json") {
    return {
      bytes: mediaFromJson(unwrapEnvelope(reply.value), options.field, options.what),
      contentType: undefined,
      form: "json-base64",
    };
  }
  const bytes = await readBody(reply, options);
  const contentType = normalizeContentType(reply.contentType ?? reply.headers["content-type"]);
  const json = jsonInBinary(bytes, contentType, options.what);
  if (json) {
    const value = unwrapEnvelope(json.value);
    return {
      bytes: mediaFromJson(value, options.field, options.what),
      contentType: undefined,
      form: "json-base64",
    };
  }
  return { bytes, contentType, form: "binary" };
}

/**
 * The media type of an image or audio reply, from its bytes' signature (never from a header or the
 * model, which cannot tell a real image from an error page). Bytes of no known format are an
 * `InvalidResponseDataError` naming what arrived; `headerless` is the type of signature-less audio the
 * call asked for (raw PCM, μ-law, A-law), which is taken as it is.
 */
export function replyMediaType(
  bytes: Uint8Array,
  options: { kind: "image" | "audio"; what: string; headerless?: string },
): string {
  const detected = options.kind === "image" ? detectImageMediaType(bytes) : detectAudioMediaType(bytes);
  if (detected) return detected;
  if (options.headerless) return options.headerless;
  const arrived = describeBytes(bytes);
  throw new InvalidResponseDataError({
    data: arrived.excerpt,
    message: `Workers AI returned a ${options.what} reply that is no known ${options.kind} format: ${arrived.description}.`,
  });
}

/** What a body of unknown bytes is, for an error message: text, an HTML page, JSON or binary data. */
function describeBytes(bytes: Uint8Array): { description: string; excerpt: string } {
  let text: string | undefined;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, 2048));
  } catch {
    // not UTF-8: binary data
  }
  // control characters other than whitespace mean binary data, even when it happens to be valid UTF-8
  if (text === undefined || /[\u0000-\u0008\u000e-\u001f]/.test(text)) {
    const head = [...bytes.subarray(0, 8)].map((byte) => byte.toString(16).padStart(2, "0")).join(" ");
    return {
      description: `${bytes.byteLength} bytes of an unknown binary format (starting ${head})`,
      excerpt: head,
    };
  }
  const excerpt = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  const start = text.trimStart()[0];
  if (start === "<") {
    return { description: parseErrorBody(text).message ?? "an HTML or XML page", excerpt };
  }
  if (start === "{" || start === "[" || start === '"')
    return { description: `JSON text ${excerpt}`, excerpt };
  return { description: `text ${JSON.stringify(excerpt)}`, excerpt };
}
