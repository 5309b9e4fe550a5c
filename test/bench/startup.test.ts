import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { hasValgrind, measureStartup, startupInstructions, workerdBinary } from "../../bench/lib/startup.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const binary = workerdBinary(ROOT);
const FETCH = 'export default { fetch() { return new Response("ok"); } };';

// valgrind runs workerd ~50× slower: a few seconds per Worker on an idle machine
describe.skipIf(!binary || !hasValgrind())("Worker startup instructions (workerd under cachegrind)", () => {
  it("counts module top-level work, the same count run after run", { timeout: 240_000 }, async () => {
    // one million loop iterations at module level: several million instructions more than the empty Worker
    const busy = `let sum = 0; for (let i = 0; i < 1e6; i++) sum += i % 7; globalThis.sum = sum;\n${FETCH}`;
    const counts = await measureStartup(binary as string, { empty: FETCH, busy }, 2);
    expect(counts.busy.median - counts.empty.median).toBeGreaterThan(3e6);
    // deterministic to well under a percent, where the added work is ~5% of the whole
    const [first, second] = counts.empty.counts;
    expect(Math.abs(first - second) / first).toBeLessThan(0.005);
  });

  it("rejects a Worker that fails to load", { timeout: 120_000 }, async () => {
    await expect(
      startupInstructions(binary as string, `throw new Error("top-level failure");\n${FETCH}`),
    ).rejects.toThrow(/top-level failure/);
  });
});
