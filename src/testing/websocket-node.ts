/**
 * The WebSocket form of the REST API on `listen()`'s Node server: `GET /client/v4/accounts/:acct/ai/run/:model`
 * (or `/v1/:acct/:gw/workers-ai?model=…` through the gateway) upgraded to a WebSocket, session options as
 * query parameters. A minimal RFC 6455 server (text, binary, fragments, ping, close) drives the same
 * realtime sessions as the binding (websocket.ts).
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { EmulatorCore } from "./core";
import { renderOutcome } from "./outcome";
import { textDecoder, textEncoder } from "./util";
import { openRealtime, type SessionSocket } from "./websocket";

const HANDSHAKE_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** Handles HTTP upgrades of one server and closes the sockets it upgraded. */
export interface UpgradeHandler {
  handle(request: IncomingMessage, socket: Duplex, head: Uint8Array): void;
  closeAll(): void;
}

/** Creates the upgrade handler of an emulator's `listen()` server. */
export function createUpgradeHandler(core: EmulatorCore): UpgradeHandler {
  const sockets = new Set<Duplex>();
  return {
    handle(request, socket, head) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => socket.destroy());
      upgrade(core, request, socket, head).catch(() => socket.destroy());
    },
    closeAll() {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
  };
}

function scalar(value: string): unknown {
  if (value === "true") return true;
  if (value === "false") return false;
  if (value !== "" && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

function queryInputs(url: URL, skip: string[]): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const key of new Set(url.searchParams.keys())) {
    if (skip.includes(key)) continue;
    const values = url.searchParams.getAll(key).map(scalar);
    inputs[key] = values.length === 1 ? values[0] : values;
  }
  return inputs;
}

function headerRecord(request: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

async function refuse(socket: Duplex, status: number, code: number, message: string): Promise<void> {
  const body = JSON.stringify({ result: null, success: false, errors: [{ code, message }], messages: [] });
  socket.end(
    `HTTP/1.1 ${status} Error\r\ncontent-type: application/json\r\ncontent-length: ${textEncoder.encode(body).length}\r\nconnection: close\r\n\r\n${body}`,
  );
}

async function upgrade(
  core: EmulatorCore,
  request: IncomingMessage,
  socket: Duplex,
  head: Uint8Array,
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  const headers = headerRecord(request);
  const authorized = (value: string | undefined, token: string | undefined) =>
    token === undefined || value === `Bearer ${token}`;
  let model: string;
  let account: string;
  let transport: "rest" | "gateway";
  let inputs: Record<string, unknown>;
  const direct = /^\/client\/v4\/accounts\/([^/]+)\/ai\/run\/(.+)$/.exec(url.pathname);
  const gateway = /^\/v1\/([^/]+)\/([^/]+)\/workers-ai\/?$/.exec(url.pathname);
  if (direct) {
    [account, model] = [safeDecode(direct[1]), safeDecode(direct[2])];
    transport = "rest";
    inputs = queryInputs(url, []);
  } else if (gateway) {
    account = safeDecode(gateway[1]);
    model = url.searchParams.get("model") ?? "";
    transport = "gateway";
    inputs = queryInputs(url, ["model"]);
    if (!authorized(headers["cf-aig-authorization"], core.gatewayToken))
      return refuse(socket, 401, 2009, "Unauthorized");
  } else {
    return refuse(
      socket,
      404,
      7003,
      `Could not route to ${url.pathname}, perhaps your object identifier is invalid?`,
    );
  }
  core.requests.push({
    transport,
    model,
    inputs,
    options: { websocket: true },
    headers,
    url: url.toString(),
    method: request.method ?? "GET",
  });
  if (!authorized(headers.authorization, core.apiToken))
    return refuse(socket, 401, 10000, "Authentication error");
  if (account !== core.accountId) return refuse(socket, 404, 7003, `Could not route to ${url.pathname}`);
  const key = headers["sec-websocket-key"];
  if (headers.upgrade?.toLowerCase() !== "websocket" || !key)
    return refuse(socket, 400, 3003, "Expected a WebSocket upgrade");

  const opening = openRealtime(core, { model, inputs, transport });
  if (!opening.ok) {
    const response = await renderOutcome("rest", opening.outcome, { envelope: false });
    const body = await response.text();
    const parsed = JSON.parse(body) as { errors: Array<{ code: number; message: string }> };
    return refuse(socket, response.status, parsed.errors[0].code, parsed.errors[0].message);
  }
  const digest = await crypto.subtle.digest("SHA-1", textEncoder.encode(key + HANDSHAKE_GUID));
  const accept = btoa(String.fromCharCode(...new Uint8Array(digest)));
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-accept: ${accept}\r\ncf-ai-req-id: ${opening.requestId}\r\n\r\n`,
  );
  const session = new FramedSocket(socket);
  opening.attach(session);
  if (head.length > 0) session.receive(head);
  socket.on("data", (chunk: Uint8Array) => session.receive(chunk));
  socket.on("close", () => session.lost());
}

type Listener = (event: unknown) => void;

/** A server-side WebSocket over a raw socket: unmasks client frames, sends unmasked frames. */
class FramedSocket implements SessionSocket {
  private buffer = new Uint8Array(0);
  private fragments: Uint8Array[] = [];
  private fragmentOpcode = 0;
  private closeSent = false;
  private closed = false;
  private readonly listeners = new Map<string, Listener[]>();

  constructor(private readonly socket: Duplex) {}

  addEventListener(type: string, listener: Listener): void {
    const list = this.listeners.get(type) ?? [];
    list.push(listener);
    this.listeners.set(type, list);
  }

  send(data: string | ArrayBuffer | Uint8Array): void {
    if (this.closeSent || this.closed) throw new TypeError("WebSocket is not open");
    if (typeof data === "string") this.frame(0x1, textEncoder.encode(data));
    else this.frame(0x2, data instanceof ArrayBuffer ? new Uint8Array(data) : data);
  }

  close(code = 1000, reason = ""): void {
    if (this.closeSent || this.closed) return;
    this.closeSent = true;
    const text = textEncoder.encode(reason);
    const payload = new Uint8Array(2 + text.length);
    payload[0] = code >> 8;
    payload[1] = code & 0xff;
    payload.set(text, 2);
    this.frame(0x8, payload);
    // a peer that never answers the close must not keep the socket open
    setTimeout(() => this.socket.destroy(), 1000).unref?.();
  }

  /** The TCP connection ended. */
  lost(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit("close", { code: 1006, reason: "", wasClean: false });
  }

  receive(chunk: Uint8Array): void {
    const merged = new Uint8Array(this.buffer.length + chunk.length);
    merged.set(this.buffer);
    merged.set(chunk, this.buffer.length);
    this.buffer = merged;
    for (;;) {
      const frame = this.nextFrame();
      if (!frame) return;
      this.onFrame(frame.fin, frame.opcode, frame.payload);
    }
  }

  private nextFrame(): { fin: boolean; opcode: number; payload: Uint8Array } | undefined {
    const bytes = this.buffer;
    if (bytes.length < 2) return undefined;
    const masked = (bytes[1] & 0x80) !== 0;
    let length = bytes[1] & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (bytes.length < 4) return undefined;
      length = (bytes[2] << 8) | bytes[3];
      offset = 4;
    } else if (length === 127) {
      if (bytes.length < 10) return undefined;
      length = Number(new DataView(bytes.buffer, bytes.byteOffset + 2, 8).getBigUint64(0));
      offset = 10;
    }
    const maskOffset = offset;
    if (masked) offset += 4;
    if (bytes.length < offset + length) return undefined;
    const payload = bytes.slice(offset, offset + length);
    if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= bytes[maskOffset + (i % 4)];
    this.buffer = bytes.slice(offset + length);
    return { fin: (bytes[0] & 0x80) !== 0, opcode: bytes[0] & 0x0f, payload };
  }

  private onFrame(fin: boolean, opcode: number, payload: Uint8Array): void {
    if (opcode === 0x8) {
      const code = payload.length >= 2 ? (payload[0] << 8) | payload[1] : 1005;
      const reason = textDecoder.decode(payload.subarray(2));
      if (!this.closeSent) this.close(code === 1005 ? 1000 : code);
      this.socket.end();
      if (!this.closed) {
        this.closed = true;
        this.emit("close", { code, reason, wasClean: true });
      }
      return;
    }
    if (opcode === 0x9) {
      if (!this.closeSent) this.frame(0xa, payload);
      return;
    }
    if (opcode === 0xa) return;
    if (opcode !== 0x0) {
      this.fragmentOpcode = opcode;
      this.fragments = [];
    }
    this.fragments.push(payload);
    if (!fin) return;
    const total = this.fragments.reduce((sum, part) => sum + part.length, 0);
    const data = new Uint8Array(total);
    let at = 0;
    for (const part of this.fragments) {
      data.set(part, at);
      at += part.length;
    }
    this.fragments = [];
    this.emit("message", { data: this.fragmentOpcode === 0x1 ? textDecoder.decode(data) : data.buffer });
  }

  private frame(opcode: number, payload: Uint8Array): void {
    const length = payload.length;
    const header = length < 126 ? new Uint8Array(2) : length < 65536 ? new Uint8Array(4) : new Uint8Array(10);
    header[0] = 0x80 | opcode;
    if (length < 126) header[1] = length;
    else if (length < 65536) {
      header[1] = 126;
      header[2] = length >> 8;
      header[3] = length & 0xff;
    } else {
      header[1] = 127;
      new DataView(header.buffer).setBigUint64(2, BigInt(length));
    }
    this.socket.write(header);
    this.socket.write(payload);
  }

  private emit(type: string, event: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}
