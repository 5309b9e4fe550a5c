import {
  type SharedV4AudioFormat,
  type SharedV4Warning,
  type Experimental_SpeechModelV4StreamOptions as SpeechModelV4StreamOptions,
  type Experimental_SpeechModelV4StreamResult as SpeechModelV4StreamResult,
  type Experimental_TranscriptionModelV4StreamOptions as TranscriptionModelV4StreamOptions,
  type Experimental_TranscriptionModelV4StreamResult as TranscriptionModelV4StreamResult,
  UnsupportedFunctionalityError,
} from "@ai-sdk/provider";
import { getModelInfo } from "../catalog";
import { type Check, isBoolean, isInteger, isIntegerOrFalse, isString, isStrings, oneOf } from "../guards";
import { OptionReader } from "../media-utils/options";
import { resolveRequestSettings } from "../media-utils/request-settings";
import type { WorkersAIRealtimeConnector } from "./connect";
import { streamDeepgramSpeech } from "./speech-stream";
import { streamDeepgramTranscription } from "./transcription-stream";

/** What a transcription or speech model passes from its `doStream`. */
export interface RealtimeStreamingModel {
  modelId: string;
  /** The model's settings (Deepgram options; `providerOptions["workers-ai"]` merge over them). */
  settings: object;
  /** Opens the session, over the same binding or REST credentials as the provider's other requests. */
  connector: WorkersAIRealtimeConnector;
  /** Clock for response timestamps. */
  currentDate: () => Date;
}

/** Deepgram live-transcription options (nova-3 over the WebSocket). */
const LIVE_TRANSCRIPTION_OPTIONS: Readonly<Record<string, Check>> = {
  interim_results: isBoolean,
  endpointing: isIntegerOrFalse,
  utterance_end_ms: isInteger,
  vad_events: isBoolean,
  language: isString,
  punctuate: isBoolean,
  smart_format: isBoolean,
  diarize: isBoolean,
  keyterm: isStrings,
  keywords: isStrings,
  numerals: isBoolean,
  profanity_filter: isBoolean,
  redact: isStrings,
  replace: isStrings,
  search: isStrings,
  mip_opt_out: isBoolean,
  channels: isInteger,
  multichannel: isBoolean,
  encoding: isString,
  sample_rate: isInteger,
};

/** nova-3 options that only exist for whole files. */
const PRERECORDED_ONLY = [
  "detect_language",
  "utterances",
  "paragraphs",
  "sentiment",
  "topics",
  "summarize",
  "mode",
];

/** Whether a model speaks the Deepgram realtime protocol: catalog `realtime`, or a Deepgram model. */
function realtimeSupport(modelId: string, what: string): "listed" | "unlisted" {
  const info = getModelInfo(modelId);
  if (info?.realtime) return "listed";
  if (/(^|\/)deepgram\//i.test(modelId)) return "unlisted";
  throw new UnsupportedFunctionalityError({
    functionality: what,
    message: `${modelId} has no realtime WebSocket session; ${what} works with Deepgram models such as @cf/deepgram/nova-3 and @cf/deepgram/aura-2-en.`,
  });
}

function unlistedWarning(modelId: string): SharedV4Warning {
  return {
    type: "compatibility",
    feature: "realtime",
    details: `${modelId} is not listed as a realtime model; a WebSocket session was opened anyway.`,
  };
}

/** Deepgram encoding and sample rate of an AI SDK audio format (undefined: a container Deepgram detects). */
function deepgramEncoding(format: SharedV4AudioFormat | undefined): { encoding?: string; rate?: number } {
  const type = (format?.type ?? "").split(";")[0].trim().toLowerCase();
  if (["audio/pcm", "audio/l16", "audio/linear16", "audio/raw", "audio/s16le"].includes(type))
    return { encoding: "linear16", rate: format?.rate ?? 16000 };
  if (["audio/pcmu", "audio/mulaw", "audio/x-mulaw", "audio/basic", "audio/ulaw"].includes(type))
    return { encoding: "mulaw", rate: format?.rate ?? 8000 };
  if (["audio/pcma", "audio/alaw", "audio/x-alaw", "audio/x-alaw-basic"].includes(type))
    return { encoding: "alaw", rate: format?.rate ?? 8000 };
  return {};
}

/**
 * `doStream` of a transcription model: live audio to nova-3's realtime session. Deepgram options come from
 * settings / `providerOptions["workers-ai"]` (`interim_results` defaults to `true`; `endpointing`,
 * `utterance_end_ms`, `vad_events`, `punctuate`, `smart_format`, `language`, `keyterm`, …).
 */
export async function streamTranscription(
  model: RealtimeStreamingModel,
  options: TranscriptionModelV4StreamOptions,
): Promise<TranscriptionModelV4StreamResult> {
  const what = "streaming transcription";
  const warnings: SharedV4Warning[] = [];
  let inputs: Record<string, unknown>;
  let request: ReturnType<typeof resolveRequestSettings>;
  try {
    if (realtimeSupport(model.modelId, what) === "unlisted") warnings.push(unlistedWarning(model.modelId));
    const reader = new OptionReader(model.settings, options.providerOptions);
    const format = deepgramEncoding(options.inputAudioFormat);
    inputs = { interim_results: true };
    if (format.encoding) inputs.encoding = format.encoding;
    if (format.rate !== undefined) inputs.sample_rate = format.rate;
    for (const [key, kind] of Object.entries(LIVE_TRANSCRIPTION_OPTIONS)) {
      const value = reader.read(key, kind);
      if (value !== undefined) inputs[key] = value;
    }
    for (const key of PRERECORDED_ONLY) {
      if (reader.has(key)) {
        warnings.push({
          type: "unsupported",
          feature: key,
          details: `${key} applies to whole files (transcribe), not to realtime sessions; it was not sent.`,
        });
      }
    }
    request = resolveRequestSettings(reader, options.headers);
    Object.assign(inputs, request.extraInputs);
  } catch (error) {
    await options.audio.cancel(error).catch(() => {});
    throw error;
  }
  return streamDeepgramTranscription({
    connector: model.connector,
    request: { model: model.modelId, inputs, headers: request.headers, gateway: request.gateway },
    options,
    warnings,
    currentDate: model.currentDate,
  });
}

/** Aura's realtime encodings and the AI SDK audio format of their frames. */
const SPEECH_ENCODINGS: Readonly<Record<string, { type: string; defaultRate: number }>> = {
  linear16: { type: "audio/pcm", defaultRate: 24000 },
  mulaw: { type: "audio/pcmu", defaultRate: 8000 },
  alaw: { type: "audio/pcma", defaultRate: 8000 },
};
const isSpeechEncoding = oneOf(Object.keys(SPEECH_ENCODINGS));

/**
 * `doStream` of a speech model: streamed text to Aura's realtime session, raw audio frames back
 * (`linear16` at 24 kHz unless `outputFormat` asks for `audio/pcm` at another rate, `audio/pcmu` or
 * `audio/pcma`; compressed formats exist for whole files only and fall back with a warning).
 */
export async function streamSpeech(
  model: RealtimeStreamingModel,
  options: SpeechModelV4StreamOptions,
): Promise<SpeechModelV4StreamResult> {
  const what = "streaming speech";
  const warnings: SharedV4Warning[] = [];
  let inputs: Record<string, unknown>;
  let request: ReturnType<typeof resolveRequestSettings>;
  let audioFormat: SharedV4AudioFormat;
  try {
    if (realtimeSupport(model.modelId, what) === "unlisted") warnings.push(unlistedWarning(model.modelId));
    const reader = new OptionReader(model.settings, options.providerOptions);
    inputs = {};
    const speech = getModelInfo(model.modelId)?.speech;
    const voice = options.voice ?? reader.read("speaker", isString);
    if (voice !== undefined) {
      if (speech?.voices && !speech.voices.includes(voice.toLowerCase())) {
        warnings.push({
          type: "unsupported",
          feature: "voice",
          details: `Unknown voice "${voice}" for ${model.modelId}; the model's default voice was used. Valid voices: ${speech.voices.join(", ")}.`,
        });
      } else inputs.speaker = speech?.voices ? voice.toLowerCase() : voice;
    }

    const asked = deepgramEncoding(options.outputFormat);
    let encoding = reader.read("encoding", isSpeechEncoding) ?? asked.encoding;
    if (options.outputFormat !== undefined && asked.encoding === undefined) {
      warnings.push({
        type: "unsupported",
        feature: "outputFormat",
        details: `Realtime sessions send raw audio (audio/pcm, audio/pcmu or audio/pcma); "${options.outputFormat.type}" is for whole files (generateSpeech). audio/pcm at 24 kHz was used.`,
      });
    }
    encoding ??= "linear16";
    const rate =
      reader.read("sample_rate", isInteger) ?? asked.rate ?? SPEECH_ENCODINGS[encoding].defaultRate;
    inputs.encoding = encoding;
    inputs.sample_rate = rate;
    audioFormat = { type: SPEECH_ENCODINGS[encoding].type, rate };

    for (const feature of ["speed", "instructions", "language"] as const) {
      if (options[feature] !== undefined) {
        warnings.push({
          type: "unsupported",
          feature,
          details: `${model.modelId} does not take ${feature}.`,
        });
      }
    }
    request = resolveRequestSettings(reader, options.headers);
    Object.assign(inputs, request.extraInputs);
  } catch (error) {
    await options.text.cancel(error).catch(() => {});
    throw error;
  }
  return streamDeepgramSpeech({
    connector: model.connector,
    request: { model: model.modelId, inputs, headers: request.headers, gateway: request.gateway },
    options,
    warnings,
    audioFormat,
    voice: options.voice,
    currentDate: model.currentDate,
  });
}
