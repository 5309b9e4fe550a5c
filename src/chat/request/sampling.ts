import type { LanguageModelV4CallOptions, SharedV4Warning } from "@ai-sdk/provider";
import type { ChatModelFacts } from "./model-facts";

/**
 * Output-token limit sent when neither the call nor the catalog gives one. Workers AI otherwise applies a
 * silent default of 256 tokens on most models, which cuts ordinary answers (and reasoning) short.
 */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4096;

/** The request shape whose wire names apply: legacy or OpenAI chat `messages`, or the Responses `input` form. */
export type WireShape = "legacy" | "openai" | "responses";

/**
 * Maps the AI SDK sampling call options to the wire names of `shape` (spec 3.7), with a warning for each
 * option the shape cannot take and for each value clamped into the model's range.
 */
export function buildSamplingInputs(args: {
  options: LanguageModelV4CallOptions;
  facts: ChatModelFacts;
  shape: WireShape;
  warnings: SharedV4Warning[];
}): Record<string, unknown> {
  const { options, facts, shape, warnings } = args;
  const inputs: Record<string, unknown> = {};
  const listed = facts.info?.samplingParameters;

  const unsupported = (feature: string, details: string) =>
    warnings.push({ type: "unsupported", feature, details });

  // Options the catalog says the model's schema lacks are not sent: the platform would reject the request.
  const put = (feature: string, wireName: string, value: number | string[] | undefined) => {
    if (value === undefined) return;
    if (listed && !listed.includes(wireName)) {
      unsupported(feature, `${facts.modelId} does not accept ${wireName}; it was not sent.`);
      return;
    }
    inputs[wireName] = typeof value === "number" ? clamp(feature, wireName, value, facts, warnings) : value;
  };

  const maxTokens =
    options.maxOutputTokens ?? facts.info?.defaultMaxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
  if (shape === "responses") {
    inputs.max_output_tokens = maxTokens;
  } else if (shape === "legacy") {
    inputs.max_tokens = maxTokens;
  } else {
    // OpenAI-family schemas list both names (max_tokens deprecated); vLLM-backed models read either, so both
    // carry the same value unless the catalog says the model lists only one of them.
    const takesLegacyName =
      !listed || listed.includes("max_tokens") || !listed.includes("max_completion_tokens");
    const takesNewName =
      !listed || listed.includes("max_completion_tokens") || !listed.includes("max_tokens");
    if (takesLegacyName) inputs.max_tokens = maxTokens;
    if (takesNewName) inputs.max_completion_tokens = maxTokens;
  }

  put("temperature", "temperature", options.temperature);
  put("topP", "top_p", options.topP);

  if (options.topK !== undefined) {
    if (shape === "legacy") put("topK", "top_k", options.topK);
    else
      unsupported(
        "topK",
        `top_k is not part of the ${shapeName(shape)} request of ${facts.modelId}; it was not sent.`,
      );
  }

  if (options.seed !== undefined) {
    if (shape === "responses") unsupported("seed", "the Responses form has no seed; it was not sent.");
    else put("seed", "seed", options.seed);
  }

  if (options.stopSequences !== undefined && options.stopSequences.length > 0) {
    if (shape === "openai") put("stopSequences", "stop", options.stopSequences);
    else
      unsupported(
        "stopSequences",
        `the ${shapeName(shape)} request of ${facts.modelId} has no stop sequences; they were not sent.`,
      );
  }

  for (const [feature, wireName, value] of [
    ["frequencyPenalty", "frequency_penalty", options.frequencyPenalty],
    ["presencePenalty", "presence_penalty", options.presencePenalty],
  ] as const) {
    if (value === undefined) continue;
    if (shape === "responses")
      unsupported(feature, `the Responses form has no ${wireName}; it was not sent.`);
    else put(feature, wireName, value);
  }

  return inputs;
}

/** `value` moved into the range the model's schema states for `wireName`, with a warning when it moved. */
function clamp(
  feature: string,
  wireName: string,
  value: number,
  facts: ChatModelFacts,
  warnings: SharedV4Warning[],
): number {
  const range = facts.rangeOf(wireName);
  const min = range?.min ?? Number.NEGATIVE_INFINITY;
  const max = range?.max ?? Number.POSITIVE_INFINITY;
  const clamped = Math.min(max, Math.max(min, value));
  if (clamped !== value) {
    warnings.push({
      type: "compatibility",
      feature,
      details: `${feature} ${value} is outside the range ${min}..${max} of ${wireName} on ${facts.modelId}; ${clamped} was sent.`,
    });
  }
  return clamped;
}

function shapeName(shape: WireShape): string {
  return shape === "responses" ? "Responses-form" : shape === "legacy" ? "legacy chat" : "OpenAI chat";
}
