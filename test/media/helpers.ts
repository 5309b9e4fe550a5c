import { afterEach } from "vitest";
import { createWorkersAI } from "../../src";
import type { WorkersAIBinding } from "../../src/transport/binding";
import { type RecordedRequest, startTestServer, type TestServer } from "../helpers/http-server";

/** A 1×1 PNG (real, decodable). */
export const PNG_BYTES = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
  (c) => c.charCodeAt(0),
);

/**
 * A decodable baseline 1×1 grey JPEG: one 8×8 block whose DC and AC coefficients are all zero,
 * coded with single-symbol Huffman tables (DC category 0, AC end-of-block).
 */
export const JPEG_BYTES = Uint8Array.from([
  0xff,
  0xd8, // SOI
  0xff,
  0xe0,
  0x00,
  0x10,
  0x4a,
  0x46,
  0x49,
  0x46,
  0x00,
  0x01,
  0x01,
  0x00,
  0x00,
  0x01,
  0x00,
  0x01,
  0x00,
  0x00, // APP0 JFIF
  0xff,
  0xdb,
  0x00,
  0x43,
  0x00,
  ...new Array<number>(64).fill(1), // DQT
  0xff,
  0xc0,
  0x00,
  0x0b,
  0x08,
  0x00,
  0x01,
  0x00,
  0x01,
  0x01,
  0x01,
  0x11,
  0x00, // SOF0 1×1, one component
  0xff,
  0xc4,
  0x00,
  0x14,
  0x00,
  0x01,
  ...new Array<number>(15).fill(0),
  0x00, // DHT DC: "0" → category 0
  0xff,
  0xc4,
  0x00,
  0x14,
  0x10,
  0x01,
  ...new Array<number>(15).fill(0),
  0x00, // DHT AC: "0" → EOB
  0xff,
  0xda,
  0x00,
  0x08,
  0x01,
  0x01,
  0x00,
  0x00,
  0x3f,
  0x00, // SOS
  0x3f, // DC "0", EOB "0", padded with ones
  0xff,
  0xd9, // EOI
]);

/** A minimal WebP container header (RIFF … WEBP VP8L). */
export const WEBP_BYTES = Uint8Array.from([
  0x52, 0x49, 0x46, 0x46, 0x1a, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x4c, 0x0d, 0x00,
  0x00, 0x00, 0x2f, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0x00,
]);

/** One MPEG-1 Layer III frame (128 kbit/s, 44.1 kHz, 417 bytes) of silence. */
export function mp3Frame(): Uint8Array<ArrayBuffer> {
  const frame = new Uint8Array(417);
  frame.set([0xff, 0xfb, 0x90, 0x64]);
  return frame;
}

/** An MP3 file: ID3v2 tag followed by two frames. */
export function mp3WithId3(): Uint8Array<ArrayBuffer> {
  const tag = new Uint8Array(10 + 16);
  tag.set([0x49, 0x44, 0x33, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 16]);
  const out = new Uint8Array(tag.length + 417 * 2);
  out.set(tag);
  out.set(mp3Frame(), tag.length);
  out.set(mp3Frame(), tag.length + 417);
  return out;
}

/** A PCM WAV file (16-bit mono) of `samples` silent samples. */
export function wavBytes(samples = 160, sampleRate = 16_000): Uint8Array<ArrayBuffer> {
  const dataSize = samples * 2;
  const buffer = new ArrayBuffer(44 + dataSize);
  const view = new DataView(buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i));
  };
  ascii(0, "RIFF");
  view.setUint32(4, 36 + dataSize, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, "data");
  view.setUint32(40, dataSize, true);
  return new Uint8Array(buffer);
}

/** An Ogg page header ("OggS", version 0, BOS). */
export const OGG_BYTES = Uint8Array.from([0x4f, 0x67, 0x67, 0x53, 0x00, 0x02, ...new Array(22).fill(0)]);

/** A FLAC stream marker followed by an empty STREAMINFO block header. */
export const FLAC_BYTES = Uint8Array.from([
  0x66,
  0x4c,
  0x61,
  0x43,
  0x80,
  0x00,
  0x00,
  0x22,
  ...new Array(34).fill(0),
]);

export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** A byte stream delivering `bytes` in chunks of `size`. */
export function chunkedStream(bytes: Uint8Array, size = 7): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

/** One `env.AI.run` call as the fake binding saw it. */
export interface BindingCall {
  model: string;
  inputs: Record<string, unknown>;
  options: Record<string, unknown> | undefined;
}

/** A fake `env.AI` that answers with `reply(call)` (throw inside it to simulate binding errors). */
export function fakeBinding(
  reply: (call: BindingCall, index: number) => unknown,
): WorkersAIBinding & { calls: BindingCall[] } {
  const calls: BindingCall[] = [];
  return {
    calls,
    aiGatewayLogId: null,
    lastRequestId: null,
    async run(model, inputs, options) {
      const call = { model, inputs, options };
      calls.push(call);
      this.lastRequestId = `req-${calls.length}`;
      return reply(call, calls.length - 1);
    },
  };
}

/** Error as the binding throws it (`"<code>: <description>"`). */
export class InferenceUpstreamError extends Error {
  constructor(message: string, name = "InferenceUpstreamError") {
    super(message);
    this.name = name;
  }
}

/** Provider over the fake binding. */
export function bindingProvider(reply: (call: BindingCall, index: number) => unknown) {
  const binding = fakeBinding(reply);
  return { binding, workersai: createWorkersAI({ binding }) };
}

// Warnings are asserted in the tests; the SDK's console logging would only add noise.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

// Safety net: these tests may only talk to 127.0.0.1, so any other URL fails before a lookup happens.
const realFetch = globalThis.fetch;
globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.hostname !== "127.0.0.1") {
    return Promise.reject(
      new TypeError(`test/media: refusing to fetch ${url.origin} (only 127.0.0.1 is allowed)`),
    );
  }
  return realFetch(input, init);
};

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A real REST server on 127.0.0.1 plus providers pointing at it (direct and through AI Gateway). */
export async function restProvider(
  handler: (request: Request, recorded: RecordedRequest) => Response | Promise<Response>,
) {
  const server = await startTestServer(handler);
  servers.push(server);
  // gatewayBaseURL is set on both so a per-model gateway can never reach the real AI Gateway.
  const workersai = createWorkersAI({
    accountId: "acct",
    apiKey: "test-token",
    baseURL: `${server.url}/client/v4`,
    gatewayBaseURL: `${server.url}/gw`,
  });
  const viaGateway = createWorkersAI({
    accountId: "acct",
    apiKey: "test-token",
    baseURL: `${server.url}/client/v4`,
    gateway: { id: "gw" },
    gatewayBaseURL: `${server.url}/gw`,
  });
  return { server, workersai, viaGateway };
}

/** REST path of a model on the direct API. */
export function runPath(model: string): string {
  return `/client/v4/accounts/acct/ai/run/${model}`;
}

/** REST path of a model through the AI Gateway provider path. */
export function gatewayPath(model: string): string {
  return `/gw/acct/gw/workers-ai/${model}`;
}

/** The `{result, success, errors, messages}` envelope. */
export function envelope(result: unknown): Response {
  return Response.json(
    { result, success: true, errors: [], messages: [] },
    { headers: { "cf-ai-req-id": "rest-req" } },
  );
}

/** A REST error envelope with a Workers AI code. */
export function errorEnvelope(
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
) {
  return Response.json(
    { result: null, success: false, errors: [{ code, message }], messages: [] },
    { status, headers },
  );
}
