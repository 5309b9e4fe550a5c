import { AISDKError, type SharedV4Warning } from "@ai-sdk/provider";
import { type FetchFunction, isAbortError } from "@ai-sdk/provider-utils";
import { redactCause } from "../transport/errors";
import { splitGatewayHeaders } from "../transport/gateway-options";
import { headersToRecord } from "../transport/headers";
import { secretHeaderValues } from "../transport/secrets";
import type { ResolvedCallOptions } from "./call-options";
import type { GatewayErrorContext } from "./errors";
import { authHeaderNames, type GatewayUniversalEntry, providerHeaders } from "./headers";
import type { LegPlan } from "./plan";
import { createResumableStream } from "./resumable-stream";
import {
  ensureOk,
  type GatewayTarget,
  type SentRequest,
  sendRun,
  sendUniversal,
  thrownGatewayError,
} from "./transports";
import type { GatewayDispatchInfo } from "./types";

/** What one leg's dispatch reported, read by the model after the upstream SDK returns. */
export interface LegState {
  dispatch?: GatewayDispatchInfo;
  /** Response headers of the dispatch (lower-case). */
  headers?: Record<string, string>;
  /** URL the request really went to (binding pseudo-URL or REST gateway URL). */
  url?: string;
  warnings: SharedV4Warning[];
  /** Reconnects the resumable stream made. */
  reconnects: number;
  /** The resume buffer had expired and the stream ended early (`accept-partial`). */
  expiredPartial: boolean;
  /** A non-resumable stream broke; reported as an error part before `finish` so no received text is lost. */
  streamError?: unknown;
}

/** A fresh {@link LegState}. */
export function newLegState(): LegState {
  return { warnings: [], reconnects: 0, expiredPartial: false };
}

/** The HTTP request an upstream `@ai-sdk/*` model tried to send. */
export interface InterceptedRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  signal: AbortSignal | undefined;
}

/** Reads the URL, headers and JSON body an upstream SDK passed to `fetch`. */
export async function readInterceptedRequest(
  input: Parameters<FetchFunction>[0],
  init: Parameters<FetchFunction>[1],
): Promise<InterceptedRequest> {
  const request = input instanceof Request ? input : undefined;
  const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
  const headers = headersToRecord(init?.headers ?? request?.headers);
  let text = "";
  if (typeof init?.body === "string") text = init.body;
  else if (init?.body != null) text = await new Response(init.body).text();
  else if (request) text = await request.text();
  let body: Record<string, unknown> = {};
  if (text) {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
      body = parsed as Record<string, unknown>;
  }
  return {
    url,
    method: init?.method ?? request?.method ?? "POST",
    headers,
    body,
    signal: init?.signal ?? request?.signal ?? undefined,
  };
}

/** Headers of a leg's request, split into request-level (`cf-aig-*`) and provider headers. */
export function legHeaders(
  leg: LegPlan,
  upstream: Record<string, string>,
  options: ResolvedCallOptions,
): { request: Record<string, string>; provider: Record<string, string>; secrets: string[] } {
  const merged = { ...upstream, ...leg.extraHeaders };
  const { gateway: request, provider } = splitGatewayHeaders(merged, options);
  const secrets = [
    ...secretHeaderValues(merged, authHeaderNames(leg.entry)),
    ...(options.gateway.authToken ? [options.gateway.authToken] : []),
  ];
  return { request, provider: providerHeaders(provider, { entry: leg.entry, byok: leg.byok }), secrets };
}

/** The universal-endpoint entry for a leg's intercepted request. */
export function legEntry(
  leg: LegPlan,
  request: InterceptedRequest,
  headers: Record<string, string>,
): GatewayUniversalEntry {
  if (!leg.entry) return { provider: "compat", endpoint: "chat/completions", headers, query: request.body };
  const endpoint =
    leg.entry.toEndpoint(request.url) ?? request.url.pathname.replace(/^\/+/, "") + request.url.search;
  return { provider: leg.entry.gatewayId ?? leg.entry.id, endpoint, headers, query: request.body };
}

/** Headers that describe the upstream SDK's own hop; the binding sets its own. */
const RUN_PATH_DROPPED = /* @__PURE__ */ new Set(["content-type", "user-agent", "accept"]);

/**
 * The `fetch` given to a leg's upstream SDK: sends its request over the leg's path (run path or universal
 * endpoint, binding or REST), turns failures into {@link WorkersAIGatewayError}s, reports what the gateway
 * said, and wraps run-path streams so they survive drops.
 */
export function createLegFetch(args: {
  leg: LegPlan;
  target: GatewayTarget;
  options: ResolvedCallOptions;
  state: LegState;
}): FetchFunction {
  const { leg, target, options, state } = args;
  return async (input, init) => {
    const request = await readInterceptedRequest(input, init);
    const context: GatewayErrorContext = {
      provider: leg.providerId,
      model: leg.slug,
      transport: leg.transport,
      gateway: options.gateway.id,
    };
    const headers = legHeaders(leg, request.headers, options);
    const secrets = headers.secrets;
    let sent: SentRequest;
    try {
      if (leg.transport === "run") {
        const runHeaders = { ...headers.request };
        for (const [name, value] of Object.entries(headers.provider))
          if (!RUN_PATH_DROPPED.has(name)) runHeaders[name] = value;
        sent = await sendRun(target, {
          slug: leg.slug,
          rest:
            leg.wire === "anthropic" && leg.entry?.gatewayId
              ? {
                  kind: "provider",
                  gatewayId: leg.entry.gatewayId,
                  endpoint: legEntry(leg, request, {}).endpoint,
                }
              : {
                  kind: "compat",
                  model: leg.entry
                    ? `${leg.entry.gatewayId ?? leg.entry.id}/${leg.upstreamModelId}`
                    : leg.slug,
                },
          body: request.body,
          headers: runHeaders,
          gateway: options.gateway,
          signal: request.signal,
        });
      } else {
        sent = await sendUniversal(target, {
          entries: [legEntry(leg, request, headers.provider)],
          headers: headers.request,
          gateway: options.gateway,
          signal: request.signal,
        });
      }
    } catch (error) {
      // our own errors and setting errors (missing credentials) stay as they are
      if (isAbortError(error)) throw redactCause(error, secrets);
      if (request.signal?.aborted || AISDKError.isInstance(error)) throw error;
      throw thrownGatewayError(
        error,
        context,
        target.kind === "binding" ? `workers-ai-binding://${leg.transport}` : "",
        secrets,
      );
    }
    state.url = sent.url;
    const response = await ensureOk(sent, context, secrets);
    return completeDispatch({
      response,
      leg,
      target,
      options,
      state,
      signal: request.signal,
      attempt: leg.index,
    });
  };
}

/**
 * After a successful reply: records what the gateway reported, calls `onDispatch`, turns gateway
 * signals into warnings and, on the run path, makes the stream resumable.
 */
export function completeDispatch(args: {
  response: Response;
  leg: LegPlan;
  target: GatewayTarget;
  options: ResolvedCallOptions;
  state: LegState;
  signal: AbortSignal | undefined;
  attempt: number;
  step?: number;
}): Response {
  const { response, leg, target, options, state } = args;
  const headers = headersToRecord(response.headers);
  const stepHeader = headers["cf-aig-step"];
  const runId = headers["cf-aig-run-id"] ?? null;
  const isStream = (headers["content-type"] ?? "").includes("text/event-stream");
  const binding = target.kind === "binding" ? target.binding : undefined;
  const runStream = leg.transport === "run" && isStream && response.body !== null;
  const resumable = runStream && options.resume && runId !== null && typeof binding?.fetch === "function";
  const dlp = headers["cf-aig-dlp"];
  if (dlp)
    state.warnings.push({
      type: "other",
      message: `AI Gateway data loss prevention matched this request: ${dlp}`,
    });
  if (runStream && !resumable && options.resumeExplicit && target.kind === "binding") {
    state.warnings.push({
      type: "unsupported",
      feature: "resume",
      details: runId
        ? "The binding has no fetch(), so the resume endpoint cannot be reached; a dropped stream will fail."
        : "The run-path reply carried no cf-aig-run-id, so this stream cannot be resumed after a drop.",
    });
  }
  const info: GatewayDispatchInfo = {
    transport: leg.transport,
    model: leg.slug,
    provider: leg.providerId,
    gateway: options.gateway.id,
    attempt: args.attempt,
    resumeEnabled: resumable,
    status: response.status,
    runId,
    cfStep: stepHeader ?? null,
    cacheStatus: headers["cf-aig-cache-status"] ?? null,
    logId: headers["cf-aig-log-id"] ?? null,
    warnings: state.warnings.map((warning) =>
      "message" in warning ? warning.message : (warning.details ?? warning.feature),
    ),
  };
  const step =
    args.step ?? (stepHeader !== undefined && /^\d+$/.test(stepHeader) ? Number(stepHeader) : undefined);
  if (step !== undefined) info.step = step;
  state.dispatch = info;
  state.headers = headers;
  options.onDispatch?.(info);

  if (!runStream) return response;
  if (!resumable) return withBody(response, closeOnError(response.body!, state));
  const stream = createResumableStream({
    binding: binding!,
    gateway: options.gateway.id,
    runId: runId!,
    source: response.body!,
    abortSignal: args.signal,
    onProgress: options.onProgress,
    onResumeExpired: options.onResumeExpired,
    maxReconnects: options.maxReconnects,
    wire: leg.wire,
    context: { provider: leg.providerId, model: leg.slug, logId: info.logId },
    reportReconnect: () => {
      state.reconnects++;
    },
    onExpiredPartial: () => {
      state.expiredPartial = true;
    },
  });
  return new Response(stream, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

function withBody(response: Response, body: ReadableStream<Uint8Array>): Response {
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/**
 * Ends the body cleanly when it breaks and records the error: erroring it instead would make the upstream
 * SDK's stream pipeline discard chunks it had already read but not yet handed on.
 */
function closeOnError(body: ReadableStream<Uint8Array>, state: LegState): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        if (isAbortError(error)) {
          controller.error(error);
          return;
        }
        state.streamError = error;
        controller.close();
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
