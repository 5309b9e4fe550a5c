import { InvalidArgumentError, type SharedV4Warning } from "@ai-sdk/provider";
import { arrayOf, type Check, isBoolean, isNumber, isString, oneOf, recordOf, shape } from "../guards";
import { PROVIDER_OPTIONS_KEY, unsupported } from "../model-config";
import { checkGatewayOptions, type GatewayOptions } from "../transport/gateway-options";

/** Values of `reasoning_effort` this provider passes through (`null` = turn reasoning off where the model allows it). */
export type WorkersAIReasoningEffort = "low" | "medium" | "high" | "max" | "none";

/**
 * The safety system prompt that `safePrompt: true` puts in front of every conversation.
 *
 * It is the guardrail prompt Mistral documents for its `safe_prompt` option, kept word for word so the
 * behaviour is predictable. It becomes the first system message (joined with the caller's leading system
 * message when there is one), or the start of `instructions` in the Responses form.
 */
export const WORKERS_AI_SAFE_PROMPT =
  "Always assist with care, respect, and truth. Respond with utmost utility yet securely. Avoid harmful, unethical, prejudiced, or negative content. Ensure replies promote fairness and positivity.";

/**
 * Settings of a Workers AI chat model (`workersai(modelId, settings)`).
 *
 * Every field can also be given per call in `providerOptions["workers-ai"]`; per-call values win over these
 * settings, and `gateway`, `extraHeaders`, `chat_template_kwargs` and `extraInputs` merge key by key.
 */
export interface WorkersAIChatSettings {
  /**
   * Reasoning effort sent as `reasoning_effort` (or `reasoning.effort` in the Responses form).
   * `null` is the explicit "disable reasoning" signal and is sent as `null` on models that can turn
   * reasoning off. Wins over the AI SDK `reasoning` call option. Values the model does not accept are
   * mapped to the nearest accepted one with a warning; on models without the field nothing is sent and a
   * warning says so (use `extraInputs` to force a value).
   */
  reasoning_effort?: WorkersAIReasoningEffort | null;
  /** Chat-template switches sent as `chat_template_kwargs`, e.g. `{ enable_thinking: false, clear_thinking: true }`. */
  chat_template_kwargs?: Record<string, unknown>;
  /**
   * Session key sent as the `x-session-affinity` header: requests with the same key reach the same replica,
   * so the shared prompt prefix is served from cache (reported as cached input tokens).
   */
  sessionAffinity?: string;
  /** Put {@link WORKERS_AI_SAFE_PROMPT} in front of every conversation as a system prompt. */
  safePrompt?: boolean;
  /** Name or id of a fine-tuned LoRA adapter (only models that support LoRA accept it). */
  lora?: string;
  /**
   * Skip the model's chat template: the messages are sent as one `prompt` string that you have already
   * formatted for the model. Roles other than the text itself cannot be expressed and give a warning.
   */
  raw?: boolean;
  /** `repetition_penalty` (0–2 on the models that list it). */
  repetition_penalty?: number;
  /** AI Gateway options for this model; fields here win over the provider-level gateway. */
  gateway?: Partial<GatewayOptions>;
  /** Extra request headers (binding `extraHeaders` / REST headers), e.g. `cf-aig-zdr` or BYOK auth. */
  extraHeaders?: Record<string, string>;
  /** Fail fast with error 3040 instead of waiting for capacity (binding option, never an input). */
  rejectIfBusy?: boolean;
  /** Dashboard tags (at most 5, 50 characters each). */
  tags?: string[];
  /** Sent as the model header value `"<prefix>:<model>"`. */
  prefix?: string;
  /**
   * Use the Responses input form (`input`, `instructions`, `reasoning.effort`, flat tools) instead of
   * chat `messages`. Only gpt-oss models understand it.
   *
   * - `true`: always the Responses form;
   * - `false`: always the chat form;
   * - `"auto"` (default): the chat form, except on gpt-oss models when the call forces a tool (a named
   *   `toolChoice`, or `required` with a single tool): there the chat form sometimes answers with the call
   *   written as JSON text, while the Responses form returns a real `function_call`.
   */
  responsesApi?: boolean | "auto";
  /**
   * Escape hatch: extra model inputs merged into the request inputs last (binding 2nd argument / REST JSON
   * body, never a query string), overriding anything this provider computed.
   */
  extraInputs?: Record<string, unknown>;
}

/** Per-call chat options accepted in `providerOptions["workers-ai"]` (the per-call form of the settings). */
export type WorkersAIChatProviderOptions = Omit<WorkersAIChatSettings, never>;

/** How each per-call option is checked (also the list of known option names). */
const CHAT_OPTION_CHECKS: Record<keyof WorkersAIChatProviderOptions, Check> = {
  reasoning_effort: oneOf(["low", "medium", "high", "max", "none", null]),
  chat_template_kwargs: recordOf(),
  sessionAffinity: isString,
  safePrompt: isBoolean,
  lora: isString,
  raw: isBoolean,
  repetition_penalty: isNumber,
  gateway: checkGatewayOptions,
  extraHeaders: recordOf(isString),
  rejectIfBusy: isBoolean,
  tags: /* @__PURE__ */ arrayOf(isString),
  prefix: isString,
  responsesApi: oneOf([true, false, "auto"]),
  extraInputs: recordOf(),
};

/** Names of the options `providerOptions["workers-ai"]` accepts for chat calls. */
export const WORKERS_AI_CHAT_OPTION_KEYS = Object.keys(CHAT_OPTION_CHECKS) as ReadonlyArray<
  keyof WorkersAIChatProviderOptions
>;

/**
 * The validated `providerOptions["workers-ai"]` of a chat call (`undefined` when unset), with a warning for each
 * key that is not a chat option. Invalid options throw `InvalidArgumentError` naming the field, never quoting
 * the options: they may hold credentials (`gateway.authToken`, BYOK keys in `extraHeaders`). Hand-written
 * checks rather than a zod schema so that a Worker using the provider does not carry a schema library.
 */
export function parseChatProviderOptions(
  value: unknown,
  warnings: SharedV4Warning[],
): WorkersAIChatProviderOptions | undefined {
  if (value === undefined || value === null) return undefined;
  const argument = `providerOptions["${PROVIDER_OPTIONS_KEY}"]`;
  const problem = shape(CHAT_OPTION_CHECKS)(value);
  if (problem) {
    const cause = new TypeError(`${argument}${problem}`);
    throw new InvalidArgumentError({
      argument,
      message: `invalid ${PROVIDER_OPTIONS_KEY} provider options: ${cause.message}`,
      cause,
    });
  }
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(CHAT_OPTION_CHECKS, key)) {
      warnings.push(
        unsupported(
          `${argument}.${key}`,
          `${key} is not a Workers AI chat option and was ignored; use extraInputs to send extra model inputs.`,
        ),
      );
    }
  }
  return value as WorkersAIChatProviderOptions;
}
