import type { WorkersAIRequestSettings } from "../media-utils/request-settings";

/** whisper-large-v3-turbo options (wire names). */
export interface WorkersAIWhisperOptions {
  /** Language of the audio (ISO-639-1, e.g. `"fr"`); also sent to nova-3. */
  language?: string;
  /** `"transcribe"` (default) or `"translate"` (speech → English text). */
  task?: "transcribe" | "translate";
  /** Skip silence with voice activity detection. */
  vad_filter?: boolean;
  /** Text that primes the model (names, spelling, style). `providerOptions["workers-ai"].prompt` maps here. */
  initial_prompt?: string;
  /** Text the transcript should start with. */
  prefix?: string;
  /** Beam search width (larger: slower, sometimes more accurate). */
  beam_size?: number;
  /** Feed the previous window's text as context for the next one. */
  condition_on_previous_text?: boolean;
  /** Treat a window as silence above this no-speech probability. */
  no_speech_threshold?: number;
  /** Retry decoding when the text compresses more than this (repetition guard). */
  compression_ratio_threshold?: number;
  /** Retry decoding when the average log probability is below this. */
  log_prob_threshold?: number;
  /** Skip silences longer than this (seconds) when a hallucination is suspected. */
  hallucination_silence_threshold?: number;
}

/** Deepgram nova-3 options (wire names; sent as query parameters over REST). */
export interface WorkersAINova3Options {
  /** Language of the audio (BCP-47, e.g. `"en"`, `"es"`). */
  language?: string;
  /** Detect the language instead of assuming one. */
  detect_language?: boolean;
  punctuate?: boolean;
  smart_format?: boolean;
  /** Label speakers (`speaker` on each word). */
  diarize?: boolean;
  /** Split into utterances (used as segments). */
  utterances?: boolean;
  /** Split into paragraphs (their sentences are used as segments). */
  paragraphs?: boolean;
  /** Terms to boost recognition of. */
  keyterm?: string | string[];
  /** Keywords to boost (older Deepgram models; nova-3 prefers `keyterm`). */
  keywords?: string | string[];
  /** Write numbers as digits. */
  numerals?: boolean;
  /** Mask profanity. */
  profanity_filter?: boolean;
  /** Redact sensitive data (e.g. `"pci"`, `"ssn"`). */
  redact?: string | string[];
  /** Replace terms (`"find:replace"`). */
  replace?: string | string[];
  /** Search the audio for these terms. */
  search?: string | string[];
  /** Add sentiment analysis. */
  sentiment?: boolean;
  /** Add topic detection. */
  topics?: boolean;
  /** Domain of the audio. */
  mode?: "general" | "medical" | "finance";
  /** Opt out of the Deepgram model improvement programme. */
  mip_opt_out?: boolean;
  /** Encoding of headerless audio (e.g. `"linear16"`). */
  encoding?: string;
  /** Channel count of headerless audio. */
  channels?: number;
  /** Transcribe each channel separately. */
  multichannel?: boolean;
}

/**
 * Settings of a Workers AI transcription model. Every field can also be set per call in
 * `providerOptions["workers-ai"]` (the per-call value wins); fields a model does not take warn.
 */
export interface WorkersAITranscriptionSettings
  extends WorkersAIWhisperOptions,
    WorkersAINova3Options,
    WorkersAIRequestSettings {
  /** Language of the audio; whisper-large-v3-turbo and nova-3. */
  language?: string;
}
