import { getModelInfo } from "./lookup";
import type { WorkersAIModelInfo, WorkersAIModelPrice } from "./types";

/** USD price of one neuron: Workers AI bills $0.011 per 1,000 neurons (spec 6). */
export const USD_PER_NEURON = 0.011 / 1000;

/** Side of the square tile that image prices are quoted per (512×512 pixels). */
const IMAGE_TILE_SIZE = 512;

/**
 * What a call consumed, in the units Workers AI prices by. Give the fields that apply to the model's task:
 * tokens for text generation, embeddings, translation and classification; image size and steps for images;
 * audio seconds for speech-to-text; characters for text-to-speech.
 */
export interface WorkersAICostUsage {
  /** Prompt tokens, including cached ones (as `usage.prompt_tokens` reports them). */
  inputTokens?: number;
  /** Part of `inputTokens` served from the prefix cache (`prompt_tokens_details.cached_tokens`). */
  cachedInputTokens?: number;
  outputTokens?: number;
  /** Number of images generated; default 1. */
  images?: number;
  /** Output image size in pixels; defaults to the model's default size where the catalog knows it. */
  width?: number;
  height?: number;
  /** Diffusion steps; defaults to the model's default (or fixed) step count where the catalog knows it. */
  steps?: number;
  /** Sizes of input images (image editing), for models that price input tiles. */
  inputImages?: readonly { width: number; height: number }[];
  /** Duration of transcribed audio in seconds. */
  audioSeconds?: number;
  /** Characters of text synthesised to speech. */
  characters?: number;
}

/** An estimated cost; a field is absent when the catalog lacks the price or the usage lacks the quantity. */
export interface WorkersAICostEstimate {
  /** Estimated cost in USD. */
  costUsd?: number;
  /** Estimated neurons (the unit Workers AI bills in). */
  neurons?: number;
}

/**
 * The running total of a call's priced quantities. Added up in place (no part objects or arrays: this
 * runs on every call), in the order the quantities are priced, so the sums are the same doubles.
 */
interface CostSum {
  usd: number;
  neurons: number;
  parts: number;
}

/** Adds one priced quantity to `sum`; the missing unit is converted at $0.011 per 1,000 neurons. */
function addPriced(
  sum: CostSum,
  quantity: number,
  usdRate: number | undefined,
  neuronRate: number | undefined,
): void {
  if (usdRate === undefined && neuronRate === undefined) return;
  const usd = usdRate !== undefined ? quantity * usdRate : quantity * (neuronRate ?? 0) * USD_PER_NEURON;
  sum.usd += usd;
  sum.neurons += neuronRate !== undefined ? quantity * neuronRate : usd / USD_PER_NEURON;
  sum.parts++;
}

function addTokens(sum: CostSum, price: WorkersAIModelPrice, usage: WorkersAICostUsage): void {
  const hasTokenPrice =
    price.inputPerMillionTokensUsd !== undefined ||
    price.outputPerMillionTokensUsd !== undefined ||
    price.inputNeuronsPerMillionTokens !== undefined ||
    price.outputNeuronsPerMillionTokens !== undefined;
  if (!hasTokenPrice || (usage.inputTokens === undefined && usage.outputTokens === undefined)) return;
  const input = Math.max(0, usage.inputTokens ?? 0);
  const cached = Math.min(input, Math.max(0, usage.cachedInputTokens ?? 0));
  const cachedHasOwnPrice = price.cachedInputPerMillionTokensUsd !== undefined;
  // divided in place, not by a helper closure: this runs on every call
  addPriced(sum, (input - cached) / 1e6, price.inputPerMillionTokensUsd, price.inputNeuronsPerMillionTokens);
  addPriced(
    sum,
    cached / 1e6,
    price.cachedInputPerMillionTokensUsd ?? price.inputPerMillionTokensUsd,
    cachedHasOwnPrice ? undefined : price.inputNeuronsPerMillionTokens,
  );
  addPriced(
    sum,
    Math.max(0, usage.outputTokens ?? 0) / 1e6,
    price.outputPerMillionTokensUsd,
    price.outputNeuronsPerMillionTokens,
  );
}

function tilesOf(width: number, height: number): number {
  return Math.ceil(width / IMAGE_TILE_SIZE) * Math.ceil(height / IMAGE_TILE_SIZE);
}

function addImages(
  sum: CostSum,
  info: WorkersAIModelInfo,
  price: WorkersAIModelPrice,
  usage: WorkersAICostUsage,
): void {
  const perStep = price.perStepUsd !== undefined || price.perStepNeurons !== undefined;
  const perTileStep =
    price.perOutputTilePerStepUsd !== undefined || price.perInputTilePerStepUsd !== undefined;
  const width = usage.width ?? info.image?.defaultWidth;
  const height = usage.height ?? info.image?.defaultHeight;
  const steps = info.image?.fixedSteps ? info.image.defaultSteps : (usage.steps ?? info.image?.defaultSteps);
  // a model without image prices goes on to add nothing: addPriced skips a quantity without rates
  if (width === undefined || height === undefined || ((perStep || perTileStep) && steps === undefined))
    return;
  const images = Math.max(0, usage.images ?? 1);
  const outputTiles = tilesOf(width, height) * images;
  const stepCount = (steps ?? 0) * images;
  if (perTileStep) {
    const inputTiles = (usage.inputImages ?? []).reduce(
      (total, size) => total + tilesOf(size.width, size.height),
      0,
    );
    addPriced(sum, outputTiles * (steps ?? 0), price.perOutputTilePerStepUsd, undefined);
    addPriced(sum, inputTiles * (steps ?? 0) * images, price.perInputTilePerStepUsd, undefined);
    return;
  }
  addPriced(sum, outputTiles, price.perTileUsd, price.perTileNeurons);
  addPriced(sum, stepCount, price.perStepUsd, price.perStepNeurons);
}

/**
 * Estimates what a call cost from the catalog price and the usage it reported.
 *
 * This is an estimate, not a bill: Workers AI bills in neurons at $0.011 per 1,000 neurons, and prices change.
 * Rules: cached input tokens (part of `inputTokens`) use the cached-input price where one is published, else
 * the input price; images cost `tiles × per-tile + steps × per-step` per image, a tile being 512×512 pixels
 * of the output (rounded up per side); FLUX.2 dev costs `tiles × steps` for output and input images; audio
 * is priced per (fractional) minute, speech per 1,000 characters. Where only one unit is published the other
 * is converted (`neurons = usd / 0.000011`). Returns `{}` for unknown models, unpublished prices, or when the
 * usage lacks the quantity the price needs.
 */
export function estimateCost({
  modelId,
  usage,
}: {
  modelId: string;
  usage: WorkersAICostUsage;
}): WorkersAICostEstimate {
  const sum = priceUsage(modelId, usage);
  return sum ? { costUsd: sum.usd, neurons: sum.neurons } : {};
}

/** The priced total of {@link estimateCost}, or `undefined` where it returns `{}`. */
export function priceUsage(modelId: string, usage: WorkersAICostUsage): CostSum | undefined {
  const info = getModelInfo(modelId);
  const price = info?.price;
  if (info === undefined || price === undefined) return undefined;
  const sum: CostSum = { usd: 0, neurons: 0, parts: 0 };
  addTokens(sum, price, usage);
  addImages(sum, info, price, usage);
  if (usage.audioSeconds !== undefined) {
    addPriced(
      sum,
      Math.max(0, usage.audioSeconds) / 60,
      price.perAudioMinuteUsd,
      price.perAudioMinuteNeurons,
    );
  }
  if (usage.characters !== undefined) {
    addPriced(sum, Math.max(0, usage.characters) / 1000, price.perThousandCharactersUsd, undefined);
  }
  return sum.parts > 0 ? sum : undefined;
}

/** Hangul, CJK radicals to CJK unified ideographs (incl. kana and CJK punctuation), compatibility and fullwidth forms. */
function isCjk(codePoint: number): boolean {
  return (
    (codePoint >= 0x1100 && codePoint <= 0x11ff) ||
    (codePoint >= 0x2e80 && codePoint <= 0x9fff) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7af) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xff00 && codePoint <= 0xffef) ||
    (codePoint >= 0x20000 && codePoint <= 0x3ffff)
  );
}

/** Latin scripts, general punctuation and whitespace tokenise at roughly 4 characters per token. */
function isLatinLike(codePoint: number): boolean {
  return (
    codePoint < 0x0250 ||
    (codePoint >= 0x1e00 && codePoint <= 0x1eff) ||
    (codePoint >= 0x2000 && codePoint <= 0x206f)
  );
}

/** A character outside {@link isLatinLike}'s ranges (a surrogate half of an astral character included). */
const NOT_LATIN_LIKE = /[^\u0000-\u024f\u1e00-\u1eff\u2000-\u206f]/;

/**
 * Estimates the token count of a text without a tokenizer, leaning high:
 * Latin text (ASCII, Latin-1/Extended, general punctuation, whitespace) at 4 characters per token,
 * every CJK character (Han, kana, Hangul, fullwidth forms) as 1 token, and every other character
 * (Cyrillic, Greek, Arabic, Devanagari, emoji, …) at 2 characters per token; the total is rounded up.
 */
export function estimateTokens(text: string): number {
  // all Latin-like (the common case): one native scan instead of a loop over code points
  if (!NOT_LATIN_LIKE.test(text)) return Math.ceil(text.length / 4);
  let latin = 0;
  let cjk = 0;
  let other = 0;
  for (let index = 0; index < text.length; index++) {
    const codePoint = text.codePointAt(index) ?? 0;
    // An astral character spans two UTF-16 units; count it once.
    if (codePoint > 0xffff) index++;
    if (isLatinLike(codePoint)) latin++;
    else if (isCjk(codePoint)) cjk++;
    else other++;
  }
  return cjk + Math.ceil(latin / 4 + other / 2);
}

/** Result of {@link exceedsContextWindow}. */
export interface WorkersAIContextWindowCheck {
  /** True when the estimated prompt plus the reserved output tokens exceed the known context window. */
  exceeds: boolean;
  /** Estimated prompt tokens ({@link estimateTokens}). */
  estimatedPromptTokens: number;
  /** Output tokens reserved: the given limit, else the catalog's `defaultMaxOutputTokens`, else 0. */
  maxOutputTokens: number;
  /** The model's context window; undefined when the catalog does not know it (then `exceeds` is false). */
  contextWindow?: number;
}

/**
 * Checks, by estimate, whether a prompt plus the output-token limit fits the model's context window,
 * so a warning can be raised before the call. Unknown models and unknown windows never "exceed".
 */
export function exceedsContextWindow(
  modelId: string,
  promptText: string,
  maxOutputTokens?: number,
): WorkersAIContextWindowCheck {
  const info = getModelInfo(modelId);
  const estimatedPromptTokens = estimateTokens(promptText);
  const reserved = maxOutputTokens ?? info?.defaultMaxOutputTokens ?? 0;
  const contextWindow = info?.contextWindow;
  return {
    exceeds: contextWindow !== undefined && estimatedPromptTokens + reserved > contextWindow,
    estimatedPromptTokens,
    maxOutputTokens: reserved,
    ...(contextWindow !== undefined ? { contextWindow } : {}),
  };
}
