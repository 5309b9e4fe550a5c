import type {
  Experimental_SpeechModelV4StreamOptions,
  Experimental_SpeechModelV4StreamResult,
  Experimental_StreamingSpeechModelV4,
  SharedV4Warning,
  SpeechModelV4CallOptions,
  SpeechModelV4Result,
} from "@ai-sdk/provider";
import { getModelInfo, type WorkersAIModelInfo } from "../catalog";
import { usageCostMetadata } from "../catalog/usage-metadata";
import { isInteger, isString, oneOf } from "../guards";
import { OptionReader } from "../media-utils/options";
import { readReplyMedia } from "../media-utils/read-reply";
import { realtimeNotEnabled } from "../media-utils/realtime-option";
import { resolveRequestSettings, sendRequest } from "../media-utils/request-settings";
import { replyResult } from "../media-utils/response";
import { unsupported, type WorkersAIModelConfig } from "../model-config";
import type { WorkersAIRealtimeConfig } from "../realtime/plugin";
import type { WorkersAIAuraEncoding, WorkersAISpeechSettings } from "./speech-settings";

type SpeechInfo = NonNullable<WorkersAIModelInfo["speech"]>;

/** Deepgram Aura (`text`, `speaker`, encodings), MeloTTS (`prompt`, `lang`), or a model we do not know. */
type SpeechFamily = "aura" | "melotts" | "unknown";

const AURA_ENCODINGS: readonly WorkersAIAuraEncoding[] = [
  "linear16",
  "flac",
  "mulaw",
  "alaw",
  "mp3",
  "opus",
  "aac",
];
const AURA_CONTAINERS = ["none", "wav", "ogg"] as const;
const isAuraEncoding = oneOf(AURA_ENCODINGS);
const isAuraContainer = oneOf(AURA_CONTAINERS);
const AURA_ONLY_OPTIONS = ["speaker", "encoding", "container", "sample_rate", "bit_rate"] as const;

type AuraFormat = { encoding: WorkersAIAuraEncoding; container?: (typeof AURA_CONTAINERS)[number] };

/** AI SDK `outputFormat` names (short names and media types, space-separated) of each Aura encoding/container. */
const OUTPUT_FORMATS: ReadonlyArray<[names: string, format: AuraFormat]> = [
  ["mp3 mpeg audio/mpeg audio/mp3", { encoding: "mp3" }],
  ["wav audio/wav", { encoding: "linear16", container: "wav" }],
  ["opus ogg audio/ogg audio/opus", { encoding: "opus", container: "ogg" }],
  ["flac audio/flac", { encoding: "flac" }],
  ["aac audio/aac", { encoding: "aac" }],
  ["linear16 pcm audio/pcm audio/l16", { encoding: "linear16", container: "none" }],
  ["mulaw audio/mulaw", { encoding: "mulaw", container: "none" }],
  ["alaw audio/alaw", { encoding: "alaw", container: "none" }],
];

/** The Aura encoding/container an AI SDK `outputFormat` names, if any. */
function auraFormat(outputFormat: string): AuraFormat | undefined {
  const name = outputFormat.trim().toLowerCase();
  return OUTPUT_FORMATS.find(([names]) => names.split(" ").includes(name))?.[1];
}

/** MeloTTS language codes that differ from ISO 639-1. */
const MELO_LANGUAGES: Readonly<Record<string, string>> = { ja: "jp", ko: "kr" };

/** Media types of the signature-less audio an encoding makes when no container wraps it. */
const HEADERLESS_MEDIA_TYPES: Readonly<Record<string, string>> = {
  linear16: "audio/pcm",
  mulaw: "audio/mulaw",
  alaw: "audio/alaw",
};

/** The inputs of one call, and the media type of the signature-less audio they ask for, if any. */
type SpeechInputs = { inputs: Record<string, unknown>; headerless?: string };

/**
 * A Workers AI text-to-speech model: Deepgram aura-1 / aura-2-en / aura-2-es (`voice` → `speaker`,
 * `outputFormat` → `encoding`/`container`) and MeloTTS (`prompt`, `lang`). The audio is read from
 * every reply form (raw bytes, a byte stream, or JSON `{audio: base64}`).
 */
export class WorkersAISpeechModel implements Experimental_StreamingSpeechModelV4 {
  readonly specificationVersion = "v4";
  readonly provider: string;
  readonly modelId: string;

  private readonly settings: WorkersAISpeechSettings;
  private readonly config: WorkersAIModelConfig & WorkersAIRealtimeConfig;
  private readonly info: SpeechInfo | undefined;
  private readonly family: SpeechFamily;

  constructor(
    modelId: string,
    settings: WorkersAISpeechSettings,
    config: WorkersAIModelConfig & WorkersAIRealtimeConfig,
  ) {
    this.provider = config.provider;
    this.modelId = modelId;
    this.settings = settings ?? {};
    this.config = config;
    this.info = getModelInfo(modelId)?.speech;
    const textParameter = this.info?.textParameter;
    // New Aura/MeloTTS versions are recognised by name so they work before the catalog knows them.
    this.family =
      textParameter === "prompt" || (!this.info && /melotts/i.test(modelId))
        ? "melotts"
        : textParameter === "text" || (!this.info && /\/aura-/i.test(modelId))
          ? "aura"
          : "unknown";
  }

  async doGenerate(options: SpeechModelV4CallOptions): Promise<SpeechModelV4Result> {
    const warnings: SharedV4Warning[] = [];
    const reader = new OptionReader(this.settings, options.providerOptions);
    const { inputs, headerless } =
      this.family === "melotts"
        ? this.melottsInputs(options, reader, warnings)
        : this.auraInputs(options, reader, warnings);

    for (const feature of ["speed", "instructions"] as const) {
      if (options[feature] !== undefined) {
        warnings.push(unsupported(feature, `${this.modelId} does not take ${feature}.`));
      }
    }

    const request = resolveRequestSettings(reader, options.headers);
    Object.assign(inputs, request.extraInputs);
    const { reply, url } = await sendRequest(
      this.config,
      { model: this.modelId, inputs, abortSignal: options.abortSignal },
      request,
    );
    const { bytes, mediaType } = await readReplyMedia(reply, {
      field: "audio",
      what: "speech",
      headerless,
      url,
    });
    return {
      audio: bytes,
      request: { body: inputs },
      ...replyResult(
        reply,
        warnings,
        { modelId: this.modelId, timestamp: this.config.currentDate() },
        // characters as a reader counts them: code points, so an emoji is one character, not two
        { mediaType, ...usageCostMetadata(this.modelId, { characters: [...options.text].length }) },
      ),
    };
  }

  /**
   * Experimental (`experimental_streamSpeech`): streamed text over Aura's realtime WebSocket (aura-2),
   * raw audio frames back as they are synthesized. Needs `createWorkersAI({ realtime })`.
   */
  doStream(
    options: Experimental_SpeechModelV4StreamOptions,
  ): Promise<Experimental_SpeechModelV4StreamResult> {
    const realtime = this.config.realtime;
    if (!realtime) return realtimeNotEnabled("experimental_streamSpeech", options.text);
    return realtime.plugin.streamSpeech(
      {
        modelId: this.modelId,
        settings: this.settings,
        connector: realtime.connector,
        currentDate: this.config.currentDate,
      },
      options,
    );
  }

  private auraInputs(
    options: SpeechModelV4CallOptions,
    reader: OptionReader,
    warnings: SharedV4Warning[],
  ): SpeechInputs {
    const inputs: Record<string, unknown> = { text: options.text };
    const aura = this.family === "aura";

    const voice = options.voice ?? reader.read("speaker", isString);
    if (voice !== undefined) {
      const voices = this.info?.voices;
      if (!aura && this.info) {
        warnings.push(unsupported("voice", `${this.modelId} has no voices.`));
      } else if (voices && !voices.includes(voice.toLowerCase())) {
        warnings.push(
          unsupported(
            "voice",
            `Unknown voice "${voice}" for ${this.modelId}; the model's default voice was used. Valid voices: ${voices.join(", ")}.`,
          ),
        );
      } else {
        inputs.speaker = voices ? voice.toLowerCase() : voice;
      }
    }

    let encoding: string | undefined = reader.read("encoding", isAuraEncoding);
    let container: string | undefined = reader.read("container", isAuraContainer);
    if (options.outputFormat !== undefined) {
      const format = auraFormat(options.outputFormat);
      if (!format || (this.info && !aura)) {
        warnings.push(
          unsupported(
            "outputFormat",
            `${this.modelId} cannot produce "${options.outputFormat}"${
              aura ? `; use one of ${OUTPUT_FORMATS.map(([names]) => names.split(" ", 1)[0]).join(", ")}` : ""
            }. The model's default format was used.`,
          ),
        );
      } else {
        encoding ??= format.encoding;
        if (format.container) container ??= format.container;
      }
    }
    const encodings = this.info?.encodings;
    if (encoding !== undefined && encodings && !encodings.includes(encoding)) {
      warnings.push(
        unsupported(
          "encoding",
          `${this.modelId} does not offer encoding "${encoding}" (offers ${encodings.join(", ")}).`,
        ),
      );
      encoding = undefined;
    }
    if (encoding !== undefined) inputs.encoding = encoding;
    if (container !== undefined) inputs.container = container;

    for (const key of ["sample_rate", "bit_rate"]) {
      const value = reader.read(key, isInteger);
      if (value !== undefined) inputs[key] = value;
    }

    if (options.language !== undefined) {
      warnings.push(
        unsupported(
          "language",
          `${this.modelId} speaks the language it was built for${
            aura ? " (use aura-2-es for Spanish)" : ""
          }; language was ignored.`,
        ),
      );
    }
    if (reader.has("lang")) warnings.push(unsupported("lang", "lang is a MeloTTS option."));
    const headerless = container === undefined || container === "none";
    return { inputs, headerless: headerless && encoding ? HEADERLESS_MEDIA_TYPES[encoding] : undefined };
  }

  private melottsInputs(
    options: SpeechModelV4CallOptions,
    reader: OptionReader,
    warnings: SharedV4Warning[],
  ): SpeechInputs {
    const inputs: Record<string, unknown> = { prompt: options.text };
    const language = options.language ?? reader.read("lang", isString);
    if (language !== undefined && language !== "auto") {
      const code = language.toLowerCase();
      inputs.lang = MELO_LANGUAGES[code] ?? code;
    }
    if (options.voice !== undefined) {
      warnings.push(unsupported("voice", `${this.modelId} has a single voice.`));
    }
    if (options.outputFormat !== undefined && auraFormat(options.outputFormat)?.encoding !== "mp3") {
      warnings.push(
        unsupported(
          "outputFormat",
          `${this.modelId} produces MP3 only; "${options.outputFormat}" was ignored.`,
        ),
      );
    }
    for (const key of AURA_ONLY_OPTIONS) {
      if (reader.has(key)) {
        warnings.push(unsupported(key, `${key} is a Deepgram Aura option.`));
      }
    }
    return { inputs };
  }
}
