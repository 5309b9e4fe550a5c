import {
  chatModels,
  embeddingModels,
  imageModels,
  speechModels,
  textModels,
  transcriptionModels,
} from "./model-data";
import type { CatalogKindData, WorkersAIModelInfo } from "./types";

/** Every kind's compact rows, in the order of src/catalog/models.ts. */
export const KINDS: readonly CatalogKindData[] = [
  chatModels,
  embeddingModels,
  imageModels,
  transcriptionModels,
  speechModels,
  textModels,
];

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
  runs: number[][][];
}

type Fields = Record<string, unknown>;

function fieldsOf(kind: EncodedKind, pairs: readonly unknown[]): Fields {
  const fields: Fields = {};
  for (let i = 0; i < pairs.length; i += 2) {
    const key = pairs[i] as number;
    fields[kind.keys[key < 0 ? ~key : key]] = key < 0 ? kind.values[pairs[i + 1] as number] : pairs[i + 1];
  }
  return fields;
}

/** The rows of one kind, decoded from runs `[shared, …rows]` and frozen. */
function decodeKind(data: CatalogKindData): readonly WorkersAIModelInfo[] {
  const ids = data.ids.split(" ");
  const kind = JSON.parse(data.rows) as EncodedKind;
  const rows: WorkersAIModelInfo[] = [];
  for (const [sharedPairs, ...rowPairs] of kind.runs) {
    const shared = fieldsOf(kind, sharedPairs);
    for (const pairs of rowPairs) {
      const own = fieldsOf(kind, pairs);
      const row: Fields = { id: ids[rows.length], ...shared, ...own };
      // null marks a shared field this row lacks
      for (const key in own) if (own[key] === null) delete row[key];
      rows.push(deepFreeze(row as unknown as WorkersAIModelInfo));
    }
  }
  return rows;
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

const places = new Map<CatalogKindData, ReadonlyMap<string, number>>();

/**
 * One kind's id → row position index, built from its id list on the first lookup in that kind (not at module
 * load: a Worker that never looks up pays nothing), without decoding any rows.
 */
function placesOf(kind: CatalogKindData): ReadonlyMap<string, number> {
  const known = places.get(kind);
  if (known !== undefined) return known;
  const ids = kind.ids.split(" ");
  const map = new Map(ids.map((id, index) => [id, index]));
  for (const [index, id] of ids.entries()) {
    const alias = fastAlias(id);
    if (alias !== undefined && !map.has(alias)) map.set(alias, index);
  }
  places.set(kind, map);
  return map;
}

/**
 * Catalog facts for a model id among one kind's rows (`chatModels`, `embeddingModels` (embeddings and
 * reranking), … from ./model-data), or `undefined`: a Worker whose code looks up only one kind carries only
 * that kind's rows. Aliases resolve as in {@link getModelInfo}.
 */
export function getModelInfoOfKind(kind: CatalogKindData, id: string): WorkersAIModelInfo | undefined {
  const index = placesOf(kind).get(id);
  return index === undefined ? undefined : kindRows(kind)[index];
}

/**
 * Catalog facts for a model id, or `undefined` when the catalog does not know it.
 * `@cf/…-fast` and `@cf/…-fp8-fast` spellings of the same model both resolve (the row keeps its own `id`).
 */
export function getModelInfo(id: string): WorkersAIModelInfo | undefined {
  for (const kind of KINDS) {
    const info = getModelInfoOfKind(kind, id);
    if (info !== undefined) return info;
  }
  return undefined;
}
