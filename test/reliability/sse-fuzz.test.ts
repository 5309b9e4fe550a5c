/**
 * SSE fuzz at the provider level: every recorded stream of every chat family goes through
 * `doStream` of one chat model (fake `env.AI` answering with the bytes cut into random chunks of
 * 1 byte to 8 KiB, plus cuts inside every multi-byte character and every CRLF pair). The stream
 * parts must be identical, as JSON, to the one-chunk reference run, every time, once adjacent deltas of a
 * block are joined (the provider emits one delta per block per network read, so only their split may vary).
 *
 * Replay a failure with `RELIABILITY_SEED=<seed printed in the failure> npx vitest run <this file>`;
 * `RELIABILITY_FUZZ_RUNS` sets the number of random chunkings (default 10,200 in total).
 */
import type { LanguageModelV4, LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createWorkersAI } from "../../src";
import { readAllParts } from "../../src/chat/reply/assemble-stream";
import { seededRandom } from "../../src/testing/util";
import { assertWellFormed } from "../chat/response/helpers";
import { type FuzzRecording, fuzzCallOptions, fuzzCorpus } from "./fuzz-corpus";
import {
  insideCrlf,
  insideMultiByte,
  mergeAdjacentDeltas,
  partsAsJson,
  randomCuts,
  SourceTracker,
  splitAt,
  suiteSeed,
} from "./helpers";

const SEED = suiteSeed(0x5eed_f022);
const TOTAL_RANDOM_RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 10_200);
const RUNS_PER_RECORDING = Math.ceil(TOTAL_RANDOM_RUNS / fuzzCorpus.length);

const tracker = new SourceTracker();
let nextChunks: Uint8Array[] = [];
let idCounter = 0;
const workersai = createWorkersAI({
  binding: { run: async () => tracker.stream(nextChunks) },
  generateId: () => `id-${idCounter++}`,
});
const model: LanguageModelV4 = workersai("@cf/moonshotai/kimi-k2.5");

beforeAll(() => {
  // response timestamps of events without `created` come from the clock: freeze it (Date only, no timers)
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
});
afterAll(() => {
  vi.useRealTimers();
});

/** The parts of one run of `recording` cut into `chunks`. */
async function run(recording: FuzzRecording, chunks: Uint8Array[]): Promise<LanguageModelV4StreamPart[]> {
  nextChunks = chunks;
  idCounter = 0;
  const { stream } = await model.doStream(fuzzCallOptions(recording));
  return readAllParts(stream);
}

function parsedInput(input: string): unknown {
  try {
    return JSON.parse(input);
  } catch {
    return input;
  }
}

/** Checks a reference run against what the recording must assemble to. */
function checkReference(recording: FuzzRecording, parts: LanguageModelV4StreamPart[]): void {
  assertWellFormed(parts);
  const text = parts.flatMap((part) => (part.type === "text-delta" ? [part.delta] : [])).join("");
  const reasoning = parts.flatMap((part) => (part.type === "reasoning-delta" ? [part.delta] : [])).join("");
  const toolCalls = parts.flatMap((part) =>
    part.type === "tool-call" ? [{ toolName: part.toolName, input: parsedInput(part.input) }] : [],
  );
  const finish = parts.find((part) => part.type === "finish");
  expect({
    text,
    reasoning,
    toolCalls,
    finish: finish?.type === "finish" ? finish.finishReason.unified : undefined,
    errors: parts.filter((part) => part.type === "error"),
  }).toEqual({
    text: recording.expected.text,
    reasoning: recording.expected.reasoning ?? "",
    toolCalls: recording.expected.toolCalls ?? [],
    finish: recording.expected.finish,
    errors: [],
  });
}

function describeCuts(cuts: readonly number[]): string {
  return cuts.length > 40 ? `${cuts.slice(0, 40).join(",")},… (${cuts.length} cuts)` : cuts.join(",");
}

/** Runs one chunking and fails with the seed and the cut points when the parts differ. */
async function expectSame(
  recording: FuzzRecording,
  reference: string,
  cuts: number[],
  label: string,
): Promise<void> {
  let actual: string;
  try {
    actual = partsAsJson(mergeAdjacentDeltas(await run(recording, splitAt(recording.bytes, cuts))));
  } catch (error) {
    throw new Error(
      `SSE fuzz: ${recording.name}, ${label} threw ${String(error)} (RELIABILITY_SEED=${SEED}; cuts ${describeCuts(cuts)})`,
    );
  }
  if (actual !== reference) {
    let at = 0;
    while (at < actual.length && actual[at] === reference[at]) at++;
    throw new Error(
      `SSE fuzz: ${recording.name}, ${label} gave different parts (RELIABILITY_SEED=${SEED}; cuts ${describeCuts(cuts)})\n` +
        `  expected …${reference.slice(Math.max(0, at - 80), at + 120)}\n` +
        `  actual   …${actual.slice(Math.max(0, at - 80), at + 120)}`,
    );
  }
}

describe(`SSE fuzz through doStream (seed ${SEED})`, () => {
  const stats = { random: 0, targeted: 0, multiByteSplits: 0, crlfSplits: 0 };

  it.each(fuzzCorpus.map((recording, index) => ({ recording, index, name: recording.name })))(
    "$name: every chunking gives identical parts (adjacent deltas joined)",
    async ({ recording, index }) => {
      const referenceParts = await run(recording, [recording.bytes]);
      checkReference(recording, referenceParts);
      const reference = partsAsJson(mergeAdjacentDeltas(referenceParts));
      const bytes = recording.bytes;
      const multiByte = new Set(insideMultiByte(bytes));
      const crlf = new Set(insideCrlf(bytes));

      // targeted: one byte at a time, and a single cut inside every multi-byte character and CRLF pair
      await expectSame(
        recording,
        reference,
        Array.from({ length: bytes.byteLength - 1 }, (_, i) => i + 1),
        "1-byte chunks",
      );
      stats.targeted++;
      for (const cut of [...multiByte, ...crlf]) {
        await expectSame(recording, reference, [cut], `single cut at ${cut}`);
        stats.targeted++;
      }

      const rng = seededRandom((SEED ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
      for (let i = 0; i < RUNS_PER_RECORDING; i++) {
        const cuts = randomCuts(bytes.byteLength, rng, i % 4 === 0 ? 8192 : 64);
        for (const cut of cuts) {
          if (multiByte.has(cut)) stats.multiByteSplits++;
          if (crlf.has(cut)) stats.crlfSplits++;
        }
        await expectSame(recording, reference, cuts, `random chunking #${i}`);
        stats.random++;
      }
      expect(tracker.open).toBe(0);
    },
  );

  it("ran at least 10,000 random chunkings, with splits inside multi-byte characters and CRLF pairs", () => {
    expect(stats.random).toBeGreaterThanOrEqual(Math.min(10_000, TOTAL_RANDOM_RUNS));
    expect(stats.multiByteSplits).toBeGreaterThan(100);
    expect(stats.crlfSplits).toBeGreaterThan(100);
    expect(stats.targeted).toBeGreaterThan(fuzzCorpus.length);
  });
});
