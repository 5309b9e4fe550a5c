import type { JSONObject } from "@ai-sdk/provider";
import { priceUsage, type WorkersAICostUsage } from "./cost";

/** Significant digits kept in `costUsd` and `neurons`: hides float noise (0.1 + 0.2) far below a neuron. */
const SIGNIFICANT_DIGITS = 12;

/** 10^0 to 10^22, the powers of ten a double holds exactly. */
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, exponent) => 10 ** exponent);

/** A usable count (tokens, images, seconds…): a finite number ≥ 0 (`Number.isFinite` is false for non-numbers). */
export function isCount(value: unknown): value is number {
  return Number.isFinite(value) && (value as number) >= 0;
}

/**
 * A count rounded to {@link SIGNIFICANT_DIGITS} significant digits: by arithmetic, as `toPrecision` (a string
 * round trip) costs more than the rest of a call's metadata; the scale is an exact power of ten (10^0 to
 * 10^22), so the result is the double nearest the rounded decimal. Other magnitudes take `toPrecision`.
 */
function round(value: number): number {
  const scale = EXACT_POWERS_OF_TEN[SIGNIFICANT_DIGITS - 1 - Math.floor(Math.log10(value))];
  if (scale === undefined) return Number(value.toPrecision(SIGNIFICANT_DIGITS));
  return Math.round(value * scale) / scale;
}

/**
 * The `usage`, `costUsd` and `neurons` fields of `providerMetadata["workers-ai"]` for one call:
 * `usage` holds the quantities Workers AI prices by (tokens, images and their size/steps, audio seconds,
 * characters), and `costUsd`/`neurons` are an estimate from the catalog price ({@link estimateCost}), not a bill.
 * Every field is absent when unknown (never `NaN`, never a made-up 0); `estimated: true` inside `usage` marks
 * quantities this provider estimated because the reply did not report them.
 */
export function usageCostMetadata(
  modelId: string,
  usage: WorkersAICostUsage,
  options?: { estimated?: boolean },
): JSONObject {
  // runs on every call: one object for the scalars, the priced usage and its JSON alike
  const usageJson: JSONObject & WorkersAICostUsage = {};
  let reported = false;
  // for…in over the given keys: a keyed read of each possible key misses its inline cache and costs ~10× more
  for (const key in usage) {
    const value = usage[key as keyof WorkersAICostUsage];
    if (key !== "inputImages" && isCount(value)) {
      usageJson[key] = value;
      reported = true;
    }
  }
  let known: WorkersAICostUsage = usageJson;
  let priceable = true;
  if (usage.inputImages !== undefined) {
    const sizes = usage.inputImages.filter((size) => isCount(size.width) && isCount(size.height));
    // An input image of unknown size would make the estimate too low: then no cost is given.
    priceable = sizes.length === usage.inputImages.length;
    known = { ...usageJson, inputImages: sizes };
    if (sizes.length > 0) {
      usageJson.inputImages = sizes.map(({ width, height }) => ({ width, height }));
      reported = true;
    }
  }
  if (!reported) return {};
  const sum = priceable ? priceUsage(modelId, known) : undefined;
  if (options?.estimated) usageJson.estimated = true;

  const metadata: JSONObject = { usage: usageJson };
  if (sum === undefined) return metadata;
  if (isCount(sum.usd)) metadata.costUsd = round(sum.usd);
  if (isCount(sum.neurons)) metadata.neurons = round(sum.neurons);
  return metadata;
}
