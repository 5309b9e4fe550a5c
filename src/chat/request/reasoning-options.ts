import type { LanguageModelV4CallOptions, SharedV4Warning } from "@ai-sdk/provider";
import { isCustomReasoning, mapReasoningToProviderEffort } from "@ai-sdk/provider-utils";
import { unsupported } from "../../model-config";
import type { WorkersAIChatSettings } from "../chat-settings";
import type { ChatModelFacts } from "./model-facts";

type ReasoningLevel = "minimal" | "low" | "medium" | "high" | "xhigh" | "max";

const REASONING_LEVELS: readonly ReasoningLevel[] = ["minimal", "low", "medium", "high", "xhigh", "max"];

/** Efforts assumed for models the catalog does not know (the common OpenAI-shaped set, `null` turns reasoning off). */
const DEFAULT_EFFORTS: readonly string[] = ["low", "medium", "high"];

/**
 * Puts the reasoning inputs of a call into `inputs`: `reasoning_effort` (chat form) or `reasoning.effort`
 * (Responses form). Returns the `chat_template_kwargs` to send: the settings' ones, plus `enable_thinking: false`
 * on models that turn reasoning off that way. Only values the model's published list has are sent (catalog
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
 * - `enable_thinking: false` is dropped, with a warning, on a model whose reasoning cannot be turned off (its
 *   published schema allows only `true`, e.g. kimi-k2.7-code).
 */
export function addReasoningInputs(
  inputs: Record<string, unknown>,
  settings: WorkersAIChatSettings,
  { reasoning }: LanguageModelV4CallOptions,
  facts: ChatModelFacts,
  form: "chat" | "responses",
  warnings: SharedV4Warning[],
): Record<string, unknown> | undefined {
  const { modelId, info } = facts;
  const explicit = settings.reasoning_effort;
  const known = info !== undefined;
  const efforts = known ? (info.reasoning?.efforts ?? []) : DEFAULT_EFFORTS;
  const canDisable = known ? info.reasoning?.canDisable === true : true;
  const disableWith = known ? info.reasoning?.disableWith : "null-effort";
  let kwargs = settings.chat_template_kwargs;
  const sendEffort = (effort: string | null) => {
    if (form === "responses") inputs.reasoning = { effort };
    else inputs.reasoning_effort = effort;
  };
  const turnOff = () => {
    if (disableWith === "enable-thinking-false") kwargs = { enable_thinking: false, ...kwargs };
    else sendEffort(disableWith === "none-effort" ? "none" : null);
  };

  if (explicit !== undefined) {
    const notSent = (why: string) =>
      warnings.push(
        unsupported("reasoning_effort", `${why}; reasoning_effort ${JSON.stringify(explicit)} was not sent.`),
      );
    const alias = explicit === null ? undefined : info?.reasoning?.effortAliases?.[explicit];
    if (explicit === null) {
      if (form === "responses") notSent("the Responses form cannot turn reasoning off");
      else if (!canDisable) notSent(`${modelId}'s reasoning cannot be turned off`);
      else turnOff();
    } else if (!known || efforts.includes(explicit)) {
      sendEffort(explicit);
    } else if (alias !== undefined) {
      warnings.push({
        type: "compatibility",
        feature: "reasoning_effort",
        details: `${modelId} lists reasoning_effort ${JSON.stringify(alias)} for ${JSON.stringify(explicit)}; ${JSON.stringify(alias)} was sent.`,
      });
      sendEffort(alias);
    } else {
      notSent(
        efforts.length === 0
          ? `${modelId} takes no reasoning_effort`
          : `${modelId} takes reasoning_effort ${efforts.map((effort) => JSON.stringify(effort)).join(", ")}`,
      );
    }
  } else if (isCustomReasoning(reasoning)) {
    const levels = REASONING_LEVELS.filter((level) => efforts.includes(level));
    if (reasoning === "none" && canDisable && form === "chat") {
      turnOff();
    } else if (levels.length === 0) {
      warnings.push(
        unsupported(
          "reasoning",
          `${modelId} does not accept a reasoning effort${
            info?.reasoning ? " (its reasoning cannot be configured)" : ""
          }; nothing was sent.`,
        ),
      );
    } else {
      const effortMap: Partial<Record<ReasoningLevel, string>> = {};
      for (const level of levels) effortMap[level] = level;
      const mapped = mapReasoningToProviderEffort({ reasoning, effortMap, warnings });
      if (mapped !== undefined) sendEffort(mapped);
    }
  }

  if (kwargs?.enable_thinking !== false || info?.reasoning?.canDisable !== false) return kwargs;
  warnings.push(
    unsupported(
      "chat_template_kwargs.enable_thinking",
      `${modelId}'s reasoning cannot be turned off; enable_thinking false was not sent.`,
    ),
  );
  const { enable_thinking: _dropped, ...rest } = kwargs;
  return Object.keys(rest).length > 0 ? rest : undefined;
}
