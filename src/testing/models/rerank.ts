/** Emulated reranking (`bge-reranker-base`): scores from word overlap, returned in input order. */
import { invalidInput } from "../errors";
import { isRecord, wordsOf } from "../util";

/** Fraction of the query's distinct words found in `text` (0–1). */
function overlapScore(query: string, text: string): number {
  const q = new Set(wordsOf(query));
  if (q.size === 0) return 0;
  const t = new Set(wordsOf(text));
  let hits = 0;
  for (const w of q) if (t.has(w)) hits++;
  return hits / q.size;
}

/**
 * `{query, contexts: [{text}], top_k?}` → `{response: [{id, score}]}`. With `top_k` only the best
 * `top_k` contexts are kept; the list stays in input order, so callers must sort.
 */
export function runRerank(inputs: Record<string, unknown>): unknown {
  if (typeof inputs.query !== "string" || inputs.query === "")
    throw invalidInput("'query' must be a non-empty string");
  if (!Array.isArray(inputs.contexts) || inputs.contexts.length === 0)
    throw invalidInput("'contexts' must be a non-empty array");
  const query = inputs.query;
  const scored = inputs.contexts.map((c, id) => {
    if (!isRecord(c) || typeof c.text !== "string")
      throw invalidInput(`contexts[${id}].text must be a string`);
    // A small length-based term keeps ties apart without changing the order of real overlaps.
    const score = overlapScore(query, c.text) * 0.98 + 0.02 / (1 + wordsOf(c.text).length);
    return { id, score: Math.round(score * 1e6) / 1e6 };
  });
  let kept = scored;
  if (inputs.top_k !== undefined) {
    const k = inputs.top_k;
    if (typeof k !== "number" || !Number.isInteger(k) || k < 1)
      throw invalidInput("'top_k' must be an integer >= 1");
    const best = new Set(
      [...scored]
        .sort((a, b) => b.score - a.score || a.id - b.id)
        .slice(0, k)
        .map((s) => s.id),
    );
    kept = scored.filter((s) => best.has(s.id));
  }
  return { response: kept };
}
