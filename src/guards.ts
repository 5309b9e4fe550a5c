/** A plain object (not `null`, not an array): the shape every JSON reply and option record is read as. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
