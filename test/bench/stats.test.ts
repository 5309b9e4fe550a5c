import { describe, expect, it } from "vitest";
import {
  createRandom,
  fixed,
  formatBytes,
  formatTable,
  interleave,
  median,
  percentile,
  randomInt,
  ratio,
  summarize,
} from "../../bench/lib/stats.mjs";

describe("benchmark statistics", () => {
  it("interpolates percentiles between closest ranks, whatever the input order", () => {
    const samples = [5, 1, 4, 2, 3];
    expect(percentile(samples, 0)).toBe(1);
    expect(percentile(samples, 100)).toBe(5);
    expect(percentile(samples, 50)).toBe(3);
    expect(percentile(samples, 25)).toBe(2);
    expect(percentile([1, 2], 50)).toBe(1.5);
    expect(percentile([10, 20, 30, 40], 99)).toBeCloseTo(39.7);
    expect(median([7])).toBe(7);
    expect(percentile([], 50)).toBeNaN();
    expect(samples).toEqual([5, 1, 4, 2, 3]);
  });

  it("summarizes samples with median, quartiles and range", () => {
    expect(summarize([4, 1, 3, 2])).toEqual({ n: 4, median: 2.5, p25: 1.75, p75: 3.25, min: 1, max: 4 });
  });

  it("gives the same random sequence for the same seed, and integers within bounds", () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const first = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(first);
    expect(Array.from({ length: 5 }, createRandom(43))).not.toEqual(first);
    const random = createRandom(1);
    const values = Array.from({ length: 2000 }, () => randomInt(random, 1, 8));
    expect(Math.min(...values)).toBe(1);
    expect(Math.max(...values)).toBe(8);
    expect(values.every(Number.isInteger)).toBe(true);
  });

  it("interleaves subjects round by round, drops warm-up rounds, and honours per-subject counts", async () => {
    const order: string[] = [];
    let tick = 0;
    const samples = await interleave(
      [{ name: "a" }, { name: "b" }, { name: "slow", warmup: 1, repeats: 1 }],
      {
        warmup: 1,
        repeats: 2,
        measure(subject, warm) {
          order.push(`${subject.name}${warm ? "*" : ""}`);
          return tick++;
        },
      },
    );
    expect(order).toEqual(["a*", "b*", "slow*", "a", "b", "slow", "a", "b"]);
    expect(samples).toEqual({ a: [3, 6], b: [4, 7], slow: [5] });
  });

  it("formats ratios, bytes, numbers and tables for the report", () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(1, 3)).toBe(0.33);
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(8 * 1024)).toBe("8.00 KiB");
    expect(formatBytes(-1536)).toBe("-1.50 KiB");
    expect(formatBytes(32 * 1024 * 1024)).toBe("32.00 MiB");
    expect(fixed(1.234)).toBe("1.23");
    expect(fixed(Number.NaN)).toBe("–");
    expect(
      formatTable(
        ["name", "ms"],
        [
          ["raw", "1.0"],
          ["provider", "12.5"],
        ],
      ),
    ).toBe(["name        ms", "--------  ----", "raw        1.0", "provider  12.5"].join("\n"));
  });
});
