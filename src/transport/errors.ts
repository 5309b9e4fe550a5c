import { APICallError } from "@ai-sdk/provider";

/** A Workers AI internal error code and what it means for a caller (spec 5.1). */
interface CodeInfo {
  status: number;
  retryable: boolean;
  title: string;
}

const INVALID_INPUT = "Invalid input";
const PRIVATE_MODEL = "Account not allowed for private model";

/** One row of {@link WORKERS_AI_ERROR_CODES} (a call is shorter than an object literal, in every Worker). */
function code(status: number, title: string, retryable = false): CodeInfo {
  return { status, retryable, title };
}

/** Workers AI internal codes (spec table 5.1 and the field notes). */
export const WORKERS_AI_ERROR_CODES: Readonly<Record<number, CodeInfo>> = {
  1000: code(400, `${INVALID_INPUT} (a required parameter such as num_steps is missing)`),
  1001: code(400, INVALID_INPUT),
  2021: code(400, "This model needs your own provider key (BYOK)"),
  3003: code(400, "Incomplete request"),
  3006: code(413, "Request too large"),
  3007: code(408, "Timeout", true),
  3008: code(408, "Request aborted", true),
  3023: code(403, "Account blocked"),
  3030: code(400, "Content filter"),
  3036: code(429, "Daily free allocation used up"),
  3039: code(400, "Finetune missing required files"),
  3040: code(429, "Out of capacity", true),
  3041: code(403, PRIVATE_MODEL),
  3042: code(404, "Invalid model ID"),
  5004: code(400, "Invalid data"),
  5005: code(405, "LoRA unsupported"),
  5007: code(400, "No such model"),
  5016: code(403, "Model agreement required"),
  5018: code(403, PRIVATE_MODEL),
  5019: code(405, "Deprecated SDK version"),
  5023: code(400, "JSON schema not supported with streaming"),
  7003: code(404, "Could not route (model or account not found)"),
  8001: code(400, INVALID_INPUT),
  8005: code(500, "Internal server error"),
  8006: code(400, "Not enough output tokens for a forced tool call"),
};

/** Extra advice appended to messages of codes users often misread. */
const ADVICE: Readonly<Record<number, string>> = {
  1000: "Image models need a step count (num_steps/steps); this provider sends a default, so check providerOptions.",
  3030: "The Workers AI content filter rejected the input as NSFW. It gives false positives on very short prompts (e.g. a single word): describe the subject with more context and try again.",
  3036: "The daily free allocation of 10,000 neurons is used up; it resets at 00:00 UTC, or upgrade to Workers Paid.",
  3040: "Workers AI is out of capacity for this model right now; retry with backoff.",
  5016: "Accept the model's license terms once (see the model page) before using it.",
  5023: "This model does not accept a JSON schema together with streaming.",
  8006: "Raise maxOutputTokens: a forced tool call on a reasoning model needs more output tokens.",
};

/** Data kept on every Workers AI `APICallError` (`error.data`). */
export interface WorkersAIErrorData {
  /** Workers AI internal code, when one was found. */
  code: number | undefined;
  /** Error name reported by the binding or the service, when any. */
  name: string | undefined;
}

const CODE_PATTERN = /(?:^|[^\d])(\d{3,5}):\s/g;

/** Finds a known Workers AI code in a message such as `"3040: Capacity temporarily exceeded"`. */
export function findWorkersAICode(message: string): number | undefined {
  CODE_PATTERN.lastIndex = 0;
  for (let match = CODE_PATTERN.exec(message); match; match = CODE_PATTERN.exec(message)) {
    const code = Number(match[1]);
    if (WORKERS_AI_ERROR_CODES[code]) return code;
  }
  return undefined;
}

/** The Workers AI code carried by an error created by this provider (or found in its message). */
export function workersAICodeOf(error: unknown): number | undefined {
  if (APICallError.isInstance(error)) {
    const data = error.data as Partial<WorkersAIErrorData> | undefined;
    if (typeof data?.code === "number") return data.code;
    return findWorkersAICode(error.message);
  }
  if (error instanceof Error) return findWorkersAICode(error.message);
  return undefined;
}

/** Whether `text` quotes `secret` (secrets shorter than 4 characters are ignored: they would match ordinary text). */
const quotes = (text: string, secret: string): boolean => secret?.length >= 4 && text.includes(secret);

/** Whether `text` holds one of `secrets` (see {@link quotes}). */
function containsSecret(text: string, secrets: readonly string[]): boolean {
  return secrets.some((secret) => quotes(text, secret));
}

/** Replaces every secret with `[redacted]` (secrets shorter than 4 characters are ignored); the same string when none is in it. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (quotes(out, secret)) out = out.split(secret).join("[redacted]");
  return out;
}

/**
 * Response headers with every secret redacted from their values (a server may echo a credential back);
 * the same object when none holds one.
 */
export function redactHeaders<H extends Record<string, string> | undefined>(
  headers: H,
  secrets: readonly string[],
): H {
  if (
    !headers ||
    secrets.length === 0 ||
    !Object.values(headers).some((value) => containsSecret(value, secrets))
  )
    return headers;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = redactSecrets(value, secrets);
  return out as H;
}

/** Everything known about a failed call, before it becomes an `APICallError`. */
export interface WorkersAIFailure {
  /** Human text from the service (without the code prefix, if it was parsed off). */
  message: string;
  code?: number;
  name?: string;
  status?: number;
  url: string;
  requestBodyValues: unknown;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  cause?: unknown;
  /** Strings that must never appear in the error (API token, gateway token, BYOK keys). */
  secrets?: readonly string[];
}

/**
 * The one error mapper of both transports: Workers AI code → HTTP status → `APICallError`
 * with the right `isRetryable`; `Retry-After` stays in `responseHeaders` so the AI SDK backs off.
 */
export function createWorkersAIError(failure: WorkersAIFailure): APICallError {
  const code = failure.code ?? findWorkersAICode(failure.message);
  const info = code !== undefined ? WORKERS_AI_ERROR_CODES[code] : undefined;
  const status = failure.status ?? info?.status;
  const text = failure.message.trim() || (info?.title ?? "Request failed");
  const label = code !== undefined ? ` error ${code}` : status !== undefined ? ` HTTP ${status}` : "";
  let message = `Workers AI${label}: ${text.startsWith(`${code}:`) ? text.slice(String(code).length + 1).trim() : text}`;
  const advice = code !== undefined ? ADVICE[code] : undefined;
  if (advice && !message.includes(advice)) message += ` — ${advice}`;
  const data: WorkersAIErrorData = { code, name: failure.name };
  const error = new APICallError({
    message,
    url: failure.url,
    requestBodyValues: failure.requestBodyValues,
    statusCode: status,
    responseHeaders: failure.responseHeaders,
    responseBody: failure.responseBody,
    cause: failure.cause,
    // without a Workers AI code, the status says whether to retry
    isRetryable: info
      ? info.retryable
      : status === 408 || status === 409 || status === 429 || (status ?? 0) >= 500,
    data,
  });
  return redactAPICallError(error, failure.secrets ?? []);
}

/** The same error with every secret redacted (message, URL, headers, body, cause), or the error itself when clean. */
export function redactAPICallError(error: APICallError, secrets: readonly string[]): APICallError {
  const redacted = {
    message: redactSecrets(error.message, secrets),
    url: redactSecrets(error.url, secrets),
    responseBody: error.responseBody && redactSecrets(error.responseBody, secrets),
    responseHeaders: redactHeaders(error.responseHeaders, secrets),
    cause: redactCause(error.cause, secrets),
  };
  if (Object.entries(redacted).every(([key, value]) => value === error[key as keyof typeof redacted]))
    return error;
  const { requestBodyValues, statusCode, isRetryable, data } = error;
  return new APICallError({ ...redacted, requestBodyValues, statusCode, isRetryable, data });
}

/**
 * A cause that quotes a secret anywhere (message, stack, fields, nested causes; thrown non-`Error`
 * values too) is replaced by a redacted copy with the same name; a clean cause is kept as it is.
 */
export function redactCause(cause: unknown, secrets: readonly string[], depth = 0): unknown {
  // without a secret to find, a cause is never inspected (a getter of a thrown value may throw)
  if (cause == null || !secrets.some((secret) => secret?.length >= 4) || !exposesSecret(cause, secrets, 0))
    return cause;
  const isError = cause instanceof Error;
  const message = isError
    ? cause.message
    : typeof cause === "object"
      ? (stringOf(field(cause, "message")) ?? jsonOf(cause) ?? Object.prototype.toString.call(cause))
      : String(cause);
  const inner = isError && depth < 8 ? redactCause(cause.cause, secrets, depth + 1) : undefined;
  const copy = new Error(redactSecrets(message, secrets), inner === undefined ? undefined : { cause: inner });
  copy.name = isError ? cause.name : "Error";
  return copy;
}

/** Whether a thrown value quotes a secret: its text, or an error's message, stack, fields (as JSON) and causes. */
function exposesSecret(value: unknown, secrets: readonly string[], depth: number): boolean {
  if (typeof value !== "object" || value === null) return containsSecret(String(value), secrets);
  const texts = value instanceof Error ? [value.message, value.stack ?? ""] : [];
  try {
    texts.push(JSON.stringify(value) ?? "");
  } catch {
    // circular or exotic: look at its own string fields
    for (const field of Object.values(value)) if (typeof field === "string") texts.push(field);
  }
  return (
    texts.some((text) => containsSecret(text, secrets)) ||
    (value instanceof Error &&
      depth < 8 &&
      value.cause !== undefined &&
      exposesSecret(value.cause, secrets, depth + 1))
  );
}

/** `text` cut to `max` characters (with an ellipsis). */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Reads the human message and code out of any error body Workers AI or AI Gateway sends. */
export function parseErrorBody(body: string): { message?: string; code?: number; name?: string } {
  const trimmed = body.trim();
  if (!trimmed) return {};
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return readErrorJson(JSON.parse(trimmed));
    } catch {
      // not JSON after all: fall through to the text handling below
    }
  }
  if (/^\s*<(!doctype|html|head|body)/i.test(trimmed)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim();
    return { message: `received an HTML page instead of a Workers AI reply${title ? ` ("${title}")` : ""}` };
  }
  return { message: clip(trimmed, 500) };
}

/** What a thrown value or an error body says: its message, Workers AI code and error name. */
interface ErrorReport {
  message?: string;
  code?: number;
  name?: string;
}

/**
 * Reads the binding's `{internalCode, description}`, `{error: "…"}`, or the `{code, message}` of Cloudflare's
 * `{errors: [{…}]}`, OpenAI's `{error: {…}}` or a flat `{code, message, name}`.
 */
function readErrorJson(json: unknown): ErrorReport {
  if (!json || typeof json !== "object") return {};
  const errors = field(json, "errors");
  const error = field(json, "error");
  const first = Array.isArray(errors) && errors.length > 0;
  const internalCode = field(json, "internalCode");
  if (!first && typeof internalCode === "number") {
    return {
      message: stringOf(field(json, "description")) ?? stringOf(field(json, "message")),
      code: internalCode,
      name: stringOf(field(json, "name")),
    };
  }
  if (!first && typeof error === "string") return { message: error, code: findWorkersAICode(error) };
  const source = first ? errors[0] : error && typeof error === "object" ? error : json;
  const message = stringOf(field(source, "message"));
  const code = knownCode(field(source, "code"));
  if (source === json && message === undefined && code === undefined) return {};
  return {
    message,
    code: code ?? findWorkersAICode(message ?? ""),
    name: source === json ? stringOf(field(json, "name")) : undefined,
  };
}

/**
 * Reads whatever the binding threw (an `Error`, a string, an error body object, `undefined`) into a
 * message, Workers AI code and name; never throws, even when a getter of the thrown value does.
 */
export function readThrownError(thrown: unknown): ErrorReport & { message: string } {
  if (typeof thrown === "string") {
    // the binding throws the raw body of a non-JSON error reply, e.g. a whole HTML error page
    const parsed = parseErrorBody(thrown);
    return { ...parsed, message: parsed.message ?? "the binding threw an empty message" };
  }
  if (thrown === null || typeof thrown !== "object") {
    return { message: `the binding failed without an error (it threw ${String(thrown)})` };
  }
  const report = readErrorJson(thrown);
  const name = report.name ?? stringOf(field(thrown, "name"));
  let message = report.message;
  if (message === undefined || message.trim() === "") {
    message = thrown instanceof Error ? name : jsonOf(thrown);
  } else if (/^\s*</.test(message)) {
    message = parseErrorBody(message).message ?? message;
  }
  return { message: message || "the binding threw an error without a message", code: report.code, name };
}

/** Compact JSON of a thrown object, or `undefined` when it has none (`{}`, a throwing getter, a cycle). */
function jsonOf(value: object): string | undefined {
  try {
    const json = JSON.stringify(value);
    return json && json !== "{}" ? clip(json, 500) : undefined;
  } catch {
    return undefined;
  }
}

/** A field of a foreign value; a getter that throws (or a `null` value) reads as `undefined`. */
function field(value: unknown, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function stringOf(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** A Workers AI code this provider knows, given as a number or a numeric string. */
function knownCode(value: unknown): number | undefined {
  const code = typeof value === "number" ? value : typeof value === "string" ? Number(value) : undefined;
  return code !== undefined && WORKERS_AI_ERROR_CODES[code] ? code : undefined;
}
