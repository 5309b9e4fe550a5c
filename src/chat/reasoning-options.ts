import type { LanguageModelV4CallOptions, SharedV4Warning } from "@ai-sdk/provider";
import { isCustomReasoning, mapReasoningToProviderEffort } from "@ai-sdk/provider-utils";
import type { WorkersAIReasoningEffort } from "./chat-settings";
import type { ChatModelFacts } from "./request/model-facts";

type ReasoningLevel = "minimal" | "low" | "medium" | "high" | "xhigh" | "max";

const REASONING_LEVELS: readonly ReasoningLevel[] = ["minimal", "low", "medium", "high", "xhigh", "max"];

/** Efforts assumed for models the catalog does not know (the common OpenAI-shaped set, `null` turns reasoning off). */
const DEFAULT_EFFORTS: readonly string[] = ["low", "medium", "high"];

/** Reasoning inputs of a call. */
export interface ReasoningInputs {
  /** Present when an effort is sent: `reasoning_effort` (chat form) or `reasoning.effort` (Responses form). */
  effort?: { value: string | null };
  /** `chat_template_kwargs` entries that switch reasoning (models that turn it off with `enable_thinking: false`). */
  chatTemplateKwargs?: Record<string, unknown>;
}

/**
 * Decides the reasoning inputs of a call.
 *
 * - An explicit `reasoning_effort` (settings / providerOptions) wins and is sent exactly as given, as the
 *   README promises; a compatibility warning says when the catalog does not list the value for the model.
 *   Only the Responses form cannot carry `null` (warning, nothing sent).
 * - Otherwise the AI SDK `reasoning` option is mapped with the catalog: `none` uses the model's way of
 *   turning reasoning off (`null`, `"none"` or `enable_thinking: false`), other levels go to the nearest
 *   effort the model lists (compatibility warning), and models that take no effort get an unsupported
 *   warning and nothing is sent.
 */
export function resolveReasoning(args: {
  facts: ChatModelFacts;
  explicit: WorkersAIReasoningEffort | null | undefined;
  reasoning: LanguageModelV4CallOptions["reasoning"];
  form: "chat" | "responses";
  warnings: SharedV4Warning[];
}): ReasoningInputs {
  const { facts, explicit, reasoning, form, warnings } = args;
  const info = facts.info;
  const known = info !== undefined;
  const efforts = known ? (info.reasoning?.efforts ?? []) : DEFAULT_EFFORTS;
  const canDisable = known ? info.reasoning?.canDisable === true : true;
  const disableWith = known ? info.reasoning?.disableWith : "null-effort";

  if (explicit !== undefined) {
    if (explicit === null && form === "responses") {
      warnings.push({
        type: "unsupported",
        feature: "reasoning_effort",
        details: "the Responses form cannot turn reasoning off; reasoning_effort null was not sent.",
      });
      return {};
    }
    const accepted =
      !known ||
      (explicit === null
        ? canDisable && (disableWith === undefined || disableWith === "null-effort")
        : efforts.includes(explicit) || info.reasoning?.effortAliases?.[explicit] !== undefined);
    if (!accepted) {
      warnings.push({
        type: "compatibility",
        feature: "reasoning_effort",
        details: `${facts.modelId} is not listed as accepting reasoning_effort ${JSON.stringify(explicit)}; it was sent as given.`,
      });
    }
    return { effort: { value: explicit } };
  }

  if (!isCustomReasoning(reasoning)) return {};

  if (reasoning === "none" && canDisable && form === "chat") {
    if (disableWith === "enable-thinking-false") return { chatTemplateKwargs: { enable_thinking: false } };
    return { effort: { value: disableWith === "none-effort" ? "none" : null } };
  }

  const levels = REASONING_LEVELS.filter((level) => efforts.includes(level));
  if (levels.length === 0) {
    warnings.push({
      type: "unsupported",
      feature: "reasoning",
      details: `${facts.modelId} does not accept a reasoning effort${
        info?.reasoning ? " (its reasoning cannot be configured)" : ""
      }; nothing was sent.`,
    });
    return {};
  }
  const effortMap: Partial<Record<ReasoningLevel, string>> = {};
  for (const level of levels) effortMap[level] = level;
  const mapped = mapReasoningToProviderEffort({ reasoning, effortMap, warnings });
  return mapped === undefined ? {} : { effort: { value: mapped } };
}
