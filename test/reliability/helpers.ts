/**
 * Shared tools of the reliability suite: a seeded PRNG, byte chunkers, streams that count their
 * readers and cancellations, a fake `env.AI`, an unhandled-rejection collector and a hang guard.
 */

import { inspect } from "node:util";
import type { LanguageModelV4StreamPart } from "@ai-sdk/provider";
import type { WorkersAIBinding } from "../../src/transport/binding";

export const encoder = new TextEncoder();

/** The seed of a run: `RELIABILITY_SEED` when set (to replay a failure), else `fallback`. */
export function suiteSeed(fallback: number): number {
  const fromEnv = process.env.RELIABILITY_SEED;
  return fromEnv ? Number(fromEnv) >>> 0 : fallback >>> 0;
}

/**
 * Cut points (byte offsets, ascending, excluding 0 and the end) for chunk sizes from 1 byte to
 * `maxChunk`, log-uniform so that tiny and large chunks are both common.
 */
export function randomCuts(length: number, rng: () => number, maxChunk = 8192): number[] {
  const cuts: number[] = [];
  let offset = 0;
  for (;;) {
    const size = Math.max(1, Math.floor(Math.exp(rng() * Math.log(maxChunk + 1))));
    offset += size;
    if (offset >= length) return cuts;
    cuts.push(offset);
  }
}

/** Splits bytes at the given cut points (views, no copies). */
export function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const cut of cuts) {
    chunks.push(bytes.subarray(start, cut));
    start = cut;
  }
  chunks.push(bytes.subarray(start));
  return chunks.filter((chunk) => chunk.byteLength > 0);
}

/** Offsets that fall inside a multi-byte UTF-8 sequence (between its lead and a continuation byte). */
export function insideMultiByte(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 1; i < bytes.byteLength; i++) if ((bytes[i] & 0xc0) === 0x80) out.push(i);
  return out;
}

/** Offsets that fall between a CR and its LF. */
export function insideCrlf(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 1; i < bytes.byteLength; i++) if (bytes[i - 1] === 13 && bytes[i] === 10) out.push(i);
  return out;
}

/** Counts the byte sources a test created: how many are open, finished and cancelled. */
export class SourceTracker {
  created = 0;
  finished = 0;
  cancelled = 0;
  readonly cancelReasons: unknown[] = [];

  /** Sources neither read to the end nor cancelled. */
  get open(): number {
    return this.created - this.finished - this.cancelled;
  }

  /** A stream that delivers `chunks` one per pull, then closes (or stalls when `stall`). */
  stream(chunks: readonly Uint8Array[], options: { stall?: boolean; error?: unknown } = {}) {
    this.created++;
    let index = 0;
    let done = false;
    return new ReadableStream<Uint8Array>(
      {
        pull: (controller) => {
          if (index < chunks.length) {
            controller.enqueue(chunks[index++]);
            return;
          }
          if (options.stall) return new Promise<void>(() => {});
          if (done) return;
          done = true;
          this.finished++;
          if (options.error !== undefined) controller.error(options.error);
          else controller.close();
        },
        cancel: (reason) => {
          if (done) return;
          done = true;
          this.cancelled++;
          this.cancelReasons.push(reason);
        },
      },
      { highWaterMark: 0 },
    );
  }
}

/** A recorded `env.AI.run` call. */
export interface BindingCall {
  model: string;
  inputs: Record<string, unknown>;
  options: Record<string, unknown>;
}

/** A fake `env.AI` whose `run` is the given function; calls are recorded. */
export function fakeBinding(
  run: (call: BindingCall) => unknown,
): WorkersAIBinding & { calls: BindingCall[] } {
  const calls: BindingCall[] = [];
  return {
    calls,
    async run(model, inputs, options) {
      const call = { model, inputs, options: options ?? {} };
      calls.push(call);
      return run(call);
    },
  };
}

/** SSE text of `data:` payload lines, one blank line after each. */
export function sse(lines: readonly string[], newline = "\n"): string {
  return lines.map((line) => `${line}${newline}${newline}`).join("");
}

/** Collects `unhandledRejection`s for the life of a test file. */
export function collectUnhandledRejections(): { readonly reasons: unknown[]; dispose(): void } {
  const reasons: unknown[] = [];
  const listener = (reason: unknown) => {
    reasons.push(reason);
  };
  process.on("unhandledRejection", listener);
  return {
    reasons,
    dispose: () => {
      process.off("unhandledRejection", listener);
    },
  };
}

/** Resolves `promise`, or fails with a clear message once `ms` have passed (a hang). */
export async function withinMs<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`HANG: ${what} did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Lets pending microtasks and one macrotask run (so unhandled rejections surface). */
export async function settle(): Promise<void> {
  await sleep(0);
  await sleep(0);
}

/** Active handles/requests by type (timers, sockets…), for leak checks. */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

/** Polls until `check` passes or `ms` elapse; returns whether it passed. */
export async function eventually(check: () => boolean, ms = 1000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await sleep(5);
  }
  return check();
}

/** Stream parts as comparable JSON: errors become `{name, message}`, dates ISO strings. */
/**
 * Joins adjacent deltas of one block (text, reasoning, tool input): the provider emits one delta per
 * network read, so how deltas are split depends on the chunking while what they say must not.
 */
export function mergeAdjacentDeltas(
  parts: readonly LanguageModelV4StreamPart[],
): LanguageModelV4StreamPart[] {
  const merged: LanguageModelV4StreamPart[] = [];
  for (const part of parts) {
    const last = merged.at(-1);
    if (
      last !== undefined &&
      (part.type === "text-delta" || part.type === "reasoning-delta" || part.type === "tool-input-delta") &&
      last.type === part.type &&
      last.id === part.id
    ) {
      merged[merged.length - 1] = { ...last, delta: last.delta + part.delta };
    } else merged.push(part);
  }
  return merged;
}

export function partsAsJson(parts: readonly LanguageModelV4StreamPart[]): string {
  return JSON.stringify(parts, (_key, value: unknown) => {
    if (value instanceof Error) return { name: value.name, message: value.message };
    return value;
  });
}

/** Three secrets that must never leak, recognisable in any output. */
export const CANARY = {
  apiKey: "CANARY-api-token-4f1c9a7e2b",
  gatewayToken: "CANARY-gateway-token-8d2e6b1f3a",
  byokKey: "CANARY-byok-key-1a9f7c3e5d",
} as const;

/** Every canary value, for `includes` checks. */
const CANARIES: readonly string[] = Object.values(CANARY);

/** Everything a user could see of a value: text, inspection (hidden fields, causes), JSON. */
export function exposure(value: unknown): string {
  const seen = new WeakSet<object>();
  const out = [String(value), inspect(value, { depth: 40, showHidden: true, breakLength: Infinity })];
  try {
    out.push(
      JSON.stringify(value, (_key, inner: unknown) => {
        if (typeof inner === "object" && inner !== null) {
          if (seen.has(inner)) return "[circular]";
          seen.add(inner);
        }
        if (typeof inner === "bigint") return String(inner);
        return inner;
      }),
    );
  } catch (error) {
    out.push(`JSON.stringify failed: ${String(error)}`);
  }
  let cause = (value as { cause?: unknown } | null)?.cause;
  for (let depth = 0; cause !== undefined && depth < 20; depth++) {
    out.push(String(cause), inspect(cause, { depth: 40, showHidden: true }));
    cause = (cause as { cause?: unknown } | null)?.cause;
  }
  return out.join("\n");
}

/** Returns the canaries that occur in `text`. */
export function canariesIn(text: string): string[] {
  return CANARIES.filter((canary) => text.includes(canary));
}

/** A step of a raw HTTP reply: bytes to write, a pause, or how the connection ends. */
export type RawStep = string | Uint8Array | { waitMs: number } | "end" | "destroy" | "hang";

/** A server on 127.0.0.1 that answers every request with exact bytes, for socket-level faults. */
export interface RawServer {
  url: string;
  /** Requests seen (head only) and whether the client closed each connection. */
  readonly requests: Array<{ head: string; closedByClient: boolean }>;
  /** The steps the next connections answer with. */
  reply: RawStep[];
  close(): Promise<void>;
}

export async function startRawServer(): Promise<RawServer> {
  const { createServer } = await import("node:net");
  const sockets = new Set<import("node:net").Socket>();
  const state: RawServer = {
    url: "",
    requests: [],
    reply: [],
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer((socket) => {
    sockets.add(socket);
    let buffer = Buffer.alloc(0);
    let answered = false;
    const record = { head: "", closedByClient: false };
    let serverEnded = false;
    socket.on("close", () => {
      sockets.delete(socket);
      if (!serverEnded) record.closedByClient = true;
    });
    socket.on("error", () => {});
    socket.on("data", async (data) => {
      buffer = Buffer.concat([buffer, data]);
      const headEnd = buffer.indexOf("\r\n\r\n");
      if (answered || headEnd === -1) return;
      const head = buffer.subarray(0, headEnd).toString("latin1");
      const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (buffer.byteLength < headEnd + 4 + length) return;
      answered = true;
      record.head = head;
      state.requests.push(record);
      for (const step of state.reply) {
        if (socket.destroyed) return;
        if (step === "end") {
          serverEnded = true;
          socket.end();
          return;
        }
        if (step === "destroy") {
          serverEnded = true;
          socket.destroy();
          return;
        }
        if (step === "hang") return;
        if (typeof step === "object" && "waitMs" in step) {
          await sleep(step.waitMs);
          continue;
        }
        socket.write(step);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  state.url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return state;
}

/** One HTTP/1.1 chunked-encoding chunk. */
export function httpChunk(text: string | Uint8Array): Uint8Array {
  const bytes = typeof text === "string" ? encoder.encode(text) : text;
  const head = encoder.encode(`${bytes.byteLength.toString(16)}\r\n`);
  const out = new Uint8Array(head.byteLength + bytes.byteLength + 2);
  out.set(head);
  out.set(bytes, head.byteLength);
  out.set([13, 10], head.byteLength + bytes.byteLength);
  return out;
}

/**
 * A full-GC function: `global.gc` when Node runs with `--expose-gc`, else one obtained by setting
 * the V8 flag at runtime; `undefined` when neither works (then precise heap checks are skipped).
 */
export async function getGc(): Promise<(() => void) | undefined> {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === "function") return exposed;
  try {
    const v8 = await import("node:v8");
    const vm = await import("node:vm");
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as unknown;
    return typeof gc === "function" ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

/** Heap in use after full collections (several, so weak references and finalizers settle). */
export async function heapAfterGc(gc: () => void): Promise<number> {
  for (let i = 0; i < 4; i++) {
    gc();
    await sleep(5);
  }
  return process.memoryUsage().heapUsed;
}

/**
 * A lazily generated SSE stream of about `megabytes` MB of legacy `{response}` events (each 4 KiB
 * of text), ending with `[DONE]`: nothing of it exists in memory at once.
 */
export function generatedSseStream(megabytes: number, tracker?: SourceTracker): ReadableStream<Uint8Array> {
  const piece = "abcdefghijklmnopqrstuvwxyz012345".repeat(128);
  const event = encoder.encode(`data: ${JSON.stringify({ response: piece })}\n\n`);
  const total = Math.ceil((megabytes * 1024 * 1024) / piece.length);
  let sent = 0;
  if (tracker) tracker.created++;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (sent < total) {
          // 16 events per chunk: 64 KiB, like a network read
          const batch = Math.min(16, total - sent);
          const chunk = new Uint8Array(event.byteLength * batch);
          for (let i = 0; i < batch; i++) chunk.set(event, i * event.byteLength);
          sent += batch;
          controller.enqueue(chunk);
          return;
        }
        controller.enqueue(encoder.encode("data: [DONE]\n\n"));
        controller.close();
        if (tracker) tracker.finished++;
      },
      cancel() {
        if (tracker) tracker.cancelled++;
      },
    },
    { highWaterMark: 0 },
  );
}

/** Characters of text a {@link generatedSseStream} of `megabytes` MB carries. */
export function generatedTextLength(megabytes: number): number {
  const pieceLength = 32 * 128;
  return Math.ceil((megabytes * 1024 * 1024) / pieceLength) * pieceLength;
}
