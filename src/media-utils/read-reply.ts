import { APICallError, InvalidResponseDataError } from "@ai-sdk/provider";
import { isAbortError } from "@ai-sdk/provider-utils";
import { isRecord } from "../guards";
import { parseErrorBody } from "../transport/errors";
import { readAllBytes } from "../transport/streams";
import type { WorkersAIReply } from "../transport/types";
import { decodeBase64 } from "./base64";
import { detectAudioMediaType, detectImageMediaType, isJsonContentType } from "./media-type";

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

/** A short, safe excerpt of a text for error data and messages (large base64 blobs are cut). */
function excerpt(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function firstNonSpace(bytes: Uint8Array): number | undefined {
  for (const byte of bytes) {
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return byte;
  }
  return undefined;
}

/**
 * The JSON value of a body (REST envelope unwrapped) when it is declared as JSON (it must then parse), or
 * undeclared but opening with `{` (raw PCM audio may start with that byte too: it stays binary if it does not parse).
 */
function bodyJson(bytes: Uint8Array, declared: boolean, what: string): { value: unknown } | undefined {
  if (!declared && firstNonSpace(bytes) !== 0x7b) return undefined;
  try {
    return { value: unwrapEnvelope(JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes))) };
  } catch (cause) {
    if (!declared) return undefined;
    throw new InvalidResponseDataError({
      data: excerpt(new TextDecoder().decode(bytes)),
      message: `Workers AI returned a ${what} reply that is not valid JSON: ${String(cause)}`,
    });
  }
}

/** Unwraps a leftover REST envelope `{result: …, success}` (the transport normally does this). */
export function unwrapEnvelope(value: unknown): unknown {
  return isRecord(value) && "result" in value && "success" in value ? value.result : value;
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
  return bodyJson(await readBody(reply, source), true, what)?.value;
}

function mediaFromJson(value: unknown, field: string, what: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (typeof value === "string") {
    const bytes = decodeBase64(value);
    if (bytes) return bytes;
  }
  if (isRecord(value) && value[field] !== undefined && value[field] !== value) {
    return mediaFromJson(value[field], field, what);
  }
  throw new InvalidResponseDataError({
    data: typeof value === "string" ? excerpt(value) : value,
    message: `Workers AI returned a ${what} reply without ${field} data (expected raw bytes or JSON {"${field}": "<base64>"}).`,
  });
}

/**
 * Reads an image or audio clip out of any reply form: raw bytes, a byte stream, or JSON carrying base64
 * under `field` (also when that JSON arrives as raw bytes). Its media type comes from its bytes' signature
 * (never from a header or the model, which cannot tell a real image from an error page); bytes of no known
 * format are an `InvalidResponseDataError` naming what arrived, except the signature-less audio the call
 * asked for (`headerless`: raw PCM, μ-law, A-law), which is taken as that type.
 */
export async function readReplyMedia(
  reply: WorkersAIReply,
  options: { field: "image" | "audio"; what: string; headerless?: string } & ReplySource,
): Promise<{ bytes: Uint8Array; mediaType: string }> {
  const { field, what } = options;
  let bytes: Uint8Array;
  if (reply.type === "json") {
    bytes = mediaFromJson(unwrapEnvelope(reply.value), field, what);
  } else {
    bytes = await readBody(reply, options);
    const declared = isJsonContentType(reply.contentType ?? reply.headers["content-type"]);
    const json = bodyJson(bytes, declared, what);
    if (json) bytes = mediaFromJson(json.value, field, what);
  }
  if (bytes.length === 0) {
    throw new InvalidResponseDataError({ data: "", message: `Workers AI returned an empty ${what} reply.` });
  }
  const mediaType =
    (field === "image" ? detectImageMediaType(bytes) : detectAudioMediaType(bytes)) ?? options.headerless;
  if (mediaType) return { bytes, mediaType };
  const arrived = describeBytes(bytes);
  throw new InvalidResponseDataError({
    data: arrived.excerpt,
    message: `Workers AI returned a ${what} reply that is no known ${field} format: ${arrived.description}.`,
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
  const cut = excerpt(text);
  const start = text.trimStart()[0];
  const description =
    start === "<"
      ? (parseErrorBody(text).message ?? "an HTML or XML page")
      : start === "{" || start === "[" || start === '"'
        ? `JSON text ${cut}`
        : `text ${JSON.stringify(cut)}`;
  return { description, excerpt: cut };
}
