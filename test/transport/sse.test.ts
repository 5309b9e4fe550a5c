import { describe, expect, it } from "vitest";
import { seededRandom } from "../../src/testing/util";
import { createSseDataStream, SseDecoder } from "../../src/transport/sse";
import {
  chatCompletionsStream,
  framingExpected,
  framingStream,
  legacyStream,
  responsesStream,
} from "../fixtures/sse-recordings";

const encoder = new TextEncoder();

function encodeEvents(events: string[], newline: string, trailing: boolean): Uint8Array {
  const body = events.map((event) => event.replace(/\n/g, newline)).join(newline + newline);
  return encoder.encode(trailing ? body + newline + newline : body);
}

function decodeChunks(chunks: Uint8Array[]): string[] {
  const decoder = new SseDecoder();
  const out: string[] = [];
  for (const chunk of chunks) decoder.push(chunk, (data) => out.push(data));
  decoder.end((data) => out.push(data));
  return out;
}

function split(bytes: Uint8Array, next: () => number, maxChunk: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const size = 1 + Math.floor(next() * maxChunk);
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return chunks;
}

const payloads = (events: string[]) => events.map((event) => event.replace(/^data: /, ""));

describe("SseDecoder", () => {
  it.each([
    ["LF", "\n"],
    ["CRLF", "\r\n"],
    ["CR", "\r"],
  ])("decodes every family with %s line endings in one chunk", (_name, newline) => {
    for (const events of [legacyStream, chatCompletionsStream, responsesStream]) {
      expect(decodeChunks([encodeEvents(events, newline, true)])).toEqual(payloads(events));
    }
  });

  it("handles comments, multi-line data and other fields", () => {
    expect(decodeChunks([encodeEvents(framingStream, "\n", true)])).toEqual(framingExpected);
  });

  it("delivers a final event that lacks the trailing blank line", () => {
    const out = decodeChunks([encoder.encode('data: {"a":1}\n\ndata: {"last":true}')]);
    expect(out).toEqual(['{"a":1}', '{"last":true}']);
  });

  it("treats a CR at a chunk end followed by LF in the next chunk as one line break", () => {
    const out = decodeChunks([
      encoder.encode("data: a\r"),
      encoder.encode("\n\r"),
      encoder.encode("\ndata: b\r\n\r\n"),
    ]);
    expect(out).toEqual(["a", "b"]);
  });

  it("keeps multi-byte characters split across chunks intact", () => {
    const bytes = encoder.encode("data: 😀é東\n\n");
    for (let i = 1; i < bytes.length; i++) {
      expect(decodeChunks([bytes.subarray(0, i), bytes.subarray(i)])).toEqual(["😀é東"]);
    }
  });

  it("ignores fields whose names only start with data", () => {
    expect(decodeChunks([encoder.encode("database: x\ndata: y\n\n")])).toEqual(["y"]);
  });

  it("produces identical output for thousands of random chunkings (seeded property test)", () => {
    const recordings = [legacyStream, chatCompletionsStream, responsesStream, framingStream];
    let runs = 0;
    for (let seed = 1; seed <= 1500; seed++) {
      const next = seededRandom(seed);
      const events = recordings[seed % recordings.length];
      const newline = ["\n", "\r\n", "\r"][seed % 3];
      const trailing = seed % 5 !== 0;
      const bytes = encodeEvents(events, newline, trailing);
      const expected = decodeChunks([bytes]);
      const maxChunk = [1, 3, 17, 256, 8192][seed % 5];
      const actual = decodeChunks(split(bytes, next, maxChunk));
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        throw new Error(`chunking seed ${seed} produced different events`);
      }
      runs++;
    }
    expect(runs).toBe(1500);
  });

  it("works as a TransformStream", async () => {
    const bytes = encodeEvents(legacyStream, "\n", false);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of split(bytes, seededRandom(42), 7)) controller.enqueue(chunk);
        controller.close();
      },
    }).pipeThrough(createSseDataStream());
    const out: string[] = [];
    const reader = stream.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) out.push(r.value);
    expect(out).toEqual(payloads(legacyStream));
  });
});
