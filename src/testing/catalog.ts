/** Facts about the models the emulator knows: task, reply family, capabilities, from Cloudflare's published model files. */
import { publishedModelFiles } from "./model-schemas";
import type { PublishedModelFile } from "./model-schemas/types";

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

/** Handler of each published task the emulator answers (other tasks are not emulated). */
const KINDS: Partial<Record<string, CatalogModel["kind"]>> = {
  "Text Generation": "chat",
  "Text Embeddings": "embedding",
  "Text-to-Image": "image",
  "Automatic Speech Recognition": "transcription",
  "Text-to-Speech": "speech",
  "Text Classification": "classification",
  Translation: "translation",
  Summarization: "summarization",
};

/**
 * Behaviour the published files do not state (reply family, where reasoning arrives, tool-call id style,
 * embedding sizes), from the wire reference (spec 3.1, 3.7, 7); every other fact comes from the published file.
 */
const BEHAVIOUR: Readonly<Record<string, Partial<CatalogModel>>> = {
  "@cf/meta/llama-4-scout-17b-16e-instruct": { openAiLikeLegacyToolCalls: true },
  "@cf/qwen/qwq-32b": { reasoning: "think-tag" },
  "@cf/deepseek-ai/deepseek-r1-distill-qwen-32b": { reasoning: "think-tag" },
  "@cf/moonshotai/kimi-k2.7-code": {
    family: "openai",
    reasoning: "reasoning_content",
    kimiToolCallIds: true,
  },
  "@cf/moonshotai/kimi-k2.5": { family: "openai", reasoning: "reasoning_content", kimiToolCallIds: true },
  "@cf/moonshotai/kimi-k2.6": { family: "openai", reasoning: "reasoning_content", kimiToolCallIds: true },
  "@cf/zai-org/glm-4.7-flash": { family: "openai", reasoning: "reasoning" },
  "@cf/zai-org/glm-5.2": { family: "openai", reasoning: "reasoning" },
  "@cf/zai-org/glm-5.3": { family: "openai", reasoning: "reasoning" },
  "@cf/zai-org/glm-5.3-flash": { family: "openai", reasoning: "reasoning" },
  "@cf/qwen/qwen3-30b-a3b-fp8": { family: "openai", reasoning: "reasoning_content" },
  "@cf/qwen/qwen3.8-27b": { family: "openai", reasoning: "reasoning_content" },
  "@cf/google/gemma-4-26b-a4b-it": { family: "openai", reasoning: "reasoning_content" },
  "@cf/nvidia/nemotron-3-120b-a12b": { family: "openai", reasoning: "reasoning_content" },
  "@cf/deepseek-ai/deepseek-v4-flash-0731": { family: "openai", reasoning: "reasoning_content" },
  "@cf/deepseek-ai/deepseek-v4-pro-0813": { family: "openai", reasoning: "reasoning_content" },
  "@cf/openai/gpt-oss-120b": { family: "openai", reasoning: "reasoning_content" },
  "@cf/openai/gpt-oss-20b": { family: "openai", reasoning: "reasoning_content" },
  "@cf/swiss-ai/apertus-v1.5-8b": { family: "openai" },
  "@cf/utter-project/eurollm-9b-it": { family: "openai" },
  "@cf/baai/bge-m3": { dimensions: 1024 },
  "@cf/google/embeddinggemma-300m": { dimensions: 768, contextWindow: 2048 },
  "@cf/qwen/qwen3-embedding-0.6b": { dimensions: 1024, maxBatch: 32 },
  "@cf/pfnet/plamo-embedding-1b": { dimensions: 2048 },
};

/** Published file names that differ from an id the platform also answers to (spec 7.1). */
const ALIASES: Readonly<Record<string, string>> = {
  "@cf/meta/llama-3.1-8b-instruct-fast": "@cf/meta/llama-3.1-8b-instruct-fp8-fast",
};

type Schema = Record<string, unknown> & { properties?: Record<string, Schema> };

/** Object branches of an input schema (through `oneOf` / `anyOf`). */
function branches(schema: unknown): Schema[] {
  if (typeof schema !== "object" || schema === null) return [];
  const node = schema as Schema & { oneOf?: unknown[]; anyOf?: unknown[] };
  const nested = [...(node.oneOf ?? []), ...(node.anyOf ?? [])].flatMap(branches);
  return node.properties ? [node, ...nested] : nested;
}

/** One emulated model from its published file: task, context window, tools, images, reasoning and flags as published. */
function fromPublished(file: PublishedModelFile): CatalogModel | undefined {
  const { published } = file;
  const kind = KINDS[published.task.name];
  if (kind === undefined) return undefined;
  const property = (id: string) => published.properties.find((p) => p.property_id === id)?.value;
  const flag = (id: string) => property(id) === "true";
  const input = branches(published.schema?.input);
  const chat = input.find((b) => b.properties?.messages) ?? input[0];
  const messages = chat?.properties?.messages as (Schema & { items?: Schema }) | undefined;
  const content = JSON.stringify(messages ?? {});
  const window = Number(property("context_window") ?? property("max_input_tokens"));
  const effort = property("reasoning_effort") as { mandatory?: boolean } | undefined;
  const thinkingOnly = JSON.stringify(chat?.properties?.chat_template_kwargs ?? {}).includes('"enum":[true]');
  const model: CatalogModel = {
    id: published.name,
    task: published.task.name as EmulatorTask,
    kind: kind === "classification" && input.some((b) => b.properties?.contexts) ? "rerank" : kind,
    description: published.description,
    ...(Number.isFinite(window) ? { contextWindow: window } : {}),
    ...(flag("partner") ? { partner: true } : {}),
    ...(flag("beta") ? { beta: true } : {}),
  };
  if (kind === "chat") {
    Object.assign(model, {
      family: "legacy",
      functionCalling: flag("function_calling") || chat?.properties?.tools !== undefined,
      vision: flag("vision") || chat?.properties?.image !== undefined || content.includes('"image_url"'),
      reasoning: flag("reasoning") ? "reasoning_content" : "none",
      reasoningOptional: flag("reasoning") && effort?.mandatory !== true && !thinkingOnly,
      // legacy schemas: `messages.items.content` is a plain string
      ...(messages?.items?.properties?.content?.type === "string" ? { stringContentOnly: true } : {}),
    });
  }
  if (kind === "embedding") {
    const dimensions = Number(property("output_dimensions"));
    if (Number.isFinite(dimensions)) model.dimensions = dimensions;
  }
  return { ...model, ...BEHAVIOUR[model.id] };
}

function buildCatalog(): CatalogModel[] {
  const models: CatalogModel[] = [];
  for (const file of publishedModelFiles) {
    const model = fromPublished(file);
    if (model === undefined) continue;
    models.push(model);
    const alias = ALIASES[model.id];
    if (alias !== undefined) models.push({ ...model, id: alias });
  }
  return models;
}

/** Every built-in model of the emulator: one per published model file of an emulated task (src/testing/model-schemas). */
export const CATALOG: readonly CatalogModel[] = buildCatalog();

const BY_ID = new Map(CATALOG.map((m) => [m.id, m]));

/** Providers a third-party (unified billing) model id may start with. */
const THIRD_PARTY_PROVIDERS = new Set([
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
