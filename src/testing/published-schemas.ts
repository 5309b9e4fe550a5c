/**
 * Cloudflare's published input/output schemas per model (src/testing/model-schemas), as the emulator reads them.
 * Part of the `testing` entry only: a chat Worker's bundle never carries them.
 */
import { publishedModelFiles } from "./model-schemas/index";
import { isRecord } from "./util";

/** The schemas of one model as read (see {@link readPublishedSchema}); absent where none was stored. */
export interface PublishedSchemas {
  input?: Record<string, unknown>;
  output?: Record<string, unknown>;
}

const cache = new Map<string, PublishedSchemas>();

/** The published schemas of `model`, or `undefined` when no published file is stored for it. */
export function publishedSchemasOf(model: string): PublishedSchemas | undefined {
  const cached = cache.get(model);
  if (cached) return cached;
  const file = publishedModelFiles.find((entry) => entry.model === model);
  if (!file) return undefined;
  const { input, output } = file.published.schema ?? {};
  const schemas: PublishedSchemas = {
    ...(isUsable(input) ? { input: readPublishedSchema(input) } : {}),
    ...(isUsable(output) ? { output: readPublishedSchema(output) } : {}),
  };
  cache.set(model, schemas);
  return schemas;
}

function isUsable(schema: Record<string, unknown> | undefined): schema is Record<string, unknown> {
  return schema !== undefined && Object.keys(schema).length > 0;
}

/**
 * A published schema with two repairs, without which some published `oneOf`s reject every value (a `oneOf`
 * branch without `required` matches every object, so an object matches it *and* its real branch):
 * 1. a branch without `required` that has one property (`requests` of the async-batch form, `request_id` of
 *    the async reply, melotts' `audio`) requires that property;
 * 2. a `oneOf` that still has two or more branches without `required` (bge-m3's replies) is read as `anyOf`.
 * Everything else is as published.
 */
export function readPublishedSchema(schema: Record<string, unknown>): Record<string, unknown> {
  return repair(schema) as Record<string, unknown>;
}

function repair(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(repair);
  if (!isRecord(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    // Values of these keywords are data, not schemas.
    out[key] =
      key === "enum" || key === "const" || key === "default" || key === "required" ? value : repair(value);
  }
  if (!Array.isArray(out.oneOf)) return out;
  const branches = out.oneOf.map((branch) => {
    if (!isRecord(branch) || branch.required !== undefined || !isRecord(branch.properties)) return branch;
    const names = Object.keys(branch.properties);
    return names.length === 1 ? { ...branch, required: names } : branch;
  });
  const open = branches.filter(
    (branch) => isRecord(branch) && isRecord(branch.properties) && !branch.required,
  );
  if (open.length < 2) return { ...out, oneOf: branches };
  const { oneOf: _oneOf, ...rest } = out;
  const anyOf = { anyOf: branches };
  return rest.anyOf === undefined
    ? { ...rest, ...anyOf }
    : { ...rest, allOf: [...asArray(rest.allOf), anyOf] };
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
