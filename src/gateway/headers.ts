import { GATEWAY_AUTH_HEADERS, type GatewayProviderEntry } from "./registry";

/**
 * The API key the slug delegate and `createGatewayProvider` give upstream SDKs so they do not refuse to
 * build a request; any header carrying it is dropped before a request leaves, BYOK or not.
 */
export const GATEWAY_PLACEHOLDER_API_KEY = "workers-ai-gateway-placeholder-key";

/** Headers that describe the HTTP hop, not the provider request; never forwarded inside entries. */
const HOP_HEADERS = /* @__PURE__ */ new Set([
  "content-length",
  "host",
  "connection",
  "accept-encoding",
  "transfer-encoding",
]);

/** Any headers form → a plain record with lower-case names. */
export function headersToRecord(
  headers: HeadersInit | Record<string, string | undefined> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (headers instanceof Headers) {
    headers.forEach((value, key) => {
      out[key.toLowerCase()] = value;
    });
    return out;
  }
  if (Array.isArray(headers)) {
    for (const [key, value] of headers) if (value !== undefined) out[key.toLowerCase()] = value;
    return out;
  }
  for (const [key, value] of Object.entries(headers)) if (value !== undefined) out[key.toLowerCase()] = value;
  return out;
}

/** Credential header names of a provider (plus the generic ones). */
export function authHeaderNames(entry: GatewayProviderEntry | undefined): Set<string> {
  return new Set([...GATEWAY_AUTH_HEADERS, ...(entry?.authHeaders ?? [])]);
}

/**
 * Provider headers for a gateway request: hop headers dropped, placeholder keys dropped always, every
 * credential header dropped unless `byok`.
 */
export function providerHeaders(
  headers: Record<string, string>,
  options: { entry: GatewayProviderEntry | undefined; byok: boolean },
): Record<string, string> {
  const auth = authHeaderNames(options.entry);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (HOP_HEADERS.has(key)) continue;
    if (value.includes(GATEWAY_PLACEHOLDER_API_KEY)) continue;
    if (!options.byok && auth.has(key)) continue;
    out[key] = value;
  }
  return out;
}

/** Credential values among `headers` (and their bare bearer tokens), so errors can redact them. */
export function credentialValues(
  headers: Record<string, string | undefined>,
  entry?: GatewayProviderEntry,
): string[] {
  const auth = authHeaderNames(entry);
  const out: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!value || !(auth.has(name.toLowerCase()) || /token|secret|key/i.test(name))) continue;
    out.push(value);
    const bearer = /^\s*(?:bearer|token|key)\s+(.+)$/i.exec(value);
    if (bearer) out.push(bearer[1].trim());
  }
  return out;
}

/** Entries as they may appear in errors: every header value of an entry replaced by `[redacted]` when it is a credential. */
export function redactEntries(entries: readonly GatewayUniversalEntry[]): unknown {
  return entries.map((entry) => ({
    ...entry,
    headers: Object.fromEntries(
      Object.entries(entry.headers).map(([name, value]) => [
        name,
        authHeaderNames(undefined).has(name) || /token|secret|key/i.test(name) ? "[redacted]" : value,
      ]),
    ),
  }));
}

/** One universal-endpoint entry (spec 1.7 / 2.3). */
export interface GatewayUniversalEntry {
  /** AI Gateway provider id (`openai`, `google-ai-studio`, …). */
  provider: string;
  /** Path under the provider's gateway URL, with its query string. */
  endpoint: string;
  /** Provider request headers. */
  headers: Record<string, string>;
  /** The provider request body. */
  query: unknown;
}
