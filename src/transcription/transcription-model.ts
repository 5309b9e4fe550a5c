import {
  type Experimental_TranscriptionModelV4StreamOptions,
  type Experimental_TranscriptionModelV4StreamResult,
  InvalidArgumentError,
  type SharedV4Warning,
  type TranscriptionModelV4,
  type TranscriptionModelV4CallOptions,
  type TranscriptionModelV4Result,
  UnsupportedFunctionalityError,
} from "@ai-sdk/provider";
import { convertUint8ArrayToBase64 } from "@ai-sdk/provider-utils";
import { getModelInfo } from "../catalog";
import { usageCostMetadata } from "../catalog/usage-metadata";
import { type Check, isBoolean, isInteger, isNumber, isString, isStrings, oneOf } from "../guards";
import { fileDataToBytes } from "../media-utils/base64";
import { OptionReader } from "../media-utils/options";
import { readReplyJson } from "../media-utils/read-reply";
import { realtimeNotEnabled } from "../media-utils/realtime-option";
import { resolveRequestSettings, sendRequest } from "../media-utils/request-settings";
import { replyResult } from "../media-utils/response";
import { unsupported, type WorkersAIModelConfig } from "../model-config";
import type { WorkersAIRealtimeConfig } from "../realtime/plugin";
import { readTranscript } from "./read-transcript";
import type { WorkersAITranscriptionSettings } from "./transcription-settings";

/** How a model takes its audio: `number[]` (whisper), base64 (v3-turbo), or a raw body (nova-3). */
type AudioInput = "byte-array" | "base64" | "binary";

/** whisper-large-v3-turbo options and their types. */
const WHISPER_OPTIONS: Readonly<Record<string, Check>> = {
  language: isString,
  task: oneOf(["transcribe", "translate"]),
  vad_filter: isBoolean,
  initial_prompt: isString,
  prefix: isString,
  beam_size: isInteger,
  condition_on_previous_text: isBoolean,
  no_speech_threshold: isNumber,
  compression_ratio_threshold: isNumber,
  log_prob_threshold: isNumber,
  hallucination_silence_threshold: isNumber,
};

/** Deepgram nova-3 options and their types. */
const NOVA_OPTIONS: Readonly<Record<string, Check>> = {
  language: isString,
  detect_language: isBoolean,
  punctuate: isBoolean,
  smart_format: isBoolean,
  diarize: isBoolean,
  utterances: isBoolean,
  paragraphs: isBoolean,
  keyterm: isStrings,
  keywords: isStrings,
  numerals: isBoolean,
  profanity_filter: isBoolean,
  redact: isStrings,
  replace: isStrings,
  search: isStrings,
  sentiment: isBoolean,
  topics: isBoolean,
  mode: oneOf(["general", "medical", "finance"]),
  mip_opt_out: isBoolean,
  encoding: isString,
  channels: isInteger,
  multichannel: isBoolean,
};

const ALL_OPTIONS: Readonly<Record<string, Check>> = { ...WHISPER_OPTIONS, ...NOVA_OPTIONS };

/**
 * A Workers AI speech-to-text model: whisper / whisper-tiny-en (bytes as `number[]`),
 * whisper-large-v3-turbo (base64, with its decoding options) and Deepgram nova-3 (raw audio body with
 * its content type, options as query parameters over REST). Unknown models get base64 `audio`.
 */
export class WorkersAITranscriptionModel implements TranscriptionModelV4 {
  readonly specificationVersion = "v4";
  readonly provider: string;
  readonly modelId: string;

  private readonly settings: WorkersAITranscriptionSettings;
  private readonly config: WorkersAIModelConfig & WorkersAIRealtimeConfig;
  private readonly input: AudioInput | undefined;
  private readonly translate: boolean | undefined;
  /** The catalog knows the model only as a realtime (WebSocket) model: its published input has no audio. */
  private readonly realtimeOnly: boolean;

  constructor(
    modelId: string,
    settings: WorkersAITranscriptionSettings,
    config: WorkersAIModelConfig & WorkersAIRealtimeConfig,
  ) {
    this.provider = config.provider;
    this.modelId = modelId;
    this.settings = settings ?? {};
    this.config = config;
    const row = getModelInfo(modelId);
    this.input = row?.transcription?.input;
    this.translate = row?.transcription?.translate;
    this.realtimeOnly = row?.realtime === true && row.transcription === undefined;
  }

  async doGenerate(options: TranscriptionModelV4CallOptions): Promise<TranscriptionModelV4Result> {
    if (this.realtimeOnly) {
      throw new UnsupportedFunctionalityError({
        functionality: `transcribing a file with ${this.modelId}`,
        message: `${this.modelId} transcribes live audio only (its published input has no audio field); use experimental_streamTranscribe with createWorkersAI({ realtime }).`,
      });
    }
    const warnings: SharedV4Warning[] = [];
    const audio = fileDataToBytes(options.audio);
    if (!audio || audio.length === 0) {
      throw new InvalidArgumentError({
        argument: "audio",
        message: "The audio is empty or not valid base64.",
      });
    }
    const reader = new OptionReader(this.settings, options.providerOptions);
    const inputs = this.buildInputs(reader, warnings);
    const request = resolveRequestSettings(reader, options.headers);
    Object.assign(inputs, request.extraInputs);
    const { reply, url } = await sendRequest(
      this.config,
      {
        model: this.modelId,
        // nova-3 takes the audio as the raw body, whisper as a number array, the others as base64
        ...(this.input === "binary"
          ? { inputs, rawBody: { key: "audio", body: audio, contentType: options.mediaType } }
          : {
              inputs: {
                ...inputs,
                audio: this.input === "byte-array" ? Array.from(audio) : convertUint8ArrayToBase64(audio),
              },
            }),
        abortSignal: options.abortSignal,
      },
      request,
    );
    const value = await readReplyJson(reply, "transcription", { url });
    const transcript = readTranscript(value);

    const requested = options.timestampGranularities ?? [];
    for (const [granularity, timings] of [
      ["word", transcript.words],
      ["segment", transcript.segments],
    ] as const) {
      if (requested.includes(granularity) && !timings?.length) {
        warnings.push(
          unsupported("timestampGranularities", `${this.modelId} returned no ${granularity} timings.`),
        );
      }
    }

    return {
      text: transcript.text,
      segments: transcript.segments,
      ...(transcript.words ? { words: transcript.words } : {}),
      language: transcript.language,
      durationInSeconds: transcript.durationInSeconds,
      ...replyResult(
        reply,
        warnings,
        { modelId: this.modelId, timestamp: this.config.currentDate() },
        {
          ...transcript.extra,
          ...usageCostMetadata(this.modelId, { audioSeconds: transcript.durationInSeconds }),
        },
        value,
      ),
    };
  }

  /**
   * Experimental (`experimental_streamTranscribe`): live audio over the model's realtime WebSocket
   * (nova-3), with interim results and end-of-utterance markers. Needs `createWorkersAI({ realtime })`.
   */
  doStream(
    options: Experimental_TranscriptionModelV4StreamOptions,
  ): Promise<Experimental_TranscriptionModelV4StreamResult> {
    const realtime = this.config.realtime;
    if (!realtime) return realtimeNotEnabled("experimental_streamTranscribe", options.audio);
    return realtime.plugin.streamTranscription(
      {
        modelId: this.modelId,
        settings: this.settings,
        connector: realtime.connector,
        currentDate: this.config.currentDate,
      },
      options,
    );
  }

  /** The model inputs the options ask for, each checked against what the model's schema lists. */
  private buildInputs(reader: OptionReader, warnings: SharedV4Warning[]): Record<string, unknown> {
    const accepted =
      this.input === "binary" ? NOVA_OPTIONS : this.input === "byte-array" ? {} : WHISPER_OPTIONS;
    const inputs: Record<string, unknown> = {};

    const prompt = reader.read("prompt", isString);
    const initialPrompt = reader.read("initial_prompt", isString);
    if (prompt !== undefined && initialPrompt === undefined) {
      if ("initial_prompt" in accepted || this.input === undefined) inputs.initial_prompt = prompt;
      else warnings.push(notTaken("prompt", this.modelId));
    }

    for (const [key, kind] of Object.entries(ALL_OPTIONS)) {
      const value = reader.read(key, kind);
      if (value === undefined) continue;
      // Unknown models get what the caller asked for; known ones only what their schema lists.
      const translateRefused = key === "task" && value === "translate" && this.translate === false;
      if (this.input !== undefined && (!(key in accepted) || translateRefused)) {
        warnings.push(notTaken(key, this.modelId));
      } else if (Array.isArray(value)) {
        // nova-3's published schema takes one string per option (`keyterm`, `redact`, …): the first is sent.
        if (value.length > 1) {
          warnings.push(
            unsupported(
              key,
              `${this.modelId} takes one ${key} string; ${JSON.stringify(value[0])} was sent, ${value.length - 1} more were not.`,
            ),
          );
        }
        inputs[key] = value[0];
      } else {
        inputs[key] = value;
      }
    }
    return inputs;
  }
}

function notTaken(feature: string, modelId: string): SharedV4Warning {
  return unsupported(feature, `${modelId} does not take ${feature}; it was ignored.`);
}
