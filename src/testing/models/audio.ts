/**
 * Emulated speech models. Transcripts are phrases derived from a hash of the audio bytes; durations
 * come from the WAV header when there is one, else bytes / 16000. Speech is valid MP3 / WAV audio.
 */
import type { CatalogModel } from "../catalog";
import { EmulatorError, invalidInput } from "../errors";
import { encodeMp3, encodeWav, MP3_FRAME_SAMPLES, toneSamples, wavDurationSeconds } from "../media";
import type { EmulatorModelReply } from "../types";
import { base64ToBytes, bytesToBase64, hashBytes, isRecord, seededRandom, textEncoder } from "../util";

const PHRASE_WORDS = [
  "hello",
  "world",
  "the",
  "quick",
  "brown",
  "fox",
  "jumps",
  "over",
  "lazy",
  "dog",
  "workers",
  "edge",
  "cloud",
  "network",
  "model",
  "speech",
  "audio",
  "sample",
  "today",
  "weather",
  "is",
  "sunny",
  "in",
  "london",
  "please",
  "call",
  "me",
  "back",
  "thank",
  "you",
  "very",
  "much",
];

/** Decodes any accepted audio value (number[], bytes, base64, `{body, contentType}`) to bytes. */
function audioBytes(value: unknown, field = "audio"): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (Array.isArray(value)) {
    const out = new Uint8Array(value.length);
    value.forEach((b, i) => {
      if (typeof b !== "number" || !Number.isInteger(b) || b < 0 || b > 255)
        throw invalidInput(`'${field}' must be an array of bytes (0-255)`);
      out[i] = b;
    });
    return out;
  }
  if (typeof value === "string") {
    const bytes = base64ToBytes(value);
    if (!bytes) throw new EmulatorError(5004, "Invalid data type for base64 input");
    return bytes;
  }
  if (isRecord(value) && value.body !== undefined) return audioBytes(value.body, field);
  throw invalidInput(`'${field}' is required`);
}

function transcriptWords(bytes: Uint8Array): string[] {
  if (bytes.length === 0) return [];
  const random = seededRandom(hashBytes(bytes));
  const count = 4 + Math.floor(random() * 5);
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push(PHRASE_WORDS[Math.floor(random() * PHRASE_WORDS.length)]);
  return words;
}

function durationOf(bytes: Uint8Array): number {
  const seconds = wavDurationSeconds(bytes) ?? bytes.length / 16000;
  return Math.round(seconds * 1000) / 1000;
}

function timed(words: string[], duration: number) {
  const step = words.length > 0 ? duration / words.length : 0;
  return words.map((word, i) => ({
    word,
    start: Math.round(i * step * 1000) / 1000,
    end: Math.round((i + 1) * step * 1000) / 1000,
  }));
}

function vttTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3600000);
  const m = Math.floor((ms % 3600000) / 60000);
  const s = Math.floor((ms % 60000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

function vtt(text: string, duration: number): string {
  return `WEBVTT\n\n${vttTime(0)} --> ${vttTime(duration)}\n${text}\n\n`;
}

function sentence(words: string[]): string {
  if (words.length === 0) return "";
  const text = words.join(" ");
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

/** Runs a speech-to-text model. */
export function runTranscription(model: CatalogModel, inputs: Record<string, unknown>): unknown {
  const bytes = audioBytes(inputs.audio);
  const duration = durationOf(bytes);
  const words = transcriptWords(bytes);
  if (model.id.endsWith("whisper-large-v3-turbo")) {
    const task = inputs.task ?? "transcribe";
    if (task !== "transcribe" && task !== "translate")
      throw invalidInput("'task' must be transcribe or translate");
    const language = typeof inputs.language === "string" ? inputs.language : "en";
    let text = sentence(words);
    if (typeof inputs.initial_prompt === "string" && inputs.initial_prompt !== "")
      text = `${inputs.initial_prompt} ${text}`.trim();
    if (task === "translate") text = `[translated from ${language}] ${text}`;
    const timedWords = timed(text.split(/\s+/).filter(Boolean), duration);
    return {
      transcription_info: {
        language: task === "translate" ? "en" : language,
        language_probability: 0.99,
        duration,
        duration_after_vad: duration,
      },
      text,
      word_count: timedWords.length,
      segments: [
        {
          start: 0,
          end: duration,
          text,
          temperature: 0,
          avg_logprob: -0.25,
          compression_ratio: 1.2,
          no_speech_prob: 0.01,
          words: timedWords,
        },
      ],
      vtt: vtt(text, duration),
    };
  }
  if (model.id.endsWith("nova-3")) {
    const punctuate = inputs.punctuate === true || inputs.smart_format === true;
    const transcript = punctuate ? sentence(words) : words.join(" ");
    const diarize = inputs.diarize === true;
    const list = timed(words, duration).map((w, i) => {
      const entry: Record<string, unknown> = { ...w, confidence: 0.98 };
      if (punctuate)
        entry.punctuated_word = i === 0 ? `${w.word[0].toUpperCase()}${w.word.slice(1)}` : w.word;
      if (diarize) {
        entry.speaker = i < Math.ceil(words.length / 2) ? 0 : 1;
        entry.speaker_confidence = 0.9;
      }
      return entry;
    });
    const channel: Record<string, unknown> = {
      alternatives: [{ transcript, confidence: 0.98, words: list }],
    };
    if (inputs.detect_language === true) {
      channel.detected_language = typeof inputs.language === "string" ? inputs.language : "en";
      channel.language_confidence = 0.99;
    }
    return {
      metadata: { duration, channels: 1, models: ["nova-3"] },
      results: { channels: [channel] },
    };
  }
  const text = sentence(words);
  return { text, word_count: words.length, words: timed(words, duration), vtt: vtt(text, duration) };
}

const VOICES: Record<string, { voices: string[]; fallback: string }> = {
  "aura-2-en": {
    fallback: "luna",
    voices:
      "amalthea andromeda apollo arcas aries asteria athena atlas aurora callista cora cordelia delia draco electra harmonia helena hera hermes hyperion iris janus juno jupiter luna mars minerva neptune odysseus ophelia orion orpheus pandora phoebe pluto saturn thalia theia vesta zeus".split(
        " ",
      ),
  },
  "aura-2-es": {
    fallback: "sirio",
    voices: "sirio nestor carina celeste alvaro diana aquila selena estrella javier".split(" "),
  },
  "aura-1": {
    fallback: "angus",
    voices: "angus asteria arcas orion orpheus athena luna zeus perseus helios hera stella".split(" "),
  },
};

function speechSeconds(text: string): number {
  return Math.min(60, Math.max(0.5, text.trim().split(/\s+/).length * 0.35));
}

/** MP3 bytes long enough for `text`. */
function speechMp3(text: string): Uint8Array {
  const frames = Math.ceil((speechSeconds(text) * 44100) / MP3_FRAME_SAMPLES);
  return encodeMp3(frames);
}

function encodedSpeech(text: string, encoding: string, container: string, sampleRate: number) {
  const seconds = speechSeconds(text);
  const seed = textEncoder.encode(text).length;
  if (encoding === "mp3") return { bytes: speechMp3(text), contentType: "audio/mpeg" };
  if (encoding === "linear16") {
    const wav = encodeWav(toneSamples(seconds, sampleRate, seed), sampleRate);
    if (container === "wav") return { bytes: wav, contentType: "audio/wav" };
    return { bytes: wav.subarray(44), contentType: "audio/l16" };
  }
  const n = Math.round(seconds * 8000);
  if (encoding === "mulaw" || encoding === "alaw") {
    const silence = encoding === "mulaw" ? 0xff : 0xd5;
    const raw = new Uint8Array(n).fill(silence);
    if (container === "wav") return { bytes: encodeWav(new Float32Array(n), 8000), contentType: "audio/wav" };
    return { bytes: raw, contentType: encoding === "mulaw" ? "audio/basic" : "audio/x-alaw-basic" };
  }
  if (encoding === "flac") {
    const out = new Uint8Array(42 + n);
    out.set([0x66, 0x4c, 0x61, 0x43, 0x80, 0, 0, 34]);
    return { bytes: out, contentType: "audio/flac" };
  }
  if (encoding === "opus" || container === "ogg") {
    const out = new Uint8Array(64 + n);
    out.set([0x4f, 0x67, 0x67, 0x53, 0, 2]);
    out.set([0x4f, 0x70, 0x75, 0x73, 0x48, 0x65, 0x61, 0x64], 28);
    return { bytes: out, contentType: "audio/ogg" };
  }
  if (encoding === "aac") {
    const out = new Uint8Array(n);
    for (let o = 0; o + 7 <= n; o += 256) out.set([0xff, 0xf1, 0x50, 0x80, 0x20, 0x1f, 0xfc], o);
    return { bytes: out, contentType: "audio/aac" };
  }
  throw invalidInput(`unsupported encoding ${encoding}`);
}

/** Runs a text-to-speech model. */
export function runSpeech(model: CatalogModel, inputs: Record<string, unknown>): EmulatorModelReply {
  const short = model.id.split("/").pop() ?? model.id;
  if (short === "melotts") {
    if (typeof inputs.prompt !== "string" || inputs.prompt === "")
      throw invalidInput("'prompt' must be a non-empty string");
    return { json: { audio: bytesToBase64(speechMp3(inputs.prompt)) } };
  }
  const table = VOICES[short] ?? VOICES["aura-2-en"];
  if (typeof inputs.text !== "string" || inputs.text === "")
    throw invalidInput("'text' must be a non-empty string");
  const speaker = inputs.speaker ?? table.fallback;
  if (typeof speaker !== "string" || !table.voices.includes(speaker))
    throw invalidInput(`unknown speaker ${JSON.stringify(speaker)} for ${model.id}`);
  const encoding = typeof inputs.encoding === "string" ? inputs.encoding : "mp3";
  const container = typeof inputs.container === "string" ? inputs.container : "none";
  const sampleRate = typeof inputs.sample_rate === "number" ? inputs.sample_rate : 24000;
  return encodedSpeech(inputs.text, encoding, container, sampleRate);
}
