import {
  APICallError,
  InvalidArgumentError,
  type SharedV4AudioFormat,
  type Experimental_SpeechModelV4StreamOptions as SpeechModelV4StreamOptions,
  type Experimental_SpeechModelV4StreamPart as SpeechModelV4StreamPart,
  type Experimental_SpeechModelV4StreamResult as SpeechModelV4StreamResult,
} from "@ai-sdk/provider";
import { PROVIDER_OPTIONS_KEY } from "../model-config";
import { openRealtimeSession, type RealtimeSessionArgs } from "./session";
import { isOpen } from "./socket";

/** After the last Flush, wait this long for `Flushed` before closing anyway. */
const FLUSH_GRACE_MS = 30_000;
/** Text that ends a sentence: flushing there starts the audio early. */
const SENTENCE_END = /[.!?…。！？]["')\]]*\s*$/;

/** One part of the caller's text stream. */
type TextPart = { type: "text"; text: string; voice?: string };

/** Everything one streaming synthesis needs. */
export interface DeepgramSpeechStreamArgs extends RealtimeSessionArgs {
  options: SpeechModelV4StreamOptions;
  /** Format of the audio frames the session was opened with. */
  audioFormat: SharedV4AudioFormat;
  /** The call's voice: a text part asking for another one fails the stream (one voice per session). */
  voice: string | undefined;
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
  const session = await openRealtimeSession<SpeechModelV4StreamPart, TextPart>(args, "speech", options.text);
  const { socket, metadata } = session;
  const url = session.connection.url;
  let characters = 0;
  let flushesSent = 0;
  let flushesAcked = 0;
  let unflushed = "";

  const closeWhenDrained = () => {
    if (session.inputDone && flushesAcked >= flushesSent && isOpen(socket))
      socket.send(JSON.stringify({ type: "Close" }));
  };
  const flush = () => {
    if (unflushed === "") return;
    unflushed = "";
    flushesSent++;
    socket.send(JSON.stringify({ type: "Flush" }));
  };

  return session.start({
    onMessage(message, text) {
      switch (message.type) {
        case "Metadata":
          if (typeof message.request_id === "string") metadata.requestId = message.request_id;
          if (typeof message.model_name === "string") metadata.modelName = message.model_name;
          break;
        case "Flushed":
          flushesAcked++;
          session.enqueue({
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
        case "Error": {
          const isError = message.type === "Error";
          const detail = message.description ?? message.message ?? (isError ? "the session failed" : "");
          session.enqueue({
            type: "error",
            error: new APICallError({
              message: `Workers AI realtime ${isError ? "error" : "warning"}: ${String(detail)}`,
              url,
              requestBodyValues: undefined,
              responseBody: text,
              isRetryable: false,
            }),
          });
          break;
        }
      }
    },

    onBinary(bytes) {
      if (bytes.byteLength > 0)
        session.enqueue({ type: "audio", audio: bytes, audioFormat: args.audioFormat });
    },

    onClose(event, clean) {
      if (clean && session.inputDone && flushesAcked >= flushesSent) {
        session.finish({
          type: "finish",
          usage: { inputCharacters: characters },
          providerMetadata: { [PROVIDER_OPTIONS_KEY]: { ...metadata, flushes: flushesAcked } },
        });
        return;
      }
      // without the last Flushed some text was never spoken: the SDK treats a missing finish as incomplete
      session.fail(
        new APICallError({
          message: `The Workers AI realtime session closed with code ${event.code ?? "none"}${event.reason ? ` (${event.reason})` : ""} before all text was spoken.`,
          url,
          requestBodyValues: args.request.inputs,
          isRetryable: !clean,
        }),
      );
    },

    onChunk(value) {
      if (value.voice !== undefined && value.voice !== args.voice) {
        throw new InvalidArgumentError({
          argument: "voice",
          message: `${args.request.model} speaks one voice per session (${args.voice ?? "the default voice"}); a text part asked for ${JSON.stringify(value.voice)}.`,
        });
      }
      if (value.text === "" || !isOpen(socket)) return;
      characters += [...value.text].length;
      unflushed += value.text;
      socket.send(JSON.stringify({ type: "Speak", text: value.text }));
      if (SENTENCE_END.test(unflushed)) flush();
    },

    onInputEnd() {
      if (!isOpen(socket)) return;
      flush();
      closeWhenDrained();
      session.after(FLUSH_GRACE_MS, () => {
        session.fail(
          new APICallError({
            message: "Workers AI did not confirm the last Flush of the realtime speech session in time.",
            url,
            requestBodyValues: args.request.inputs,
            isRetryable: true,
          }),
        );
      });
    },
  });
}
