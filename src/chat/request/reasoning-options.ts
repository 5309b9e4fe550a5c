import type { LanguageModelV4CallOptions, SharedV4Warning } from "@ai-sdk/provider";
import { isCustomReasoning, mapReasoningToProviderEffort } from "@ai-sdk/provider-utils";
import type { WorkersAIReasoningEffort } from "../chat-settings";
import type { ChatModelFacts } from "./model-facts";

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
 * Decides the reasoning inputs of a call. Only values the model's published list has are sent (catalog
 * `reasoning.efforts`); models the catalog does not know get what the caller asks for.
 *
 * - An explicit `reasoning_effort` (settings / providerOptions) is sent when the model lists it; an alias the
 *   catalog knows (`xhigh` → `max`) is sent as its target, with a compatibility warning; `null` (turn reasoning
 *   off) uses the model's way of turning it off; anything else is an unsupported warning and is not sent.
 *   The Responses form cannot carry `null` (warning, nothing sent).
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
  const turnOff = (): ReasoningInputs => {
    if (disableWith === "enable-thinking-false") return { chatTemplateKwargs: { enable_thinking: false } };
    return { effort: { value: disableWith === "none-effort" ? "none" : null } };
  };

  if (explicit !== undefined) {
    const notSent = (why: string): ReasoningInputs => {
      warnings.push({
        type: "unsupported",
        feature: "reasoning_effort",
        details: `${why}; reasoning_effort ${JSON.stringify(explicit)} was not sent.`,
      });
      return {};
    };
    if (explicit === null) {
      if (form === "responses") return notSent("the Responses form cannot turn reasoning off");
      if (!canDisable) return notSent(`${facts.modelId}'s reasoning cannot be turned off`);
      return turnOff();
    }
    if (!known || efforts.includes(explicit)) return { effort: { value: explicit } };
    const alias = info.reasoning?.effortAliases?.[explicit];
    if (alias !== undefined) {
      warnings.push({
        type: "compatibility",
        feature: "reasoning_effort",
        details: `${facts.modelId} lists reasoning_effort ${JSON.stringify(alias)} for ${JSON.stringify(explicit)}; ${JSON.stringify(alias)} was sent.`,
      });
      return { effort: { value: alias } };
    }
    return notSent(
      efforts.length === 0
        ? `${facts.modelId} takes no reasoning_effort`
        : `${facts.modelId} takes reasoning_effort ${efforts.map((effort) => JSON.stringify(effort)).join(", ")}`,
    );
  }

  if (!isCustomReasoning(reasoning)) return {};

  if (reasoning === "none" && canDisable && form === "chat") return turnOff();

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

/**
 * The `chat_template_kwargs` to send: `enable_thinking: false` is dropped, with a warning, on a model whose
 * reasoning cannot be turned off (its published schema allows only `true`, e.g. kimi-k2.7-code).
 */
export function allowedChatTemplateKwargs(
  kwargs: Record<string, unknown> | undefined,
  facts: ChatModelFacts,
  warnings: SharedV4Warning[],
): Record<string, unknown> | undefined {
  if (kwargs?.enable_thinking !== false || facts.info?.reasoning?.canDisable !== false) return kwargs;
  warnings.push({
    type: "unsupported",
    feature: "chat_template_kwargs.enable_thinking",
    details: `${facts.modelId}'s reasoning cannot be turned off; enable_thinking false was not sent.`,
  });
  const { enable_thinking: _dropped, ...rest } = kwargs;
  return Object.keys(rest).length > 0 ? rest : undefined;
}
