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
  /** Model-specific extras for `providerMetadata` (word count, VTT captions, confidence…). */
  extra: JSONObject;
}

function finite(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** `{text|word|transcript, start, end}` → timed text; entries without numeric times are skipped. */
function timed(entry: Record<string, unknown>, textKeys: readonly string[]): TimedText | undefined {
  const start = finite(entry.start);
  const end = finite(entry.end);
  let text: string | undefined;
  for (const key of textKeys) {
    if (typeof entry[key] === "string") {
      text = entry[key] as string;
      break;
    }
  }
  if (start === undefined || end === undefined || text === undefined) return undefined;
  return { text: text.trim(), startSecond: start, endSecond: end };
}

function timedList(entries: Record<string, unknown>[], textKeys: readonly string[]): TimedText[] {
  return entries
    .map((entry) => timed(entry, textKeys))
    .filter((entry): entry is TimedText => entry !== undefined);
}

/** Deepgram nova-3: `results.channels[0].alternatives[0]`, utterances/paragraphs as segments. */
function readDeepgram(value: Record<string, unknown>, results: Record<string, unknown>): Transcript {
  const channel = records(results.channels)[0];
  const alternative = channel ? records(channel.alternatives)[0] : undefined;
  if (!alternative || typeof alternative.transcript !== "string") {
    throw new InvalidResponseDataError({
      data: value,
      message:
        "Workers AI returned a Deepgram transcription without results.channels[0].alternatives[0].transcript.",
    });
  }
  const words = timedList(records(alternative.words), ["punctuated_word", "word"]);
  let segments = timedList(records(results.utterances), ["transcript"]);
  if (segments.length === 0 && isRecord(alternative.paragraphs)) {
    const sentences = records(alternative.paragraphs.paragraphs).flatMap((paragraph) =>
      records(paragraph.sentences),
    );
    segments = timedList(sentences, ["text"]);
  }
  if (segments.length === 0) segments = words;
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  const language =
    (typeof channel?.detected_language === "string" ? channel.detected_language : undefined) ??
    (Array.isArray(alternative.languages) && typeof alternative.languages[0] === "string"
      ? alternative.languages[0]
      : undefined);
  const extra: JSONObject = {};
  const confidence = finite(alternative.confidence);
  if (confidence !== undefined) extra.confidence = confidence;
  const languageConfidence = finite(channel?.language_confidence);
  if (languageConfidence !== undefined) extra.languageConfidence = languageConfidence;
  const speakers = records(alternative.words)
    .map((word) => finite(word.speaker))
    .filter((speaker): speaker is number => speaker !== undefined);
  if (speakers.length > 0) extra.speakers = [...new Set(speakers)].sort((a, b) => a - b);
  return {
    text: alternative.transcript,
    segments,
    words: words.length > 0 ? words : undefined,
    language,
    durationInSeconds: finite(metadata.duration),
    extra,
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
  const segmentWords = rawSegments.flatMap((segment) => records(segment.words));
  const topWords = records(value.words);
  const words = timedList(topWords.length > 0 ? topWords : segmentWords, ["word"]);
  const segments = rawSegments.length > 0 ? timedList(rawSegments, ["text"]) : words;
  const info = isRecord(value.transcription_info) ? value.transcription_info : {};
  const extra: JSONObject = {};
  const wordCount = finite(value.word_count);
  if (wordCount !== undefined) extra.wordCount = wordCount;
  if (typeof value.vtt === "string") extra.vtt = value.vtt;
  const probability = finite(info.language_probability);
  if (probability !== undefined) extra.languageProbability = probability;
  const afterVad = finite(info.duration_after_vad);
  if (afterVad !== undefined) extra.durationAfterVad = afterVad;
  return {
    text: value.text.trim(),
    segments,
    words: words.length > 0 ? words : undefined,
    language: typeof info.language === "string" ? info.language : undefined,
    durationInSeconds: finite(info.duration),
    extra,
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
  if (isRecord(value.results)) return readDeepgram(value, value.results);
  return readWhisper(value);
}
