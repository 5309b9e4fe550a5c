import type { WorkersAIModelInfo } from "./types";

/*
 * Source tags (see the wire reference, section 0): [M:x] model schema file, [T] workers-types,
 * [C] cloudflare/ai client observations, [D:Title] Cloudflare docs page, [P] the Workers AI pricing page
 * (spec section 6). "unconfirmed" marks a value that no source states; a field left out means "unknown".
 *
 * defaultMaxOutputTokens rule (checked by test/catalog/models.test.ts):
 *   window = contextWindow, or an assumed 8,192 (legacy family) / 16,384 (OpenAI family) when unknown;
 *   cap    = 16,384 for reasoning models (reasoning tokens count against the limit), 8,192 otherwise;
 *   value  = min(cap, floor(window / 4)).
 */

/** Sampling fields of the legacy text-generation schemas [M] (spec 3.2, 3.7). */
const LEGACY_SAMPLING = [
  "max_tokens",
  "temperature",
  "top_p",
  "top_k",
  "seed",
  "repetition_penalty",
  "frequency_penalty",
  "presence_penalty",
] as const;

/** Sampling fields of the OpenAI-style chat-completions schemas [M][T ChatCompletionsCommonOptions] (spec 3.3). */
const OPENAI_SAMPLING = [
  "max_tokens",
  "max_completion_tokens",
  "temperature",
  "top_p",
  "frequency_penalty",
  "presence_penalty",
  "seed",
  "stop",
] as const;

/**
 * What the older legacy schemas share [M]: max_tokens default 256, tools listed without `function_calling`,
 * string-only message content, no image input, the legacy sampling fields.
 */
const LEGACY_STRING_CHAT = {
  family: "legacy",
  platformDefaultMaxTokens: 256,
  tools: true,
  toolsSchemaOnly: true,
  vision: false,
  stringContentOnly: true,
  samplingParameters: LEGACY_SAMPLING,
} as const;

/** Ranges shared by the legacy schemas (spec 3.7 table). */
const LEGACY_COMMON_RANGES = {
  temperature: { min: 0, max: 5, default: 0.6 },
  top_k: { min: 1, max: 50 },
  seed: { min: 1, max: 9_999_999_999 },
  repetition_penalty: { min: 0, max: 2 },
} as const;

/** llama-3.3-70b, r1-distill, gpt-oss, qwen3-30b: top_p 0.001–1, penalties −2..2 [M]. */
const LEGACY_SIGNED_PENALTY_RANGES = {
  ...LEGACY_COMMON_RANGES,
  top_p: { min: 0.001, max: 1 },
  frequency_penalty: { min: -2, max: 2 },
  presence_penalty: { min: -2, max: 2 },
} as const;

/** llama-3.1/3.2, llama-4-scout, gemma-3, mistral-small, qwen2.5-coder: top_p 0–2, penalties 0..2 [M]. */
const LEGACY_POSITIVE_PENALTY_RANGES = {
  ...LEGACY_COMMON_RANGES,
  top_p: { min: 0, max: 2 },
  frequency_penalty: { min: 0, max: 2 },
  presence_penalty: { min: 0, max: 2 },
} as const;

/** Ranges of the OpenAI-style schemas (kimi, glm, qwen3.8, gemma-4, nemotron, deepseek-v4) [M]. */
const OPENAI_RANGES = {
  temperature: { min: 0, max: 2, default: 1 },
  top_p: { min: 0, max: 1, default: 1 },
  frequency_penalty: { min: -2, max: 2, default: 0 },
  presence_penalty: { min: -2, max: 2, default: 0 },
} as const;

/**
 * The Stable Diffusion schema (SDXL base and lightning, DreamShaper, SD 1.5 img2img/inpainting) [M]: width/height
 * 256–2048, image/image_b64 + mask (img2img, inpainting), num_steps ≤ 20 (20), strength, guidance, seed,
 * negative_prompt, binary PNG.
 */
const SD_IMAGE = {
  output: "binary-png",
  input: "json",
  stepsParameter: "num_steps",
  defaultSteps: 20,
  maxSteps: 20,
  size: true,
  minSize: 256,
  maxSize: 2048,
  imageInput: true,
  maxInputImages: 1,
  mask: true,
  seed: true,
  guidance: true,
  negativePrompt: true,
  strength: true,
} as const;

/** Deepgram Aura-2 output encodings [M:aura-2-en]. */
const AURA_ENCODINGS = ["linear16", "flac", "mulaw", "alaw", "mp3", "opus", "aac"] as const;

/**
 * Every Workers AI model this provider knows facts about. Unknown ids still work: behaviour is then
 * detected from the replies. Workers do not carry this file: after editing it, run
 * `node scripts/catalog-data.mjs`, which writes the compact form they carry (src/catalog/model-data.ts).
 */
export function buildModelRows() {
  return [
    // ───────────────────────────── Text generation: OpenAI chat family ─────────────────────────────
    {
      // [M:kimi-k2.7-code] ctx, tools, vision, reasoning (mandatory: enable_thinking only true, no reasoning_effort),
      // price, require_workers_paid
      id: "@cf/moonshotai/kimi-k2.7-code",
      task: "text-generation",
      family: "openai",
      contextWindow: 262_144,
      defaultMaxOutputTokens: 16_384,
      tools: true,
      vision: true,
      visionInput: "content-parts",
      jsonMode: true,
      jsonSchemaForm: "named",
      thinking: true,
      reasoning: {
        canDisable: false,
        mandatory: true,
        // [C] fixture shows reasoning_content; readers must also accept `reasoning`
        output: "reasoning_content",
        chatTemplateKwargs: ["enable_thinking", "clear_thinking"],
      },
      samplingParameters: OPENAI_SAMPLING,
      samplingRanges: OPENAI_RANGES,
      requiresPaid: true,
      price: {
        inputPerMillionTokensUsd: 0.95,
        outputPerMillionTokensUsd: 4,
        cachedInputPerMillionTokensUsd: 0.19,
      },
    },
    {
      // [M:kimi-k2.5] ctx, tools, vision, reasoning_effort low|medium|high (schema), enable_thinking, price,
      // planned_deprecation_date
      id: "@cf/moonshotai/kimi-k2.5",
      task: "text-generation",
      family: "openai",
      contextWindow: 256_000,
      defaultMaxOutputTokens: 16_384,
      tools: true,
      vision: true,
      visionInput: "content-parts",
      jsonMode: true,
      jsonSchemaForm: "named",
      thinking: true,
      reasoning: {
        efforts: ["low", "medium", "high"],
        canDisable: true,
        disableWith: "enable-thinking-false",
        // output field name unconfirmed for this model; readers accept both
        output: "reasoning_content",
        chatTemplateKwargs: ["enable_thinking", "clear_thinking"],
      },
      samplingParameters: OPENAI_SAMPLING,
      samplingRanges: OPENAI_RANGES,
      plannedDeprecationDate: "2026-05-30",
      price: {
        inputPerMillionTokensUsd: 0.6,
        outputPerMillionTokensUsd: 3,
        cachedInputPerMillionTokensUsd: 0.1,
      },
    },
    {
      // [M:kimi-k2.6] ctx, tools, vision, reasoning_effort low|medium|high (schema; "none" is not published),
      // enable_thinking, async_queue, require_workers_paid, price
      id: "@cf/moonshotai/kimi-k2.6",
      task: "text-generation",
      family: "openai",
      contextWindow: 262_144,
      defaultMaxOutputTokens: 16_384,
      tools: true,
      vision: true,
      visionInput: "content-parts",
      jsonMode: true,
      jsonSchemaForm: "named",
      thinking: true,
      reasoning: {
        efforts: ["low", "medium", "high"],
        canDisable: true,
        disableWith: "enable-thinking-false",
        output: "reasoning_content",
        chatTemplateKwargs: ["enable_thinking", "clear_thinking"],
      },
      samplingParameters: OPENAI_SAMPLING,
      samplingRanges: OPENAI_RANGES,
      asyncQueue: true,
      requiresPaid: true,
      price: {
        inputPerMillionTokensUsd: 0.95,
        outputPerMillionTokensUsd: 4,
        cachedInputPerMillionTokensUsd: 0.16,
      },
    },
    {
      // [M:glm-4.7-flash] ctx, tools, reasoning_effort low|medium|high (schema), enable_thinking, price
      id: "@cf/zai-org/glm-4.7-flash",
      task: "text-generation",
      family: "openai",
      contextWindow: 131_072,
      defaultMaxOutputTokens: 16_384,
      tools: true,
      vision: false,
      jsonMode: true,
      jsonSchemaForm: "named",
      thinking: true,
      reasoning: {
        efforts: ["low", "medium", "high"],
        canDisable: true,
        disableWith: "enable-thinking-false",
        // [C] fixture; readers accept both field names
        output: "reasoning_content",
        chatTemplateKwargs: ["enable_thinking", "clear_thinking"],
      },
      samplingParameters: OPENAI_SAMPLING,
      samplingRanges: OPENAI_RANGES,
      price: { inputPerMillionTokensUsd: 0.0605, outputPerMillionTokensUsd: 0.4 },
    },
    {
      // [M:glm-5.2] ctx, tools, reasoning_effort low|medium|high (schema), enable_thinking, require_workers_paid, price
      id: "@cf/zai-org/glm-5.2",
      task: "text-generation",
      family: "openai",
      contextWindow: 262_144,
      defaultMaxOutputTokens: 16_384,
      tools: true,
      vision: false,
      jsonMode: true,
      jsonSchemaForm: "named",
      thinking: true,
      reasoning: {
        efforts: ["low", "medium", "high"],
        canDisable: true,
        disableWith: "enable-thinking-false",
        chatTemplateKwargs: ["enable_thinking", "clear_thinking"],
      },
      samplingParameters: OPENAI_SAMPLING,
      samplingRanges: OPENAI_RANGES,
      requiresPaid: true,
      price: {
        inputPerMillionTokensUsd: 1.4,
        outputPerMillionTokensUsd: 4.4,
        cachedInputPerMillionTokensUsd: 0.26,
      },
    },
    {
      // [M:glm-5.3] ctx, tools, reasoning_effort low|medium|high (schema), enable_thinking, require_workers_paid, price
      id: "@cf/zai-org/glm-5.3",
      task: "text-generation",
      family: "openai",
      contextWindow: 1_310_720,
      defaultMaxOutputTokens: 16_384,
      tools: true,
      vision: false,
      jsonMode: true,
      jsonSchemaForm: "named",
      thinking: true,
      reasoning: {
        efforts: ["low", "medium", "high"],
        canDisable: true,
        disableWith: "enable-thinking-false",
        chatTemplateKwargs: ["enable_thinking", "clear_thinking"],
      },
      samplingParameters: OPENAI_SAMPLING,
      samplingRanges: OPENAI_RANGES,
      requiresPaid: true,
      price: {
        inputPerMillionTokensUsd: 1.4,
        outputPerMillionTokensUsd: 4.4,
        cachedInputPerMillionTokensUsd: 0.26,
      },
    },
    {
      // [M:glm-5.3-flash] ctx, tools, vision, reasoning_effort max|high|low (default max, mandatory, the others
      // normalised to max), require_workers_paid, price
      id: "@cf/zai-org/glm-5.3-flash",
      task: "text-generation",
      family: "openai",
      contextWindow: 1_310_720,
      defaultMaxOutputTokens: 16_384,
      tools: true,
      vision: true,
      visionInput: "content-parts",
      jsonMode: true,
      jsonSchemaForm: "named",
      thinking: true,
      reasoning: {
        efforts: ["max", "high", "low"],
        defaultEffort: "max",
        canDisable: false,
        mandatory: true,
        effortAliases: { none: "max", minimal: "max", medium: "max", xhigh: "max" },
        chatTemplateKwargs: ["enable_thinking", "clear_thinking"],
      },
      samplingParameters: OPENAI_SAMPLING,
      samplingRanges: OPENAI_RANGES,
      requiresPaid: true,
      price: {
        inputPerMillionTokensUsd: 0.15,
        outputPerMillionTokensUsd: 0.5,
        cachedInputPerMillionTokensUsd: 0.03,
      },
    },
    {
      // [M:gpt-oss-120b] ctx, tools, JSON (legacy-style chat branch), reasoning low|medium|high (default medium,
      // mandatory; Responses `reasoning.effort`), async_queue, max_tokens default 256; [T] XOR of chat-completions
      // and Responses bodies
      id: "@cf/openai/gpt-oss-120b",
      task: "text-generation",
      family: "openai",
      responsesInput: true,
      contextWindow: 128_000,
      platformDefaultMaxTokens: 256,
      defaultMaxOutputTokens: 16_384,
      tools: true,
      vision: false,
      jsonMode: true,
      jsonSchemaForm: "bare",
      thinking: true,
      reasoning: {
        efforts: ["low", "medium", "high"],
        defaultEffort: "medium",
        canDisable: false,
        mandatory: true,
        // chat shape: field name unconfirmed (readers accept both); Responses shape: `reasoning` output items
        output: "reasoning",
      },
      samplingParameters: LEGACY_SAMPLING,
      samplingRanges: LEGACY_SIGNED_PENALTY_RANGES,
      asyncQueue: true,
      price: { inputPerMillionTokensUsd: 0.35, outputPerMillionTokensUsd: 0.75 },
    },
    {
      // [M:gpt-oss-20b] ctx, tools, reasoning, price; schema as gpt-oss-120b's (no reasoning_effort property)
      id: "@cf/openai/gpt-oss-20b",
      task: "text-generation",
      family: "openai",
      responsesInput: true,
      contextWindow: 128_000,
      platformDefaultMaxTokens: 256,
      defaultMaxOutputTokens: 16_384,
      tools: true,
      vision: false,
      jsonMode: true,
      jsonSchemaForm: "bare",
      thinking: true,
      reasoning: {
        efforts: ["low", "medium", "high"],
        defaultEffort: "medium",
        canDisable: false,
        output: "reasoning",
      },
      samplingParameters: LEGACY_SAMPLING,
      samplingRanges: LEGACY_SIGNED_PENALTY_RANGES,
      price: { inputPerMillionTokensUsd: 0.2, outputPerMillionTokensUsd: 0.3 },
    },
    {
      // [M:qwen3-30b-a3b-fp8] ctx, tools, JSON (legacy-style schema), reasoning, max_tokens default 2000, async_queue
      id: "@cf/qwen/qwen3-30b-a3b-fp8",
      task: "text-generation",
      family: "openai",
      contextWindow: 32_768,
      platformDefaultMaxTokens: 2000,
      defaultMaxOutputTokens: 8192,
      tools: true,
      vision: false,
      jsonMode: true,
      jsonSchemaForm: "bare",
      thinking: true,
      // [C] fixture shows reasoning_content for qwen3 streams
      reasoning: { canDisable: false, output: "reasoning_content" },
      samplingParameters: LEGACY_SAMPLING,
      samplingRanges: LEGACY_SIGNED_PENALTY_RANGES,
      asyncQueue: true,
      price: { inputPerMillionTokensUsd: 0.051, outputPerMillionTokensUsd: 0.34 },
    },
    {
      // [M:qwen3.8-27b] ctx, tools, vision, reasoning_effort low|medium|high (schema), enable_thinking, async_queue, price
      id: "@cf/qwen/qwen3.8-27b",
      task: "text-generation",
      family: "openai",
      contextWindow: 262_144,
      defaultMaxOutputTokens: 16_384,
      tools: true,
      vision: true,
      visionInput: "content-parts",
      jsonMode: true,
      jsonSchemaForm: "named",
      thinking: true,
      reasoning: {
        efforts: ["low", "medium", "high"],
        canDisable: true,
        disableWith: "enable-thinking-false",
        chatTemplateKwargs: ["enable_thinking", "clear_thinking"],
      },
      samplingParameters: OPENAI_SAMPLING,
      samplingRanges: OPENAI_RANGES,
      asyncQueue: true,
      price: {
        inputPerMillionTokensUsd: 0.45,
        outputPerMillionTokensUsd: 3.2,
        cachedInputPerMillionTokensUsd: 0.05,
      },
    },
    {
      // [M:gemma-4-26b-a4b-it] ctx, tools, vision, reasoning_effort low|medium|high (schema), enable_thinking,
      // async_queue, price
      id: "@cf/google/gemma-4-26b-a4b-it",
      task: "text-generation",
      family: "openai",
      contextWindow: 256_000,
      defaultMaxOutputTokens: 16_384,
      tools: true,
      vision: true,
      visionInput: "content-parts",
      jsonMode: true,
      jsonSchemaForm: "named",
      thinking: true,
      reasoning: {
        efforts: ["low", "medium", "high"],
        canDisable: true,
        disableWith: "enable-thinking-false",
        chatTemplateKwargs: ["enable_thinking", "clear_thinking"],
      },
      samplingParameters: OPENAI_SAMPLING,
      samplingRanges: OPENAI_RANGES,
      asyncQueue: true,
      price: { inputPerMillionTokensUsd: 0.1, outputPerMillionTokensUsd: 0.3 },
    },
    {
      // [M:nemotron-3-120b-a12b] ctx, tools, reasoning_effort low|medium|high (schema), enable_thinking, price
      id: "@cf/nvidia/nemotron-3-120b-a12b",
      task: "text-generation",
      family: "openai",
      contextWindow: 256_000,
      defaultMaxOutputTokens: 16_384,
      tools: true,
      vision: false,
      jsonMode: true,
      jsonSchemaForm: "named",
      thinking: true,
      reasoning: {
        efforts: ["low", "medium", "high"],
        canDisable: true,
        disableWith: "enable-thinking-false",
        chatTemplateKwargs: ["enable_thinking", "clear_thinking"],
      },
      samplingParameters: OPENAI_SAMPLING,
      samplingRanges: OPENAI_RANGES,
      price: { inputPerMillionTokensUsd: 0.5, outputPerMillionTokensUsd: 1.5 },
    },
    {
      // [M:deepseek-v4-flash-0731] ctx, tools, reasoning_effort max|high|low|none (default high; minimal→low,
      // medium/xhigh→high), async_queue, require_workers_paid, price
      id: "@cf/deepseek-ai/deepseek-v4-flash-0731",
      task: "text-generation",
      family: "openai",
      contextWindow: 1_048_576,
      defaultMaxOutputTokens: 16_384,
      tools: true,
      vision: false,
      jsonMode: true,
      jsonSchemaForm: "named",
      thinking: true,
      reasoning: {
        efforts: ["max", "high", "low", "none"],
        defaultEffort: "high",
        canDisable: true,
        disableWith: "none-effort",
        effortAliases: { minimal: "low", medium: "high", xhigh: "high" },
        chatTemplateKwargs: ["enable_thinking", "clear_thinking"],
      },
      samplingParameters: OPENAI_SAMPLING,
      samplingRanges: OPENAI_RANGES,
      asyncQueue: true,
      requiresPaid: true,
      price: {
        inputPerMillionTokensUsd: 0.44,
        outputPerMillionTokensUsd: 1.32,
        cachedInputPerMillionTokensUsd: 0.014,
      },
    },
    {
      // [M:deepseek-v4-pro-0813] ctx, tools, reasoning_effort low|medium|high (schema), enable_thinking,
      // require_workers_paid, price
      id: "@cf/deepseek-ai/deepseek-v4-pro-0813",
      task: "text-generation",
      family: "openai",
      contextWindow: 1_048_576,
      defaultMaxOutputTokens: 16_384,
      tools: true,
      vision: false,
      jsonMode: true,
      jsonSchemaForm: "named",
      thinking: true,
      reasoning: {
        efforts: ["low", "medium", "high"],
        canDisable: true,
        disableWith: "enable-thinking-false",
        chatTemplateKwargs: ["enable_thinking", "clear_thinking"],
      },
      samplingParameters: OPENAI_SAMPLING,
      samplingRanges: OPENAI_RANGES,
      requiresPaid: true,
      price: {
        inputPerMillionTokensUsd: 1.32,
        outputPerMillionTokensUsd: 3.96,
        cachedInputPerMillionTokensUsd: 0.044,
      },
    },

    // ───────────────────────────── Text generation: legacy family ─────────────────────────────
    {
      // [M:qwq-32b] ctx, tools in schema, guided_json, lora, reasoning always on; legacy per [T];
      // emits reasoning_content per the client README [C] (readers handle both places)
      id: "@cf/qwen/qwq-32b",
      task: "text-generation",
      family: "legacy",
      contextWindow: 24_000,
      platformDefaultMaxTokens: 256,
      defaultMaxOutputTokens: 6000,
      tools: true,
      toolsSchemaOnly: true,
      // the schema's image_url parts come from the shared generator (as mistral-small's); no vision property
      vision: false,
      jsonMode: false,
      guidedJson: true,
      thinking: true,
      reasoning: { canDisable: false, output: "reasoning_content" },
      samplingParameters: LEGACY_SAMPLING,
      toolCallIdPattern: "[a-zA-Z0-9]{9}",
      samplingRanges: { ...LEGACY_POSITIVE_PENALTY_RANGES, temperature: { min: 0, max: 5, default: 0.15 } },
      lora: true,
      price: { inputPerMillionTokensUsd: 0.66, outputPerMillionTokensUsd: 1.0 },
    },
    {
      // [M:qwen2.5-coder-32b-instruct] ctx, tools in schema, JSON, lora, string content only
      id: "@cf/qwen/qwen2.5-coder-32b-instruct",
      task: "text-generation",
      family: "legacy",
      contextWindow: 32_768,
      platformDefaultMaxTokens: 256,
      defaultMaxOutputTokens: 8192,
      tools: true,
      toolsSchemaOnly: true,
      vision: false,
      jsonMode: true,
      jsonSchemaForm: "bare",
      thinking: false,
      stringContentOnly: true,
      samplingParameters: LEGACY_SAMPLING,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      lora: true,
      price: { inputPerMillionTokensUsd: 0.66, outputPerMillionTokensUsd: 1.0 },
    },
    {
      // [M:llama-4-scout-17b-16e-instruct] ctx, tools, vision (data URLs), JSON + guided_json,
      // temperature default 0.15, tool_call_id pattern; [T] OpenAI-like tool_calls
      id: "@cf/meta/llama-4-scout-17b-16e-instruct",
      task: "text-generation",
      family: "legacy",
      contextWindow: 131_000,
      platformDefaultMaxTokens: 256,
      defaultMaxOutputTokens: 8192,
      tools: true,
      vision: true,
      visionInput: "content-parts",
      jsonMode: true,
      jsonSchemaForm: "bare",
      guidedJson: true,
      thinking: false,
      toolCallIdPattern: "[a-zA-Z0-9]{9}",
      samplingParameters: LEGACY_SAMPLING,
      samplingRanges: { ...LEGACY_POSITIVE_PENALTY_RANGES, temperature: { min: 0, max: 5, default: 0.15 } },
      price: { inputPerMillionTokensUsd: 0.27, outputPerMillionTokensUsd: 0.85 },
    },
    {
      // [M:llama-3.3-70b-instruct-fp8-fast] ctx, tools, JSON, async_queue, string content only
      id: "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
      task: "text-generation",
      family: "legacy",
      contextWindow: 24_000,
      platformDefaultMaxTokens: 256,
      defaultMaxOutputTokens: 6000,
      tools: true,
      vision: false,
      jsonMode: true,
      jsonSchemaForm: "bare",
      thinking: false,
      stringContentOnly: true,
      samplingParameters: LEGACY_SAMPLING,
      samplingRanges: LEGACY_SIGNED_PENALTY_RANGES,
      asyncQueue: true,
      // [M] 0.29 / 2.25 (the pricing page [P] said 0.293 / 2.253: the model file wins)
      price: { inputPerMillionTokensUsd: 0.29, outputPerMillionTokensUsd: 2.25 },
    },
    {
      // [M:llama-3.1-8b-instruct] tools in schema, no response_format, string content ≤ 131,072 chars; ctx
      // unpublished; absent from the latest [T] map (possibly deprecated, unconfirmed)
      id: "@cf/meta/llama-3.1-8b-instruct",
      task: "text-generation",
      family: "legacy",
      platformDefaultMaxTokens: 256,
      defaultMaxOutputTokens: 2048,
      tools: true,
      toolsSchemaOnly: true,
      vision: false,
      jsonMode: false,
      stringContentOnly: true,
      thinking: false,
      maxPromptCharacters: 131_072,
      samplingParameters: LEGACY_SAMPLING,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      // [P]
      price: {
        inputPerMillionTokensUsd: 0.282,
        outputPerMillionTokensUsd: 0.827,
        inputNeuronsPerMillionTokens: 25_608,
        outputNeuronsPerMillionTokens: 75_147,
      },
    },
    {
      // [M:llama-3.1-8b-instruct-fast] (docs file name `-fast`; both spellings resolve here) tools in schema, no
      // response_format, string content ≤ 131,072 chars, beta; ctx unpublished
      id: "@cf/meta/llama-3.1-8b-instruct-fp8-fast",
      task: "text-generation",
      family: "legacy",
      platformDefaultMaxTokens: 256,
      defaultMaxOutputTokens: 2048,
      tools: true,
      toolsSchemaOnly: true,
      vision: false,
      jsonMode: false,
      stringContentOnly: true,
      maxPromptCharacters: 131_072,
      thinking: false,
      samplingParameters: LEGACY_SAMPLING,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      beta: true,
      // [P]
      price: {
        inputPerMillionTokensUsd: 0.045,
        outputPerMillionTokensUsd: 0.384,
        inputNeuronsPerMillionTokens: 4119,
        outputNeuronsPerMillionTokens: 34_868,
      },
    },
    {
      // [M:llama-3.2-1b-instruct] tools in schema, no response_format, string content ≤ 131,072 chars; ctx unpublished
      id: "@cf/meta/llama-3.2-1b-instruct",
      task: "text-generation",
      family: "legacy",
      platformDefaultMaxTokens: 256,
      defaultMaxOutputTokens: 2048,
      tools: true,
      toolsSchemaOnly: true,
      vision: false,
      jsonMode: false,
      stringContentOnly: true,
      thinking: false,
      maxPromptCharacters: 131_072,
      samplingParameters: LEGACY_SAMPLING,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      // [P]
      price: {
        inputPerMillionTokensUsd: 0.027,
        outputPerMillionTokensUsd: 0.201,
        inputNeuronsPerMillionTokens: 2457,
        outputNeuronsPerMillionTokens: 18_252,
      },
    },
    {
      // [M:llama-3.2-11b-vision-instruct] tools in schema, vision as a top-level `image` field with string content
      // ([T] also types content parts: the schema wins), no response_format, lora, price; Llama 3.2 terms (5016)
      id: "@cf/meta/llama-3.2-11b-vision-instruct",
      task: "text-generation",
      family: "legacy",
      platformDefaultMaxTokens: 256,
      defaultMaxOutputTokens: 2048,
      tools: true,
      toolsSchemaOnly: true,
      vision: true,
      visionInput: "image-field",
      stringContentOnly: true,
      maxPromptCharacters: 131_072,
      jsonMode: false,
      thinking: false,
      samplingParameters: LEGACY_SAMPLING,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      lora: true,
      // [M] output 0.68 (the pricing page [P] said 0.676: the model file wins)
      price: { inputPerMillionTokensUsd: 0.049, outputPerMillionTokensUsd: 0.68 },
    },
    {
      // [M:gemma-3-12b-it] ctx 80,000 (description says 128K native), tools in schema, vision, guided_json, lora
      id: "@cf/google/gemma-3-12b-it",
      task: "text-generation",
      family: "legacy",
      contextWindow: 80_000,
      platformDefaultMaxTokens: 256,
      defaultMaxOutputTokens: 8192,
      tools: true,
      toolsSchemaOnly: true,
      vision: true,
      visionInput: "content-parts",
      jsonMode: false,
      guidedJson: true,
      thinking: false,
      samplingParameters: LEGACY_SAMPLING,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      lora: true,
      price: { inputPerMillionTokensUsd: 0.35, outputPerMillionTokensUsd: 0.56 },
    },
    {
      // [M:mistral-small-3.1-24b-instruct] ctx, tools in schema, vision, guided_json,
      // tool_call_id pattern, temperature default 0.15
      id: "@cf/mistralai/mistral-small-3.1-24b-instruct",
      task: "text-generation",
      family: "legacy",
      contextWindow: 128_000,
      platformDefaultMaxTokens: 256,
      defaultMaxOutputTokens: 8192,
      tools: true,
      vision: true,
      visionInput: "content-parts",
      jsonMode: false,
      guidedJson: true,
      thinking: false,
      toolCallIdPattern: "[a-zA-Z0-9]{9}",
      samplingParameters: LEGACY_SAMPLING,
      samplingRanges: { ...LEGACY_POSITIVE_PENALTY_RANGES, temperature: { min: 0, max: 5, default: 0.15 } },
      price: { inputPerMillionTokensUsd: 0.35, outputPerMillionTokensUsd: 0.56 },
    },
    {
      // [M:deepseek-r1-distill-qwen-32b] ctx, tools in schema, JSON, reasoning; reasoning placement
      // (think tags inside `response`) unconfirmed
      id: "@cf/deepseek-ai/deepseek-r1-distill-qwen-32b",
      task: "text-generation",
      family: "legacy",
      contextWindow: 80_000,
      platformDefaultMaxTokens: 256,
      defaultMaxOutputTokens: 16_384,
      tools: true,
      toolsSchemaOnly: true,
      vision: false,
      jsonMode: true,
      jsonSchemaForm: "bare",
      thinking: true,
      reasoning: { canDisable: false, output: "think-tags" },
      samplingParameters: LEGACY_SAMPLING,
      samplingRanges: LEGACY_SIGNED_PENALTY_RANGES,
      // [P]
      price: {
        inputPerMillionTokensUsd: 0.497,
        outputPerMillionTokensUsd: 4.881,
        inputNeuronsPerMillionTokens: 45_170,
        outputNeuronsPerMillionTokens: 443_756,
      },
    },
    {
      // [M:granite-4.0-h-micro] ctx (docs schema empty: tools, JSON mode, sampling unconfirmed); legacy per [T]
      id: "@cf/ibm-granite/granite-4.0-h-micro",
      task: "text-generation",
      family: "legacy",
      contextWindow: 131_000,
      defaultMaxOutputTokens: 8192,
      vision: false,
      thinking: false,
      // [P]
      price: { inputPerMillionTokensUsd: 0.017, outputPerMillionTokensUsd: 0.11 },
    },

    // ─────────── Text generation: older and retired models (published files, legacy schemas) ───────────
    {
      // [M:apertus-v1.5-8b] ctx, tools
      id: "@cf/swiss-ai/apertus-v1.5-8b",
      task: "text-generation",
      // no schema published: the reply family is unconfirmed (OpenAI chat-completions, as the other 2026 models)
      family: "openai",
      contextWindow: 262_144,
      defaultMaxOutputTokens: 8192,
      tools: true,
      vision: true,
    },
    {
      // [M:deepseek-coder-6.7b-base-awq] tools in schema
      id: "@hf/thebloke/deepseek-coder-6.7b-base-awq",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      defaultMaxOutputTokens: 2048,
      jsonMode: false,
      maxPromptCharacters: 131_072,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      beta: true,
    },
    {
      // [M:deepseek-coder-6.7b-instruct-awq] ctx, tools in schema, JSON mode
      id: "@hf/thebloke/deepseek-coder-6.7b-instruct-awq",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      contextWindow: 4096,
      defaultMaxOutputTokens: 1024,
      jsonMode: true,
      jsonSchemaForm: "bare",
      samplingRanges: LEGACY_SIGNED_PENALTY_RANGES,
      beta: true,
    },
    {
      // [M:deepseek-math-7b-instruct] tools in schema
      id: "@cf/deepseek-ai/deepseek-math-7b-instruct",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      defaultMaxOutputTokens: 2048,
      jsonMode: false,
      maxPromptCharacters: 131_072,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      beta: true,
    },
    {
      // [M:discolm-german-7b-v1-awq] ctx, tools in schema
      id: "@cf/thebloke/discolm-german-7b-v1-awq",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      contextWindow: 4096,
      defaultMaxOutputTokens: 1024,
      jsonMode: false,
      maxPromptCharacters: 131_072,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      beta: true,
    },
    {
      // [M:eurollm-9b-it] ctx, tools
      id: "@cf/utter-project/eurollm-9b-it",
      task: "text-generation",
      // no schema published: the reply family is unconfirmed (OpenAI chat-completions, as the other 2026 models)
      family: "openai",
      contextWindow: 32_000,
      defaultMaxOutputTokens: 8000,
      tools: true,
      vision: false,
    },
    {
      // [M:falcon-7b-instruct] tools in schema
      id: "@cf/tiiuae/falcon-7b-instruct",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      defaultMaxOutputTokens: 2048,
      jsonMode: false,
      maxPromptCharacters: 131_072,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      beta: true,
    },
    {
      // [M:gemma-2b-it-lora] ctx, tools in schema, JSON mode
      id: "@cf/google/gemma-2b-it-lora",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      contextWindow: 8192,
      defaultMaxOutputTokens: 2048,
      jsonMode: true,
      jsonSchemaForm: "bare",
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      lora: true,
      beta: true,
    },
    {
      // [M:gemma-7b-it-lora] tools in schema
      id: "@cf/google/gemma-7b-it-lora",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      defaultMaxOutputTokens: 2048,
      jsonMode: false,
      maxPromptCharacters: 131_072,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      lora: true,
      beta: true,
    },
    {
      // [M:gemma-7b-it] ctx, tools in schema
      id: "@hf/google/gemma-7b-it",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      contextWindow: 8192,
      defaultMaxOutputTokens: 2048,
      jsonMode: false,
      maxPromptCharacters: 131_072,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      lora: true,
      beta: true,
    },
    {
      // [M:gemma-sea-lion-v4-27b-it] ctx, tools in schema, JSON mode, price
      id: "@cf/aisingapore/gemma-sea-lion-v4-27b-it",
      task: "text-generation",
      family: "legacy",
      contextWindow: 128_000,
      platformDefaultMaxTokens: 2000,
      defaultMaxOutputTokens: 8192,
      tools: true,
      toolsSchemaOnly: true,
      vision: false,
      jsonMode: true,
      jsonSchemaForm: "bare",
      samplingParameters: LEGACY_SAMPLING,
      samplingRanges: LEGACY_SIGNED_PENALTY_RANGES,
      price: { inputPerMillionTokensUsd: 0.35, outputPerMillionTokensUsd: 0.56 },
    },
    {
      // [M:hermes-2-pro-mistral-7b] ctx, tools
      id: "@hf/nousresearch/hermes-2-pro-mistral-7b",
      task: "text-generation",
      family: "legacy",
      contextWindow: 24_000,
      platformDefaultMaxTokens: 256,
      defaultMaxOutputTokens: 6000,
      tools: true,
      vision: false,
      jsonMode: false,
      stringContentOnly: true,
      maxPromptCharacters: 131_072,
      samplingParameters: LEGACY_SAMPLING,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      beta: true,
    },
    {
      // [M:llama-2-13b-chat-awq] tools in schema
      id: "@hf/thebloke/llama-2-13b-chat-awq",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      defaultMaxOutputTokens: 2048,
      jsonMode: false,
      maxPromptCharacters: 131_072,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      beta: true,
    },
    {
      // [M:llama-2-7b-chat-fp16] ctx, tools in schema, JSON mode
      id: "@cf/meta/llama-2-7b-chat-fp16",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      contextWindow: 4096,
      defaultMaxOutputTokens: 1024,
      jsonMode: true,
      jsonSchemaForm: "bare",
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
    },
    {
      // [M:llama-2-7b-chat-hf-lora] ctx, tools in schema
      id: "@cf/meta-llama/llama-2-7b-chat-hf-lora",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      contextWindow: 8192,
      defaultMaxOutputTokens: 2048,
      jsonMode: false,
      maxPromptCharacters: 131_072,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      lora: true,
      beta: true,
    },
    {
      // [M:llama-2-7b-chat-int8] ctx, tools in schema, JSON mode, planned deprecation 2026-05-30
      id: "@cf/meta/llama-2-7b-chat-int8",
      task: "text-generation",
      family: "legacy",
      contextWindow: 8192,
      platformDefaultMaxTokens: 256,
      defaultMaxOutputTokens: 2048,
      tools: true,
      toolsSchemaOnly: true,
      vision: false,
      jsonMode: true,
      jsonSchemaForm: "bare",
      samplingParameters: LEGACY_SAMPLING,
      samplingRanges: LEGACY_SIGNED_PENALTY_RANGES,
      plannedDeprecationDate: "2026-05-30",
    },
    {
      // [M:llama-3-8b-instruct-awq] tools in schema
      id: "@cf/meta/llama-3-8b-instruct-awq",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      defaultMaxOutputTokens: 2048,
      jsonMode: false,
      maxPromptCharacters: 131_072,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      beta: true,
    },
    {
      // [M:llama-3-8b-instruct] tools in schema
      id: "@cf/meta/llama-3-8b-instruct",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      defaultMaxOutputTokens: 2048,
      jsonMode: false,
      maxPromptCharacters: 131_072,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
    },
    {
      // [M:llama-3.1-70b-instruct] tools in schema
      id: "@cf/meta/llama-3.1-70b-instruct",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      defaultMaxOutputTokens: 2048,
      jsonMode: false,
      maxPromptCharacters: 131_072,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
    },
    {
      // [M:llama-3.1-8b-instruct-awq] tools in schema
      id: "@cf/meta/llama-3.1-8b-instruct-awq",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      defaultMaxOutputTokens: 2048,
      jsonMode: false,
      maxPromptCharacters: 131_072,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
    },
    {
      // [M:llama-3.1-8b-instruct-fp8] ctx, tools in schema, JSON mode
      id: "@cf/meta/llama-3.1-8b-instruct-fp8",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      contextWindow: 32_000,
      defaultMaxOutputTokens: 8000,
      jsonMode: true,
      jsonSchemaForm: "bare",
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
    },
    {
      // [M:llama-3.2-3b-instruct] tools in schema
      id: "@cf/meta/llama-3.2-3b-instruct",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      defaultMaxOutputTokens: 2048,
      jsonMode: false,
      maxPromptCharacters: 131_072,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
    },
    {
      // [M:llama-guard-3-8b] JSON mode
      id: "@cf/meta/llama-guard-3-8b",
      task: "text-generation",
      family: "legacy",
      platformDefaultMaxTokens: 256,
      defaultMaxOutputTokens: 2048,
      vision: false,
      jsonMode: true,
      stringContentOnly: true,
      maxPromptCharacters: 131_072,
      samplingParameters: ["max_tokens", "temperature"],
      samplingRanges: { temperature: { min: 0, max: 5, default: 0.6 } },
    },
    {
      // [M:llamaguard-7b-awq] ctx, tools in schema
      id: "@hf/thebloke/llamaguard-7b-awq",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      contextWindow: 4096,
      defaultMaxOutputTokens: 1024,
      jsonMode: false,
      maxPromptCharacters: 131_072,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      beta: true,
    },
    {
      // [M:meta-llama-3-8b-instruct] tools in schema
      id: "@hf/meta-llama/meta-llama-3-8b-instruct",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      defaultMaxOutputTokens: 2048,
      jsonMode: false,
      maxPromptCharacters: 131_072,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
    },
    {
      // [M:mistral-7b-instruct-v0.1-awq] ctx, tools in schema, JSON mode
      id: "@hf/thebloke/mistral-7b-instruct-v0.1-awq",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      contextWindow: 4096,
      defaultMaxOutputTokens: 1024,
      jsonMode: true,
      jsonSchemaForm: "bare",
      samplingRanges: LEGACY_SIGNED_PENALTY_RANGES,
      beta: true,
    },
    {
      // [M:mistral-7b-instruct-v0.1] tools in schema
      id: "@cf/mistral/mistral-7b-instruct-v0.1",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      defaultMaxOutputTokens: 2048,
      jsonMode: false,
      maxPromptCharacters: 131_072,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      lora: true,
    },
    {
      // [M:mistral-7b-instruct-v0.2-lora] ctx, tools in schema, JSON mode
      id: "@cf/mistral/mistral-7b-instruct-v0.2-lora",
      task: "text-generation",
      family: "legacy",
      contextWindow: 15_000,
      platformDefaultMaxTokens: 256,
      defaultMaxOutputTokens: 3750,
      tools: true,
      toolsSchemaOnly: true,
      vision: false,
      jsonMode: true,
      jsonSchemaForm: "bare",
      samplingParameters: LEGACY_SAMPLING,
      samplingRanges: LEGACY_SIGNED_PENALTY_RANGES,
      lora: true,
    },
    {
      // [M:mistral-7b-instruct-v0.2] ctx, tools in schema, JSON mode, planned deprecation 2026-05-30
      id: "@hf/mistral/mistral-7b-instruct-v0.2",
      task: "text-generation",
      family: "legacy",
      contextWindow: 3072,
      platformDefaultMaxTokens: 256,
      defaultMaxOutputTokens: 768,
      tools: true,
      toolsSchemaOnly: true,
      vision: false,
      jsonMode: true,
      jsonSchemaForm: "bare",
      samplingParameters: LEGACY_SAMPLING,
      samplingRanges: LEGACY_SIGNED_PENALTY_RANGES,
      lora: true,
      beta: true,
      plannedDeprecationDate: "2026-05-30",
    },
    {
      // [M:neural-chat-7b-v3-1-awq] ctx, tools in schema
      id: "@hf/thebloke/neural-chat-7b-v3-1-awq",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      contextWindow: 4096,
      defaultMaxOutputTokens: 1024,
      jsonMode: false,
      maxPromptCharacters: 131_072,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      beta: true,
    },
    {
      // [M:openchat-3.5-0106] ctx, tools in schema
      id: "@cf/openchat/openchat-3.5-0106",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      contextWindow: 8192,
      defaultMaxOutputTokens: 2048,
      jsonMode: false,
      maxPromptCharacters: 131_072,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      beta: true,
    },
    {
      // [M:openhermes-2.5-mistral-7b-awq] ctx, tools in schema, JSON mode
      id: "@hf/thebloke/openhermes-2.5-mistral-7b-awq",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      contextWindow: 4096,
      defaultMaxOutputTokens: 1024,
      jsonMode: true,
      jsonSchemaForm: "bare",
      samplingRanges: LEGACY_SIGNED_PENALTY_RANGES,
      beta: true,
    },
    {
      // [M:phi-2] tools in schema
      id: "@cf/microsoft/phi-2",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      defaultMaxOutputTokens: 2048,
      jsonMode: false,
      maxPromptCharacters: 131_072,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      beta: true,
    },
    {
      // [M:qwen1.5-0.5b-chat] tools in schema
      id: "@cf/qwen/qwen1.5-0.5b-chat",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      defaultMaxOutputTokens: 2048,
      jsonMode: false,
      maxPromptCharacters: 131_072,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      beta: true,
    },
    {
      // [M:qwen1.5-1.8b-chat] tools in schema
      id: "@cf/qwen/qwen1.5-1.8b-chat",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      defaultMaxOutputTokens: 2048,
      jsonMode: false,
      maxPromptCharacters: 131_072,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      beta: true,
    },
    {
      // [M:qwen1.5-14b-chat-awq] ctx, tools in schema, JSON mode
      id: "@cf/qwen/qwen1.5-14b-chat-awq",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      contextWindow: 7500,
      defaultMaxOutputTokens: 1875,
      jsonMode: true,
      jsonSchemaForm: "bare",
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      beta: true,
    },
    {
      // [M:qwen1.5-7b-chat-awq] ctx, tools in schema, JSON mode, planned deprecation 2025-10-01
      id: "@cf/qwen/qwen1.5-7b-chat-awq",
      task: "text-generation",
      family: "legacy",
      contextWindow: 20_000,
      platformDefaultMaxTokens: 256,
      defaultMaxOutputTokens: 5000,
      tools: true,
      toolsSchemaOnly: true,
      vision: false,
      jsonMode: true,
      jsonSchemaForm: "bare",
      samplingParameters: LEGACY_SAMPLING,
      samplingRanges: LEGACY_SIGNED_PENALTY_RANGES,
      beta: true,
      plannedDeprecationDate: "2025-10-01",
    },
    {
      // [M:sqlcoder-7b-2] ctx, tools in schema, JSON mode
      id: "@cf/defog/sqlcoder-7b-2",
      task: "text-generation",
      family: "legacy",
      contextWindow: 10_000,
      platformDefaultMaxTokens: 256,
      defaultMaxOutputTokens: 2500,
      tools: true,
      toolsSchemaOnly: true,
      vision: false,
      jsonMode: true,
      jsonSchemaForm: "bare",
      samplingParameters: LEGACY_SAMPLING,
      samplingRanges: LEGACY_SIGNED_PENALTY_RANGES,
      beta: true,
    },
    {
      // [M:starling-lm-7b-beta] ctx, tools in schema, JSON mode
      id: "@hf/nexusflow/starling-lm-7b-beta",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      contextWindow: 4096,
      defaultMaxOutputTokens: 1024,
      jsonMode: true,
      jsonSchemaForm: "bare",
      samplingRanges: LEGACY_SIGNED_PENALTY_RANGES,
      beta: true,
    },
    {
      // [M:tinyllama-1.1b-chat-v1.0] tools in schema
      id: "@cf/tinyllama/tinyllama-1.1b-chat-v1.0",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      defaultMaxOutputTokens: 2048,
      jsonMode: false,
      maxPromptCharacters: 131_072,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      beta: true,
    },
    {
      // [M:una-cybertron-7b-v2-bf16] tools in schema
      id: "@cf/fblgit/una-cybertron-7b-v2-bf16",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      defaultMaxOutputTokens: 2048,
      jsonMode: false,
      maxPromptCharacters: 131_072,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      beta: true,
    },
    {
      // [M:zephyr-7b-beta-awq] tools in schema
      id: "@hf/thebloke/zephyr-7b-beta-awq",
      task: "text-generation",
      ...LEGACY_STRING_CHAT,
      defaultMaxOutputTokens: 2048,
      jsonMode: false,
      maxPromptCharacters: 131_072,
      samplingRanges: LEGACY_POSITIVE_PENALTY_RANGES,
      beta: true,
    },

    // ───────────────────────────── Embeddings, reranking ─────────────────────────────
    {
      // [M:bge-small-en-v1.5] text + pooling; [M] max_input_tokens 512, output_dimensions, async_queue, price; batch 100 unconfirmed
      id: "@cf/baai/bge-small-en-v1.5",
      task: "text-embeddings",
      contextWindow: 512,
      embedding: { dimensions: 384, maxBatchSize: 100, inputForm: "text", pooling: true },
      asyncQueue: true,
      price: { inputPerMillionTokensUsd: 0.02, inputNeuronsPerMillionTokens: 1841 },
    },
    {
      // [M:bge-base-en-v1.5] text + pooling; [M] max_input_tokens 512, output_dimensions, async_queue, price; batch 100 unconfirmed
      id: "@cf/baai/bge-base-en-v1.5",
      task: "text-embeddings",
      contextWindow: 512,
      embedding: { dimensions: 768, maxBatchSize: 100, inputForm: "text", pooling: true },
      asyncQueue: true,
      price: { inputPerMillionTokensUsd: 0.067, inputNeuronsPerMillionTokens: 6058 },
    },
    {
      // [M:bge-large-en-v1.5] text + pooling; [M] max_input_tokens 512, output_dimensions, async_queue, price; batch 100 unconfirmed
      id: "@cf/baai/bge-large-en-v1.5",
      task: "text-embeddings",
      contextWindow: 512,
      embedding: { dimensions: 1024, maxBatchSize: 100, inputForm: "text", pooling: true },
      asyncQueue: true,
      // [M] 0.2 (the pricing page [P] said 0.204 / 18,582 neurons: the model file wins)
      price: { inputPerMillionTokensUsd: 0.2 },
    },
    {
      // [M:bge-m3] ctx 60,000, text ≤ 100 or query + contexts (scoring, no top_k); dims 1024 unconfirmed
      id: "@cf/baai/bge-m3",
      task: "text-embeddings",
      contextWindow: 60_000,
      embedding: { dimensions: 1024, maxBatchSize: 100, inputForm: "text-or-contexts" },
      reranking: { topK: false },
      price: { inputPerMillionTokensUsd: 0.0118 },
    },
    {
      // [M:embeddinggemma-300m] text → {data, shape}; ctx, dims (768), batch (100) and price unconfirmed
      id: "@cf/google/embeddinggemma-300m",
      task: "text-embeddings",
      embedding: { dimensions: 768, maxBatchSize: 100, inputForm: "text" },
    },
    {
      // [M:qwen3-embedding-0.6b] ctx 8,192, queries/documents/text ≤ 32 + instruction; dims 1024 unconfirmed
      id: "@cf/qwen/qwen3-embedding-0.6b",
      task: "text-embeddings",
      contextWindow: 8192,
      embedding: { dimensions: 1024, maxBatchSize: 32, inputForm: "qwen3" },
      // [P]
      price: { inputPerMillionTokensUsd: 0.012 },
    },
    {
      // [M:omni-bge-base-en-v1.5] ctx
      id: "@cf/baai/omni-bge-base-en-v1.5",
      task: "text-embeddings",
      contextWindow: 512,
      embedding: { dimensions: 768, maxBatchSize: 100, inputForm: "text", pooling: true },
      asyncQueue: true,
    },
    {
      // [M:plamo-embedding-1b] price
      id: "@cf/pfnet/plamo-embedding-1b",
      task: "text-embeddings",
      embedding: { maxBatchSize: 100, inputForm: "text" },
      // batch size unpublished (100 assumed as bge's),
      price: { inputPerMillionTokensUsd: 0.0186 },
    },
    {
      // [M:bge-reranker-base] catalog task "Text Classification"; query + contexts + top_k; ctx and price unconfirmed
      id: "@cf/baai/bge-reranker-base",
      task: "text-classification",
      reranking: { topK: true },
    },

    // ───────────────────────────── Images ─────────────────────────────
    {
      // [M:flux-1-schnell] prompt ≤ 2048, steps ≤ 8 (default 4), additionalProperties false, JSON base64 output;
      // output size 1024×1024 unconfirmed (used only for cost estimates)
      id: "@cf/black-forest-labs/flux-1-schnell",
      task: "text-to-image",
      image: {
        output: "json-base64",
        input: "json",
        stepsParameter: "steps",
        defaultSteps: 4,
        maxSteps: 8,
        defaultWidth: 1024,
        defaultHeight: 1024,
        size: false,
        seed: false,
        guidance: false,
        negativePrompt: false,
        imageInput: false,
        maxPromptLength: 2048,
      },
      // [P] per tile + per step (4.80 / 9.60 neurons)
      price: {
        perTileUsd: 0.0000528,
        perStepUsd: 0.0001056,
        perTileNeurons: 4.8,
        perStepNeurons: 9.6,
      },
    },
    {
      // [M:flux-2-klein-4b][D:FLUX.2 klein 9B changelog] multipart input, steps fixed at 4, ≤ 4 input images,
      // partner; size limits, seed and price unconfirmed
      id: "@cf/black-forest-labs/flux-2-klein-4b",
      task: "text-to-image",
      image: {
        output: "json-base64",
        input: "multipart",
        defaultSteps: 4,
        fixedSteps: true,
        size: true,
        imageInput: true,
        maxInputImages: 4,
      },
      partner: true,
    },
    {
      // [D:FLUX.2 klein 9B changelog] as flux-2-klein-4b; size limits, seed and price unconfirmed
      id: "@cf/black-forest-labs/flux-2-klein-9b",
      task: "text-to-image",
      image: {
        output: "json-base64",
        input: "multipart",
        defaultSteps: 4,
        fixedSteps: true,
        size: true,
        imageInput: true,
        maxInputImages: 4,
      },
      partner: true,
    },
    {
      // [D:flux-2-dev model page] multipart input with `steps`, input images (≤ 4 assumed as klein: unconfirmed);
      // step default/max and size limits unconfirmed, partner; [M] price per tile per step
      id: "@cf/black-forest-labs/flux-2-dev",
      task: "text-to-image",
      image: {
        output: "json-base64",
        input: "multipart",
        stepsParameter: "steps",
        size: true,
        imageInput: true,
        maxInputImages: 4,
      },
      partner: true,
      // [M] per input / output 512×512 tile per step (the pricing page [P] said 0.00021 / 0.00041)
      price: { perInputTilePerStepUsd: 0.000413, perOutputTilePerStepUsd: 0.000825 },
    },
    {
      // [M:lucid-origin] guidance 0–10 (4.5), seed, width/height ≤ 2500 (default 1120), num_steps/steps 1–40,
      // JSON base64 output, partner; default steps unconfirmed
      id: "@cf/leonardo/lucid-origin",
      task: "text-to-image",
      image: {
        output: "json-base64",
        input: "json",
        stepsParameter: "num_steps",
        maxSteps: 40,
        size: true,
        maxSize: 2500,
        defaultWidth: 1120,
        defaultHeight: 1120,
        seed: true,
        guidance: true,
        imageInput: false,
      },
      partner: true,
      // [P]
      price: { perTileUsd: 0.007, perStepUsd: 0.000132 },
    },
    {
      // [M:phoenix-1.0] guidance 2–10 (2), seed, width/height ≤ 2048 (default 1024), num_steps 1–50 (25),
      // negative_prompt, binary JPEG output, partner
      id: "@cf/leonardo/phoenix-1.0",
      task: "text-to-image",
      image: {
        output: "binary-jpeg",
        input: "json",
        stepsParameter: "num_steps",
        defaultSteps: 25,
        maxSteps: 50,
        size: true,
        maxSize: 2048,
        defaultWidth: 1024,
        defaultHeight: 1024,
        seed: true,
        guidance: true,
        negativePrompt: true,
        imageInput: false,
      },
      partner: true,
      // [P]
      price: { perTileUsd: 0.0058, perStepUsd: 0.00011 },
    },
    {
      // [M:stable-diffusion-xl-base-1.0] width/height 256–2048, image/image_b64 + mask (img2img, inpainting),
      // num_steps ≤ 20 (20), strength, guidance, seed, negative_prompt, binary PNG, beta; price unconfirmed
      id: "@cf/stabilityai/stable-diffusion-xl-base-1.0",
      task: "text-to-image",
      image: SD_IMAGE,
      beta: true,
    },
    {
      // [M:stable-diffusion-xl-lightning] price
      id: "@cf/bytedance/stable-diffusion-xl-lightning",
      task: "text-to-image",
      image: SD_IMAGE,
      beta: true,
      price: { perStepUsd: 0 },
    },
    {
      // [M:dreamshaper-8-lcm]
      id: "@cf/lykon/dreamshaper-8-lcm",
      task: "text-to-image",
      image: SD_IMAGE,
      beta: true,
    },
    {
      // [M:stable-diffusion-v1-5-img2img]
      id: "@cf/runwayml/stable-diffusion-v1-5-img2img",
      task: "text-to-image",
      image: SD_IMAGE,
      beta: true,
    },
    {
      // [M:stable-diffusion-v1-5-inpainting] price
      id: "@cf/runwayml/stable-diffusion-v1-5-inpainting",
      task: "text-to-image",
      image: SD_IMAGE,
      beta: true,
      price: { perStepUsd: 0 },
    },

    // ───────────────────────────── Speech to text ─────────────────────────────
    {
      // [M:whisper] audio as number[] (or raw body over REST)
      id: "@cf/openai/whisper",
      task: "automatic-speech-recognition",
      transcription: { input: "byte-array" },
      // [P] $0.0005 per audio minute, 41.14 neurons
      price: { perAudioMinuteUsd: 0.0005, perAudioMinuteNeurons: 41.14 },
    },
    {
      // [M:whisper] (spec 2.1, 4.3: same input as whisper); beta; price unpublished
      id: "@cf/openai/whisper-tiny-en",
      task: "automatic-speech-recognition",
      transcription: { input: "byte-array" },
      beta: true,
    },
    {
      // [M:whisper-large-v3-turbo] base64 audio, task transcribe|translate, segments
      id: "@cf/openai/whisper-large-v3-turbo",
      task: "automatic-speech-recognition",
      transcription: { input: "base64", translate: true },
      // [P]
      price: { perAudioMinuteUsd: 0.00051 },
    },
    {
      // [M:nova-3][C] {body, contentType} / raw bytes, partner, realtime, async_queue
      id: "@cf/deepgram/nova-3",
      task: "automatic-speech-recognition",
      transcription: { input: "binary" },
      partner: true,
      realtime: true,
      asyncQueue: true,
      // [P]
      price: { perAudioMinuteUsd: 0.0052 },
    },
    {
      // [M:flux] conversational speech recognition over the realtime WebSocket only (no HTTP input schema)
      id: "@cf/deepgram/flux",
      task: "automatic-speech-recognition",
      partner: true,
      realtime: true,
    },

    // ───────────────────────────── Text to speech ─────────────────────────────
    {
      // [M:aura-2-en] `speaker` (40 voices, default luna), encodings, binary audio/mpeg, partner, realtime,
      // async_queue
      id: "@cf/deepgram/aura-2-en",
      task: "text-to-speech",
      speech: {
        voices: [
          "amalthea",
          "andromeda",
          "apollo",
          "arcas",
          "aries",
          "asteria",
          "athena",
          "atlas",
          "aurora",
          "callista",
          "cora",
          "cordelia",
          "delia",
          "draco",
          "electra",
          "harmonia",
          "helena",
          "hera",
          "hermes",
          "hyperion",
          "iris",
          "janus",
          "juno",
          "jupiter",
          "luna",
          "mars",
          "minerva",
          "neptune",
          "odysseus",
          "ophelia",
          "orion",
          "orpheus",
          "pandora",
          "phoebe",
          "pluto",
          "saturn",
          "thalia",
          "theia",
          "vesta",
          "zeus",
        ],
        defaultVoice: "luna",
        output: "binary",
        encodings: AURA_ENCODINGS,
        textParameter: "text",
      },
      partner: true,
      realtime: true,
      asyncQueue: true,
      // [P]
      price: { perThousandCharactersUsd: 0.03 },
    },
    {
      // [M:aura-2-es] same fields as aura-2-en, 10 Spanish voices; partner, realtime, async_queue, price [M]; default voice unconfirmed
      id: "@cf/deepgram/aura-2-es",
      task: "text-to-speech",
      speech: {
        voices: [
          "sirio",
          "nestor",
          "carina",
          "celeste",
          "alvaro",
          "diana",
          "aquila",
          "selena",
          "estrella",
          "javier",
        ],
        output: "binary",
        encodings: AURA_ENCODINGS,
        textParameter: "text",
      },
      partner: true,
      realtime: true,
      asyncQueue: true,
      price: { perThousandCharactersUsd: 0.03 },
    },
    {
      // spec 4.4 (aura-1 row): same fields as Aura-2, 12 voices; [M:aura-1] partner, realtime, async_queue, price; default voice and encodings unconfirmed
      id: "@cf/deepgram/aura-1",
      task: "text-to-speech",
      speech: {
        voices: [
          "angus",
          "asteria",
          "arcas",
          "orion",
          "orpheus",
          "athena",
          "luna",
          "zeus",
          "perseus",
          "helios",
          "hera",
          "stella",
        ],
        output: "binary",
        textParameter: "text",
      },
      partner: true,
      realtime: true,
      asyncQueue: true,
      price: { perThousandCharactersUsd: 0.015 },
    },
    {
      // [M:melotts] `prompt` + `lang` (default "en"), JSON {audio: base64 MP3} (binary MP3 also seen); price unconfirmed
      id: "@cf/myshell-ai/melotts",
      task: "text-to-speech",
      speech: { output: "json-base64", textParameter: "prompt" },
    },

    // ───────────────────────────── Translation, summarization, classification ─────────────────────────────
    {
      // [T] {text, target_lang, source_lang?} → {translated_text}; [P] per M tokens
      id: "@cf/meta/m2m100-1.2b",
      task: "translation",
      price: { inputPerMillionTokensUsd: 0.342, outputPerMillionTokensUsd: 0.342 },
    },
    {
      // [T] {text, target_language} → {translations}; [M] price
      id: "@cf/ai4bharat/indictrans2-en-indic-1B",
      task: "translation",
      price: { inputPerMillionTokensUsd: 0.342, outputPerMillionTokensUsd: 0.342 },
    },
    {
      // [T] {input_text, max_length?} → {summary}; price unconfirmed
      id: "@cf/facebook/bart-large-cnn",
      task: "summarization",
      // [M:bart-large-cnn]
      beta: true,
    },
    {
      // [T] {text} → [{label, score}]; [P]
      id: "@cf/huggingface/distilbert-sst-2-int8",
      task: "text-classification",
      price: { inputPerMillionTokensUsd: 0.026 },
    },
  ] as const satisfies readonly WorkersAIModelInfo[];
}

/** One row of the table with its literal types (used to derive the model-id unions). */
export type WorkersAIModelRow = ReturnType<typeof buildModelRows>[number];
