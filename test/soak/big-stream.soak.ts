/**
 * Soak: a 100 MB stream through the chat model over the binding and over REST on 127.0.0.1 passes
 * with bounded memory: after full GCs at every 4 MB checkpoint, the heap (plus array buffers) stays
 * under 10 MB over the baseline (the 20 MB variant of the main suite has the same bound) and shows no
 * upward trend, so memory does not grow with the stream. Run with `npm run test:soak` (`--expose-gc`);
 * named `*.soak.ts` so that `npm test` does not pick it up.
 */
import { describe, expect, it } from "vitest";
import { runBigStream } from "../reliability/big-stream";
import { withinMs } from "../reliability/helpers";

const MB = 1024 * 1024;

describe("100 MB stream", () => {
  it.each(["binding", "rest"] as const)(
    "over %s: every byte arrives, memory stays bounded",
    async (transport) => {
      const report = await withinMs(runBigStream(100, transport), 300_000, `100 MB over ${transport}`);
      console.info(
        `100 MB over ${transport}: max heap growth after GC ${((report.maxGrowthAfterGc ?? Number.NaN) / MB).toFixed(2)} MB, raw ${(report.maxGrowthRaw / MB).toFixed(2)} MB, ${report.checkpoints} checkpoints: ${report.series.map((growth) => (growth / MB).toFixed(1)).join(" ")}`,
      );
      expect(report.textLength).toBe(report.expectedTextLength);
      expect(report.finishReason).toBe("stop");
      expect(report.openSources).toBe(0);
      expect(report.checkpoints).toBeGreaterThanOrEqual(24);
      expect(report.gcAvailable).toBe(true);
      // a tenth of the stream at most, and no upward trend from the first quarter to the last
      expect(report.maxGrowthAfterGc).toBeLessThan(10 * MB);
      const quarter = Math.floor(report.series.length / 4);
      const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
      expect(mean(report.series.slice(-quarter)) - mean(report.series.slice(0, quarter))).toBeLessThan(
        2 * MB,
      );
    },
  );
});
