/** Facts about the models the emulator knows: task, reply family, capabilities (spec section 7). */

/** Task of a model, as the catalog names it. */
export type EmulatorTask =
  | "Text Generation"
  | "Text Embeddings"
  | "Text-to-Image"
  | "Automatic Speech Recognition"
  | "Text-to-Speech"
  | "Text Classification"
  | "Translation"
  | "Summarization";

/** Chat reply family (spec 3.1). */
export type ChatFamily = "legacy" | "openai" | "responses";

/** How a chat model reports reasoning. */
export type ReasoningStyle = "none" | "think-tag" | "reasoning_content" | "reasoning";

/** One entry of the emulator catalog. */
export interface CatalogModel {
  id: string;
  task: EmulatorTask;
  /** Handler key: which built-in implementation answers. */
  kind:
    | "chat"
    | "embedding"
    | "rerank"
    | "image"
    | "transcription"
    | "speech"
    | "translation"
    | "summarization"
    | "classification";
  description: string;
  contextWindow?: number;
  functionCalling?: boolean;
  vision?: boolean;
  /** Chat family when given `messages`/`prompt`. */
  family?: ChatFamily;
  reasoning?: ReasoningStyle;
  /** Reasoning can be switched off (`reasoning_effort: null|"none"`, `enable_thinking: false`). */
  reasoningOptional?: boolean;
  /** Message content must be a string (no content parts). */
  stringContentOnly?: boolean;
  /** Legacy tool calls in the OpenAI-like `{id, type, function}` form (llama-4-scout). */
  openAiLikeLegacyToolCalls?: boolean;
  /** Tool-call ids in Kimi's `functions.<name>:<n>` style. */
  kimiToolCallIds?: boolean;
  /** Embedding dimension. */
  dimensions?: number;
  /** Maximum items per embedding request. */
  maxBatch?: number;
  partner?: boolean;
  beta?: boolean;
}

const legacy = (id: string, contextWindow: number, extra: Partial<CatalogModel> = {}): CatalogModel => ({
  id,
  task: "Text Generation",
  kind: "chat",
  description: `Emulated ${id.split("/").pop()} (legacy reply shape).`,
  contextWindow,
  functionCalling: true,
  vision: false,
  family: "legacy",
  reasoning: "none",
  ...extra,
});

const openai = (
  id: string,
  contextWindow: number,
  reasoning: ReasoningStyle,
  extra: Partial<CatalogModel> = {},
): CatalogModel => ({
  id,
  task: "Text Generation",
  kind: "chat",
  description: `Emulated ${id.split("/").pop()} (chat-completions reply shape).`,
  contextWindow,
  functionCalling: true,
  vision: false,
  family: "openai",
  reasoning,
  ...extra,
});

const simple = (
  id: string,
  task: EmulatorTask,
  kind: CatalogModel["kind"],
  extra: Partial<CatalogModel> = {},
): CatalogModel => ({ id, task, kind, description: `Emulated ${id.split("/").pop()}.`, ...extra });

/** Every built-in model of the emulator. */
export const CATALOG: readonly CatalogModel[] = [
  legacy("@cf/meta/llama-3.3-70b-instruct-fp8-fast", 24000, { stringContentOnly: true }),
  legacy("@cf/meta/llama-3.1-8b-instruct", 131072, { beta: true }),
  legacy("@cf/meta/llama-3.1-8b-instruct-fp8", 131072),
  legacy("@cf/meta/llama-3.1-8b-instruct-fast", 131072, { beta: true }),
  legacy("@cf/meta/llama-3.1-8b-instruct-fp8-fast", 131072, { beta: true }),
  legacy("@cf/meta/llama-3.2-1b-instruct", 60000),
  legacy("@cf/meta/llama-3.2-3b-instruct", 80000),
  legacy("@cf/meta/llama-3.2-11b-vision-instruct", 128000, { vision: true }),
  legacy("@cf/meta/llama-4-scout-17b-16e-instruct", 131000, {
    vision: true,
    openAiLikeLegacyToolCalls: true,
  }),
  legacy("@cf/qwen/qwen2.5-coder-32b-instruct", 32768, { stringContentOnly: true }),
  legacy("@cf/qwen/qwq-32b", 24000, { reasoning: "think-tag" }),
  legacy("@cf/google/gemma-3-12b-it", 80000, { vision: true }),
  legacy("@cf/mistralai/mistral-small-3.1-24b-instruct", 128000, { vision: true }),
  legacy("@cf/deepseek-ai/deepseek-r1-distill-qwen-32b", 80000, { reasoning: "think-tag" }),
  legacy("@cf/ibm-granite/granite-4.0-h-micro", 131000),
  openai("@cf/moonshotai/kimi-k2.7-code", 262144, "reasoning_content", {
    vision: true,
    kimiToolCallIds: true,
  }),
  openai("@cf/moonshotai/kimi-k2.5", 256000, "reasoning_content", {
    vision: true,
    kimiToolCallIds: true,
    reasoningOptional: true,
  }),
  openai("@cf/moonshotai/kimi-k2.6", 262144, "reasoning_content", {
    vision: true,
    kimiToolCallIds: true,
    reasoningOptional: true,
  }),
  openai("@cf/zai-org/glm-4.7-flash", 131072, "reasoning", { reasoningOptional: true }),
  openai("@cf/zai-org/glm-5.2", 202752, "reasoning", { reasoningOptional: true }),
  openai("@cf/zai-org/glm-5.3", 202752, "reasoning"),
  openai("@cf/zai-org/glm-5.3-flash", 202752, "reasoning"),
  openai("@cf/qwen/qwen3-30b-a3b-fp8", 32768, "reasoning_content", { reasoningOptional: true }),
  openai("@cf/qwen/qwen3.8-27b", 131072, "reasoning_content", { reasoningOptional: true }),
  openai("@cf/google/gemma-4-26b-a4b-it", 131072, "none", { vision: true }),
  openai("@cf/nvidia/nemotron-3-120b-a12b", 131072, "reasoning_content", { reasoningOptional: true }),
  openai("@cf/deepseek-ai/deepseek-v4-flash-0731", 131072, "reasoning_content", { reasoningOptional: true }),
  openai("@cf/deepseek-ai/deepseek-v4-pro-0813", 131072, "reasoning_content", { reasoningOptional: true }),
  openai("@cf/openai/gpt-oss-120b", 128000, "reasoning_content"),
  openai("@cf/openai/gpt-oss-20b", 128000, "reasoning_content"),
  simple("@cf/baai/bge-small-en-v1.5", "Text Embeddings", "embedding", {
    dimensions: 384,
    maxBatch: 100,
    contextWindow: 512,
  }),
  simple("@cf/baai/bge-base-en-v1.5", "Text Embeddings", "embedding", {
    dimensions: 768,
    maxBatch: 100,
    contextWindow: 512,
  }),
  simple("@cf/baai/bge-large-en-v1.5", "Text Embeddings", "embedding", {
    dimensions: 1024,
    maxBatch: 100,
    contextWindow: 512,
  }),
  simple("@cf/baai/bge-m3", "Text Embeddings", "embedding", {
    dimensions: 1024,
    maxBatch: 100,
    contextWindow: 60000,
  }),
  simple("@cf/google/embeddinggemma-300m", "Text Embeddings", "embedding", {
    dimensions: 768,
    maxBatch: 100,
    contextWindow: 2048,
  }),
  simple("@cf/qwen/qwen3-embedding-0.6b", "Text Embeddings", "embedding", {
    dimensions: 1024,
    maxBatch: 32,
    contextWindow: 8192,
  }),
  simple("@cf/baai/bge-reranker-base", "Text Classification", "rerank"),
  simple("@cf/black-forest-labs/flux-1-schnell", "Text-to-Image", "image"),
  simple("@cf/black-forest-labs/flux-2-klein-4b", "Text-to-Image", "image", { partner: true }),
  simple("@cf/black-forest-labs/flux-2-klein-9b", "Text-to-Image", "image", { partner: true }),
  simple("@cf/black-forest-labs/flux-2-dev", "Text-to-Image", "image", { partner: true }),
  simple("@cf/leonardo/lucid-origin", "Text-to-Image", "image", { partner: true }),
  simple("@cf/leonardo/phoenix-1.0", "Text-to-Image", "image", { partner: true }),
  simple("@cf/stabilityai/stable-diffusion-xl-base-1.0", "Text-to-Image", "image", { beta: true }),
  simple("@cf/openai/whisper", "Automatic Speech Recognition", "transcription"),
  simple("@cf/openai/whisper-tiny-en", "Automatic Speech Recognition", "transcription", { beta: true }),
  simple("@cf/openai/whisper-large-v3-turbo", "Automatic Speech Recognition", "transcription"),
  simple("@cf/deepgram/nova-3", "Automatic Speech Recognition", "transcription", { partner: true }),
  simple("@cf/deepgram/aura-1", "Text-to-Speech", "speech", { partner: true }),
  simple("@cf/deepgram/aura-2-en", "Text-to-Speech", "speech", { partner: true }),
  simple("@cf/deepgram/aura-2-es", "Text-to-Speech", "speech", { partner: true }),
  simple("@cf/myshell-ai/melotts", "Text-to-Speech", "speech"),
  simple("@cf/meta/m2m100-1.2b", "Translation", "translation"),
  simple("@cf/ai4bharat/indictrans2-en-indic-1B", "Translation", "translation"),
  simple("@cf/facebook/bart-large-cnn", "Summarization", "summarization"),
  simple("@cf/huggingface/distilbert-sst-2-int8", "Text Classification", "classification"),
];

const BY_ID = new Map(CATALOG.map((m) => [m.id, m]));

/** Providers a third-party (unified billing) model id may start with. */
export const THIRD_PARTY_PROVIDERS = new Set([
  "openai",
  "anthropic",
  "google",
  "google-ai-studio",
  "google-vertex-ai",
  "aws-bedrock",
  "azure-openai",
  "huggingface",
  "perplexity-ai",
  "replicate",
  "groq",
  "cohere",
  "mistral",
  "grok",
  "xai",
  "openrouter",
  "deepseek",
  "cerebras",
  "dynamic",
]);

/** Looks up a model: catalog entry, an unknown `@cf/meta/*` id (legacy chat), or `undefined`. */
export function findModel(id: string): CatalogModel | undefined {
  const known = BY_ID.get(id);
  if (known) return known;
  if (id.startsWith("@cf/meta/") && !id.includes("..")) return legacy(id, 8192);
  return undefined;
}

/** `true` for third-party/unified ids such as `openai/gpt-5` or `dynamic/route`. */
export function isThirdPartyModel(id: string): boolean {
  if (id.startsWith("@")) return false;
  const slash = id.indexOf("/");
  return slash > 0 && THIRD_PARTY_PROVIDERS.has(id.slice(0, slash));
}

/** A generic OpenAI-shaped chat model standing in for a third-party model behind AI Gateway. */
export function thirdPartyModel(id: string): CatalogModel {
  return openai(id, 128000, "none");
}

/** `AiModelsSearchObject`-like entry (spec 1.6). */
export interface ModelSearchObject {
  id: string;
  source: number;
  name: string;
  description: string;
  task: { id: string; name: string; description: string };
  tags: string[];
  properties: Array<{ property_id: string; value: string }>;
}

function stableUuid(text: string): string {
  let h = "";
  let seed = 0x811c9dc5;
  for (let round = 0; round < 4; round++) {
    for (let i = 0; i < text.length; i++) seed = Math.imul(seed ^ text.charCodeAt(i), 0x01000193) >>> 0;
    seed = Math.imul(seed ^ round, 0x01000193) >>> 0;
    h += seed.toString(16).padStart(8, "0");
  }
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Catalog entry as returned by `models()` / `GET /ai/models/search`. */
export function toSearchObject(model: CatalogModel): ModelSearchObject {
  const properties: Array<{ property_id: string; value: string }> = [];
  const flag = (v: boolean | undefined) => (v ? "true" : "false");
  if (model.contextWindow !== undefined)
    properties.push({ property_id: "context_window", value: String(model.contextWindow) });
  properties.push({ property_id: "function_calling", value: flag(model.functionCalling) });
  properties.push({
    property_id: "reasoning",
    value: flag(model.reasoning !== undefined && model.reasoning !== "none"),
  });
  properties.push({ property_id: "vision", value: flag(model.vision) });
  if (model.partner) properties.push({ property_id: "partner", value: "true" });
  if (model.beta) properties.push({ property_id: "beta", value: "true" });
  return {
    id: stableUuid(model.id),
    source: 1,
    name: model.id,
    description: model.description,
    task: { id: stableUuid(model.task), name: model.task, description: `${model.task} models.` },
    tags: [],
    properties,
  };
}

/** Search parameters of `models()` (spec 1.6). */
export interface ModelSearchParams {
  author?: string;
  hide_experimental?: boolean;
  page?: number;
  per_page?: number;
  search?: string;
  source?: number;
  task?: string;
}

/** Filters catalog entries like `GET /ai/models/search`. */
export function searchModels(
  models: readonly ModelSearchObject[],
  params: ModelSearchParams = {},
): ModelSearchObject[] {
  let out = models.filter((m) => {
    if (params.task && m.task.name.toLowerCase() !== String(params.task).toLowerCase()) return false;
    if (params.search && !m.name.toLowerCase().includes(String(params.search).toLowerCase())) return false;
    if (params.author && m.name.split("/")[1]?.toLowerCase() !== String(params.author).toLowerCase())
      return false;
    if (params.hide_experimental && m.properties.some((p) => p.property_id === "beta")) return false;
    return true;
  });
  if (params.per_page !== undefined) {
    const perPage = Math.max(1, Number(params.per_page));
    const page = Math.max(1, Number(params.page ?? 1));
    out = out.slice((page - 1) * perPage, page * perPage);
  }
  return out;
}
