/** Headers in any form a caller, an upstream SDK or a binding may give them. */
type AnyHeaders =
  | HeadersInit
  | Record<string, string | undefined>
  | { forEach(callback: (value: string, key: string) => void): void }
  | null
  | undefined;

/**
 * Any headers form (`Headers`, entry pairs, a record, a binding's header object) → a plain record with
 * lower-case names; `undefined` values are dropped.
 */
export function headersToRecord(headers: AnyHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers || typeof headers !== "object") return out;
  const put = (value: string | undefined, key: string) => {
    if (value !== undefined) out[key.toLowerCase()] = value;
  };
  if (Array.isArray(headers)) for (const [key, value] of headers) put(value, key);
  else if (typeof headers.forEach === "function") (headers as Headers).forEach(put);
  else for (const [key, value] of Object.entries(headers)) put(value, key);
  return out;
}

/** Headers with `undefined` values dropped (names kept as given), or `undefined` when none is left. */
export function definedHeaders(
  headers: Record<string, string | undefined> | undefined,
): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const [key, value] of Object.entries(headers ?? {}))
    if (value !== undefined) (out ??= {})[key] = value;
  return out;
}
