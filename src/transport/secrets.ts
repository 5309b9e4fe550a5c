const SECRET_HEADER = /authorization|api[-_]?key|token|secret|cookie/i;

/** Header values that are credentials (authorization, API keys, tokens), so errors can redact them. */
export function secretHeaderValues(headers: Record<string, string | undefined> | undefined): string[] {
  const out: string[] = [];
  if (!headers) return out;
  for (const [name, value] of Object.entries(headers)) {
    if (!value || !SECRET_HEADER.test(name)) continue;
    out.push(value);
    const bearer = /^\s*bearer\s+(.+)$/i.exec(value);
    if (bearer) out.push(bearer[1].trim());
  }
  return out;
}
