/**
 * Realtime WebSocket sessions (spec 1.1 `run(model, inputs, { websocket: true })`): Deepgram-style nova-3
 * live transcription and aura speech, served over a socket pair. Inside workerd the pair is a real
 * `WebSocketPair` and the reply a `Response` with status 101 and `webSocket`; in Node (where `Response`
 * cannot have status 101) it is an in-memory pair and a `Response`-like object with the same fields, so
 * one client serves both. The same sessions also run behind `listen()`'s HTTP upgrade (websocket-node.ts).
 *
 * nova-3 protocol: binary audio frames in; every non-silent frame is one word (from a scripted `text`,
 * else derived from the bytes), answered by an interim `Results` (`is_final: false`) when
 * `interim_results`; three words make a final `Results`; a silent frame (all zero / mu-law 0xff / a-law
 * 0xd5) ends the utterance: a final with `speech_final: true` (or, with `endpointing: false`, an
 * `UtteranceEnd` when `utterance_end_ms` is set). `Finalize` flushes, `KeepAlive` is accepted,
 * `CloseStream` flushes, sends `Metadata` and closes with 1000.
 *
 * aura protocol: `Metadata` on open; `Speak` buffers text; `Flush` sends the audio as binary frames then
 * `Flushed`; `Clear` drops buffered text (`Cleared`); `Close` closes with 1000.
 */
import { findModel } from "./catalog";
import type { EmulatorCore } from "./core";
import { EmulatorError } from "./errors";
import { errorOutcome, type Outcome, renderOutcome } from "./outcome";
import type { EmulatorTransport, ScriptedReply } from "./types";
import { hashBytes, isRecord, randomUuid, seededRandom } from "./util";

/** The socket surface a session drives (workerd `WebSocket`, the in-memory socket, the Node upgrade socket). */
export interface SessionSocket {
  accept?(): void;
  send(data: string | ArrayBuffer | Uint8Array): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (event: unknown) => void): void;
}

type Listener = (event: unknown) => void;

/** One end of an in-memory WebSocket pair (Node); events wait until `accept()`, like workerd. */
class MemorySocket implements SessionSocket {
  readyState = 1;
  readonly bufferedAmount = 0;
  peer!: MemorySocket;
  private accepted = false;
  private readonly pending: Array<[string, unknown]> = [];
  private readonly listeners = new Map<string, Listener[]>();

  accept(): void {
    if (this.accepted) return;
    this.accepted = true;
    for (const [type, event] of this.pending.splice(0)) this.dispatch(type, event);
  }

  addEventListener(type: string, listener: Listener): void {
    const list = this.listeners.get(type) ?? [];
    list.push(listener);
    this.listeners.set(type, list);
  }

  removeEventListener(type: string, listener: Listener): void {
    this.listeners.set(
      type,
      (this.listeners.get(type) ?? []).filter((entry) => entry !== listener),
    );
  }

  send(data: string | ArrayBuffer | Uint8Array): void {
    if (this.readyState !== 1) throw new TypeError("WebSocket is not open");
    const payload =
      typeof data === "string"
        ? data
        : data instanceof ArrayBuffer
          ? data.slice(0)
          : data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
    const peer = this.peer;
    setTimeout(() => peer.deliver("message", { data: payload }), 0);
  }

  close(code = 1000, reason = ""): void {
    if (this.readyState >= 2) return;
    this.readyState = 2;
    const peer = this.peer;
    setTimeout(() => {
      peer.readyState = 3;
      peer.deliver("close", { code, reason, wasClean: true });
      this.readyState = 3;
      this.deliver("close", { code, reason, wasClean: true });
    }, 0);
  }

  /** Closes both ends at once with `code`, as a dropped connection does. */
  drop(code: number): void {
    this.readyState = 3;
    this.peer.readyState = 3;
    setTimeout(() => this.peer.deliver("close", { code, reason: "connection dropped", wasClean: false }), 0);
  }

  private deliver(type: string, event: unknown): void {
    if (this.accepted) this.dispatch(type, event);
    else this.pending.push([type, event]);
  }

  private dispatch(type: string, event: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

interface Pair {
  client: unknown;
  server: SessionSocket;
}

/** A socket pair: workerd's `WebSocketPair` when there is one, else the in-memory pair. */
function socketPair(): Pair {
  const WebSocketPairCtor = (globalThis as { WebSocketPair?: new () => Record<string, SessionSocket> })
    .WebSocketPair;
  if (WebSocketPairCtor) {
    const pair = new WebSocketPairCtor();
    return { client: pair[0], server: pair[1] };
  }
  const client = new MemorySocket();
  const server = new MemorySocket();
  client.peer = server;
  server.peer = client;
  return { client, server };
}

/** The 101 reply carrying the client socket. */
function upgradeResponse(client: unknown, requestId: string): unknown {
  const headers = new Headers({ "cf-ai-req-id": requestId });
  if ((globalThis as { WebSocketPair?: unknown }).WebSocketPair) {
    return new Response(null, { status: 101, webSocket: client, headers } as ResponseInit);
  }
  return {
    status: 101,
    statusText: "Switching Protocols",
    ok: false,
    headers,
    body: null,
    webSocket: client,
    text: async () => "",
  };
}

/** A realtime session request, however it arrived. */
export interface RealtimeCall {
  model: string;
  inputs: Record<string, unknown>;
  transport: EmulatorTransport;
}

/** What opening a session decided: a session to attach to a socket, or a failure. */
export type RealtimeOpening =
  | { ok: true; requestId: string; attach: (socket: SessionSocket) => void }
  | { ok: false; outcome: Outcome };

/** Validates a realtime request and prepares its session (consuming one scripted reply for the model). */
export function openRealtime(core: EmulatorCore, call: RealtimeCall): RealtimeOpening {
  const script = core.engine.scripts.take(call.model);
  try {
    if (script?.error) throw new EmulatorError(script.error.code, script.error.message, script.error.status);
    const catalog = findModel(call.model);
    const requestId = randomUuid();
    if (catalog?.kind === "transcription" && /deepgram/.test(call.model)) {
      const settings = transcriptionSettings(call.inputs);
      return {
        ok: true,
        requestId,
        attach: (socket) => transcriptionSession(socket, settings, script, requestId),
      };
    }
    if (catalog?.kind === "speech" && /\/aura-/.test(call.model)) {
      const settings = speechSettings(call.model, call.inputs);
      return { ok: true, requestId, attach: (socket) => speechSession(socket, settings, script, requestId) };
    }
    if (!catalog) throw new EmulatorError(5007, `No such model ${call.model} or task`);
    throw new EmulatorError(8001, `Invalid input: ${call.model} does not support WebSocket sessions`);
  } catch (error) {
    if (!(error instanceof EmulatorError)) throw error;
    return { ok: false, outcome: errorOutcome(error.code, error.message, error.status) };
  }
}

/** The binding's `run(model, inputs, { websocket: true })`: a 101 `Response` with `webSocket`, or the error `Response`. */
export async function bindingRealtime(core: EmulatorCore, call: RealtimeCall): Promise<unknown> {
  const opening = openRealtime(core, call);
  if (!opening.ok) return renderOutcome("binding", opening.outcome, { envelope: false });
  const { client, server } = socketPair();
  server.accept?.();
  opening.attach(server);
  return upgradeResponse(client, opening.requestId);
}

// ───────────────────────────── nova-3 ─────────────────────────────

interface TranscriptionSettings {
  interim: boolean;
  endpointing: boolean;
  utteranceEndMs: number | undefined;
  punctuate: boolean;
  encoding: string | undefined;
  bytesPerSecond: number;
  silentByte: number;
}

function transcriptionSettings(inputs: Record<string, unknown>): TranscriptionSettings {
  const encoding = typeof inputs.encoding === "string" ? inputs.encoding : undefined;
  const rate = typeof inputs.sample_rate === "number" ? inputs.sample_rate : undefined;
  const channels = typeof inputs.channels === "number" ? inputs.channels : 1;
  if (
    encoding !== undefined &&
    !["linear16", "mulaw", "alaw", "opus", "flac", "speex", "amr-nb", "amr-wb", "g729"].includes(encoding)
  )
    throw new EmulatorError(8001, `Invalid input: unsupported encoding ${encoding}`);
  if (encoding !== undefined && rate === undefined)
    throw new EmulatorError(8001, "Invalid input: sample_rate is required when encoding is set");
  const bytesPerSample = encoding === "linear16" ? 2 : encoding === "mulaw" || encoding === "alaw" ? 1 : 2;
  return {
    interim: inputs.interim_results === true,
    endpointing: inputs.endpointing !== false,
    utteranceEndMs: typeof inputs.utterance_end_ms === "number" ? inputs.utterance_end_ms : undefined,
    punctuate: inputs.punctuate === true || inputs.smart_format === true,
    encoding,
    bytesPerSecond: (rate ?? 16000) * bytesPerSample * channels,
    silentByte: encoding === "mulaw" ? 0xff : encoding === "alaw" ? 0xd5 : 0,
  };
}

const WORDS = "hello world the quick brown fox jumps over the lazy dog workers edge cloud network".split(" ");

interface Word {
  word: string;
  start: number;
  end: number;
}

/** Sends session messages; `dropAfterEvents` in the script cuts the connection after that many. */
function messenger(socket: SessionSocket, script: ScriptedReply | undefined) {
  let sent = 0;
  let dropped = false;
  return {
    get dropped() {
      return dropped;
    },
    send(data: string | Uint8Array): void {
      if (dropped) return;
      if (script?.dropAfterEvents !== undefined && sent >= script.dropAfterEvents) {
        dropped = true;
        if (socket instanceof MemorySocket) socket.drop(1011);
        else socket.close(1011, "connection dropped");
        return;
      }
      sent++;
      try {
        socket.send(data);
      } catch {
        dropped = true;
      }
    },
  };
}

function closeSocket(socket: SessionSocket, code = 1000): void {
  try {
    socket.close(code);
  } catch {
    // already closed
  }
}

function binaryOf(data: unknown): Uint8Array | undefined {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}

function transcriptionSession(
  socket: SessionSocket,
  settings: TranscriptionSettings,
  script: ScriptedReply | undefined,
  requestId: string,
): void {
  const out = messenger(socket, script);
  const scripted = (script?.text ?? "").split(/\s+/).filter(Boolean);
  let pending: Word[] = [];
  let audioSeconds = 0;
  let utteranceOpen = false;
  let lastWordEnd = 0;
  let closed = false;
  const metadata = {
    request_id: requestId,
    model_info: { name: "nova-3", version: "emulated", arch: "nova-3" },
    model_uuid: requestId,
  };

  const results = (words: Word[], isFinal: boolean, speechFinal: boolean, fromFinalize = false) => {
    const start = words[0]?.start ?? audioSeconds;
    const end = words.at(-1)?.end ?? audioSeconds;
    let transcript = words.map((w) => w.word).join(" ");
    if (settings.punctuate && transcript) transcript = `${transcript[0].toUpperCase()}${transcript.slice(1)}`;
    out.send(
      JSON.stringify({
        type: "Results",
        channel_index: [0, 1],
        duration: round(end - start),
        start: round(start),
        is_final: isFinal,
        speech_final: speechFinal,
        ...(fromFinalize ? { from_finalize: true } : {}),
        channel: {
          alternatives: [
            {
              transcript,
              confidence: 0.98,
              words: words.map((w) => ({ ...w, confidence: 0.98, punctuated_word: w.word })),
            },
          ],
        },
        metadata,
      }),
    );
  };
  const finalize = (speechFinal: boolean, fromFinalize = false) => {
    if (pending.length === 0) return;
    results(pending, true, speechFinal, fromFinalize);
    lastWordEnd = pending.at(-1)?.end ?? lastWordEnd;
    utteranceOpen = !speechFinal;
    pending = [];
  };
  const onAudio = (bytes: Uint8Array) => {
    const seconds = bytes.length / settings.bytesPerSecond;
    const silent = bytes.every((byte) => byte === settings.silentByte);
    const start = audioSeconds;
    audioSeconds += seconds;
    if (silent) {
      if (pending.length > 0) finalize(settings.endpointing);
      else if (utteranceOpen && settings.utteranceEndMs !== undefined) {
        out.send(
          JSON.stringify({ type: "UtteranceEnd", channel: [0, 1], last_word_end: round(lastWordEnd) }),
        );
        utteranceOpen = false;
      }
      return;
    }
    const word = scripted.shift() ?? WORDS[Math.floor(seededRandom(hashBytes(bytes))() * WORDS.length)];
    pending.push({ word, start: round(start), end: round(audioSeconds) });
    if (settings.interim) results(pending, false, false);
    if (pending.length >= 3) finalize(false);
  };
  const onControl = (text: string) => {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      out.send(
        JSON.stringify({
          type: "Error",
          description: "Invalid control message: not JSON",
          message: "INVALID_JSON",
        }),
      );
      return;
    }
    const type = isRecord(message) ? message.type : undefined;
    if (type === "KeepAlive") return;
    if (type === "Finalize") finalize(false, true);
    else if (type === "CloseStream") {
      finalize(true);
      out.send(
        JSON.stringify({
          type: "Metadata",
          transaction_key: "deprecated",
          request_id: requestId,
          created: new Date().toISOString(),
          duration: round(audioSeconds),
          channels: 1,
          models: [requestId],
          model_info: { [requestId]: metadata.model_info },
        }),
      );
      if (!out.dropped) {
        closed = true;
        closeSocket(socket);
      }
    } else {
      out.send(
        JSON.stringify({
          type: "Error",
          description: `Unknown control message ${String(type)}`,
          message: "UNKNOWN_MESSAGE",
        }),
      );
    }
  };
  socket.addEventListener("message", (event) => {
    if (closed) return;
    const data = (event as { data?: unknown }).data;
    const bytes = binaryOf(data);
    if (bytes) onAudio(bytes);
    else onControl(String(data));
  });
  socket.addEventListener("close", (event) => {
    if (closed) return;
    closed = true;
    closeSocket(socket, (event as { code?: number }).code ?? 1000);
  });
}

// ───────────────────────────── aura ─────────────────────────────

interface SpeechSettings {
  speaker: string;
  encoding: "linear16" | "mulaw" | "alaw";
  sampleRate: number;
}

const AURA_VOICES: Record<string, { voices: string[]; fallback: string }> = {
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

function speechSettings(model: string, inputs: Record<string, unknown>): SpeechSettings {
  const table = AURA_VOICES[model.split("/").pop() ?? ""] ?? AURA_VOICES["aura-2-en"];
  const speaker = inputs.speaker ?? table.fallback;
  if (typeof speaker !== "string" || !table.voices.includes(speaker))
    throw new EmulatorError(8001, `Invalid input: unknown speaker ${JSON.stringify(speaker)} for ${model}`);
  const encoding = inputs.encoding ?? "linear16";
  if (encoding !== "linear16" && encoding !== "mulaw" && encoding !== "alaw")
    throw new EmulatorError(
      8001,
      `Invalid input: encoding ${String(encoding)} is not available over WebSocket (linear16, mulaw, alaw)`,
    );
  const sampleRate =
    typeof inputs.sample_rate === "number" ? inputs.sample_rate : encoding === "linear16" ? 24000 : 8000;
  return { speaker, encoding, sampleRate };
}

/** Raw audio for `text`: a quiet tone, 0.3 s per word. */
function speechAudio(text: string, settings: SpeechSettings): Uint8Array {
  const words = text.trim().split(/\s+/).filter(Boolean).length;
  const samples = Math.max(1, Math.round(Math.max(0.2, words * 0.3) * settings.sampleRate));
  const frequency = 220 + (text.length % 440);
  if (settings.encoding === "linear16") {
    const out = new Uint8Array(samples * 2);
    const view = new DataView(out.buffer);
    for (let i = 0; i < samples; i++)
      view.setInt16(
        i * 2,
        Math.round(6000 * Math.sin((2 * Math.PI * frequency * i) / settings.sampleRate)),
        true,
      );
    return out;
  }
  return new Uint8Array(samples).fill(settings.encoding === "mulaw" ? 0x7f : 0x55);
}

const FRAME_BYTES = 4096;

function speechSession(
  socket: SessionSocket,
  settings: SpeechSettings,
  script: ScriptedReply | undefined,
  requestId: string,
): void {
  const out = messenger(socket, script);
  let buffered = "";
  let sequence = 0;
  let closed = false;
  out.send(
    JSON.stringify({
      type: "Metadata",
      request_id: requestId,
      model_name: `aura-2-${settings.speaker}-en`,
      model_version: "emulated",
      model_uuid: requestId,
    }),
  );
  socket.addEventListener("message", (event) => {
    if (closed) return;
    const data = (event as { data?: unknown }).data;
    if (typeof data !== "string") {
      out.send(
        JSON.stringify({
          type: "Warning",
          description: "Binary messages are ignored; send Speak messages",
          code: "BINARY_IGNORED",
        }),
      );
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      out.send(
        JSON.stringify({ type: "Error", description: "Invalid message: not JSON", err_code: "INVALID_JSON" }),
      );
      return;
    }
    const type = isRecord(message) ? message.type : undefined;
    if (type === "Speak" && isRecord(message) && typeof message.text === "string") {
      buffered += message.text;
    } else if (type === "Flush") {
      const audio = buffered.trim() ? speechAudio(buffered, settings) : new Uint8Array(0);
      buffered = "";
      for (let offset = 0; offset < audio.length; offset += FRAME_BYTES)
        out.send(audio.slice(offset, offset + FRAME_BYTES));
      out.send(JSON.stringify({ type: "Flushed", sequence_id: sequence++ }));
    } else if (type === "Clear") {
      buffered = "";
      out.send(JSON.stringify({ type: "Cleared", sequence_id: sequence++ }));
    } else if (type === "Close") {
      closed = true;
      if (!out.dropped) closeSocket(socket);
    } else {
      out.send(
        JSON.stringify({
          type: "Warning",
          description: `Unknown message ${String(type)}`,
          code: "UNKNOWN_MESSAGE",
        }),
      );
    }
  });
  socket.addEventListener("close", (event) => {
    if (closed) return;
    closed = true;
    closeSocket(socket, (event as { code?: number }).code ?? 1000);
  });
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
