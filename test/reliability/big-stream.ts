/**
 * A stream of many megabytes through the chat model's `doStream` (binding or REST on 127.0.0.1),
 * consumed part by part without keeping anything, with the heap measured after full collections
 * at checkpoints along the way: if the provider buffered the stream, the heap would grow with it.
 * Shared by the main suite (20 MB) and the soak suite (100 MB).
 */

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { createWorkersAI } from "../../src";
import {
  fakeBinding,
  generatedSseStream,
  generatedTextLength,
  getGc,
  heapAfterGc,
  SourceTracker,
} from "./helpers";

/** What one big stream did to the heap. */
export interface BigStreamReport {
  textLength: number;
  expectedTextLength: number;
  finishReason: string | undefined;
  /** Largest heap growth over the baseline at a checkpoint (after GC), in bytes; `undefined` without GC. */
  maxGrowthAfterGc: number | undefined;
  /** Largest raw heap growth seen (no GC), in bytes. */
  maxGrowthRaw: number;
  checkpoints: number;
  /** Heap growth (after GC) at each checkpoint, in bytes. */
  series: number[];
  gcAvailable: boolean;
  openSources: number;
}

const MB = 1024 * 1024;

/** Streams `megabytes` MB through the provider over `transport` and reports heap growth. */
export async function runBigStream(
  megabytes: number,
  transport: "binding" | "rest",
): Promise<BigStreamReport> {
  const gc = await getGc();
  const tracker = new SourceTracker();
  let close = async () => {};
  let model: LanguageModelV4;
  if (transport === "binding") {
    model = createWorkersAI({ binding: fakeBinding(() => generatedSseStream(megabytes, tracker)) })(
      "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
    );
  } else {
    const url = await serveWithBackpressure(() => generatedSseStream(megabytes, tracker));
    close = url.close;
    model = createWorkersAI({ accountId: "acct", apiKey: "key", baseURL: `${url.url}/client/v4` })(
      "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
    );
  }
  try {
    if (gc) await heapAfterGc(gc);
    const baseline = memory();
    const { stream } = await model.doStream({
      prompt: [{ role: "user", content: [{ type: "text", text: "go" }] }],
    });
    const reader = stream.getReader();
    let textLength = 0;
    let nextCheckpoint = 4 * MB;
    let maxGrowthAfterGc: number | undefined = gc ? 0 : undefined;
    let maxGrowthRaw = 0;
    let checkpoints = 0;
    const series: number[] = [];
    let finishReason: string | undefined;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value.type === "text-delta") textLength += value.delta.length;
      if (value.type === "finish") finishReason = value.finishReason.unified;
      if (value.type === "error") throw value.error;
      if (textLength >= nextCheckpoint) {
        nextCheckpoint += 4 * MB;
        checkpoints++;
        maxGrowthRaw = Math.max(maxGrowthRaw, memory() - baseline);
        if (gc) {
          gc();
          gc();
          const growth = memory() - baseline;
          series.push(growth);
          maxGrowthAfterGc = Math.max(maxGrowthAfterGc ?? 0, growth);
        }
      }
    }
    return {
      textLength,
      expectedTextLength: generatedTextLength(megabytes),
      finishReason,
      maxGrowthAfterGc,
      maxGrowthRaw,
      checkpoints,
      series,
      gcAvailable: gc !== undefined,
      openSources: tracker.open,
    };
  } finally {
    await close();
  }
}

/** JS heap plus array buffers (byte chunks live outside the JS heap). */
function memory(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/**
 * An HTTP server on 127.0.0.1 that streams a generated body with backpressure (it writes only as
 * fast as the client reads), so the server itself never buffers the stream.
 */
async function serveWithBackpressure(
  body: () => ReadableStream<Uint8Array>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      Readable.fromWeb(body() as import("node:stream/web").ReadableStream<Uint8Array>).pipe(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
