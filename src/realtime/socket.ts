/**
 * The WebSocket surface realtime sessions use. Structural, so every WebSocket this code meets fits: the
 * `webSocket` of a workerd `Response` (needs `accept()`), the browser / undici / Bun `WebSocket`, the
 * `ws` package, and the emulator's in-memory socket in Node.
 */
export interface RealtimeSocket {
  /** workerd: a socket taken from a `Response` must be accepted before use. */
  accept?: () => void;
  send(data: string | ArrayBuffer | Uint8Array): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: "message" | "close" | "error" | "open", listener: (event: unknown) => void): void;
  readyState?: number;
  bufferedAmount?: number;
  binaryType?: string;
}

/** One thing that happened on a socket, in arrival order. */
export type SocketEvent =
  | { type: "text"; text: string }
  | { type: "binary"; bytes: Uint8Array }
  | { type: "close"; code: number | undefined; reason: string | undefined }
  | { type: "error"; error: unknown };

const WEBSOCKET_OPEN = 1;

/** Whether `value` looks like a WebSocket this code can drive. */
export function isRealtimeSocket(value: unknown): value is RealtimeSocket {
  const socket = value as Partial<RealtimeSocket> | null | undefined;
  return (
    typeof socket === "object" &&
    socket !== null &&
    typeof socket.send === "function" &&
    typeof socket.close === "function" &&
    typeof socket.addEventListener === "function"
  );
}

/** Whether the socket can still send (sockets without `readyState` are assumed open until closed). */
export function isOpen(socket: RealtimeSocket): boolean {
  return socket.readyState === undefined || socket.readyState === WEBSOCKET_OPEN;
}

/**
 * Delivers socket events in arrival order, decoding every message form (string, `ArrayBuffer`, typed
 * arrays, Node `Buffer`, `Blob`) into text or bytes. Blob reads are chained so order is kept.
 */
function listen(socket: RealtimeSocket, onEvent: (event: SocketEvent) => void): void {
  let tail: Promise<void> = Promise.resolve();
  let closed = false;
  const deliver = (event: SocketEvent | Promise<SocketEvent>) => {
    tail = tail.then(async () => {
      if (closed) return;
      const resolved = await event;
      if (resolved.type === "close") closed = true;
      onEvent(resolved);
    });
  };
  if ("binaryType" in socket) {
    try {
      socket.binaryType = "arraybuffer";
    } catch {
      // some implementations expose a read-only binaryType; Blob messages are handled below
    }
  }
  socket.addEventListener("message", (event) => deliver(decodeMessage((event as { data?: unknown })?.data)));
  socket.addEventListener("close", (event) => {
    const { code, reason } = (event ?? {}) as { code?: unknown; reason?: unknown };
    deliver({
      type: "close",
      code: typeof code === "number" ? code : undefined,
      reason: typeof reason === "string" ? reason : undefined,
    });
  });
  socket.addEventListener("error", (event) => {
    const error = (event as { error?: unknown; message?: unknown })?.error ?? event;
    deliver({ type: "error", error });
  });
}

function decodeMessage(data: unknown): SocketEvent | Promise<SocketEvent> {
  if (typeof data === "string") return { type: "text", text: data };
  if (data instanceof ArrayBuffer) return { type: "binary", bytes: new Uint8Array(data) };
  if (ArrayBuffer.isView(data)) {
    return { type: "binary", bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice() };
  }
  if (typeof Blob !== "undefined" && data instanceof Blob) {
    return data.arrayBuffer().then((buffer) => ({ type: "binary", bytes: new Uint8Array(buffer) }));
  }
  if (Array.isArray(data) && data.every((part) => ArrayBuffer.isView(part))) {
    // `ws` hands fragmented messages over as an array of Buffers when binaryType is "fragments"
    const parts = data as ArrayBufferView[];
    const total = parts.reduce((sum, part) => sum + part.byteLength, 0);
    const bytes = new Uint8Array(total);
    let offset = 0;
    for (const part of parts) {
      bytes.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), offset);
      offset += part.byteLength;
    }
    return { type: "binary", bytes };
  }
  return { type: "text", text: String(data) };
}

/**
 * Starts listening at once and holds events until a handler subscribes, so nothing the server sends
 * between the upgrade and the session's start is lost.
 */
export function bufferEvents(socket: RealtimeSocket): (onEvent: (event: SocketEvent) => void) => void {
  const held: SocketEvent[] = [];
  let handler: ((event: SocketEvent) => void) | undefined;
  listen(socket, (event) => {
    if (handler) handler(event);
    else held.push(event);
  });
  return (onEvent) => {
    handler = onEvent;
    for (const event of held.splice(0)) onEvent(event);
  };
}

/** Closes a socket, ignoring the errors some implementations throw when it is already closed. */
export function closeQuietly(socket: RealtimeSocket, code = 1000, reason?: string): void {
  try {
    socket.close(code, reason);
  } catch {
    // already closed or closing
  }
}
