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
  /** Audio: USD per audio minute (ASR) or per 1,000 characters (TTS). */
  perAudioMinuteUsd?: number;
  perThousandCharactersUsd?: number;
}

/** Reasoning controls a model accepts (spec 3.7). */
export interface WorkersAIReasoningInfo {
  /** Accepted `reasoning_effort` values (empty/undefined = the field is not accepted). */
  efforts?: readonly string[];
  /** `reasoning_effort: null` (or enable_thinking false) turns reasoning off. */
  canDisable: boolean;
  /** Where the reasoning text arrives. */
  output?: "reasoning_content" | "reasoning" | "think-tags" | "responses";
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
  reasoning?: WorkersAIReasoningInfo;
  /** Sampling parameters the model's schema lists (wire names). */
  samplingParameters?: readonly string[];
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
  };
  /** Text-to-speech. */
  speech?: {
    voices?: readonly string[];
    defaultVoice?: string;
    output: "binary" | "json-base64";
    encodings?: readonly string[];
  };
  /** Speech-to-text. */
  transcription?: { input: "byte-array" | "base64" | "binary" };
  /** Jobs can be queued with `queueRequest` (async batch). */
  asyncQueue?: boolean;
  /** Requires the Workers Paid plan. */
  requiresPaid?: boolean;
  /** Announced deprecation date (ISO). */
  plannedDeprecationDate?: string;
  price?: WorkersAIModelPrice;
}
