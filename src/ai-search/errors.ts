import { APICallError } from "@ai-sdk/provider";
import { createWorkersAIError } from "../transport/errors";
import { isAbort, raceBindingCall } from "../transport/streams";
import type { AISearchBindingKind } from "./binding-types";

/** Where a failed AI Search call went, for its error. */
export interface AISearchCallContext {
  kind: AISearchBindingKind;
  /** Instance name as given to `createAISearch({ name })`, or `"ai-search"`. */
  instance: string;
  url: string;
  requestBodyValues: unknown;
  /** The current binding is a namespace (it needs `instance_ids`). */
  namespaceWithoutInstances?: boolean;
}

interface ErrorKind {
  status: number;
  describe: (instance: string) => string;
}

/**
 * Binding error names (legacy `AutoRAG*Error`, and the current binding's names, which are unconfirmed and
 * matched by their meaning) → HTTP status and a sentence saying what went wrong.
 */
const ERROR_KINDS: ReadonlyArray<[RegExp, ErrorKind]> = [
  [
    /NameNotSet/i,
    {
      status: 400,
      describe: () =>
        "the AI Search binding has no instance name (AutoRAGNameNotSetError): pass env.AI.autorag(name) or use an ai_search binding",
    },
  ],
  [
    /Unauthori[sz]ed|Forbidden|Permission/i,
    {
      status: 401,
      describe: (instance) =>
        `not authorised to use AI Search instance "${instance}" (check the binding, the account and the token's AI Search permissions)`,
    },
  ],
  [/NotFound/i, { status: 404, describe: (instance) => `AI Search instance "${instance}" was not found` }],
  [/RateLimit|TooMany/i, { status: 429, describe: () => "AI Search rate limit reached" }],
  [/Invalid|BadRequest|Validation/i, { status: 400, describe: () => "AI Search rejected the request" }],
  [/Internal/i, { status: 500, describe: () => "AI Search had an internal error" }],
];

function errorName(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null) {
    const name = (error as { name?: unknown }).name;
    if (typeof name === "string" && name !== "Error") return name;
  }
  return undefined;
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  if (typeof error === "object" && error !== null) {
    const message = (error as { message?: unknown }).message;
    if (typeof message === "string") return message;
    try {
      return JSON.stringify(error);
    } catch {
      return "unknown error";
    }
  }
  return String(error);
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const record = error as Record<string, unknown>;
  for (const key of ["status", "statusCode", "lastRequestHttpStatusCode"]) {
    const value = record[key];
    if (typeof value === "number" && value >= 400 && value < 600) return value;
  }
  return undefined;
}

/**
 * Turns whatever an AI Search binding threw into an `APICallError` with a clear message and the right
 * `isRetryable` (unauthorised / not found / bad request: no; rate limit / internal: yes). A Workers AI code in
 * the message (e.g. `3040:`) decides when present. `APICallError`s and aborts pass through unchanged.
 */
export function mapAISearchError(error: unknown, context: AISearchCallContext): unknown {
  if (APICallError.isInstance(error) || isAbort(error)) return error;
  const name = errorName(error);
  const original = errorMessage(error).trim();
  const haystack = `${name ?? ""} ${original}`;
  const kind = ERROR_KINDS.find(([pattern]) => pattern.test(haystack))?.[1];
  const status = statusOf(error) ?? kind?.status;
  const what = kind?.describe(context.instance) ?? `AI Search call failed on instance "${context.instance}"`;
  const detail = [name, original].filter((part) => part && part.length > 0).join(": ");
  let message = detail && !what.includes(detail) ? `${what} (${detail})` : what;
  if (context.namespaceWithoutInstances) {
    message +=
      ". The binding is an AI Search namespace: set instance_ids in the settings or use env.<BINDING>.get(name) for one instance";
  }
  return createWorkersAIError({
    message,
    name,
    status,
    url: context.url,
    requestBodyValues: context.requestBodyValues,
    cause: error,
  });
}

/**
 * One AI Search binding call: gives up as soon as `signal` aborts (the bindings take no signal; a stream
 * that still arrives is cancelled), failures mapped by {@link mapAISearchError}.
 */
export function callAISearchBinding<T>(
  call: () => Promise<T>,
  context: AISearchCallContext,
  signal: AbortSignal | undefined,
): Promise<T> {
  return raceBindingCall(call, signal, (error) => mapAISearchError(error, context));
}
