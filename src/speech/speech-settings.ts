import type { WorkersAIRequestSettings } from "../media-utils/request-settings";

/** Deepgram Aura encodings (`encoding` on the wire). */
export type WorkersAIAuraEncoding = "linear16" | "flac" | "mulaw" | "alaw" | "mp3" | "opus" | "aac";

/**
 * Settings of a Workers AI text-to-speech model. Every field can also be set per call in
 * `providerOptions["workers-ai"]` (the per-call value wins); fields a model does not take warn.
 */
export interface WorkersAISpeechSettings extends WorkersAIRequestSettings {
  /** Aura: the voice (wire name `speaker`); the AI SDK `voice` option wins over it. */
  speaker?: string;
  /** Aura: audio encoding; the AI SDK `outputFormat` sets it for you. */
  encoding?: WorkersAIAuraEncoding;
  /** Aura: container around the encoded audio. */
  container?: "none" | "wav" | "ogg";
  /** Aura: sample rate in Hz. */
  sample_rate?: number;
  /** Aura: bit rate in bits per second (compressed encodings). */
  bit_rate?: number;
  /** MeloTTS: language of the text (default `"en"`); the AI SDK `language` option wins over it. */
  lang?: string;
}
