import { catalogKinds } from "./model-data";
import type { CatalogKindData, WorkersAIModelInfo } from "./types";

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** One kind's JSON (scripts/catalog-data.mjs): field pairs `key, value`; a negative key `~k` takes `values[value]`. */
interface EncodedKind {
  keys: string[];
  values: unknown[];
  rows: unknown[][];
}

/** The rows of one kind, decoded and frozen. */
function decodeKind({ ids, rows }: CatalogKindData): readonly WorkersAIModelInfo[] {
  const kind = JSON.parse(rows) as EncodedKind;
  return ids.split(" ").map((id, index) => {
    const pairs = kind.rows[index];
    const row: Record<string, unknown> = { id };
    for (let i = 0; i < pairs.length; i += 2) {
      const key = pairs[i] as number;
      row[kind.keys[key < 0 ? ~key : key]] = key < 0 ? kind.values[pairs[i + 1] as number] : pairs[i + 1];
    }
    return deepFreeze(row as unknown as WorkersAIModelInfo);
  });
}

const decoded = new Map<CatalogKindData, readonly WorkersAIModelInfo[]>();

/** The rows of one kind, decoded on first use: a lookup of a chat model leaves the other kinds encoded. */
export function kindRows(kind: CatalogKindData): readonly WorkersAIModelInfo[] {
  let rows = decoded.get(kind);
  if (rows === undefined) decoded.set(kind, (rows = decodeKind(kind)));
  return rows;
}

/** `-fp8-fast` and `-fast` name the same deployment in different sources (spec 7.1); map each to the other. */
function fastAlias(id: string): string | undefined {
  if (id.endsWith("-fp8-fast")) return `${id.slice(0, -"-fp8-fast".length)}-fast`;
  if (id.endsWith("-fast")) return `${id.slice(0, -"-fast".length)}-fp8-fast`;
  return undefined;
}

let places: ReadonlyMap<string, readonly [CatalogKindData, number]> | undefined;

/**
 * Where each id (and its fast alias) is: kind and row position, built from the id lists on the first lookup (not
 * at module load: a Worker that never looks up pays nothing), without decoding any rows.
 */
function placesById(): ReadonlyMap<string, readonly [CatalogKindData, number]> {
  if (places !== undefined) return places;
  const map = new Map<string, readonly [CatalogKindData, number]>();
  for (const kind of catalogKinds) {
    for (const [index, id] of kind.ids.split(" ").entries()) map.set(id, [kind, index]);
  }
  for (const [id, place] of [...map]) {
    const alias = fastAlias(id);
    if (alias !== undefined && !map.has(alias)) map.set(alias, place);
  }
  places = map;
  return map;
}

/**
 * Catalog facts for a model id, or `undefined` when the catalog does not know it.
 * `@cf/…-fast` and `@cf/…-fp8-fast` spellings of the same model both resolve (the row keeps its own `id`).
 */
export function getModelInfo(id: string): WorkersAIModelInfo | undefined {
  const place = placesById().get(id);
  return place && kindRows(place[0])[place[1]];
}
