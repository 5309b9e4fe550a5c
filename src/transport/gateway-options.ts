import type { SharedV4Warning } from "@ai-sdk/provider";
import { type Check, isBoolean, isNumber, isString, oneOf, recordOf, shape } from "../guards";

/** AI Gateway options (the `GatewayOptions` of the Workers AI binding, plus `authToken` for REST). */
export interface GatewayOptions {
  /** Gateway id (every account has one named `default`). */
  id: string;
  /** Bypass the gateway cache for this request. */
  skipCache?: boolean;
  /** Cache lifetime in seconds (60 … 2,592,000). */
  cacheTtl?: number;
  /** Custom cache key. */
  cacheKey?: string;
  /** Custom metadata (at most 5 entries are kept; bigint values are sent as strings). */
  metadata?: Record<string, string | number | boolean | null | bigint>;
  /** Override the gateway's log collection setting. */
  collectLog?: boolean;
  /** Trace id for the gateway log. */
  eventId?: string;
  /** Milliseconds until the first response byte before the gateway gives up. */
  requestTimeoutMs?: number;
  /** Gateway-side retries. */
  retries?: {
    /** 1–5 attempts. */
    maxAttempts?: number;
    /** Delay between attempts in ms (max 5000). */
    retryDelayMs?: number;
    backoff?: "constant" | "linear" | "exponential";
  };
  /**
   * Token of an authenticated gateway, sent as `cf-aig-authorization: Bearer <token>` over REST.
   * The binding is already authenticated and never receives it.
   */
  authToken?: string;
}

/** Checks one `metadata` value of {@link GatewayOptions}. */
export const checkGatewayMetadataValue: Check = (value) =>
  value === null || ["string", "number", "boolean", "bigint"].includes(typeof value)
    ? undefined
    : "must be a string, number, boolean, bigint or null";

/** Checks a (partial) {@link GatewayOptions} given as an option: chat settings, gateway-routed models. */
export const checkGatewayOptions: Check = /* @__PURE__ */ shape({
  id: isString,
  skipCache: isBoolean,
  cacheTtl: isNumber,
  cacheKey: isString,
  metadata: /* @__PURE__ */ recordOf(checkGatewayMetadataValue),
  collectLog: isBoolean,
  eventId: isString,
  requestTimeoutMs: isNumber,
  retries: /* @__PURE__ */ shape({
    maxAttempts: isNumber,
    retryDelayMs: isNumber,
    backoff: /* @__PURE__ */ oneOf(["constant", "linear", "exponential"]),
  }),
  authToken: isString,
});

const MAX_METADATA_ENTRIES = 5;

/** The gateway every account has; used when no gateway is configured. */
export const DEFAULT_GATEWAY_ID = "default";

/** Merges two (partial) gateway option layers: defined fields of `override` win, `metadata` and `retries` merge key by key. */
export function mergeGatewayLayers(
  base: Partial<GatewayOptions> | undefined,
  override: Partial<GatewayOptions> | undefined,
): Partial<GatewayOptions> | undefined {
  if (!base || !override) return override ?? base;
  const merged: Partial<GatewayOptions> = { ...base, ...stripUndefined(override) };
  if (base.metadata || override.metadata) merged.metadata = { ...base.metadata, ...override.metadata };
  if (base.retries || override.retries) merged.retries = { ...base.retries, ...override.retries };
  return merged;
}

/** Merges gateway options like {@link mergeGatewayLayers}; without `base`, `override` counts only with an id. */
export function mergeGatewayOptions(
  base: GatewayOptions | undefined,
  override: Partial<GatewayOptions> | undefined,
): GatewayOptions | undefined {
  if (!base) return override?.id ? (override as GatewayOptions) : undefined;
  return mergeGatewayLayers(base, override) as GatewayOptions;
}

/**
 * Gateway options merged layer by layer (later layers win, see {@link mergeGatewayOptions}); a layer may be
 * just a gateway id. The id defaults to {@link DEFAULT_GATEWAY_ID}.
 */
export function resolveGatewayOptions(
  ...layers: Array<string | Partial<GatewayOptions> | undefined>
): GatewayOptions {
  let merged: GatewayOptions = { id: DEFAULT_GATEWAY_ID };
  for (const layer of layers) {
    merged = mergeGatewayOptions(merged, typeof layer === "string" ? { id: layer } : layer) ?? merged;
  }
  if (!merged.id) merged.id = DEFAULT_GATEWAY_ID;
  return merged;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (entry !== undefined) (out as Record<string, unknown>)[key] = entry;
  }
  return out;
}

/** The defined metadata entries, in order (the gateway keeps the first {@link MAX_METADATA_ENTRIES}). */
function metadataEntries(
  metadata: GatewayOptions["metadata"],
): Array<[string, string | number | boolean | null | bigint]> {
  return Object.entries(metadata ?? {}).filter(([, value]) => value !== undefined);
}

/** The warning for metadata entries beyond what AI Gateway keeps, if any. */
export function gatewayMetadataWarning(metadata: GatewayOptions["metadata"]): SharedV4Warning | undefined {
  const dropped = metadataEntries(metadata).slice(MAX_METADATA_ENTRIES);
  if (dropped.length === 0) return undefined;
  return {
    type: "other",
    message: `AI Gateway keeps at most ${MAX_METADATA_ENTRIES} metadata entries; ${dropped.map(([key]) => key).join(", ")} were dropped.`,
  };
}

/** Metadata as the gateway accepts it: at most 5 entries, bigint → string, no nested values. */
function normalizeGatewayMetadata(
  metadata: GatewayOptions["metadata"],
): Record<string, string | number | boolean | null> | undefined {
  if (!metadata) return undefined;
  const out: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of metadataEntries(metadata).slice(0, MAX_METADATA_ENTRIES)) {
    out[key] = typeof value === "bigint" ? value.toString() : value;
  }
  return out;
}

/** The `cf-aig-<name>` request header of each scalar gateway option (spec 1.4 / 2.4). */
const GATEWAY_HEADERS = {
  skipCache: "skip-cache",
  cacheTtl: "cache-ttl",
  cacheKey: "cache-key",
  collectLog: "collect-log",
  eventId: "event-id",
  requestTimeoutMs: "request-timeout",
};
/** The same for the fields of `retries`. */
const RETRY_HEADERS = { maxAttempts: "max-attempts", retryDelayMs: "retry-delay", backoff: "backoff" };

/** The `cf-aig-*` request headers for a gateway request over REST (spec 1.4 / 2.4). */
export function gatewayRequestHeaders(gateway: GatewayOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const put = (options: object | undefined, names: Record<string, string>) => {
    for (const [key, name] of Object.entries(names)) {
      const value = (options as Record<string, unknown> | undefined)?.[key];
      if (value !== undefined) headers[`cf-aig-${name}`] = String(value);
    }
  };
  put(gateway, GATEWAY_HEADERS);
  put(gateway.retries, RETRY_HEADERS);
  const metadata = normalizeGatewayMetadata(gateway.metadata);
  if (metadata) headers["cf-aig-metadata"] = JSON.stringify(metadata);
  if (gateway.authToken) headers["cf-aig-authorization"] = `Bearer ${gateway.authToken}`;
  return headers;
}

/** Gateway options as the binding takes them (no `authToken`, metadata normalised). */
export function bindingGatewayOptions(gateway: GatewayOptions): Record<string, unknown> {
  const { authToken: _authToken, ...rest } = gateway;
  const metadata = normalizeGatewayMetadata(rest.metadata);
  return metadata ? { ...rest, metadata } : rest;
}

/** Per-request AI Gateway options that are headers only (the binding takes them as `extraHeaders`). */
interface GatewayRequestHeaderOptions {
  /** Zero Data Retention override (`cf-aig-zdr`). */
  zdr?: boolean;
  /** Stored provider key alias (`cf-aig-byok-alias`). */
  byokAlias?: string;
}

/**
 * Splits lower-case headers into those for AI Gateway itself (`cf-aig-*`, plus `zdr` and `byokAlias`) and
 * those for the upstream provider.
 */
export function splitGatewayHeaders(
  headers: Record<string, string>,
  options: GatewayRequestHeaderOptions,
): { gateway: Record<string, string>; provider: Record<string, string> } {
  const gateway: Record<string, string> = {};
  const provider: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith("cf-aig-")) gateway[name] = value;
    else provider[name] = value;
  }
  if (options.zdr !== undefined) gateway["cf-aig-zdr"] = String(options.zdr);
  if (options.byokAlias) gateway["cf-aig-byok-alias"] = options.byokAlias;
  return { gateway, provider };
}
