import type { LanguageModelV4CallOptions, SharedV4Warning } from "@ai-sdk/provider";
import type { WorkersAIParameterRange } from "../../catalog";
import { unsupported } from "../../model-config";
import type { ChatModelFacts } from "./model-facts";

/**
 * Output-token limit sent when neither the call nor the catalog gives one. Workers AI otherwise applies a
 * silent default of 256 tokens on most models, which cuts ordinary answers (and reasoning) short.
 */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4096;

/** The request shape whose wire names apply: legacy or OpenAI chat `messages`, or the Responses `input` form. */
type WireShape = "legacy" | "openai" | "responses";

const SHAPE_NAMES: Record<WireShape, string> = {
  legacy: "legacy chat",
  openai: "OpenAI chat",
  responses: "Responses-form",
};

const ALL_SHAPES: readonly WireShape[] = ["legacy", "openai", "responses"];
const CHAT_SHAPES: readonly WireShape[] = ["legacy", "openai"];

/** Each sampling call option, its wire name, and the request shapes that have that field (spec 3.7). */
const SAMPLING_OPTIONS: ReadonlyArray<
  [
    feature:
      | "temperature"
      | "topP"
      | "topK"
      | "seed"
      | "stopSequences"
      | "frequencyPenalty"
      | "presencePenalty",
    wireName: string,
    shapes: readonly WireShape[],
  ]
> = [
  ["temperature", "temperature", ALL_SHAPES],
  ["topP", "top_p", ALL_SHAPES],
  ["topK", "top_k", ["legacy"]],
  ["seed", "seed", CHAT_SHAPES],
  ["stopSequences", "stop", ["openai"]],
  ["frequencyPenalty", "frequency_penalty", CHAT_SHAPES],
  ["presencePenalty", "presence_penalty", CHAT_SHAPES],
];

/**
 * Maps the AI SDK sampling call options to the wire names of the request shape (the form, and the chat family
 * in the chat form), with a warning for each option the shape or (per the catalog) the model's schema lacks, which is not sent: the platform would reject the
 * request; and for each value clamped into the model's range.
 */
export function buildSamplingInputs(
  options: LanguageModelV4CallOptions,
  facts: ChatModelFacts,
  form: "chat" | "responses",
  warnings: SharedV4Warning[],
): Record<string, unknown> {
  const shape: WireShape = form === "responses" ? form : facts.chatFamily;
  const inputs: Record<string, unknown> = {};
  const listed = facts.info?.samplingParameters;

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

  for (const [feature, wireName, shapes] of SAMPLING_OPTIONS) {
    const value = options[feature];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    if (!shapes.includes(shape) || (listed && !listed.includes(wireName))) {
      warnings.push(
        unsupported(
          feature,
          `${facts.modelId} does not accept ${wireName} in the ${SHAPE_NAMES[shape]} request; it was not sent.`,
        ),
      );
      continue;
    }
    if (typeof value !== "number") {
      inputs[wireName] = value;
      continue;
    }
    // `value` moved into the range the model's schema states for it, with a warning when it moved.
    const range: WorkersAIParameterRange | undefined = facts.info?.samplingRanges?.[wireName];
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
    inputs[wireName] = clamped;
  }
  return inputs;
}
