import { z } from "zod/v4";
import type { GatewayOptions } from "../transport/gateway-options";

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

const gatewaySchema = z
  .object({
    id: z.string(),
    skipCache: z.boolean(),
    cacheTtl: z.number(),
    cacheKey: z.string(),
    metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.bigint()])),
    collectLog: z.boolean(),
    eventId: z.string(),
    requestTimeoutMs: z.number(),
    retries: z
      .object({
        maxAttempts: z.number(),
        retryDelayMs: z.number(),
        backoff: z.enum(["constant", "linear", "exponential"]),
      })
      .partial(),
    authToken: z.string(),
  })
  .partial();

/** Zod schema of `providerOptions["workers-ai"]` for chat calls (the per-call form of {@link WorkersAIChatSettings}). */
export const workersAIChatProviderOptionsSchema = z.object({
  reasoning_effort: z.enum(["low", "medium", "high", "max", "none"]).nullable().optional(),
  chat_template_kwargs: z.record(z.string(), z.unknown()).optional(),
  sessionAffinity: z.string().optional(),
  safePrompt: z.boolean().optional(),
  lora: z.string().optional(),
  raw: z.boolean().optional(),
  repetition_penalty: z.number().optional(),
  gateway: gatewaySchema.optional(),
  extraHeaders: z.record(z.string(), z.string()).optional(),
  rejectIfBusy: z.boolean().optional(),
  tags: z.array(z.string()).optional(),
  prefix: z.string().optional(),
  responsesApi: z.union([z.boolean(), z.literal("auto")]).optional(),
  extraInputs: z.record(z.string(), z.unknown()).optional(),
});

/** Per-call chat options accepted in `providerOptions["workers-ai"]`. */
export type WorkersAIChatProviderOptions = z.infer<typeof workersAIChatProviderOptionsSchema>;
