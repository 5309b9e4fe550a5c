import { InvalidResponseDataError, type JSONObject } from "@ai-sdk/provider";
import { isRecord } from "../guards";

/** A timed piece of transcript, in AI SDK shape. */
interface TimedText {
  text: string;
  startSecond: number;
  endSecond: number;
}

/** What a transcription reply says, whatever model produced it. */
export interface Transcript {
  text: string;
  segments: TimedText[];
  words: TimedText[] | undefined;
  language: string | undefined;
  durationInSeconds: number | undefined;
  /** Model-specific extras for `providerMetadata` (word count, VTT captions, confidence…); undefined when absent. */
  extra: JSONObject;
}

function finite(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function string(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The objects of a list (anything else: none). */
function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** The object at `value[key]`, or an empty one. */
function recordAt(value: Record<string, unknown>, key: string): Record<string, unknown> {
  const inner = value[key];
  return isRecord(inner) ? inner : {};
}

/** `{text|word|transcript, start, end}` entries → timed text, under the first text key present; entries without numeric times are skipped. */
function timedList(entries: unknown, textKeys: readonly string[]): TimedText[] {
  const list: TimedText[] = [];
  for (const entry of records(entries)) {
    const textKey = textKeys.find((key) => typeof entry[key] === "string");
    const text = textKey === undefined ? undefined : (entry[textKey] as string);
    const startSecond = finite(entry.start);
    const endSecond = finite(entry.end);
    if (text !== undefined && startSecond !== undefined && endSecond !== undefined) {
      list.push({ text: text.trim(), startSecond, endSecond });
    }
  }
  return list;
}

/** Deepgram nova-3: `results.channels[0].alternatives[0]`, utterances/paragraphs as segments. */
function readDeepgram(value: Record<string, unknown>, results: Record<string, unknown>): Transcript {
  const channel = records(results.channels)[0] ?? {};
  const alternative = records(channel.alternatives)[0];
  if (typeof alternative?.transcript !== "string") {
    throw new InvalidResponseDataError({
      data: value,
      message:
        "Workers AI returned a Deepgram transcription without results.channels[0].alternatives[0].transcript.",
    });
  }
  const words = timedList(alternative.words, ["punctuated_word", "word"]);
  let segments = timedList(results.utterances, ["transcript"]);
  if (segments.length === 0) {
    const paragraphs = records(recordAt(alternative, "paragraphs").paragraphs);
    segments = timedList(
      paragraphs.flatMap((paragraph) => records(paragraph.sentences)),
      ["text"],
    );
  }
  const speakers = records(alternative.words)
    .map((word) => finite(word.speaker))
    .filter((speaker): speaker is number => speaker !== undefined);
  const languages = alternative.languages;
  return {
    text: alternative.transcript,
    segments: segments.length > 0 ? segments : words,
    words: words.length > 0 ? words : undefined,
    language:
      string(channel.detected_language) ?? string(Array.isArray(languages) ? languages[0] : undefined),
    durationInSeconds: finite(recordAt(value, "metadata").duration),
    extra: {
      confidence: finite(alternative.confidence),
      languageConfidence: finite(channel.language_confidence),
      speakers: speakers.length > 0 ? [...new Set(speakers)].sort((a, b) => a - b) : undefined,
    },
  };
}

/** Whisper family: `text`, `segments` (v3-turbo, with nested `words`) or `words` (whisper), `transcription_info`. */
function readWhisper(value: Record<string, unknown>): Transcript {
  if (typeof value.text !== "string") {
    throw new InvalidResponseDataError({
      data: value,
      message: "Workers AI returned a transcription reply without text.",
    });
  }
  const rawSegments = records(value.segments);
  const topWords = records(value.words);
  const words = timedList(
    topWords.length > 0 ? topWords : rawSegments.flatMap((segment) => records(segment.words)),
    ["word"],
  );
  const info = recordAt(value, "transcription_info");
  return {
    text: value.text.trim(),
    segments: rawSegments.length > 0 ? timedList(rawSegments, ["text"]) : words,
    words: words.length > 0 ? words : undefined,
    language: string(info.language),
    durationInSeconds: finite(info.duration),
    extra: {
      wordCount: finite(value.word_count),
      vtt: string(value.vtt),
      languageProbability: finite(info.language_probability),
      durationAfterVad: finite(info.duration_after_vad),
    },
  };
}

/** Reads a transcription reply by its shape (Deepgram `results`, or Whisper `text`), not by model id. */
export function readTranscript(value: unknown): Transcript {
  if (!isRecord(value)) {
    throw new InvalidResponseDataError({
      data: value,
      message: "Workers AI returned a transcription reply that is not an object.",
    });
  }
  return isRecord(value.results) ? readDeepgram(value, value.results) : readWhisper(value);
}
