import { type FetchFunction, withoutTrailingSlash } from "@ai-sdk/provider-utils";
import { type RestCredentials, restCredentials, type WorkersAIFactoryName } from "../transport/credentials";
import {
  bindingGatewayOptions,
  type GatewayOptions,
  gatewayRequestHeaders,
} from "../transport/gateway-options";
import { headersToRecord } from "../transport/headers";
import { encodePathSegmentStrict } from "../transport/model-path";
import { withRedactedHeaders } from "../transport/reply";
import { secretHeaderValues } from "../transport/secrets";
import { raceBindingCall } from "../transport/streams";
import { bindingRunURL, bindingURL, type CloudflareURLs, cloudflareURLs } from "../transport/urls";
import { createGatewayError, type GatewayErrorContext, type WorkersAIGatewayError } from "./errors";
import { type GatewayUniversalEntry, redactEntries } from "./headers";
import type { GatewayBinding, GatewayProviderContext } from "./types";

/** Where gateway requests go: the binding, or REST credentials (read lazily). */
export type GatewayTarget =
  | { kind: "binding"; binding: GatewayBinding; fetch: FetchFunction }
  | (RestCredentials & {
      kind: "rest";
      urls: CloudflareURLs;
      fetch: FetchFunction;
      headers: Record<string, string>;
    });

/** A sent request: the raw reply, the URL to report (no secrets) and what must be redacted from errors. */
export interface SentRequest {
  response: Response;
  url: string;
  requestBodyValues: unknown;
  secrets: string[];
}

/** The target for createWorkersAI's options or createGatewayFetch's config. */
export function gatewayTargetFrom(
  config: {
    binding?: GatewayProviderContext["binding"];
    accountId?: string;
    apiKey?: string;
    gatewayBaseURL?: string;
    fetch?: FetchFunction;
    headers?: Record<string, string>;
  },
  factory: WorkersAIFactoryName,
): GatewayTarget {
  const fetch: FetchFunction = config.fetch ?? ((input, init) => globalThis.fetch(input, init));
  if (config.binding) return { kind: "binding", binding: config.binding as GatewayBinding, fetch };
  const credentials = restCredentials(config, factory);
  return {
    kind: "rest",
    ...credentials,
    urls: cloudflareURLs({ accountId: credentials.accountId, gatewayBaseURL: config.gatewayBaseURL }),
    fetch,
    headers: headersToRecord(config.headers),
  };
}

/** REST headers: the gateway's `cf-aig-*` (with the API token as `cf-aig-authorization` unless a gateway token is set). */
function restHeaders(
  target: Extract<GatewayTarget, { kind: "rest" }>,
  gateway: GatewayOptions,
  headers: Record<string, string>,
  contentType: string | undefined,
): { headers: Record<string, string>; secrets: string[] } {
  const apiKey = target.apiKey();
  const authToken = gateway.authToken ?? apiKey;
  const out: Record<string, string> = {
    ...target.headers,
    ...headers,
    ...gatewayRequestHeaders({ ...gateway, authToken }),
  };
  if (contentType) out["content-type"] = contentType;
  return { headers: out, secrets: [apiKey, authToken] };
}

/** A run-path request (`env.AI.run(slug, body, { gateway })`, or its REST form). */
export interface RunRequest {
  /** The binding's model argument. */
  slug: string;
  /** REST: `compat` (OpenAI chat-completions with `model: <restModel>`) or a provider path (Anthropic Messages). */
  rest: { kind: "compat"; model: string } | { kind: "provider"; gatewayId: string; endpoint: string };
  body: Record<string, unknown>;
  /** Request headers (provider headers such as `anthropic-version`, `cf-aig-zdr`, …). */
  headers: Record<string, string>;
  gateway: GatewayOptions;
  signal: AbortSignal | undefined;
}

/** Sends a run-path request. The binding is asked for the raw `Response` so `cf-aig-*` headers can be read. */
export async function sendRun(target: GatewayTarget, request: RunRequest): Promise<SentRequest> {
  if (target.kind === "binding") {
    const url = bindingRunURL(request.slug);
    const options: Record<string, unknown> = {
      gateway: bindingGatewayOptions(request.gateway),
      returnRawResponse: true,
    };
    if (Object.keys(request.headers).length > 0) options.extraHeaders = request.headers;
    if (request.signal) options.signal = request.signal;
    const result = await raceBindingCall(
      () => target.binding.run(request.slug, request.body, options),
      request.signal,
      (error) => error,
    );
    return {
      response: await bindingResultToResponse(result, target.binding),
      url,
      requestBodyValues: request.body,
      secrets: [],
    };
  }
  const base = target.urls.gateway(request.gateway.id);
  let url: string;
  let body = request.body;
  if (request.rest.kind === "compat") {
    url = `${base}/compat/chat/completions`;
    body = { ...body, model: request.rest.model };
  } else {
    url = `${base}/${encodePathSegmentStrict(request.rest.gatewayId, "provider")}/${request.rest.endpoint}`;
  }
  const { headers, secrets } = restHeaders(target, request.gateway, request.headers, "application/json");
  const response = await target.fetch(url, {
    method: "POST",
    headers,
    body: JSON.stringify(body),
    signal: request.signal,
  });
  return { response, url, requestBodyValues: body, secrets };
}

/** A universal-endpoint request (`env.AI.gateway(id).run(entries)`, or `POST {base}/{account}/{gateway}`). */
export interface UniversalRequest {
  entries: GatewayUniversalEntry[];
  /** Request-level headers (`cf-aig-byok-alias`, `cf-aig-zdr`, …). */
  headers: Record<string, string>;
  gateway: GatewayOptions;
  signal: AbortSignal | undefined;
}

/** Sends entries to the universal endpoint; AI Gateway tries them in order (`cf-aig-step` says which answered). */
export async function sendUniversal(target: GatewayTarget, request: UniversalRequest): Promise<SentRequest> {
  const requestBodyValues = redactEntries(request.entries);
  const secrets = request.entries.flatMap((entry) => secretHeaderValues(entry.headers));
  if (target.kind === "binding") {
    const handle = target.binding.gateway?.(request.gateway.id);
    if (!handle) throw new TypeError("This binding has no gateway(id) method, which the gateway path needs.");
    const options: Record<string, unknown> = { gateway: bindingGatewayOptions(request.gateway) };
    if (Object.keys(request.headers).length > 0) options.extraHeaders = request.headers;
    if (request.signal) options.signal = request.signal;
    const response = await raceBindingCall(
      () => handle.run(request.entries, options),
      request.signal,
      (error) => error,
    );
    return {
      response,
      url: bindingURL(`gateway/${encodeURIComponent(request.gateway.id)}/universal`),
      requestBodyValues,
      secrets,
    };
  }
  const url = target.urls.gateway(request.gateway.id);
  const { headers, secrets: restSecrets } = restHeaders(
    target,
    request.gateway,
    request.headers,
    "application/json",
  );
  const response = await target.fetch(url, {
    method: "POST",
    headers,
    body: JSON.stringify(request.entries),
    signal: request.signal,
  });
  return { response, url, requestBodyValues, secrets: [...secrets, ...restSecrets] };
}

/** A provider-path request (`{gateway}/{provider}/{endpoint}`), for bodies the universal endpoint cannot carry. */
export interface ProviderPathRequest {
  gatewayId: string;
  endpoint: string;
  method: string;
  body: BodyInit | null | undefined;
  headers: Record<string, string>;
  gateway: GatewayOptions;
  signal: AbortSignal | null | undefined;
}

/** Sends a request to the gateway's provider URL (binding: `gateway(id).getUrl(provider)`; REST: the gateway URL). */
export async function sendProviderPath(
  target: GatewayTarget,
  request: ProviderPathRequest,
): Promise<SentRequest> {
  let base: string;
  let headers: Record<string, string>;
  let secrets: string[] = [];
  if (target.kind === "binding") {
    const handle = target.binding.gateway?.(request.gateway.id);
    if (!handle?.getUrl) {
      throw new TypeError("This binding has no gateway(id).getUrl(), which non-JSON gateway requests need.");
    }
    base = withoutTrailingSlash(await handle.getUrl(request.gatewayId)) ?? "";
    headers = { ...request.headers, ...gatewayRequestHeaders(request.gateway) };
    if (request.gateway.authToken) secrets.push(request.gateway.authToken);
  } else {
    base = `${target.urls.gateway(request.gateway.id)}/${encodePathSegmentStrict(request.gatewayId, "provider")}`;
    const rest = restHeaders(target, request.gateway, request.headers, undefined);
    headers = rest.headers;
    secrets = rest.secrets;
  }
  const url = `${base}/${request.endpoint}`;
  const response = await target.fetch(url, {
    method: request.method,
    headers,
    body: request.body ?? undefined,
    signal: request.signal ?? undefined,
  });
  return { response, url, requestBodyValues: undefined, secrets };
}

/**
 * Throws the {@link WorkersAIGatewayError} of a failed reply; returns an ok reply with any credential a
 * header echoes redacted (the headers reach results and warnings).
 */
export async function ensureOk(
  sent: SentRequest,
  context: GatewayErrorContext,
  secrets: readonly string[],
): Promise<Response> {
  const { response } = sent;
  if (response.ok) return withRedactedHeaders(response, [...secrets, ...sent.secrets]);
  const body = await response.text().catch(() => "");
  throw createGatewayError({
    status: response.status,
    body,
    context: { ...context, logId: response.headers.get("cf-aig-log-id") ?? context.logId },
    url: sent.url,
    requestBodyValues: sent.requestBodyValues,
    responseHeaders: headersToRecord(response.headers),
    secrets: [...secrets, ...sent.secrets],
  });
}

/** The error for something the binding or `fetch` threw (not an HTTP reply). */
export function thrownGatewayError(
  error: unknown,
  context: GatewayErrorContext,
  url: string,
  secrets: readonly string[],
): WorkersAIGatewayError {
  const message = error instanceof Error ? error.message || error.name : String(error);
  const code =
    error instanceof Error && "code" in error && typeof error.code === "string" ? ` (${error.code})` : "";
  const causeCode = networkCode(error);
  return createGatewayError({
    status: undefined,
    body: `${message}${code || (causeCode ? ` (${causeCode})` : "")}`,
    context,
    url,
    requestBodyValues: undefined,
    secrets,
    // a copy without code/cause, so provider-utils does not rewrap this error as a plain network error
    cause: plainError(error),
  });
}

function networkCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === "string" ? cause.code : undefined;
}

function plainError(error: unknown): Error | undefined {
  if (!(error instanceof Error)) return undefined;
  const copy = new Error(error.message);
  copy.name = error.name;
  return copy;
}

/**
 * What `binding.run` resolved to, as a `Response`: the raw reply when the binding honoured
 * `returnRawResponse`, otherwise a stream/bytes/JSON value wrapped with the headers the binding exposes.
 */
async function bindingResultToResponse(result: unknown, binding: GatewayBinding): Promise<Response> {
  if (result instanceof Response) return result;
  const headers: Record<string, string> = {};
  if (binding.lastRequestId) headers["cf-ai-req-id"] = binding.lastRequestId;
  if (binding.aiGatewayLogId) headers["cf-aig-log-id"] = binding.aiGatewayLogId;
  if (result instanceof ReadableStream) {
    return new Response(result as ReadableStream<Uint8Array>, {
      headers: { ...headers, "content-type": "text/event-stream" },
    });
  }
  if (result instanceof Uint8Array || result instanceof ArrayBuffer) {
    return new Response(result as BodyInit, {
      headers: { ...headers, "content-type": "application/octet-stream" },
    });
  }
  if (result === undefined || result === null) {
    return new Response(JSON.stringify({ error: "the binding returned no result" }), {
      status: 502,
      headers,
    });
  }
  return new Response(JSON.stringify(result), {
    headers: { ...headers, "content-type": "application/json" },
  });
}
