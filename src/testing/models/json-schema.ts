/** Builds a value that conforms to a JSON Schema (tool arguments, structured output). */
import { isRecord } from "../util";

const FORMATS: Record<string, string> = {
  "date-time": "2025-01-01T00:00:00Z",
  date: "2025-01-01",
  time: "12:00:00",
  email: "user@example.com",
  uri: "https://example.com/",
  url: "https://example.com/",
  uuid: "00000000-0000-4000-8000-000000000000",
  hostname: "example.com",
  ipv4: "127.0.0.1",
};

/**
 * Picks a value for the field at `path` (property names and array indexes from the root), or
 * `undefined` to let {@link valueFromSchema} build one.
 */
export type FieldValue = (path: string[], node: Record<string, unknown>) => unknown;

/**
 * A deterministic value for `schema`: `field` chooses first, then strings come from `words` in turn,
 * numbers are 1 (within bounds), booleans `true`, arrays hold 3 items (within bounds), enums their first
 * value, objects every property.
 */
export function valueFromSchema(schema: unknown, words: readonly string[], field?: FieldValue): unknown {
  let next = 0;
  const word = () => (words.length === 0 ? "value" : words[next++ % words.length]);
  const resolve = (ref: string): unknown => {
    const match = /^#\/(definitions|\$defs)\/(.+)$/.exec(ref);
    if (!match || !isRecord(schema)) return undefined;
    const table = schema[match[1]];
    return isRecord(table) ? table[decodeURIComponent(match[2])] : undefined;
  };
  const build = (node: unknown, depth: number, path: string[]): unknown => {
    if (!isRecord(node) || depth > 8) return word();
    if (typeof node.$ref === "string") return build(resolve(node.$ref), depth + 1, path);
    if ("const" in node) return node.const;
    if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
    for (const key of ["anyOf", "oneOf"] as const) {
      const options = node[key];
      if (Array.isArray(options) && options.length > 0) {
        const pick = options.find((o) => !(isRecord(o) && o.type === "null")) ?? options[0];
        return build(pick, depth + 1, path);
      }
    }
    if (Array.isArray(node.allOf) && node.allOf.length > 0) {
      const merged: Record<string, unknown> = { type: "object", properties: {}, required: [] };
      for (const part of node.allOf) {
        if (isRecord(part) && isRecord(part.properties))
          merged.properties = { ...(merged.properties as object), ...part.properties };
      }
      return build(merged, depth + 1, path);
    }
    const chosen = path.length > 0 ? field?.(path, node) : undefined;
    if (typeof chosen === "string" && typeof node.maxLength === "number")
      return chosen.slice(0, node.maxLength);
    if (chosen !== undefined) return chosen;
    let type = node.type;
    if (Array.isArray(type)) type = type.find((t) => t !== "null") ?? type[0];
    if (type === undefined) type = isRecord(node.properties) ? "object" : node.items ? "array" : "string";
    switch (type) {
      case "object": {
        const out: Record<string, unknown> = {};
        if (isRecord(node.properties))
          for (const [key, value] of Object.entries(node.properties))
            out[key] = build(value, depth + 1, [...path, key]);
        return out;
      }
      case "array": {
        const min = typeof node.minItems === "number" ? node.minItems : 0;
        const max = typeof node.maxItems === "number" ? node.maxItems : Number.POSITIVE_INFINITY;
        const count = Math.min(Math.max(3, min), max);
        const items = Array.isArray(node.prefixItems) ? node.prefixItems : undefined;
        const out: unknown[] = [];
        for (let i = 0; i < count; i++)
          out.push(build(items ? items[i % items.length] : node.items, depth + 1, [...path, String(i)]));
        return out;
      }
      case "integer":
      case "number": {
        let value = 1;
        if (typeof node.minimum === "number") value = Math.max(value, node.minimum);
        if (typeof node.exclusiveMinimum === "number") value = Math.max(value, node.exclusiveMinimum + 1);
        if (typeof node.maximum === "number") value = Math.min(value, node.maximum);
        if (typeof node.exclusiveMaximum === "number" && value >= node.exclusiveMaximum)
          value = node.exclusiveMaximum - 1;
        return type === "integer" ? Math.ceil(value) : value;
      }
      case "boolean":
        return true;
      case "null":
        return null;
      default: {
        if (typeof node.format === "string" && FORMATS[node.format]) return FORMATS[node.format];
        let text = word();
        const minLength = typeof node.minLength === "number" ? node.minLength : 0;
        while (text.length < minLength) text += ` ${word()}`;
        if (typeof node.maxLength === "number") text = text.slice(0, node.maxLength);
        return text;
      }
    }
  };
  return build(schema, 0, []);
}
