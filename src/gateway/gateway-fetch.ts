import { AISDKError } from "@ai-sdk/provider";
import type { FetchFunction } from "@ai-sdk/provider-utils";
import {
  type GatewayOptions,
  resolveGatewayOptions,
  splitGatewayHeaders,
} from "../transport/gateway-options";
import { headersToRecord } from "../transport/headers";
import { secretHeaderValues } from "../transport/secrets";
import { isAbort } from "../transport/streams";
import { GatewayDelegateError } from "./errors";
import { authHeaderNames, GATEWAY_PLACEHOLDER_API_KEY, providerHeaders } from "./headers";
import {
  detectGatewayProvider,
  findGatewayProvider,
  GATEWAY_AUTH_HEADERS,
  type GatewayProviderEntry,
} from "./registry";
import {
  gatewayTargetFrom,
  type SentRequest,
  sendProviderPath,
  sendUniversal,
  thrownGatewayError,
} from "./transports";
import type { GatewayBinding, GatewayMetadata } from "./types";

/** Options of {@link createGatewayFetch}: where to send (binding or REST credentials) and how. */
export interface GatewayFetchConfig {
  /** The Workers AI binding (`env.AI`). Use this or `accountId` + `apiKey`. */
  binding?: GatewayBinding;
  /** Cloudflare account id (REST). Defaults to `CLOUDFLARE_ACCOUNT_ID`. */
  accountId?: string;
  /** Cloudflare API token (REST), sent as `cf-aig-authorization` unless `gateway.authToken` is set. Defaults to `CLOUDFLARE_API_TOKEN`. */
  apiKey?: string;
  /** Gateway id or options (default `"default"`). */
  gateway?: string | GatewayOptions;
  /** Registry id, alias or AI Gateway provider id; detected from the request URL when omitted. */
  provider?: string;
  /** Forward the provider credentials of the request (your own key). Without it they are stripped. */
  byok?: boolean;
  /** Stored provider key alias (`cf-aig-byok-alias`). */
  byokAlias?: string;
  /** Zero Data Retention override (`cf-aig-zdr`). */
  zdr?: boolean;
  /** Cache lifetime in seconds. */
  cacheTtl?: number;
  /** Bypass the gateway cache. */
  skipCache?: boolean;
  /** Custom cache key. */
  cacheKey?: string;
  /** Custom metadata (merged over `gateway.metadata`). */
  metadata?: GatewayMetadata;
  /** Override log collection. */
  collectLog?: boolean;
  /** Headers added to every request (`cf-aig-*` go to the gateway, the rest to the provider). */
  extraHeaders?: Record<string, string>;
  /** AI Gateway base URL for REST (default `https://gateway.ai.cloudflare.com/v1`). */
  gatewayBaseURL?: string;
  /** `fetch` used for REST and provider-path requests (default `globalThis.fetch`). */
  fetch?: FetchFunction;
}

/**
 * A `fetch` that sends any provider SDK's requests through AI Gateway. The provider is detected from the
 * request URL (or `provider`); JSON POST bodies become one universal-endpoint entry, other bodies (binary
 * audio, `FormData`, text) and other methods go to the gateway's provider URL untouched. Replies are
 * returned as they are, like `fetch` does, so the SDK reads its own errors.
 *
 * @example
 * ```ts
 * const openai = createOpenAI({
 *   apiKey: env.OPENAI_API_KEY,
 *   fetch: createGatewayFetch({ binding: env.AI, gateway: "my-gateway", byok: true }),
 * });
 * ```
 */
export function createGatewayFetch(config: GatewayFetchConfig): FetchFunction {
  const target = gatewayTargetFrom(config, "createGatewayFetch");
  const { cacheTtl, skipCache, cacheKey, collectLog, metadata } = config;
  const gateway = resolveGatewayOptions(config.gateway, {
    cacheTtl,
    skipCache,
    cacheKey,
    collectLog,
    metadata,
  });
  const fixed = config.provider
    ? (findGatewayProvider(config.provider) ?? customProvider(config.provider))
    : undefined;
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const { entry, endpoint } = resolveProvider(url, fixed);
    const method = (init?.method ?? request?.method ?? "GET").toUpperCase();
    const incoming = {
      ...headersToRecord(init?.headers ?? request?.headers),
      ...headersToRecord(config.extraHeaders),
    };
    const split = splitGatewayHeaders(incoming, config);
    const requestHeaders = split.gateway;
    const headers = providerHeaders(split.provider, { entry, byok: config.byok ?? false });
    const secrets = [
      ...secretHeaderValues(incoming, authHeaderNames(entry)),
      ...(config.apiKey ? [config.apiKey] : []),
      ...(gateway.authToken ? [gateway.authToken] : []),
    ].filter((secret) => !secret.includes(GATEWAY_PLACEHOLDER_API_KEY));
    const signal = init?.signal ?? request?.signal ?? undefined;
    const gatewayId = entry.gatewayId as string;
    const body = await readBody(init?.body ?? null, request, method);
    try {
      let sent: SentRequest;
      if (body.kind === "json") {
        sent = await sendUniversal(target, {
          entries: [{ provider: gatewayId, endpoint, headers, query: body.value }],
          headers: requestHeaders,
          gateway,
          signal,
        });
      } else {
        if (body.kind === "form") delete headers["content-type"];
        sent = await sendProviderPath(target, {
          gatewayId,
          endpoint,
          method,
          body: body.value,
          headers: { ...headers, ...requestHeaders },
          gateway,
          signal,
        });
      }
      return sent.response;
    } catch (error) {
      if (isAbort(error, signal) || AISDKError.isInstance(error)) throw error;
      throw thrownGatewayError(
        error,
        { provider: entry.id, transport: "gateway", gateway: gateway.id },
        url.origin,
        secrets,
      );
    }
  };
}

/** Options of {@link createGatewayProvider}: where to send, plus what the provider factory gets. */
export interface GatewayProviderConfig<SETTINGS> extends Omit<GatewayFetchConfig, "apiKey"> {
  /**
   * The provider's own API key, given to the factory (as in 4.x). It reaches the provider only with
   * `byok: true`; without it a placeholder is used and provider credentials are stripped. Over REST,
   * AI Gateway authentication comes from `gateway.authToken` (or `CLOUDFLARE_API_TOKEN`).
   */
  apiKey?: string;
  /** Base URL given to the factory (the provider's default when absent). */
  baseURL?: string;
  /** More factory settings (`headers`, `organization`, …). */
  settings?: Omit<SETTINGS, "fetch">;
}

/**
 * Builds any AI SDK provider whose requests go through AI Gateway: `factory` gets `fetch`, `apiKey`
 * (yours for BYOK, else a placeholder that is stripped before sending) and `baseURL`.
 *
 * @example
 * ```ts
 * const groq = createGatewayProvider(createGroq, { binding: env.AI, gateway: "my-gateway" });
 * const openai = createGatewayProvider(createOpenAI, { binding: env.AI, byok: true, apiKey: env.OPENAI_API_KEY });
 * ```
 */
export function createGatewayProvider<PROVIDER, SETTINGS extends { fetch?: FetchFunction }>(
  factory: (settings: SETTINGS) => PROVIDER,
  config: GatewayProviderConfig<SETTINGS>,
): PROVIDER {
  const { settings, apiKey, baseURL, ...fetchConfig } = config;
  return factory({
    apiKey: apiKey ?? GATEWAY_PLACEHOLDER_API_KEY,
    ...(baseURL !== undefined ? { baseURL } : {}),
    ...settings,
    fetch: createGatewayFetch(fetchConfig),
  } as unknown as SETTINGS);
}

/**
 * A provider id the registry does not know (e.g. an AI Gateway custom provider, `custom-<slug>`): its
 * endpoint is the request URL's path and query, and only the common credential headers are stripped.
 */
function customProvider(id: string): GatewayProviderEntry {
  return {
    id,
    name: id,
    gatewayId: id,
    aliases: [],
    wire: { gateway: "native" },
    runCatalog: false,
    billing: "byok",
    authHeaders: GATEWAY_AUTH_HEADERS,
    hosts: [],
    toEndpoint: () => undefined,
    apiBaseURL: undefined,
    verified: false,
    resolverKey: id,
    gatewayProviderId: id,
    wireFormat: undefined,
    runWireFormat: undefined,
    baseURL: undefined,
    gatewayPath: true,
    hostPattern: undefined,
    transformEndpoint: undefined,
  };
}

function resolveProvider(
  url: URL,
  fixed: GatewayProviderEntry | undefined,
): { entry: GatewayProviderEntry; endpoint: string } {
  const detected = detectGatewayProvider(url);
  const entry = fixed ?? detected?.entry;
  if (!entry) {
    throw new GatewayDelegateError({
      modelId: url.host,
      reason: `cannot tell which AI Gateway provider serves ${url.host}.`,
      hint: 'Pass provider (e.g. provider: "openai") to createGatewayFetch.',
    });
  }
  if (entry.gatewayId === undefined) {
    throw new GatewayDelegateError({
      modelId: url.host,
      reason: `${entry.name} is only on the unified run path and has no AI Gateway provider URL.`,
    });
  }
  const endpoint =
    detected?.entry === entry
      ? detected.endpoint
      : (entry.toEndpoint(url) ?? url.pathname.replace(/^\/+/, "") + url.search);
  return { entry, endpoint };
}

type ReadBody =
  | { kind: "json"; value: unknown }
  | { kind: "form"; value: FormData }
  | { kind: "raw"; value: BodyInit | undefined };

/** JSON POST bodies go into a universal entry; everything else is forwarded as bytes (or as the form itself). */
async function readBody(
  body: BodyInit | null,
  request: Request | undefined,
  method: string,
): Promise<ReadBody> {
  if (body === null && request && request.body) {
    const type = request.headers.get("content-type") ?? "";
    if (type.includes("multipart/form-data")) return { kind: "form", value: await request.formData() };
    body = type.includes("json") ? await request.text() : await request.arrayBuffer();
  }
  if (body === null || body === undefined) return { kind: "raw", value: undefined };
  if (typeof FormData !== "undefined" && body instanceof FormData) return { kind: "form", value: body };
  if (typeof body === "string") {
    if (method === "POST") {
      const trimmed = body.trimStart();
      if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
        try {
          return { kind: "json", value: JSON.parse(body) };
        } catch {
          // not JSON: forwarded as text
        }
      }
    }
    return { kind: "raw", value: body };
  }
  if (body instanceof ReadableStream) return { kind: "raw", value: await new Response(body).arrayBuffer() };
  return { kind: "raw", value: body };
}
