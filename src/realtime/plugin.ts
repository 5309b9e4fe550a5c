import type {
  Experimental_SpeechModelV4StreamOptions as SpeechModelV4StreamOptions,
  Experimental_SpeechModelV4StreamResult as SpeechModelV4StreamResult,
  Experimental_TranscriptionModelV4StreamOptions as TranscriptionModelV4StreamOptions,
  Experimental_TranscriptionModelV4StreamResult as TranscriptionModelV4StreamResult,
} from "@ai-sdk/provider";
import type { WebSocketConstructor } from "@ai-sdk/provider-utils";
import type { WorkersAIBinding } from "../transport/binding";
import type { GatewayOptions } from "../transport/gateway-options";
import type { RestTransportConfig } from "../transport/rest";
import {
  createBindingRealtimeConnector,
  createRestRealtimeConnector,
  type WorkersAIRealtimeConnector,
} from "./connect";
import { type RealtimeStreamingModel, streamSpeech, streamTranscription } from "./models";

/**
 * Experimental. Realtime audio sessions (`experimental_streamTranscribe`, `experimental_streamSpeech`), passed
 * to `createWorkersAI({ realtime })`: the WebSocket client lives in this value, so a Worker that does not
 * import it does not carry it. Use {@link workersAIRealtime}.
 */
export interface WorkersAIRealtimePlugin {
  /** Sessions through the binding: `env.AI.run(model, inputs, { websocket: true })`. */
  createBindingConnector(config: {
    binding: WorkersAIBinding;
    gateway?: GatewayOptions;
  }): WorkersAIRealtimeConnector;
  /** Sessions over REST: the run endpoint's WebSocket form, the API token in the `Authorization` header. */
  createRestConnector(
    config: RestTransportConfig & { webSocket?: WebSocketConstructor },
  ): WorkersAIRealtimeConnector;
  /** `doStream` of a transcription model: live audio to a Deepgram (nova-3) session. */
  streamTranscription(
    model: RealtimeStreamingModel,
    options: TranscriptionModelV4StreamOptions,
  ): Promise<TranscriptionModelV4StreamResult>;
  /** `doStream` of a speech model: streamed text to a Deepgram Aura (aura-2) session. */
  streamSpeech(
    model: RealtimeStreamingModel,
    options: SpeechModelV4StreamOptions,
  ): Promise<SpeechModelV4StreamResult>;
}

/** What a transcription or speech model needs to stream: an addition to its `WorkersAIModelConfig`. */
export interface WorkersAIRealtimeConfig {
  /** Present when the provider was created with `realtime`; without it, `doStream` explains how to opt in. */
  realtime?: {
    plugin: WorkersAIRealtimePlugin;
    /** Bound to the provider's binding or REST credentials. */
    connector: WorkersAIRealtimeConnector;
  };
}

/**
 * Experimental. Realtime audio for `experimental_streamTranscribe` (nova-3) and `experimental_streamSpeech`
 * (aura-2). Opt in by passing it to the provider, so Workers that do not stream audio stay small.
 *
 * @example
 * ```ts
 * import { createWorkersAI, workersAIRealtime } from "workers-ai-provider";
 * const workersai = createWorkersAI({ binding: env.AI, realtime: workersAIRealtime });
 * ```
 */
export const workersAIRealtime: WorkersAIRealtimePlugin = {
  createBindingConnector: createBindingRealtimeConnector,
  createRestConnector: createRestRealtimeConnector,
  streamTranscription,
  streamSpeech,
};
