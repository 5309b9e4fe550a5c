import { APICallError, InvalidArgumentError, type JSONObject, type SharedV4Warning } from "@ai-sdk/provider";
import { isRecord } from "../guards";
import { workersAIResponseMetadata } from "../transport/response-metadata";
import type { RealtimeConnection, RealtimeConnectRequest, WorkersAIRealtimeConnector } from "./connect";
import { closeQuietly, type RealtimeSocket, type SocketEvent } from "./socket";

/** The stream parts a realtime session emits itself, the same for speech and transcription. */
type SessionPart =
  | { type: "stream-start"; warnings: SharedV4Warning[] }
  | { type: "response-metadata"; timestamp: Date; modelId: string; headers: Record<string, string> }
  | { type: "error"; error: unknown }
  | { type: "raw"; rawValue: unknown };

/** What every realtime session is opened with, whatever it streams. */
export interface RealtimeSessionArgs {
  connector: WorkersAIRealtimeConnector;
  request: Omit<RealtimeConnectRequest, "abortSignal">;
  /** The call options every kind of session reads (each kind narrows this to its own). */
  options: { abortSignal?: AbortSignal; includeRawChunks?: boolean };
  warnings: SharedV4Warning[];
  currentDate: () => Date;
}

/** The protocol of one kind of session: what it does with the server's messages and the caller's input. */
export interface RealtimeProtocol<Chunk> {
  /** A JSON object the server sent, with its text (for error bodies). */
  onMessage(message: Record<string, unknown>, text: string): void;
  /** A binary frame the server sent. */
  onBinary(bytes: Uint8Array): void;
  /** The socket closed; `clean` when its code was a normal one (1000, 1005 or none). */
  onClose(event: Extract<SocketEvent, { type: "close" }>, clean: boolean): void;
  /** One chunk of the caller's input; a returned promise holds the next read back (back-pressure). */
  onChunk(chunk: Chunk): void | Promise<void>;
  /** The caller's input ended (`inputDone` is already `true`). */
  onInputEnd(): void;
}

/**
 * Opens a realtime WebSocket session that streams `input` (`name` says what it does, e.g. "speech"). When
 * the connection fails, `input` is cancelled and the error rethrown, so `doStream` rejects and nothing is
 * left reading.
 */
export async function openRealtimeSession<Part, Chunk>(
  args: RealtimeSessionArgs,
  name: string,
  input: ReadableStream<Chunk>,
): Promise<RealtimeSession<Part, Chunk>> {
  let connection: RealtimeConnection;
  try {
    connection = await args.connector.connect({ ...args.request, abortSignal: args.options.abortSignal });
  } catch (error) {
    await input.cancel(error).catch(() => {});
    throw error;
  }
  return new RealtimeSession<Part, Chunk>(args, name, input, connection);
}

/**
 * The lifecycle one realtime session shares with every other: the output stream and its start parts,
 * finishing and failing once, abort and cancel, timers that stop with the session, the input pump and
 * the release of the caller's input. The protocol of each kind lives in its {@link RealtimeProtocol}.
 */
export class RealtimeSession<Part, Chunk> {
  readonly connection: RealtimeConnection;
  readonly socket: RealtimeSocket;
  /** Response metadata (header values, then what the server reports) for the finish part. */
  readonly metadata: JSONObject;
  private ended = false;
  private inputRead = false;

  private readonly timestamp: Date;
  private readonly stops: Array<() => void> = [];
  private controller!: ReadableStreamDefaultController<Part | SessionPart>;
  private inputReader: ReadableStreamDefaultReader<Chunk> | undefined;

  constructor(
    private readonly args: RealtimeSessionArgs,
    private readonly name: string,
    private readonly input: ReadableStream<Chunk>,
    connection: RealtimeConnection,
  ) {
    this.connection = connection;
    this.socket = connection.socket;
    this.timestamp = args.currentDate();
    this.metadata = { ...workersAIResponseMetadata(connection.headers) };
  }

  /** Whether the output stream has ended (finished, failed or cancelled). */
  get finished(): boolean {
    return this.ended;
  }

  /** Whether the caller's input has been read to its end. */
  get inputDone(): boolean {
    return this.inputRead;
  }

  /** Emits a part unless the stream has ended. */
  enqueue(part: Part | SessionPart): void {
    if (!this.finished) this.controller.enqueue(part);
  }

  /** Ends the stream with its finish part, releasing the caller's input if it was not read to its end. */
  finish(part: Part): void {
    if (this.finished) return;
    this.controller.enqueue(part);
    this.ended = true;
    this.cleanup();
    this.controller.close();
    if (!this.inputDone) this.releaseInput(new Error(`The ${this.name} session ended.`));
  }

  /** Errors the stream, closes the socket and releases the caller's input. */
  fail(error: unknown): void {
    if (this.finished) return;
    this.stop(error);
    this.controller.error(error);
  }

  /** Runs `callback` once after `ms`, unless the session ends first. */
  after(ms: number, callback: () => void): void {
    const timer = setTimeout(callback, ms);
    this.stops.push(() => clearTimeout(timer));
  }

  /** Runs `callback` every `ms` until the session ends. */
  every(ms: number, callback: () => void): void {
    const timer = setInterval(callback, ms);
    this.stops.push(() => clearInterval(timer));
  }

  /**
   * Builds the output stream (`stream-start`, `response-metadata`), hands the socket's events to
   * `protocol`, wires the abort signal and starts pumping the caller's input.
   */
  start(protocol: RealtimeProtocol<Chunk>): {
    stream: ReadableStream<Part | SessionPart>;
    request: { body: unknown };
    response: { timestamp: Date; modelId: string; headers: Record<string, string> };
  } {
    const { args, connection, socket, timestamp } = this;
    const stream = new ReadableStream<Part | SessionPart>({
      start: (controller) => {
        this.controller = controller;
        controller.enqueue({ type: "stream-start", warnings: args.warnings });
        controller.enqueue({
          type: "response-metadata",
          timestamp,
          modelId: args.request.model,
          headers: connection.headers,
        });
      },
      cancel: (reason) => {
        if (!this.finished) this.stop(reason);
      },
    });

    connection.subscribe((event) => this.onEvent(event, protocol));
    socket.accept?.();
    const abortSignal = args.options.abortSignal;
    if (abortSignal?.aborted) this.onAbort();
    else abortSignal?.addEventListener("abort", this.onAbort, { once: true });
    void this.pump(protocol);

    return {
      stream,
      request: { body: args.request.inputs },
      response: { timestamp, modelId: args.request.model, headers: connection.headers },
    };
  }

  private readonly onAbort = () =>
    this.fail(
      this.args.options.abortSignal?.reason ?? new DOMException("The operation was aborted.", "AbortError"),
    );

  /** Ends the session early: timers and abort listener off, socket closed, the caller's input released. */
  private stop(reason: unknown): void {
    this.ended = true;
    this.cleanup();
    closeQuietly(this.socket, 1000);
    this.releaseInput(reason);
  }

  private cleanup(): void {
    for (const stop of this.stops.splice(0)) stop();
    this.args.options.abortSignal?.removeEventListener("abort", this.onAbort);
  }

  private releaseInput(reason: unknown): void {
    if (this.inputReader) this.inputReader.cancel(reason).catch(() => {});
    else this.input.cancel(reason).catch(() => {});
  }

  private onEvent(event: SocketEvent, protocol: RealtimeProtocol<Chunk>): void {
    if (this.finished) return;
    switch (event.type) {
      case "text":
        this.onText(event.text, protocol);
        break;
      case "binary":
        protocol.onBinary(event.bytes);
        break;
      case "error":
        this.enqueue({
          type: "error",
          error: new APICallError({
            message: "The Workers AI realtime WebSocket reported an error.",
            url: this.connection.url,
            requestBodyValues: undefined,
            cause: event.error,
            isRetryable: true,
          }),
        });
        break;
      case "close":
        protocol.onClose(event, event.code === undefined || event.code === 1000 || event.code === 1005);
        break;
    }
  }

  private onText(text: string, protocol: RealtimeProtocol<Chunk>): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.enqueue({
        type: "error",
        error: new InvalidArgumentError({
          argument: "message",
          message: `Workers AI sent a realtime message that is not JSON: ${text.slice(0, 200)}`,
        }),
      });
      return;
    }
    if (this.args.options.includeRawChunks) this.enqueue({ type: "raw", rawValue: message });
    if (isRecord(message)) protocol.onMessage(message, text);
  }

  private async pump(protocol: RealtimeProtocol<Chunk>): Promise<void> {
    const reader = this.input.getReader();
    this.inputReader = reader;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (this.finished) return;
        if (done) break;
        await protocol.onChunk(value);
      }
      this.inputRead = true;
      protocol.onInputEnd();
    } catch (error) {
      if (!this.finished) this.fail(error);
    }
  }
}
