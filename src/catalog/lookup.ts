import { buildModelRows } from "./models";
import type { WorkersAIModelInfo } from "./types";

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

let rows: readonly WorkersAIModelInfo[] | undefined;

/** The catalog rows, built and frozen on first use. */
function catalogRows(): readonly WorkersAIModelInfo[] {
  rows ??= deepFreeze(buildModelRows());
  return rows;
}

/**
 * Every Workers AI model the catalog knows, one row per model id, each citing its source in
 * `src/catalog/models.ts`. Frozen: shared by every lookup, so it must not change at runtime.
 * Models missing here still work; their behaviour is then detected from the replies.
 */
// pure: a Worker that does not import this list does not build it at startup
export const workersAIModels: readonly WorkersAIModelInfo[] = /* @__PURE__ */ catalogRows();

/** `-fp8-fast` and `-fast` name the same deployment in different sources (spec 7.1); map each to the other. */
function fastAlias(id: string): string | undefined {
  if (id.endsWith("-fp8-fast")) return `${id.slice(0, -"-fp8-fast".length)}-fast`;
  if (id.endsWith("-fast")) return `${id.slice(0, -"-fast".length)}-fp8-fast`;
  return undefined;
}

let byId: ReadonlyMap<string, WorkersAIModelInfo> | undefined;

/** The id → row index, built on the first lookup (not at module load: a Worker that never looks up pays nothing). */
function index(): ReadonlyMap<string, WorkersAIModelInfo> {
  if (byId !== undefined) return byId;
  const map = new Map<string, WorkersAIModelInfo>();
  for (const info of catalogRows()) map.set(info.id, info);
  for (const info of catalogRows()) {
    const alias = fastAlias(info.id);
    if (alias !== undefined && !map.has(alias)) map.set(alias, info);
  }
  byId = map;
  return map;
}

/**
 * Catalog facts for a model id, or `undefined` when the catalog does not know it.
 * `@cf/…-fast` and `@cf/…-fp8-fast` spellings of the same model both resolve (the row keeps its own `id`).
 */
export function getModelInfo(id: string): WorkersAIModelInfo | undefined {
  return index().get(id);
}
