const SECRET_HEADER = /authorization|key|token|secret|cookie/i;

/**
 * Whether a header carries a credential: its name says so (authorization, API keys, tokens, cookies) or
 * it is one of `names` (a provider's own credential headers, lower-case). The gateway cache key is not one.
 */
export function isSecretHeader(name: string, names?: ReadonlySet<string>): boolean {
  const lower = name.toLowerCase();
  return lower !== "cf-aig-cache-key" && (SECRET_HEADER.test(lower) || names?.has(lower) === true);
}

/** Header values that are credentials, and their bare tokens (`Bearer <token>`), so errors can redact them. */
export function secretHeaderValues(
  headers: Record<string, string | undefined> | undefined,
  names?: ReadonlySet<string>,
): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!value || !isSecretHeader(name, names)) continue;
    out.push(value);
    const bare = /^\s*\S+\s+(.+)$/.exec(value);
    if (bare) out.push(bare[1].trim());
  }
  return out;
}
