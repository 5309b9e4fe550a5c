import {
  APICallError,
  InvalidArgumentError,
  type JSONObject,
  type SharedV4AudioFormat,
  type SharedV4Warning,
  type Experimental_SpeechModelV4StreamOptions as SpeechModelV4StreamOptions,
  type Experimental_SpeechModelV4StreamPart as SpeechModelV4StreamPart,
  type Experimental_SpeechModelV4StreamResult as SpeechModelV4StreamResult,
} from "@ai-sdk/provider";
import { PROVIDER_OPTIONS_KEY } from "../model-config";
import { workersAIResponseMetadata } from "../transport/response-metadata";
import type { RealtimeConnectRequest, WorkersAIRealtimeConnector } from "./connect";
import { closeQuietly, isOpen, type SocketEvent } from "./socket";

/** After the last Flush, wait this long for `Flushed` before closing anyway. */
const FLUSH_GRACE_MS = 30_000;
/** Text that ends a sentence: flushing there starts the audio early. */
const SENTENCE_END = /[.!?…。！？]["')\]]*\s*$/;

/** Everything one streaming synthesis needs. */
export interface DeepgramSpeechStreamArgs {
  connector: WorkersAIRealtimeConnector;
  request: Omit<RealtimeConnectRequest, "abortSignal">;
  options: SpeechModelV4StreamOptions;
  warnings: SharedV4Warning[];
  /** Format of the audio frames the session was opened with. */
  audioFormat: SharedV4AudioFormat;
  /** The call's voice: a text part asking for another one fails the stream (one voice per session). */
  voice: string | undefined;
  currentDate: () => Date;
}

/**
 * Streams text to a Deepgram Aura model on Workers AI (aura-2) over its realtime WebSocket and streams the
 * audio back: every text part is sent as a `Speak` message, a `Flush` follows each sentence end and the end
 * of the text, binary frames become `audio` parts, each `Flushed` becomes an empty `audio` part marking the
 * point (`providerMetadata["workers-ai"].flushed`), and `Close` ends the session after the last `Flushed`.
 */
export async function streamDeepgramSpeech(
  args: DeepgramSpeechStreamArgs,
): Promise<SpeechModelV4StreamResult> {
  const { options } = args;
  const abortSignal = options.abortSignal;
  let connection: Awaited<ReturnType<WorkersAIRealtimeConnector["connect"]>>;
  try {
    connection = await args.connector.connect({ ...args.request, abortSignal });
  } catch (error) {
    await options.text.cancel(error).catch(() => {});
    throw error;
  }
  const { socket } = connection;
  const timestamp = args.currentDate();
  const metadata: JSONObject = { ...workersAIResponseMetadata(connection.headers) };
  let controller!: ReadableStreamDefaultController<SpeechModelV4StreamPart>;
  let textReader: ReadableStreamDefaultReader<{ type: "text"; text: string; voice?: string }> | undefined;
  let finished = false;
  let textDone = false;
  let characters = 0;
  let flushesSent = 0;
  let flushesAcked = 0;
  let unflushed = "";
  let closeTimer: ReturnType<typeof setTimeout> | undefined;

  const onAbort = () =>
    fail(abortSignal?.reason ?? new DOMException("The operation was aborted.", "AbortError"));
  const cleanup = () => {
    if (closeTimer !== undefined) clearTimeout(closeTimer);
    closeTimer = undefined;
    abortSignal?.removeEventListener("abort", onAbort);
  };
  const releaseText = (reason: unknown) => {
    if (textReader) textReader.cancel(reason).catch(() => {});
    else options.text.cancel(reason).catch(() => {});
  };
  const enqueue = (part: SpeechModelV4StreamPart) => {
    if (!finished) controller.enqueue(part);
  };
  const finish = () => {
    if (finished) return;
    controller.enqueue({
      type: "finish",
      usage: { inputCharacters: characters },
      providerMetadata: { [PROVIDER_OPTIONS_KEY]: { ...metadata, flushes: flushesAcked } },
    });
    finished = true;
    cleanup();
    controller.close();
    if (!textDone) releaseText(new Error("The speech session ended."));
  };
  function fail(error: unknown) {
    if (finished) return;
    finished = true;
    cleanup();
    closeQuietly(socket, 1000);
    releaseText(error);
    controller.error(error);
  }
  const closeWhenDrained = () => {
    if (textDone && flushesAcked >= flushesSent && isOpen(socket))
      socket.send(JSON.stringify({ type: "Close" }));
  };
  const flush = () => {
    if (unflushed === "") return;
    unflushed = "";
    flushesSent++;
    socket.send(JSON.stringify({ type: "Flush" }));
  };

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
      case "Metadata":
        if (typeof message.request_id === "string") metadata.requestId = message.request_id;
        if (typeof message.model_name === "string") metadata.modelName = message.model_name;
        break;
      case "Flushed":
        flushesAcked++;
        enqueue({
          type: "audio",
          audio: new Uint8Array(0),
          audioFormat: args.audioFormat,
          providerMetadata: {
            [PROVIDER_OPTIONS_KEY]: {
              flushed: typeof message.sequence_id === "number" ? message.sequence_id : flushesAcked - 1,
            },
          },
        });
        closeWhenDrained();
        break;
      case "Warning":
        enqueue({
          type: "error",
          error: new APICallError({
            message: `Workers AI realtime warning: ${String(message.description ?? message.message ?? "")}`,
            url: connection.url,
            requestBodyValues: undefined,
            responseBody: text,
            isRetryable: false,
          }),
        });
        break;
      case "Error":
        enqueue({
          type: "error",
          error: new APICallError({
            message: `Workers AI realtime error: ${String(message.description ?? message.message ?? "the session failed")}`,
            url: connection.url,
            requestBodyValues: undefined,
            responseBody: text,
            isRetryable: false,
          }),
        });
        break;
    }
  };

  const onEvent = (event: SocketEvent) => {
    if (finished) return;
    switch (event.type) {
      case "binary":
        if (event.bytes.byteLength > 0)
          enqueue({ type: "audio", audio: event.bytes, audioFormat: args.audioFormat });
        break;
      case "text":
        onMessage(event.text);
        break;
      case "error":
        enqueue({
          type: "error",
          error: new APICallError({
            message: "The Workers AI realtime WebSocket reported an error.",
            url: connection.url,
            requestBodyValues: undefined,
            cause: event.error,
            isRetryable: true,
          }),
        });
        break;
      case "close": {
        const clean = event.code === undefined || event.code === 1000 || event.code === 1005;
        if (clean && textDone && flushesAcked >= flushesSent) {
          finish();
          return;
        }
        // without the last Flushed some text was never spoken: the SDK treats a missing finish as incomplete
        fail(
          new APICallError({
            message: `The Workers AI realtime session closed with code ${event.code ?? "none"}${event.reason ? ` (${event.reason})` : ""} before all text was spoken.`,
            url: connection.url,
            requestBodyValues: args.request.inputs,
            isRetryable: !clean,
          }),
        );
        break;
      }
    }
  };

  const pumpText = async () => {
    const reader = options.text.getReader();
    textReader = reader;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (finished) return;
        if (done) break;
        if (value.voice !== undefined && value.voice !== args.voice) {
          throw new InvalidArgumentError({
            argument: "voice",
            message: `${args.request.model} speaks one voice per session (${args.voice ?? "the default voice"}); a text part asked for ${JSON.stringify(value.voice)}.`,
          });
        }
        if (value.text === "" || !isOpen(socket)) continue;
        characters += [...value.text].length;
        unflushed += value.text;
        socket.send(JSON.stringify({ type: "Speak", text: value.text }));
        if (SENTENCE_END.test(unflushed)) flush();
      }
      textDone = true;
      if (!isOpen(socket)) return;
      flush();
      closeWhenDrained();
      closeTimer = setTimeout(() => {
        fail(
          new APICallError({
            message: "Workers AI did not confirm the last Flush of the realtime speech session in time.",
            url: connection.url,
            requestBodyValues: args.request.inputs,
            isRetryable: true,
          }),
        );
      }, FLUSH_GRACE_MS);
    } catch (error) {
      if (!finished) fail(error);
    }
  };

  const stream = new ReadableStream<SpeechModelV4StreamPart>({
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
      releaseText(reason);
    },
  });

  connection.subscribe(onEvent);
  socket.accept?.();
  if (abortSignal?.aborted) onAbort();
  else abortSignal?.addEventListener("abort", onAbort, { once: true });
  void pumpText();

  return {
    stream,
    request: { body: args.request.inputs },
    response: { timestamp, modelId: args.request.model, headers: connection.headers },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
