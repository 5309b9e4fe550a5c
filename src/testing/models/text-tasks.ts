/** Emulated translation, summarization and sentiment classification (spec 4.6). */
import type { CatalogModel } from "../catalog";
import { invalidInput } from "../errors";
import { wordsOf } from "../util";

const POSITIVE = new Set([
  "good",
  "great",
  "love",
  "excellent",
  "happy",
  "nice",
  "wonderful",
  "best",
  "like",
]);
const NEGATIVE = new Set(["bad", "terrible", "hate", "awful", "sad", "worst", "poor", "horrible", "dislike"]);

/** Runs a translation / summarization / classification model. */
export function runTextTask(model: CatalogModel, inputs: Record<string, unknown>): unknown {
  if (model.kind === "translation") {
    if (model.id.includes("indictrans2")) {
      const texts = typeof inputs.text === "string" ? [inputs.text] : inputs.text;
      if (!Array.isArray(texts) || texts.some((t) => typeof t !== "string"))
        throw invalidInput("'text' must be a string or an array of strings");
      if (typeof inputs.target_language !== "string") throw invalidInput("'target_language' is required");
      return { translations: texts.map((t) => `[${inputs.target_language}] ${t}`) };
    }
    if (typeof inputs.text !== "string") throw invalidInput("'text' must be a string");
    if (typeof inputs.target_lang !== "string") throw invalidInput("'target_lang' is required");
    return { translated_text: `[${inputs.target_lang}] ${inputs.text}` };
  }
  if (model.kind === "summarization") {
    if (typeof inputs.input_text !== "string" || inputs.input_text === "")
      throw invalidInput("'input_text' must be a non-empty string");
    const max = typeof inputs.max_length === "number" ? inputs.max_length : 1024;
    const words = inputs.input_text.trim().split(/\s+/);
    return { summary: words.slice(0, Math.max(1, Math.min(max, Math.ceil(words.length / 3)))).join(" ") };
  }
  if (typeof inputs.text !== "string") throw invalidInput("'text' must be a string");
  let balance = 0;
  for (const w of wordsOf(inputs.text)) balance += POSITIVE.has(w) ? 1 : NEGATIVE.has(w) ? -1 : 0;
  const positive = 1 / (1 + Math.exp(-2 * balance));
  return [
    { label: "NEGATIVE", score: Math.round((1 - positive) * 1e6) / 1e6 },
    { label: "POSITIVE", score: Math.round(positive * 1e6) / 1e6 },
  ];
}
