import { isSecretHeader } from "../transport/secrets";
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

/** Entries as they may appear in errors: every header value of an entry replaced by `[redacted]` when it is a credential. */
export function redactEntries(entries: readonly GatewayUniversalEntry[]): unknown {
  return entries.map((entry) => ({
    ...entry,
    headers: Object.fromEntries(
      Object.entries(entry.headers).map(([name, value]) => [
        name,
        isSecretHeader(name) ? "[redacted]" : value,
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
