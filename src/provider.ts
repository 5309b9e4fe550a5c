import { InvalidArgumentError, type LanguageModelV4, type ProviderV4 } from "@ai-sdk/provider";
import { generateId as defaultGenerateId, type WebSocketConstructor } from "@ai-sdk/provider-utils";
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
import type { WorkersAIChatModelFor } from "./gateway/gateway-language-model";
import type {
  GatewayModelId,
  ProviderPlugin,
  ResumeExpiredPolicy,
  WorkersAIChatSettingsFor,
  WorkersAIProviderPlugin,
} from "./gateway/types";
import { WorkersAIImageModel, type WorkersAIImageSettings } from "./image";
import type { WorkersAIModelConfig } from "./model-config";
import { normalizePlugins, runPathSlugSettings } from "./provider-slugs";
import type { WorkersAIRealtimeConfig, WorkersAIRealtimePlugin } from "./realtime/plugin";
import { WorkersAIRerankingModel, type WorkersAIRerankingSettings } from "./reranking";
import { WorkersAISpeechModel, type WorkersAISpeechSettings } from "./speech";
import { WorkersAITranscriptionModel, type WorkersAITranscriptionSettings } from "./transcription";
import { createTransport, restConfig, type WorkersAIConnectionSettings } from "./transport/create-transport";

/**
 * Options of {@link createWorkersAI}. Pass a `binding` inside a Worker, or REST credentials anywhere else.
 * Async batches have their own factory with the same connection settings (`createWorkersAIBatch`).
 */
export interface WorkersAIProviderSettings extends WorkersAIConnectionSettings {
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
   * `"<provider>/<model>"` slugs through AI Gateway. 4.x-style plugins (`{ wireFormat, create }`) are
   * accepted next to at least one of these. Without plugins, slugs whose run path speaks OpenAI
   * chat-completions (`openai/…`, `google/…`, `xai/…`, `groq/…`, `deepseek/…`, `alibaba/…`, `minimax/…`,
   * `dynamic/…`) are plain run-path models through the `default` gateway.
   */
  providers?: readonly (WorkersAIProviderPlugin | ProviderPlugin)[];
  /** Experimental. Default `resume` of gateway-routed run-path streams (default `true`). */
  resume?: boolean;
  /** Experimental. Default policy when the gateway resume buffer has expired (default `"error"`). */
  onResumeExpired?: ResumeExpiredPolicy;
  /**
   * Experimental. Realtime audio (`experimental_streamTranscribe`, `experimental_streamSpeech`): pass
   * `workersAIRealtime` (`import { workersAIRealtime } from "workers-ai-provider"`). Opt-in so that a Worker
   * that does not stream audio does not carry the WebSocket client; without it those calls reject with
   * `UnsupportedFunctionalityError`.
   */
  realtime?: WorkersAIRealtimePlugin;
  /**
   * Experimental. WebSocket client for `realtime` sessions over REST. It must send an `Authorization`
   * header, which browsers' and Node's built-in clients cannot: pass e.g. the `ws` package. Defaults to
   * `globalThis.WebSocket`; unused with a binding.
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
  /** Alias of {@link WorkersAIProvider.embeddingModel} (the 4.x name). */
  textEmbeddingModel(
    modelId: WorkersAIEmbeddingModelId,
    settings?: WorkersAIEmbeddingSettings,
  ): WorkersAIEmbeddingModel;
  /** Alias of {@link WorkersAIProvider.embeddingModel} (the 4.x name). */
  embedding(
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
}

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
  const realtime = realtimeOf(options);
  const config = (kind: string): WorkersAIModelConfig => ({
    provider: `workersai.${kind}`,
    transport,
    generateId: options.generateId ?? defaultGenerateId,
    currentDate: () => new Date(),
  });

  const plugins = normalizePlugins(options.providers);
  const routerContext = { ...options, providers: plugins };
  const chat = (modelId: string, settings: object = {}): LanguageModelV4 => {
    if (!modelId.startsWith("@")) {
      // gateway code is reached only through a plugin, so @cf-only bundles never contain it
      const routed = plugins?.[0]?.router.languageModel({ modelId, settings, provider: routerContext });
      if (routed) return routed;
      settings = runPathSlugSettings(modelId, settings as Record<string, unknown>, options.gateway);
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
    textEmbeddingModel: embedding,
    embedding,
    imageModel: image,
    image,
    transcriptionModel: transcription,
    transcription,
    speechModel: speech,
    speech,
    rerankingModel: reranking,
    reranking,
  });
  return provider;
}

/** Realtime sessions over the same binding or REST credentials as every other request, when opted in. */
function realtimeOf(options: WorkersAIProviderSettings): WorkersAIRealtimeConfig["realtime"] {
  const plugin = options.realtime;
  if (plugin === undefined) return undefined;
  const parts = [
    "createBindingConnector",
    "createRestConnector",
    "streamTranscription",
    "streamSpeech",
  ] as const;
  if (
    typeof plugin !== "object" ||
    plugin === null ||
    parts.some((part) => typeof plugin[part] !== "function")
  ) {
    throw new InvalidArgumentError({
      argument: "realtime",
      message:
        'createWorkersAI: realtime must be workersAIRealtime (import { workersAIRealtime } from "workers-ai-provider").',
    });
  }
  const connector = options.binding
    ? plugin.createBindingConnector({ binding: options.binding, gateway: options.gateway })
    : plugin.createRestConnector({ ...restConfig(options), webSocket: options.webSocket });
  return { plugin, connector };
}
