/** Workers AI task of a model (catalog task names, lower-kebab). */
export type WorkersAITask =
  | "text-generation"
  | "text-embeddings"
  | "text-to-image"
  | "automatic-speech-recognition"
  | "text-to-speech"
  | "text-classification"
  | "translation"
  | "summarization";

/** Reply family of a text-generation model (spec 3.1). gpt-oss answers "openai" to `messages` and "responses" to `input`. */
export type WorkersAIChatFamily = "legacy" | "openai" | "responses";

/** Price of a model in USD (and neurons where published). All optional: unknown stays undefined. */
export interface WorkersAIModelPrice {
  inputPerMillionTokensUsd?: number;
  outputPerMillionTokensUsd?: number;
  cachedInputPerMillionTokensUsd?: number;
  inputNeuronsPerMillionTokens?: number;
  outputNeuronsPerMillionTokens?: number;
  /** Images: USD per 512×512 tile and per step. */
  perTileUsd?: number;
  perStepUsd?: number;
  /** Images: published neurons per 512×512 tile and per step (when quoted next to the USD price). */
  perTileNeurons?: number;
  perStepNeurons?: number;
  /** Images priced per tile *and* step (FLUX.2 dev): USD per input-image tile per step and per output tile per step. */
  perInputTilePerStepUsd?: number;
  perOutputTilePerStepUsd?: number;
  /** Audio: USD per audio minute (ASR) or per 1,000 characters (TTS). */
  perAudioMinuteUsd?: number;
  perThousandCharactersUsd?: number;
  /** Audio: published neurons per audio minute (when quoted next to the USD price). */
  perAudioMinuteNeurons?: number;
}

/** Reasoning controls a model accepts (spec 3.7). */
export interface WorkersAIReasoningInfo {
  /** Accepted `reasoning_effort` values (empty/undefined = the field is not accepted). */
  efforts?: readonly string[];
  /** `reasoning_effort: null` (or enable_thinking false) turns reasoning off. */
  canDisable: boolean;
  /** Where the reasoning text arrives. */
  output?: "reasoning_content" | "reasoning" | "think-tags" | "responses";
  /** Reasoning is always on and cannot be configured at all (kimi-k2.7-code). */
  mandatory?: boolean;
  /** Effort the model uses when none is sent. */
  defaultEffort?: string;
  /**
   * How reasoning is turned off where `canDisable` is true: `reasoning_effort: null`, `reasoning_effort: "none"`,
   * or `chat_template_kwargs: { enable_thinking: false }`.
   */
  disableWith?: "null-effort" | "none-effort" | "enable-thinking-false";
  /** Extra `reasoning_effort` values the model accepts and maps onto one of `efforts` (e.g. `xhigh` → `max`). */
  effortAliases?: Readonly<Record<string, string>>;
  /** `chat_template_kwargs` keys the model reads (e.g. `enable_thinking`, `clear_thinking`). */
  chatTemplateKwargs?: readonly string[];
}

/** Range and default of one sampling parameter as the model's schema states it. */
export interface WorkersAIParameterRange {
  min?: number;
  max?: number;
  default?: number;
}

/** Facts about one Workers AI model, each row citing its source in the data file. */
export interface WorkersAIModelInfo {
  id: string;
  task: WorkersAITask;
  /** Text generation: the reply family the model answers with by default. */
  family?: WorkersAIChatFamily;
  /** Context window in tokens. */
  contextWindow?: number;
  /** The platform's silent default for `max_tokens` when none is sent (e.g. 256). */
  platformDefaultMaxTokens?: number;
  /** What this provider sends as the output-token limit when the caller sets none. */
  defaultMaxOutputTokens?: number;
  /** Function calling supported. */
  tools?: boolean;
  /** Image input supported (OpenAI `image_url` parts with data URLs). */
  vision?: boolean;
  /** `response_format` JSON mode supported. */
  jsonMode?: boolean;
  /**
   * What the published input schema takes as `response_format.json_schema`: `"named"` = OpenAI's envelope
   * `{ name, description?, schema, strict? }` (name required), `"bare"` = any value (the schema itself).
   */
  jsonSchemaForm?: "named" | "bare";
  /**
   * How the published input schema takes an image: `"content-parts"` = OpenAI `image_url` parts in message
   * content, `"image-field"` = string `content` plus a separate top-level `image` field (llama-3.2-11b-vision).
   */
  visionInput?: "content-parts" | "image-field";
  /** Text generation: the model produces reasoning (true), is known not to (false), or unknown (undefined). */
  thinking?: boolean;
  reasoning?: WorkersAIReasoningInfo;
  /** `guided_json` (schema-constrained decoding) is accepted as an alternative to `response_format`. */
  guidedJson?: boolean;
  /** Also accepts an OpenAI Responses body (`input`) and then answers in the "responses" family (gpt-oss). */
  responsesInput?: boolean;
  /** Message `content` must be a plain string (no content-part arrays). */
  stringContentOnly?: boolean;
  /** `tools` appear in the input schema but the catalog lacks `function_calling: "true"`: tool-use quality unconfirmed. */
  toolsSchemaOnly?: boolean;
  /** Pattern the schema declares for `tool_call_id` (whether it is enforced is unconfirmed). */
  toolCallIdPattern?: string;
  /** Maximum length of `prompt` / message `content` in characters, where the schema states one. */
  maxPromptCharacters?: number;
  /** Sampling parameters the model's schema lists (wire names). */
  samplingParameters?: readonly string[];
  /** Ranges and defaults of sampling parameters (wire names as keys), where the schema states them. */
  samplingRanges?: Readonly<Record<string, WorkersAIParameterRange>>;
  /** Accepts a `lora` adapter name (others fail with code 5005). */
  lora?: boolean;
  /** Marked beta in the catalog. */
  beta?: boolean;
  /** Partner model (third-party vendor on Workers AI). */
  partner?: boolean;
  /** Realtime (WebSocket) sessions supported. */
  realtime?: boolean;
  /** Reranking / query scoring with `{ query, contexts: [{ text }] }` → `{ response: [{ id, score }] }`. */
  reranking?: {
    /** `top_k` is accepted. */
    topK: boolean;
  };
  /** Embeddings. */
  embedding?: {
    dimensions?: number;
    maxBatchSize: number;
    inputForm: "text" | "text-or-contexts" | "qwen3";
    pooling?: boolean;
  };
  /** Images. */
  image?: {
    output: "json-base64" | "binary-png" | "binary-jpeg";
    input: "json" | "multipart";
    stepsParameter?: "steps" | "num_steps";
    defaultSteps?: number;
    maxSteps?: number;
    /** Steps cannot be changed (FLUX.2 klein). */
    fixedSteps?: boolean;
    minSize?: number;
    maxSize?: number;
    defaultWidth?: number;
    defaultHeight?: number;
    /** Accepts input images (image-to-image / edit). */
    imageInput?: boolean;
    maxInputImages?: number;
    mask?: boolean;
    seed?: boolean;
    guidance?: boolean;
    negativePrompt?: boolean;
    strength?: boolean;
    /** `width`/`height` are accepted. */
    size?: boolean;
    /** Maximum prompt length in characters. */
    maxPromptLength?: number;
  };
  /** Text-to-speech. */
  speech?: {
    voices?: readonly string[];
    defaultVoice?: string;
    output: "binary" | "json-base64";
    encodings?: readonly string[];
    /** Input field holding the text (`text` on Deepgram Aura, `prompt` on MeloTTS). */
    textParameter?: "text" | "prompt";
  };
  /** Speech-to-text. */
  transcription?: {
    input: "byte-array" | "base64" | "binary";
    /** `task: "translate"` (speech → English text) is accepted. */
    translate?: boolean;
  };
  /** Jobs can be queued with `queueRequest` (async batch). */
  asyncQueue?: boolean;
  /** Requires the Workers Paid plan. */
  requiresPaid?: boolean;
  /** Announced deprecation date (ISO). */
  plannedDeprecationDate?: string;
  price?: WorkersAIModelPrice;
}

/**
 * The compact form of one kind's catalog rows (src/catalog/model-data.ts, generated by scripts/catalog-data.mjs):
 * the model ids separated by spaces, and the rows in the same order as JSON `{ keys, values, rows }` (the format
 * is described in the script).
 */
export interface CatalogKindData {
  ids: string;
  rows: string;
}
