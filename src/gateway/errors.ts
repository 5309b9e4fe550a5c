import { AISDKError, APICallError } from "@ai-sdk/provider";
import {
  findWorkersAICode,
  redactCause,
  redactHeaders,
  redactSecrets,
  WORKERS_AI_ERROR_CODES,
} from "../transport/errors";
import type { GatewayTransportKind } from "./types";

/** Coarse kind of a gateway failure, for deciding what to do about it (`unknown`: not classified). */
export type GatewayErrorCode =
  | "auth"
  | "rate-limit"
  | "not-found"
  | "bad-request"
  | "provider-error"
  | "gateway-error"
  | "resume-expired"
  | "unknown";

/** Where a gateway failure happened (no secrets). */
export interface GatewayErrorContext {
  /** Registry id of the provider. */
  provider?: string;
  /** Slug of the model. */
  model?: string;
  /** Provider-native model id (the slug without its provider prefix; the 4.x field). */
  modelId?: string;
  transport?: GatewayTransportKind;
  gateway?: string;
  /** HTTP status, `null` when there was none (the 4.x field). */
  status?: number | null;
  logId?: string | null;
  runId?: string | null;
}

/** The options form of the {@link WorkersAIGatewayError} constructor. */
export interface WorkersAIGatewayErrorOptions {
  code: GatewayErrorCode;
  message: string;
  status?: number | null;
  recoverable?: boolean;
  /** The parsed error body (`envelope` is the older name). */
  raw?: unknown;
  envelope?: unknown;
  context?: GatewayErrorContext;
  url?: string;
  requestBodyValues?: unknown;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  cause?: unknown;
}

/** The third argument of the 4.x form `new WorkersAIGatewayError(code, message, details)`. */
export interface WorkersAIGatewayErrorDetails {
  recoverable?: boolean;
  status?: number | null;
  context?: GatewayErrorContext;
  raw?: unknown;
  cause?: unknown;
}

/** Sets the marker `AISDKError.hasMarker` looks for, so `isInstance` works across package copies. */
function mark(error: object, symbol: symbol): void {
  Object.defineProperty(error, symbol, { value: true, enumerable: false });
}

const GATEWAY_ERROR_MARKER = "workers-ai-provider.error.WorkersAIGatewayError";
const GATEWAY_ERROR_SYMBOL = /* @__PURE__ */ Symbol.for(GATEWAY_ERROR_MARKER);

/**
 * A failed AI Gateway call. It is an `APICallError` (so the AI SDK's retry logic reads `isRetryable`
 * and `statusCode` as usual) with a coarse `code`, a `recoverable` hint, the parsed error envelope of
 * AI Gateway or the provider (`raw`), and where it happened. Messages, URLs and bodies never carry a secret.
 *
 * Build one with options (`new WorkersAIGatewayError({ code, message, … })`), the 4.x form
 * `new WorkersAIGatewayError(code, message, { recoverable, status, context, raw, cause })`, or
 * {@link WorkersAIGatewayError.fromUnknown} / {@link WorkersAIGatewayError.fromResponse}.
 */
export class WorkersAIGatewayError extends APICallError {
  /** Coarse kind of failure. */
  readonly code: GatewayErrorCode;
  /** Whether trying again (later, or on another model) may succeed. */
  readonly recoverable: boolean;
  /** HTTP status, `null` when there was none. */
  readonly status: number | null;
  /** The parsed error body (Cloudflare envelope or the provider's own shape). */
  readonly raw: unknown;
  /** Provider, model, transport, gateway, status, log id and run id of the failed call. */
  readonly context: GatewayErrorContext;

  constructor(options: WorkersAIGatewayErrorOptions);
  constructor(code: GatewayErrorCode, message: string, details?: WorkersAIGatewayErrorDetails);
  constructor(
    first: WorkersAIGatewayErrorOptions | GatewayErrorCode,
    message?: string,
    details?: WorkersAIGatewayErrorDetails,
  ) {
    const options: WorkersAIGatewayErrorOptions =
      typeof first === "string" ? { ...details, code: first, message: message ?? first } : first;
    const status = options.status ?? null;
    const recoverable = options.recoverable ?? isRecoverable(options.code, status);
    const context: GatewayErrorContext = { ...options.context, status: options.context?.status ?? status };
    super({
      message: options.message,
      url: options.url ?? "",
      requestBodyValues: options.requestBodyValues,
      statusCode: status ?? undefined,
      responseHeaders: options.responseHeaders,
      responseBody: options.responseBody,
      cause: options.cause,
      isRetryable: recoverable && options.code !== "resume-expired",
      data: { code: options.code, context },
    });
    mark(this, GATEWAY_ERROR_SYMBOL);
    this.name = "WorkersAIGatewayError";
    this.code = options.code;
    this.recoverable = recoverable;
    this.status = status;
    this.raw = options.raw ?? options.envelope;
    this.context = context;
  }

  /** The parsed error body: the older name of {@link WorkersAIGatewayError.raw}. */
  get envelope(): unknown {
    return this.raw;
  }

  /** Whether `error` is a {@link WorkersAIGatewayError} (works across package copies). */
  static override isInstance(error: unknown): error is WorkersAIGatewayError {
    return AISDKError.hasMarker(error, GATEWAY_ERROR_MARKER);
  }

  /**
   * Classifies any thrown value: a {@link WorkersAIGatewayError} as it is, an `APICallError` by its status,
   * body and `isRetryable`, anything else (connection failures) as a recoverable `gateway-error`.
   */
  static fromUnknown(error: unknown): WorkersAIGatewayError {
    if (WorkersAIGatewayError.isInstance(error)) return error;
    if (APICallError.isInstance(error)) {
      const parsed = parseGatewayErrorBody(error.responseBody ?? "");
      return new WorkersAIGatewayError({
        code: gatewayErrorCodeFor(error.statusCode, parsed.source, parsed.cloudflareCode),
        message: error.message,
        status: error.statusCode,
        recoverable: error.isRetryable,
        raw: parsed.envelope,
        url: error.url,
        requestBodyValues: error.requestBodyValues,
        responseHeaders: error.responseHeaders,
        responseBody: error.responseBody,
        cause: error,
      });
    }
    const message = error instanceof Error ? error.message || error.name : String(error);
    return new WorkersAIGatewayError({ code: "gateway-error", message, recoverable: true, cause: error });
  }

  /** Builds the error of a failed HTTP reply (reads its body for the envelope). */
  static async fromResponse(
    response: Response,
    context: GatewayErrorContext = {},
  ): Promise<WorkersAIGatewayError> {
    const body = await response.text().catch(() => "");
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    return createGatewayError({
      status: response.status,
      body,
      context: { ...context, logId: context.logId ?? headers["cf-aig-log-id"] },
      url: response.url,
      requestBodyValues: undefined,
      responseHeaders: headers,
      secrets: [],
    });
  }
}

const DELEGATE_ERROR_MARKER = "workers-ai-provider.error.GatewayDelegateError";
const DELEGATE_ERROR_SYMBOL = /* @__PURE__ */ Symbol.for(DELEGATE_ERROR_MARKER);

/** What kind of {@link GatewayDelegateError}: a setup that cannot work, a failed dispatch, a provider problem, an expired resume buffer. */
export type GatewayDelegateErrorKind = "config" | "dispatch" | "provider" | "resume-expired";

/**
 * A third-party model cannot be built or continued as asked: a missing plugin, a provider without the
 * needed path, an impossible combination of options (e.g. `resume: true` with server fallback), all
 * `kind: "config"` and thrown when the model is created (or when per-call options make the combination
 * impossible), never after a request was sent; or, `kind: "resume-expired"`, a dropped run-path stream
 * whose resume buffer had expired (the gateway error is the `cause`).
 *
 * Also constructible in the 4.x form `new GatewayDelegateError(kind, message, cause?)`.
 */
export class GatewayDelegateError extends AISDKError {
  /** What went wrong. */
  readonly kind: GatewayDelegateErrorKind;
  /** The model id that could not be routed (empty when not known). */
  readonly modelId: string;
  /** Why, in one sentence (also the start of the message). */
  readonly reason: string;

  constructor(options: {
    modelId: string;
    reason: string;
    hint?: string;
    kind?: GatewayDelegateErrorKind;
    cause?: unknown;
  });
  constructor(kind: GatewayDelegateErrorKind, message: string, cause?: unknown);
  constructor(
    first:
      | GatewayDelegateErrorKind
      | { modelId: string; reason: string; hint?: string; kind?: GatewayDelegateErrorKind; cause?: unknown },
    message?: string,
    cause?: unknown,
  ) {
    const options =
      typeof first === "string"
        ? { kind: first, modelId: "", reason: message ?? first, cause, text: message ?? first }
        : {
            ...first,
            text: `Cannot route ${JSON.stringify(first.modelId)} through AI Gateway: ${first.reason}${first.hint ? ` ${first.hint}` : ""}`,
          };
    super({ name: "GatewayDelegateError", message: options.text, cause: options.cause });
    mark(this, DELEGATE_ERROR_SYMBOL);
    this.kind = options.kind ?? "config";
    this.modelId = options.modelId;
    this.reason = options.reason;
  }

  /** Whether `error` is a {@link GatewayDelegateError}. */
  static override isInstance(error: unknown): error is GatewayDelegateError {
    return AISDKError.hasMarker(error, DELEGATE_ERROR_MARKER);
  }
}

/** One client-side fallback leg that was tried. */
export interface GatewayFallbackAttempt {
  /** Slug of the leg. */
  model: string;
  /** Registry id of its provider. */
  provider?: string;
  transport: GatewayTransportKind;
  /** Whether this leg answered (`false` for every attempt of a {@link WorkersAIFallbackError}). */
  ok: boolean;
  /** Error message (no secrets). */
  message?: string;
  /** Gateway error code, when the failure was a {@link WorkersAIGatewayError}. */
  code?: GatewayErrorCode;
  /** HTTP status, when any. */
  status?: number | null;
  /** The error itself. */
  error?: unknown;
}

const FALLBACK_ERROR_MARKER = "workers-ai-provider.error.WorkersAIFallbackError";
const FALLBACK_ERROR_SYMBOL = /* @__PURE__ */ Symbol.for(FALLBACK_ERROR_MARKER);

/** Every client-side fallback leg failed; `attempts` lists each leg in order with its error. */
export class WorkersAIFallbackError extends AISDKError {
  /** The legs tried, in order, each with its error. */
  readonly attempts: GatewayFallbackAttempt[];

  constructor(attempts: GatewayFallbackAttempt[], message?: string) {
    const lines = attempts.map(
      (attempt, index) =>
        `${index + 1}. ${attempt.model} (${attempt.transport}${attempt.status ? `, HTTP ${attempt.status}` : ""}): ${attempt.message ?? messageOf(attempt.error)}`,
    );
    super({
      name: "WorkersAIFallbackError",
      message: message ?? `All ${attempts.length} fallback models failed:\n${lines.join("\n")}`,
      cause: attempts[attempts.length - 1]?.error,
    });
    mark(this, FALLBACK_ERROR_SYMBOL);
    this.attempts = attempts;
  }

  /** The error of the last failed leg, classified as a {@link WorkersAIGatewayError}. */
  get lastError(): WorkersAIGatewayError | undefined {
    const last = this.attempts.findLast((attempt) => attempt.error !== undefined);
    return last ? WorkersAIGatewayError.fromUnknown(last.error) : undefined;
  }

  /** Whether `error` is a {@link WorkersAIFallbackError}. */
  static override isInstance(error: unknown): error is WorkersAIFallbackError {
    return AISDKError.hasMarker(error, FALLBACK_ERROR_MARKER);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error ?? "failed");
}

function isRecoverable(code: GatewayErrorCode, status: number | null): boolean {
  if (code === "rate-limit" || code === "gateway-error" || code === "provider-error") return true;
  return status === 408 || status === 409;
}

/** What an error body says: a human message, where it came from, and the parsed envelope. */
export interface ParsedGatewayErrorBody {
  message: string | undefined;
  /** `cloudflare` for Workers AI / AI Gateway envelopes, `provider` for a provider's own shape. */
  source: "cloudflare" | "provider" | "unknown";
  envelope: unknown;
  /** Workers AI / AI Gateway numeric code, when one was found. */
  cloudflareCode?: number;
}

/**
 * Reads any error body a gateway call can return: Cloudflare `{errors:[…]}` / `{error:[…]}`, the resume
 * endpoint's `{error: "Request not found"}`, OpenAI `{error:{message}}`, Anthropic `{type:"error", error}`,
 * Gemini `{error:{code,message,status}}` (also inside an array), `{detail}` (Replicate, Fal, ElevenLabs),
 * `{message}` (Cohere), Deepgram `{err_msg}`, the binding's `{internalCode, description}`, HTML and text.
 */
export function parseGatewayErrorBody(text: string): ParsedGatewayErrorBody {
  const trimmed = text.trim();
  if (!trimmed) return { message: undefined, source: "unknown", envelope: undefined };
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      const json = JSON.parse(trimmed) as unknown;
      return { ...readErrorJson(json), envelope: json };
    } catch {
      // not JSON after all: handled as text below
    }
  }
  if (/^<(!doctype|html|head|body)/i.test(trimmed)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim();
    return {
      message: `received an HTML page instead of an API reply${title ? ` ("${title}")` : ""}`,
      source: "unknown",
      envelope: undefined,
    };
  }
  return {
    message: trimmed.length > 500 ? `${trimmed.slice(0, 500)}…` : trimmed,
    source: "unknown",
    envelope: trimmed,
    cloudflareCode: findWorkersAICode(trimmed),
  };
}

function readErrorJson(json: unknown): Omit<ParsedGatewayErrorBody, "envelope"> {
  if (Array.isArray(json)) {
    const first = json.find((item) => item && typeof item === "object");
    return first ? readErrorJson(first) : { message: undefined, source: "unknown" };
  }
  if (!json || typeof json !== "object") return { message: undefined, source: "unknown" };
  const record = json as Record<string, unknown>;
  const cloudflareList = Array.isArray(record.errors)
    ? record.errors
    : Array.isArray(record.error)
      ? record.error
      : undefined;
  if (cloudflareList && cloudflareList.length > 0) {
    const first = cloudflareList[0] as Record<string, unknown> | null;
    const message = stringOf(first?.message);
    const code = typeof first?.code === "number" ? first.code : undefined;
    return { message, source: "cloudflare", cloudflareCode: code ?? findWorkersAICode(message ?? "") };
  }
  if (typeof record.internalCode === "number") {
    return {
      message: stringOf(record.description) ?? stringOf(record.message),
      source: "cloudflare",
      cloudflareCode: record.internalCode,
    };
  }
  const error = record.error;
  if (error && typeof error === "object") {
    const inner = error as Record<string, unknown>;
    const message = stringOf(inner.message) ?? stringOf(inner.type);
    return { message, source: "provider" };
  }
  if (typeof error === "string") {
    return { message: error, source: record.success === false ? "cloudflare" : "provider" };
  }
  const detail = record.detail;
  if (typeof detail === "string") return { message: detail, source: "provider" };
  if (Array.isArray(detail)) {
    const messages = detail
      .map((item) =>
        item && typeof item === "object" ? stringOf((item as Record<string, unknown>).msg) : undefined,
      )
      .filter((item): item is string => item !== undefined);
    if (messages.length > 0) return { message: messages.join("; "), source: "provider" };
  }
  if (detail && typeof detail === "object") {
    const message = stringOf((detail as Record<string, unknown>).message);
    if (message) return { message, source: "provider" };
  }
  const message = stringOf(record.err_msg) ?? stringOf(record.message) ?? stringOf(record.title);
  return { message, source: message ? "provider" : "unknown" };
}

function stringOf(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** The coarse code for an HTTP status (and a Workers AI code when there is one). */
export function gatewayErrorCodeFor(
  status: number | undefined,
  source: ParsedGatewayErrorBody["source"],
  cloudflareCode?: number,
): GatewayErrorCode {
  if (cloudflareCode === 2021) return "auth";
  if (cloudflareCode === 3040 || cloudflareCode === 3036) return "rate-limit";
  if (cloudflareCode !== undefined && status === undefined) {
    const known = WORKERS_AI_ERROR_CODES[cloudflareCode];
    if (known) status = known.status;
  }
  if (status === undefined) return "gateway-error";
  if (status === 401 || status === 403) return "auth";
  if (status === 429) return "rate-limit";
  if (status === 404) return "not-found";
  if (status === 408 || status === 504 || status === 502)
    return source === "provider" ? "provider-error" : "gateway-error";
  if (status >= 500) return source === "cloudflare" ? "gateway-error" : "provider-error";
  return "bad-request";
}

const ADVICE: Partial<Record<GatewayErrorCode, string>> = {
  auth: "Check the gateway token (gateway.authToken), or for BYOK set byok: true with the provider key in extraHeaders (or store a key in the gateway).",
  "rate-limit": "Retry with backoff or add fallback models.",
  "resume-expired":
    "The gateway keeps a run's stream for about 5.5 minutes; start a new request, or set onResumeExpired: 'accept-partial'.",
};

/**
 * Builds the {@link WorkersAIGatewayError} for a failed HTTP reply (or a thrown binding error when
 * `status` is undefined), redacting every secret.
 */
export function createGatewayError(options: {
  status: number | undefined;
  body: string;
  context: GatewayErrorContext;
  url: string;
  requestBodyValues: unknown;
  responseHeaders?: Record<string, string>;
  secrets: readonly string[];
  cause?: unknown;
  forceCode?: GatewayErrorCode;
}): WorkersAIGatewayError {
  const parsed = parseGatewayErrorBody(options.body);
  const code = options.forceCode ?? gatewayErrorCodeFor(options.status, parsed.source, parsed.cloudflareCode);
  const known =
    parsed.cloudflareCode !== undefined ? WORKERS_AI_ERROR_CODES[parsed.cloudflareCode] : undefined;
  const where = [
    options.context.model,
    options.context.transport ? `${options.context.transport} path` : undefined,
  ]
    .filter(Boolean)
    .join(", ");
  const text = parsed.message ?? (options.status ? `HTTP ${options.status}` : "request failed");
  const head = `AI Gateway ${code}${options.status ? ` (HTTP ${options.status})` : ""}${where ? ` for ${where}` : ""}`;
  const advice = ADVICE[code];
  const message = `${head}: ${text}${advice ? ` — ${advice}` : ""}`;
  const secrets = options.secrets;
  const model = options.context.model;
  const modelId =
    options.context.modelId ?? (model?.includes("/") ? model.slice(model.indexOf("/") + 1) : model);
  return new WorkersAIGatewayError({
    code,
    message: redactSecrets(message, secrets),
    status: options.status,
    recoverable: known && code !== "resume-expired" ? known.retryable : undefined,
    raw: redactEnvelope(parsed.envelope, secrets),
    context: { ...options.context, ...(modelId !== undefined ? { modelId } : {}) },
    url: redactSecrets(options.url, secrets),
    requestBodyValues: options.requestBodyValues,
    responseHeaders: redactHeaders(options.responseHeaders, secrets),
    responseBody: options.body ? redactSecrets(options.body, secrets) : undefined,
    cause: redactCause(options.cause, secrets),
  });
}

function redactEnvelope(envelope: unknown, secrets: readonly string[]): unknown {
  if (envelope === undefined || secrets.length === 0) return envelope;
  const text = JSON.stringify(envelope);
  const redacted = redactSecrets(text, secrets);
  return redacted === text ? envelope : JSON.parse(redacted);
}
