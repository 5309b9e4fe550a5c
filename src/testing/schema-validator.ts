/**
 * A small JSON Schema validator for the keywords Cloudflare's published model schemas use: `type` (also arrays of
 * types), `enum`, `const`, `required`, `properties`, `additionalProperties`, `items` (schema or tuple),
 * `prefixItems`, `min`/`max` `Length`/`Items`/`imum`, `exclusiveMinimum`/`exclusiveMaximum`, `pattern`, `oneOf`,
 * `anyOf`, `allOf`, `not` and local `$ref`s (`#/definitions/…`, `#/$defs/…`); `format` and annotations are ignored.
 * Self-contained and free of code generation, so it runs inside workerd, where `new Function` is forbidden.
 */
import { isRecord } from "./util";

/** Where a value broke its schema: a JSON pointer into the value and what was wrong. */
export interface SchemaViolation {
  path: string;
  message: string;
}

/** The first violation of `value` against `schema`, or `undefined` when the value is valid. */
export function findSchemaViolation(schema: unknown, value: unknown): SchemaViolation | undefined {
  return check(schema, value, "", schema, 0);
}

const MAX_DEPTH = 64;

function check(
  schema: unknown,
  value: unknown,
  path: string,
  root: unknown,
  depth: number,
): SchemaViolation | undefined {
  if (schema === true || schema === undefined) return undefined;
  if (schema === false) return { path, message: "is not allowed" };
  if (!isRecord(schema) || depth > MAX_DEPTH) return undefined;
  const fail = (message: string): SchemaViolation => ({ path, message });

  if (typeof schema.$ref === "string") {
    const violation = check(resolveRef(root, schema.$ref), value, path, root, depth + 1);
    if (violation) return violation;
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((type) => hasType(value, type))) return fail(`must be ${types.join(" or ")}`);
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => deepEqual(option, value)))
    return fail(`must be one of ${JSON.stringify(schema.enum)}`);
  if ("const" in schema && !deepEqual(schema.const, value))
    return fail(`must be ${JSON.stringify(schema.const)}`);

  const violation =
    checkNumber(schema, value, fail) ??
    checkString(schema, value, fail) ??
    checkArray(schema, value, path, root, depth) ??
    checkObject(schema, value, path, root, depth);
  if (violation) return violation;

  if (Array.isArray(schema.allOf)) {
    for (const part of schema.allOf) {
      const partViolation = check(part, value, path, root, depth + 1);
      if (partViolation) return partViolation;
    }
  }
  if (Array.isArray(schema.anyOf)) {
    let first: SchemaViolation | undefined;
    for (const option of schema.anyOf) {
      const optionViolation = check(option, value, path, root, depth + 1);
      if (!optionViolation) {
        first = undefined;
        break;
      }
      first ??= optionViolation;
    }
    if (first) return { path: first.path, message: `${first.message} (no anyOf branch matches)` };
  }
  if (Array.isArray(schema.oneOf)) {
    const failures: SchemaViolation[] = [];
    let matches = 0;
    for (const option of schema.oneOf) {
      const optionViolation = check(option, value, path, root, depth + 1);
      if (optionViolation) failures.push(optionViolation);
      else matches++;
    }
    if (matches > 1) return fail("must match exactly one oneOf branch, matches several");
    if (matches === 0) {
      // The deepest failure usually names the field the caller got wrong.
      const deepest = failures.reduce((a, b) => (b.path.length > a.path.length ? b : a));
      return { path: deepest.path, message: `${deepest.message} (no oneOf branch matches)` };
    }
  }
  if (schema.not !== undefined && !check(schema.not, value, path, root, depth + 1))
    return fail("must not match the schema in not");
  return undefined;
}

function checkNumber(
  schema: Record<string, unknown>,
  value: unknown,
  fail: (message: string) => SchemaViolation,
): SchemaViolation | undefined {
  if (typeof value !== "number") return undefined;
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema;
  if (typeof minimum === "number" && value < minimum) return fail(`must be >= ${minimum}`);
  if (typeof maximum === "number" && value > maximum) return fail(`must be <= ${maximum}`);
  if (typeof exclusiveMinimum === "number" && value <= exclusiveMinimum)
    return fail(`must be > ${exclusiveMinimum}`);
  if (typeof exclusiveMaximum === "number" && value >= exclusiveMaximum)
    return fail(`must be < ${exclusiveMaximum}`);
  return undefined;
}

function checkString(
  schema: Record<string, unknown>,
  value: unknown,
  fail: (message: string) => SchemaViolation,
): SchemaViolation | undefined {
  if (typeof value !== "string") return undefined;
  const { minLength, maxLength, pattern } = schema;
  if (typeof minLength === "number" || typeof maxLength === "number") {
    // Lengths count code points, as JSON Schema (and ajv) do.
    let length = 0;
    for (const _ of value) length++;
    if (typeof minLength === "number" && length < minLength)
      return fail(`must have at least ${minLength} characters`);
    if (typeof maxLength === "number" && length > maxLength)
      return fail(`must have at most ${maxLength} characters`);
  }
  if (typeof pattern === "string" && !new RegExp(pattern, "u").test(value))
    return fail(`must match pattern ${JSON.stringify(pattern)}`);
  return undefined;
}

function checkArray(
  schema: Record<string, unknown>,
  value: unknown,
  path: string,
  root: unknown,
  depth: number,
): SchemaViolation | undefined {
  if (!Array.isArray(value)) return undefined;
  const { minItems, maxItems, items } = schema;
  if (typeof minItems === "number" && value.length < minItems)
    return { path, message: `must have at least ${minItems} items` };
  if (typeof maxItems === "number" && value.length > maxItems)
    return { path, message: `must have at most ${maxItems} items` };
  // Draft 7 (the published schemas' draft): a tuple `items: [...]` checks positions, `additionalItems` the rest.
  const tuple = Array.isArray(items) ? items : [];
  const rest = Array.isArray(items) ? schema.additionalItems : items;
  for (let index = 0; index < value.length; index++) {
    const itemSchema = index < tuple.length ? tuple[index] : rest;
    const violation = check(itemSchema, value[index], `${path}/${index}`, root, depth + 1);
    if (violation) return violation;
  }
  return undefined;
}

function checkObject(
  schema: Record<string, unknown>,
  value: unknown,
  path: string,
  root: unknown,
  depth: number,
): SchemaViolation | undefined {
  if (!isRecord(value)) return undefined;
  if (Array.isArray(schema.required)) {
    for (const key of schema.required) {
      if (typeof key === "string" && !Object.hasOwn(value, key))
        return { path, message: `must have required property ${JSON.stringify(key)}` };
    }
  }
  const properties = isRecord(schema.properties) ? schema.properties : {};
  for (const [key, child] of Object.entries(value)) {
    const childPath = `${path}/${escapePointer(key)}`;
    const childSchema = Object.hasOwn(properties, key) ? properties[key] : schema.additionalProperties;
    if (childSchema === false) return { path: childPath, message: "is not an allowed property" };
    const violation = check(childSchema, child, childPath, root, depth + 1);
    if (violation) return violation;
  }
  return undefined;
}

function hasType(value: unknown, type: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
    case "array":
      return Array.isArray(value);
    case "object":
      return isRecord(value);
    default:
      return true;
  }
}

function resolveRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith("#")) return true;
  let node: unknown = root;
  for (const segment of ref.slice(1).split("/").slice(1)) {
    if (!isRecord(node)) return true;
    node = node[decodeURIComponent(segment).replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return node ?? true;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]))
    );
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]))
  );
}
