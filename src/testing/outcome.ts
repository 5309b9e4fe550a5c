/** The one internal reply shape every model produces, and how REST and the binding render it. */
import { errorNameForCode } from "./errors";
import { createSseStream, type SsePlan } from "./sse";
import { abortError, randomUuid, sleep } from "./util";

interface OutcomeBase {
  /** HTTP status. */
  status: number;
  /** Extra response headers (lower-case names). */
  headers: Record<string, string>;
  /** Delay before the reply (non-stream) in ms. */
  delayMs: number;
  /** Never answer (until aborted). */
  stall?: boolean;
  /** Token figures for gateway logs. */
  tokens?: { in: number; out: number };
}

/** A model's reply before it is put on a wire. */
export type Outcome =
  | (OutcomeBase & { kind: "json"; body: unknown })
  | (OutcomeBase & { kind: "sse"; plan: SsePlan; contentType: string })
  | (OutcomeBase & { kind: "binary"; bytes: Uint8Array; contentType: string })
  | (OutcomeBase & { kind: "error"; code: number; message: string; name: string })
  | (OutcomeBase & { kind: "raw"; body: Uint8Array; contentType?: string });

/** A JSON outcome. */
export function jsonOutcome(body: unknown, extra: Partial<OutcomeBase> = {}): Outcome {
  return { kind: "json", body, status: 200, headers: {}, delayMs: 0, ...extra };
}

/** An error outcome for a Workers AI code. */
export function errorOutcome(code: number, message: string, status: number, name?: string): Outcome {
  return {
    kind: "error",
    code,
    message,
    status,
    name: name ?? errorNameForCode(code),
    headers: {},
    delayMs: 0,
  };
}

async function waitBeforeReply(outcome: Outcome, signal?: AbortSignal): Promise<void> {
  if (outcome.stall) {
    await new Promise<never>((_, reject) => {
      if (signal?.aborted) reject(abortError(signal));
      signal?.addEventListener("abort", () => reject(abortError(signal)), { once: true });
    });
  }
  if (outcome.kind !== "sse" && outcome.delayMs > 0) await sleep(outcome.delayMs, signal);
  else if (signal?.aborted) throw abortError(signal);
}

function baseHeaders(outcome: Outcome): Headers {
  const headers = new Headers({ "cf-ai-req-id": randomUuid() });
  for (const [k, v] of Object.entries(outcome.headers)) headers.set(k, v);
  return headers;
}

function body(kind: "rest" | "binding", outcome: Outcome, envelope: boolean, signal?: AbortSignal) {
  switch (outcome.kind) {
    case "json": {
      const value = envelope
        ? { result: outcome.body, success: true, errors: [], messages: [] }
        : outcome.body;
      return { body: JSON.stringify(value), contentType: "application/json" };
    }
    case "sse":
      return { body: createSseStream(outcome.plan, signal), contentType: outcome.contentType };
    case "binary":
      return { body: outcome.bytes, contentType: outcome.contentType };
    case "raw":
      return { body: outcome.body.length > 0 ? outcome.body : null, contentType: outcome.contentType };
    case "error": {
      const value =
        kind === "rest"
          ? {
              result: null,
              success: false,
              errors: [{ code: outcome.code, message: outcome.message }],
              messages: [],
            }
          : {
              internalCode: outcome.code,
              message: outcome.message,
              name: outcome.name,
              description: outcome.message,
            };
      return { body: JSON.stringify(value), contentType: "application/json" };
    }
  }
}

/**
 * Renders an outcome as an HTTP response: REST (`{result}` envelope when `envelope`, error envelope
 * `{errors:[{code,message}]}`) or the binding's backend (`{internalCode, message, name, description}`).
 */
export async function renderOutcome(
  kind: "rest" | "binding",
  outcome: Outcome,
  options: { envelope: boolean; signal?: AbortSignal },
): Promise<Response> {
  await waitBeforeReply(outcome, options.signal);
  const headers = baseHeaders(outcome);
  const rendered = body(kind, outcome, options.envelope, options.signal);
  if (rendered.contentType && !headers.has("content-type")) headers.set("content-type", rendered.contentType);
  if (outcome.kind === "error" && outcome.code === 3040 && !headers.has("retry-after"))
    headers.set("retry-after", "1");
  return new Response(rendered.body as BodyInit | null, { status: outcome.status, headers });
}
