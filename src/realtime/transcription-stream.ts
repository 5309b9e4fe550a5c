import {
  APICallError,
  InvalidArgumentError,
  type Experimental_TranscriptionModelV4StreamOptions as TranscriptionModelV4StreamOptions,
  type Experimental_TranscriptionModelV4StreamPart as TranscriptionModelV4StreamPart,
  type Experimental_TranscriptionModelV4StreamResult as TranscriptionModelV4StreamResult,
} from "@ai-sdk/provider";
import { waitForWebSocketBufferDrain } from "@ai-sdk/provider-utils";
import { isRecord } from "../guards";
import { decodeBase64 } from "../media-utils/base64";
import { PROVIDER_OPTIONS_KEY } from "../model-config";
import { openRealtimeSession, type RealtimeSessionArgs } from "./session";
import { closeQuietly, isOpen } from "./socket";

/** Send a KeepAlive when no audio was sent for this long (Deepgram closes idle sessions after ~10 s). */
const KEEP_ALIVE_MS = 5_000;
/** After CloseStream, wait this long for the server to finish before closing ourselves. */
const CLOSE_GRACE_MS = 15_000;

/** Everything one streaming transcription needs. */
export interface DeepgramTranscriptionStreamArgs extends RealtimeSessionArgs {
  options: TranscriptionModelV4StreamOptions;
}

interface FinalSegment {
  text: string;
  startSecond: number;
  endSecond: number;
}

/**
 * Streams audio to a Deepgram model on Workers AI (nova-3) over its realtime WebSocket and turns the
 * Deepgram messages into AI SDK transcription parts:
 *
 * - `Results` with `is_final: false` → `transcript-partial` (same `id` as the final that replaces it);
 * - `Results` with `is_final: true` → `transcript-final` (`providerMetadata["workers-ai"]`: `confidence`,
 *   `speechFinal`, `utteranceId`);
 * - end of an utterance (`speech_final`, or an `UtteranceEnd` message) → an empty `transcript-delta` whose
 *   `providerMetadata["workers-ai"]` has `endOfUtterance: true`;
 * - `Metadata` → the finish part's duration and request id.
 *
 * When the audio ends, `CloseStream` asks the server to flush; its close ends the stream with `finish`.
 * Abort and cancel close the socket and release the audio stream.
 */
export async function streamDeepgramTranscription(
  args: DeepgramTranscriptionStreamArgs,
): Promise<TranscriptionModelV4StreamResult> {
  const { options } = args;
  const session = await openRealtimeSession<TranscriptionModelV4StreamPart, Uint8Array | string>(
    args,
    "transcription",
    options.audio,
  );
  const { socket, metadata } = session;
  const url = session.connection.url;

  const finals: FinalSegment[] = [];
  let language: string | undefined;
  let duration: number | undefined;
  let segment = 0;
  let utterance = 0;
  let utteranceOpen = false;
  let lastSend = Date.now();

  const finish = () => {
    if (session.finished) return;
    endUtterance("close");
    session.finish({
      type: "finish",
      text: finals.map((entry) => entry.text).join(" "),
      segments: finals,
      ...(language !== undefined ? { language } : {}),
      ...(duration !== undefined ? { durationInSeconds: duration } : {}),
      providerMetadata: { [PROVIDER_OPTIONS_KEY]: metadata },
    });
  };
  function endUtterance(reason: string, lastWordEnd?: number) {
    if (!utteranceOpen) return;
    utteranceOpen = false;
    session.enqueue({
      type: "transcript-delta",
      id: `utterance-${utterance}`,
      delta: "",
      providerMetadata: {
        [PROVIDER_OPTIONS_KEY]: {
          endOfUtterance: true,
          utteranceId: `utterance-${utterance}`,
          reason,
          ...(lastWordEnd !== undefined ? { lastWordEnd } : {}),
        },
      },
    });
    utterance++;
  }

  const onResults = (message: Record<string, unknown>) => {
    const channel = isRecord(message.channel) ? message.channel : {};
    const alternative =
      Array.isArray(channel.alternatives) && isRecord(channel.alternatives[0]) ? channel.alternatives[0] : {};
    const text = typeof alternative.transcript === "string" ? alternative.transcript.trim() : "";
    const start = typeof message.start === "number" ? message.start : 0;
    const length = typeof message.duration === "number" ? message.duration : 0;
    const channelIndex =
      Array.isArray(message.channel_index) && typeof message.channel_index[0] === "number"
        ? message.channel_index[0]
        : undefined;
    const detected =
      channel.detected_language ??
      (Array.isArray(alternative.languages) ? alternative.languages[0] : undefined);
    if (typeof detected === "string") language = detected;
    const id = `segment-${segment}`;
    if (message.is_final !== true) {
      if (text !== "") {
        session.enqueue({
          type: "transcript-partial",
          id,
          text,
          startSecond: start,
          durationInSeconds: length,
          ...(channelIndex !== undefined ? { channelIndex } : {}),
        });
      }
      return;
    }
    segment++;
    const speechFinal = message.speech_final === true;
    if (text !== "") {
      utteranceOpen = true;
      const entry = { text, startSecond: start, endSecond: round(start + length) };
      finals.push(entry);
      session.enqueue({
        type: "transcript-final",
        id,
        ...entry,
        ...(channelIndex !== undefined ? { channelIndex } : {}),
        providerMetadata: {
          [PROVIDER_OPTIONS_KEY]: {
            utteranceId: `utterance-${utterance}`,
            speechFinal,
            ...(typeof alternative.confidence === "number" ? { confidence: alternative.confidence } : {}),
            ...(message.from_finalize === true ? { fromFinalize: true } : {}),
          },
        },
      });
    }
    if (speechFinal) endUtterance("speech_final");
  };

  session.every(KEEP_ALIVE_MS, () => {
    if (
      !session.finished &&
      !session.inputDone &&
      isOpen(socket) &&
      Date.now() - lastSend >= KEEP_ALIVE_MS - 100
    ) {
      socket.send(JSON.stringify({ type: "KeepAlive" }));
      lastSend = Date.now();
    }
  });

  return session.start({
    onMessage(message) {
      switch (message.type) {
        case "Results":
          onResults(message);
          break;
        case "UtteranceEnd":
          endUtterance(
            "UtteranceEnd",
            typeof message.last_word_end === "number" ? message.last_word_end : undefined,
          );
          break;
        case "Metadata":
          if (typeof message.request_id === "string") metadata.requestId = message.request_id;
          if (typeof message.duration === "number") duration = message.duration;
          if (Array.isArray(message.models))
            metadata.models = message.models.filter((m) => typeof m === "string");
          break;
        case "Error":
          session.enqueue({ type: "error", error: serverError(message, url) });
          break;
      }
    },

    onBinary(bytes) {
      if (options.includeRawChunks) session.enqueue({ type: "raw", rawValue: bytes });
    },

    onClose(event, clean) {
      const audioDone = session.inputDone;
      if (!clean || !audioDone) {
        const error = new APICallError({
          message: `The Workers AI realtime session closed ${audioDone ? "" : "before the audio ended "}with code ${event.code ?? "none"}${event.reason ? ` (${event.reason})` : ""}.`,
          url,
          requestBodyValues: args.request.inputs,
          isRetryable: !clean || event.code === 1011,
        });
        if (finals.length === 0) {
          session.fail(error);
          return;
        }
        // keep what was transcribed: report the break, then finish with the text received
        session.enqueue({ type: "error", error });
      }
      finish();
    },

    async onChunk(value) {
      const bytes = typeof value === "string" ? decodeBase64(value) : value;
      if (bytes === undefined) {
        throw new InvalidArgumentError({
          argument: "audio",
          message: "An audio chunk is not valid base64.",
        });
      }
      if (bytes.byteLength === 0 || !isOpen(socket)) return;
      socket.send(bytes);
      lastSend = Date.now();
      // only readyState and bufferedAmount are read, which every RealtimeSocket may have
      await waitForWebSocketBufferDrain(
        socket as unknown as Parameters<typeof waitForWebSocketBufferDrain>[0],
        {
          abortSignal: options.abortSignal,
        },
      );
    },

    onInputEnd() {
      if (isOpen(socket)) socket.send(JSON.stringify({ type: "CloseStream" }));
      session.after(CLOSE_GRACE_MS, () => {
        closeQuietly(socket, 1000);
        finish();
      });
    },
  });
}

function serverError(message: Record<string, unknown>, url: string): APICallError {
  const text =
    (typeof message.description === "string" && message.description) ||
    (typeof message.message === "string" && message.message) ||
    "the realtime session reported an error";
  return new APICallError({
    message: `Workers AI realtime error: ${text}`,
    url,
    requestBodyValues: undefined,
    responseBody: JSON.stringify(message),
    isRetryable: false,
  });
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
