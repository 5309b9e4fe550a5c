import {
  InvalidArgumentError,
  type LanguageModelV4,
  LoadAPIKeyError,
  LoadSettingError,
  NoSuchModelError,
  type ProviderV4,
} from "@ai-sdk/provider";
import {
  generateId as defaultGenerateId,
  type FetchFunction,
  loadApiKey,
  loadSetting,
  type WebSocketConstructor,
} from "@ai-sdk/provider-utils";
import { WorkersAIBatch, withQueueRequest } from "./batch";
import type {
  WorkersAIChatModelId,
  WorkersAIEmbeddingModelId,
  WorkersAIImageModelId,
  WorkersAIRerankingModelId,
  WorkersAISpeechModelId,
  WorkersAITranscriptionModelId,
} from "./catalog";
import { WorkersAIChatLanguageModel } from "./chat/chat-language-model";
import type { WorkersAIChatSettings } from "./chat/chat-settings";
import { WorkersAIEmbeddingModel, type WorkersAIEmbeddingSettings } from "./embedding";
import type {
  GatewayModelId,
  ResumeExpiredPolicy,
  WorkersAIChatModelFor,
  WorkersAIChatSettingsFor,
  WorkersAIProviderPlugin,
} from "./gateway/types";
import { WorkersAIImageModel, type WorkersAIImageSettings } from "./image";
import type { WorkersAIModelConfig } from "./model-config";
import { createOpenAICompatibleTransport } from "./openai-compat";
import {
  createBindingRealtimeConnector,
  createRestRealtimeConnector,
  type WorkersAIRealtimeConnector,
} from "./realtime";
import { WorkersAIRerankingModel, type WorkersAIRerankingSettings } from "./reranking";
import { WorkersAISpeechModel, type WorkersAISpeechSettings } from "./speech";
import { WorkersAITranscriptionModel, type WorkersAITranscriptionSettings } from "./transcription";
import { createBindingTransport, type WorkersAIBinding } from "./transport/binding";
import type { GatewayOptions } from "./transport/gateway-options";
import { createRestTransport, type RestTransportConfig } from "./transport/rest";
import type { WorkersAITransport } from "./transport/types";

/** Options of {@link createWorkersAI}. Pass a `binding` inside a Worker, or REST credentials anywhere else. */
export interface WorkersAIProviderSettings {
  /** The Workers AI binding (`env.AI`). When set, REST credentials are not used. */
  binding?: WorkersAIBinding;
  /** Cloudflare account id for the REST API. Defaults to the `CLOUDFLARE_ACCOUNT_ID` environment variable. */
  accountId?: string;
  /** Cloudflare API token with Workers AI permission. Defaults to `CLOUDFLARE_API_TOKEN`. */
  apiKey?: string;
  /** Route every request through this AI Gateway (per-model and per-call gateway options merge over it). */
  gateway?: GatewayOptions;
  /** Custom `fetch` used by every REST request (JSON, streaming and binary uploads alike). */
  fetch?: FetchFunction;
  /** Headers sent with every REST request. */
  headers?: Record<string, string>;
  /** REST API base URL (default `https://api.cloudflare.com/client/v4`). */
  baseURL?: string;
  /** AI Gateway base URL for REST (default `https://gateway.ai.cloudflare.com/v1`). */
  gatewayBaseURL?: string;
  /**
   * Experimental, REST only. `"openai"` sends chat and embedding requests to Workers AI's OpenAI-compatible
   * endpoints (`/ai/v1/chat/completions`, `/ai/v1/responses`, `/ai/v1/embeddings`, or their AI Gateway
   * forms); other tasks keep using `/ai/run`. Default `"run"`.
   */
  endpoint?: "run" | "openai";
  /** Id generator for response and tool-call ids (tests). */
  generateId?: () => string;
  /**
   * Experimental. Wire-format plugins (`workers-ai-provider/openai`, `/anthropic`, `/google`) that route
   * `"<provider>/<model>"` slugs through AI Gateway.
   */
  providers?: readonly WorkersAIProviderPlugin[];
  /** Experimental. Default `resume` of gateway-routed run-path streams (default `true`). */
  resume?: boolean;
  /** Experimental. Default policy when the gateway resume buffer has expired (default `"error"`). */
  onResumeExpired?: ResumeExpiredPolicy;
  /**
   * Experimental. WebSocket client for realtime sessions over REST (`experimental_streamTranscribe`,
   * `experimental_streamSpeech`). It must send an `Authorization` header, which browsers' and Node's
   * built-in clients cannot: pass e.g. the `ws` package. Defaults to `globalThis.WebSocket`.
   */
  webSocket?: WebSocketConstructor;
}

/** The Workers AI provider: a callable `ProviderV4` with a factory per model kind. */
export interface WorkersAIProvider extends ProviderV4 {
  /** A chat model, same as {@link WorkersAIProvider.chat}. */
  <ID extends WorkersAIChatModelId | GatewayModelId>(
    modelId: ID,
    settings?: WorkersAIChatSettingsFor<ID>,
  ): WorkersAIChatModelFor<ID>;
  /**
   * A chat model for `generateText` / `streamText`: `@cf/…` ids take chat settings; with `providers`, a
   * `"<provider>/<model>"` slug is routed through AI Gateway and takes gateway options.
   */
  chat<ID extends WorkersAIChatModelId | GatewayModelId>(
    modelId: ID,
    settings?: WorkersAIChatSettingsFor<ID>,
  ): WorkersAIChatModelFor<ID>;
  languageModel<ID extends WorkersAIChatModelId | GatewayModelId>(
    modelId: ID,
    settings?: WorkersAIChatSettingsFor<ID>,
  ): WorkersAIChatModelFor<ID>;
  /** An embedding model for `embed` / `embedMany`. */
  embeddingModel(
    modelId: WorkersAIEmbeddingModelId,
    settings?: WorkersAIEmbeddingSettings,
  ): WorkersAIEmbeddingModel;
  /** Alias of {@link WorkersAIProvider.embeddingModel}. */
  textEmbedding(
    modelId: WorkersAIEmbeddingModelId,
    settings?: WorkersAIEmbeddingSettings,
  ): WorkersAIEmbeddingModel;
  /** An image model for `generateImage`. */
  imageModel(modelId: WorkersAIImageModelId, settings?: WorkersAIImageSettings): WorkersAIImageModel;
  /** Alias of {@link WorkersAIProvider.imageModel}. */
  image(modelId: WorkersAIImageModelId, settings?: WorkersAIImageSettings): WorkersAIImageModel;
  /** A speech-to-text model for `transcribe`. */
  transcriptionModel(
    modelId: WorkersAITranscriptionModelId,
    settings?: WorkersAITranscriptionSettings,
  ): WorkersAITranscriptionModel;
  /** Alias of {@link WorkersAIProvider.transcriptionModel}. */
  transcription(
    modelId: WorkersAITranscriptionModelId,
    settings?: WorkersAITranscriptionSettings,
  ): WorkersAITranscriptionModel;
  /** A text-to-speech model for `generateSpeech`. */
  speechModel(modelId: WorkersAISpeechModelId, settings?: WorkersAISpeechSettings): WorkersAISpeechModel;
  /** Alias of {@link WorkersAIProvider.speechModel}. */
  speech(modelId: WorkersAISpeechModelId, settings?: WorkersAISpeechSettings): WorkersAISpeechModel;
  /** A reranking model for `rerank`. */
  rerankingModel(
    modelId: WorkersAIRerankingModelId,
    settings?: WorkersAIRerankingSettings,
  ): WorkersAIRerankingModel;
  /** Alias of {@link WorkersAIProvider.rerankingModel}. */
  reranking(
    modelId: WorkersAIRerankingModelId,
    settings?: WorkersAIRerankingSettings,
  ): WorkersAIRerankingModel;
  /**
   * Experimental. Workers AI async batches (`queueRequest`) for `experimental_startBatch`,
   * `experimental_getBatchStatus` and `experimental_getBatchResults` (text), and
   * `experimental_startEmbeddingBatch` / `experimental_getEmbeddingBatchResults` (embeddings).
   */
  experimental_batch(): WorkersAIBatch;
}

const MISSING_CONFIGURATION =
  "Workers AI needs either a binding or REST credentials: inside a Worker pass createWorkersAI({ binding: env.AI }); " +
  "elsewhere pass createWorkersAI({ accountId, apiKey }) or set the CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN environment variables.";

/**
 * Creates a Workers AI provider for the AI SDK.
 *
 * @example
 * ```ts
 * const workersai = createWorkersAI({ binding: env.AI });
 * const { text } = await generateText({ model: workersai("@cf/moonshotai/kimi-k2.7-code"), prompt: "Hi" });
 * ```
 */
export function createWorkersAI(options: WorkersAIProviderSettings = {}): WorkersAIProvider {
  const transport = createTransport(options);
  const realtime = createRealtimeConnector(options);
  const config = (kind: string): WorkersAIModelConfig => ({
    provider: `workers-ai.${kind}`,
    transport,
    generateId: options.generateId ?? defaultGenerateId,
    currentDate: () => new Date(),
  });

  const chat = (modelId: string, settings: object = {}): LanguageModelV4 => {
    if (!modelId.startsWith("@")) {
      // gateway code is reached only through a plugin, so @cf-only bundles never contain it
      const routed = options.providers?.[0]?.router.languageModel({ modelId, settings, provider: options });
      if (routed) return routed;
      if (!options.providers?.length && GATEWAY_SLUG.test(modelId)) throw missingPlugin(modelId);
      const gateway = (settings as WorkersAIChatSettings).gateway;
      // unified-catalog ids Workers AI serves itself (e.g. deepseek/…) need a gateway: the account's "default"
      if (!options.gateway && !gateway?.id)
        settings = { ...settings, gateway: { ...gateway, id: "default" } };
    }
    return new WorkersAIChatLanguageModel(modelId, settings as WorkersAIChatSettings, config("chat"));
  };
  const embedding = (modelId: WorkersAIEmbeddingModelId, settings: WorkersAIEmbeddingSettings = {}) =>
    new WorkersAIEmbeddingModel(modelId, settings, config("embedding"));
  const image = (modelId: WorkersAIImageModelId, settings: WorkersAIImageSettings = {}) =>
    new WorkersAIImageModel(modelId, settings, config("image"));
  const transcription = (
    modelId: WorkersAITranscriptionModelId,
    settings: WorkersAITranscriptionSettings = {},
  ) => new WorkersAITranscriptionModel(modelId, settings, { ...config("transcription"), realtime });
  const speech = (modelId: WorkersAISpeechModelId, settings: WorkersAISpeechSettings = {}) =>
    new WorkersAISpeechModel(modelId, settings, { ...config("speech"), realtime });
  const reranking = (modelId: WorkersAIRerankingModelId, settings: WorkersAIRerankingSettings = {}) =>
    new WorkersAIRerankingModel(modelId, settings, config("reranking"));

  let batch: WorkersAIBatch | undefined;
  const experimentalBatch = (): WorkersAIBatch => {
    batch ??= new WorkersAIBatch({
      provider: "workers-ai.batch",
      transport: createTransport({ ...withQueueRequest(options), endpoint: "run" }),
      generateId: options.generateId ?? defaultGenerateId,
      currentDate: () => new Date(),
    });
    return batch;
  };

  const provider = function (this: unknown, modelId: string, settings?: object) {
    if (new.target) {
      throw new Error(
        "The Workers AI provider is a function: call workersai(modelId), without the new keyword.",
      );
    }
    return chat(modelId, settings);
  } as WorkersAIProvider;

  Object.assign(provider, {
    specificationVersion: "v4",
    chat,
    languageModel: chat,
    embeddingModel: embedding,
    textEmbedding: embedding,
    imageModel: image,
    image,
    transcriptionModel: transcription,
    transcription,
    speechModel: speech,
    speech,
    rerankingModel: reranking,
    reranking,
    experimental_batch: experimentalBatch,
  });
  return provider;
}

/** Slug prefixes routed through AI Gateway (registry ids, aliases, `dynamic`), minus ids Workers AI serves itself. */
const GATEWAY_SLUG =
  /^(?!deepseek\/deepseek-v4(?:[-.]|$))(?:openai|anthropic|google(?:-ai-studio|-vertex(?:-ai)?)?|gemini|vertex|xai|grok|groq|deepseek|mistral(?:ai)?|perplexity(?:-ai)?|cerebras|openrouter|fireworks(?:-ai)?|alibaba|dashscope|minimax|cohere|baseten|parallel|azure(?:-openai)?|(?:aws-|amazon-)?bedrock|huggingface|hf|replicate|fal(?:-ai)?|ideogram|cartesia|deepgram|elevenlabs|workers-ai|dynamic)\/./i;

function missingPlugin(modelId: string): NoSuchModelError {
  const plugin = /^anthropic\//i.test(modelId) ? "anthropic" : "openai";
  return new NoSuchModelError({
    modelId,
    modelType: "languageModel",
    message:
      `${JSON.stringify(modelId)} is a third-party model routed through AI Gateway, which needs a wire-format plugin: ` +
      `add \`import { ${plugin} } from "workers-ai-provider/${plugin}";\` and pass createWorkersAI({ …, providers: [${plugin}] }).`,
  });
}

function createTransport(options: WorkersAIProviderSettings): WorkersAITransport {
  if (options.endpoint !== undefined && options.endpoint !== "run" && options.endpoint !== "openai") {
    throw new InvalidArgumentError({
      argument: "endpoint",
      message: `createWorkersAI: endpoint must be "run" or "openai", got ${JSON.stringify(options.endpoint)}.`,
    });
  }
  if (options.binding && options.endpoint === "openai") {
    throw new InvalidArgumentError({
      argument: "endpoint",
      message:
        'createWorkersAI: endpoint: "openai" is a REST option (it picks the /ai/v1 URLs); with a binding, models always run through env.AI.run.',
    });
  }
  if (options.binding) {
    if (typeof options.binding.run !== "function") {
      throw new TypeError(
        "createWorkersAI: `binding` must be the Workers AI binding (env.AI), which has a run() method.",
      );
    }
    return createBindingTransport({ binding: options.binding, gateway: options.gateway });
  }
  if (options.endpoint === "openai") return createOpenAICompatibleTransport(restConfig(options));
  return createRestTransport(restConfig(options));
}

/** Realtime WebSocket sessions over the same binding or REST credentials as every other request. */
function createRealtimeConnector(options: WorkersAIProviderSettings): WorkersAIRealtimeConnector {
  if (options.binding)
    return createBindingRealtimeConnector({ binding: options.binding, gateway: options.gateway });
  return createRestRealtimeConnector({ ...restConfig(options), webSocket: options.webSocket });
}

/** REST configuration with credentials loaded lazily (at the first request) and explained when missing. */
function restConfig(options: WorkersAIProviderSettings): RestTransportConfig {
  let accountId: string | undefined;
  let apiKey: string | undefined;
  return {
    accountId: () => {
      accountId ??= explainMissing(() =>
        loadSetting({
          settingValue: options.accountId,
          environmentVariableName: "CLOUDFLARE_ACCOUNT_ID",
          settingName: "accountId",
          description: "Cloudflare account ID",
        }),
      );
      return accountId;
    },
    apiKey: () => {
      apiKey ??= explainMissing(() =>
        loadApiKey({
          apiKey: options.apiKey,
          environmentVariableName: "CLOUDFLARE_API_TOKEN",
          apiKeyParameterName: "apiKey",
          description: "Cloudflare API token",
        }),
      );
      return apiKey;
    },
    baseURL: options.baseURL,
    gatewayBaseURL: options.gatewayBaseURL,
    fetch: options.fetch,
    headers: () => options.headers ?? {},
    gateway: options.gateway,
  };
}

function explainMissing(load: () => string): string {
  try {
    return load();
  } catch (error) {
    if (LoadSettingError.isInstance(error))
      throw new LoadSettingError({ message: `${error.message} ${MISSING_CONFIGURATION}` });
    if (LoadAPIKeyError.isInstance(error))
      throw new LoadAPIKeyError({ message: `${error.message} ${MISSING_CONFIGURATION}` });
    throw error;
  }
}
