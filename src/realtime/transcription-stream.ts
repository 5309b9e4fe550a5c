import {
  APICallError,
  InvalidArgumentError,
  type JSONObject,
  type SharedV4Warning,
  type Experimental_TranscriptionModelV4StreamOptions as TranscriptionModelV4StreamOptions,
  type Experimental_TranscriptionModelV4StreamPart as TranscriptionModelV4StreamPart,
  type Experimental_TranscriptionModelV4StreamResult as TranscriptionModelV4StreamResult,
} from "@ai-sdk/provider";
import { waitForWebSocketBufferDrain } from "@ai-sdk/provider-utils";
import { decodeBase64 } from "../media-utils/base64";
import { PROVIDER_OPTIONS_KEY } from "../model-config";
import { workersAIResponseMetadata } from "../transport/response-metadata";
import type { RealtimeConnectRequest, WorkersAIRealtimeConnector } from "./connect";
import { closeQuietly, isOpen, type SocketEvent } from "./socket";

/** Send a KeepAlive when no audio was sent for this long (Deepgram closes idle sessions after ~10 s). */
const KEEP_ALIVE_MS = 5_000;
/** After CloseStream, wait this long for the server to finish before closing ourselves. */
const CLOSE_GRACE_MS = 15_000;

/** Everything one streaming transcription needs. */
export interface DeepgramTranscriptionStreamArgs {
  connector: WorkersAIRealtimeConnector;
  request: Omit<RealtimeConnectRequest, "abortSignal">;
  options: TranscriptionModelV4StreamOptions;
  warnings: SharedV4Warning[];
  currentDate: () => Date;
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
  const abortSignal = options.abortSignal;
  let connection: Awaited<ReturnType<WorkersAIRealtimeConnector["connect"]>>;
  try {
    connection = await args.connector.connect({ ...args.request, abortSignal });
  } catch (error) {
    await options.audio.cancel(error).catch(() => {});
    throw error;
  }
  const { socket } = connection;
  const timestamp = args.currentDate();

  const finals: FinalSegment[] = [];
  const metadata: JSONObject = { ...workersAIResponseMetadata(connection.headers) };
  let language: string | undefined;
  let duration: number | undefined;
  let segment = 0;
  let utterance = 0;
  let utteranceOpen = false;
  let audioDone = false;
  let finished = false;
  let audioReader: ReadableStreamDefaultReader<Uint8Array | string> | undefined;
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  let closeTimer: ReturnType<typeof setTimeout> | undefined;
  let lastSend = Date.now();
  let controller!: ReadableStreamDefaultController<TranscriptionModelV4StreamPart>;

  const stopTimers = () => {
    if (keepAlive !== undefined) clearInterval(keepAlive);
    if (closeTimer !== undefined) clearTimeout(closeTimer);
    keepAlive = undefined;
    closeTimer = undefined;
  };
  const releaseAudio = (reason: unknown) => {
    const reader = audioReader;
    if (reader) reader.cancel(reason).catch(() => {});
    else options.audio.cancel(reason).catch(() => {});
  };
  const onAbort = () =>
    fail(abortSignal?.reason ?? new DOMException("The operation was aborted.", "AbortError"));
  const cleanup = () => {
    stopTimers();
    abortSignal?.removeEventListener("abort", onAbort);
  };
  const enqueue = (part: TranscriptionModelV4StreamPart) => {
    if (!finished) controller.enqueue(part);
  };
  const finish = () => {
    if (finished) return;
    endUtterance("close");
    controller.enqueue({
      type: "finish",
      text: finals.map((entry) => entry.text).join(" "),
      segments: finals,
      ...(language !== undefined ? { language } : {}),
      ...(duration !== undefined ? { durationInSeconds: duration } : {}),
      providerMetadata: { [PROVIDER_OPTIONS_KEY]: metadata },
    });
    finished = true;
    cleanup();
    controller.close();
    if (!audioDone) releaseAudio(new Error("The transcription session ended."));
  };
  function fail(error: unknown) {
    if (finished) return;
    finished = true;
    cleanup();
    closeQuietly(socket, 1000);
    releaseAudio(error);
    controller.error(error);
  }
  function endUtterance(reason: string, lastWordEnd?: number) {
    if (!utteranceOpen) return;
    utteranceOpen = false;
    enqueue({
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

  const onMessage = (text: string) => {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      enqueue({
        type: "error",
        error: new InvalidArgumentError({
          argument: "message",
          message: `Workers AI sent a realtime message that is not JSON: ${text.slice(0, 200)}`,
        }),
      });
      return;
    }
    if (options.includeRawChunks) enqueue({ type: "raw", rawValue: message });
    if (!isRecord(message)) return;
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
        enqueue({ type: "error", error: serverError(message, connection.url) });
        break;
    }
  };

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
        enqueue({
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
      enqueue({
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

  const onEvent = (event: SocketEvent) => {
    if (finished) return;
    switch (event.type) {
      case "text":
        onMessage(event.text);
        break;
      case "binary":
        if (options.includeRawChunks) enqueue({ type: "raw", rawValue: event.bytes });
        break;
      case "error":
        enqueue({ type: "error", error: socketError(connection.url, event.error) });
        break;
      case "close": {
        const clean = event.code === undefined || event.code === 1000 || event.code === 1005;
        if (!clean || !audioDone) {
          const error = new APICallError({
            message: `The Workers AI realtime session closed ${audioDone ? "" : "before the audio ended "}with code ${event.code ?? "none"}${event.reason ? ` (${event.reason})` : ""}.`,
            url: connection.url,
            requestBodyValues: args.request.inputs,
            isRetryable: !clean || event.code === 1011,
          });
          if (finals.length === 0) {
            fail(error);
            return;
          }
          // keep what was transcribed: report the break, then finish with the text received
          enqueue({ type: "error", error });
        }
        finish();
        break;
      }
    }
  };

  const pumpAudio = async () => {
    const reader = options.audio.getReader();
    audioReader = reader;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (finished) return;
        if (done) break;
        const bytes = typeof value === "string" ? decodeBase64(value) : value;
        if (bytes === undefined) {
          throw new InvalidArgumentError({
            argument: "audio",
            message: "An audio chunk is not valid base64.",
          });
        }
        if (bytes.byteLength === 0 || !isOpen(socket)) continue;
        socket.send(bytes);
        lastSend = Date.now();
        // only readyState and bufferedAmount are read, which every RealtimeSocket may have
        await waitForWebSocketBufferDrain(
          socket as unknown as Parameters<typeof waitForWebSocketBufferDrain>[0],
          {
            abortSignal,
          },
        );
      }
      audioDone = true;
      if (isOpen(socket)) socket.send(JSON.stringify({ type: "CloseStream" }));
      closeTimer = setTimeout(() => {
        closeQuietly(socket, 1000);
        finish();
      }, CLOSE_GRACE_MS);
    } catch (error) {
      if (!finished) fail(error);
    }
  };

  const stream = new ReadableStream<TranscriptionModelV4StreamPart>({
    start(streamController) {
      controller = streamController;
      streamController.enqueue({ type: "stream-start", warnings: args.warnings });
      streamController.enqueue({
        type: "response-metadata",
        timestamp,
        modelId: args.request.model,
        headers: connection.headers,
      });
    },
    cancel(reason) {
      if (finished) return;
      finished = true;
      cleanup();
      closeQuietly(socket, 1000);
      releaseAudio(reason);
    },
  });

  connection.subscribe(onEvent);
  socket.accept?.();
  if (abortSignal?.aborted) onAbort();
  else abortSignal?.addEventListener("abort", onAbort, { once: true });
  keepAlive = setInterval(() => {
    if (!finished && !audioDone && isOpen(socket) && Date.now() - lastSend >= KEEP_ALIVE_MS - 100) {
      socket.send(JSON.stringify({ type: "KeepAlive" }));
      lastSend = Date.now();
    }
  }, KEEP_ALIVE_MS);
  void pumpAudio();

  return {
    stream,
    request: { body: args.request.inputs },
    response: { timestamp, modelId: args.request.model, headers: connection.headers },
  };
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

function socketError(url: string, cause: unknown): APICallError {
  return new APICallError({
    message: "The Workers AI realtime WebSocket reported an error.",
    url,
    requestBodyValues: undefined,
    cause,
    isRetryable: true,
  });
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
