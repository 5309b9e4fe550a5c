/**
 * Emulated embeddings: bag-of-words vectors (one seeded random vector per word plus a whole-text
 * component, L2-normalised), so equal texts give equal vectors and shared words raise similarity.
 */
import type { CatalogModel } from "../catalog";
import { invalidInput } from "../errors";
import { hashString, isRecord, seededRandom, wordsOf } from "../util";

/** Stable, L2-normalised embedding of `text`; `salt` separates models and pooling modes. */
function embedText(text: string, dimensions: number, salt: string): number[] {
  const vector = new Float64Array(dimensions);
  const add = (seed: number, weight: number) => {
    const random = seededRandom(seed);
    for (let i = 0; i < dimensions; i++) vector[i] += weight * (random() * 2 - 1);
  };
  for (const word of wordsOf(text)) add(hashString(`${salt}|w|${word}`), 1);
  add(hashString(`${salt}|t|${text}`), 0.35);
  let norm = 0;
  for (let i = 0; i < dimensions; i++) norm += vector[i] * vector[i];
  norm = Math.sqrt(norm) || 1;
  return Array.from(vector, (v) => Math.fround(v / norm));
}

/** Cosine similarity of two normalised vectors. */
function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return dot;
}

function textList(value: unknown, field: string, max: number): string[] {
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.length === 0)
    throw invalidInput(`'${field}' must be a string or a non-empty array`);
  if (list.length > max) throw invalidInput(`'${field}' accepts at most ${max} items, got ${list.length}`);
  for (const item of list)
    if (typeof item !== "string") throw invalidInput(`'${field}' items must be strings`);
  return list as string[];
}

/** Runs an embedding model on `/ai/run` inputs. */
export function runEmbedding(model: CatalogModel, inputs: Record<string, unknown>): unknown {
  const dim = model.dimensions ?? 768;
  const max = model.maxBatch ?? 100;
  if (model.id.endsWith("qwen3-embedding-0.6b")) {
    const instruction =
      typeof inputs.instruction === "string"
        ? inputs.instruction
        : "Given a web search query, retrieve relevant passages that answer the query";
    const queries = inputs.queries === undefined ? [] : textList(inputs.queries, "queries", max);
    const documents =
      inputs.documents !== undefined
        ? textList(inputs.documents, "documents", max)
        : inputs.text !== undefined
          ? textList(inputs.text, "text", max)
          : [];
    if (queries.length + documents.length === 0)
      throw invalidInput("one of 'queries', 'documents' or 'text' is required");
    const data = [
      ...queries.map((q) => embedText(q, dim, `${model.id}|query|${instruction}`)),
      ...documents.map((d) => embedText(d, dim, `${model.id}|document`)),
    ];
    return { data, shape: [data.length, dim] };
  }
  if (model.id.endsWith("bge-m3") && inputs.contexts !== undefined) {
    if (!Array.isArray(inputs.contexts) || inputs.contexts.length === 0)
      throw invalidInput("'contexts' must be a non-empty array");
    if (inputs.contexts.length > max) throw invalidInput(`'contexts' accepts at most ${max} items`);
    const texts = inputs.contexts.map((c, i) => {
      if (!isRecord(c) || typeof c.text !== "string")
        throw invalidInput(`contexts[${i}].text must be a string`);
      return c.text;
    });
    const vectors = texts.map((t) => embedText(t, dim, model.id));
    if (typeof inputs.query === "string") {
      const q = embedText(inputs.query, dim, model.id);
      return { response: vectors.map((v, id) => ({ id, score: Math.round(cosine(q, v) * 1e6) / 1e6 })) };
    }
    return { response: vectors, shape: [vectors.length, dim] };
  }
  const pooling = inputs.pooling ?? "mean";
  if (pooling !== "mean" && pooling !== "cls") throw invalidInput('\'pooling\' must be "mean" or "cls"');
  if (inputs.text === undefined) throw invalidInput("'text' is required");
  const texts = textList(inputs.text, "text", max);
  const data = texts.map((t) => embedText(t, dim, `${model.id}|${pooling}`));
  const out: Record<string, unknown> = { shape: [data.length, dim], data };
  if (model.id.includes("/bge-") && model.id.endsWith("-en-v1.5")) out.pooling = pooling;
  return out;
}

/** Runs `/ai/v1/embeddings` (OpenAI shape). */
export function runOpenAiEmbeddings(model: CatalogModel, body: Record<string, unknown>): unknown {
  const texts = textList(body.input, "input", model.maxBatch ?? 100);
  const result = runEmbedding(
    model,
    model.id.endsWith("qwen3-embedding-0.6b") ? { documents: texts } : { text: texts },
  );
  const data = (result as { data: number[][] }).data;
  const tokens = texts.reduce((n, t) => n + wordsOf(t).length, 0);
  return {
    object: "list",
    data: data.map((embedding, index) => ({ object: "embedding", index, embedding })),
    model: model.id,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}
