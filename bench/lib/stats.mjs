/**
 * Small statistics and formatting helpers of the benchmark (pure functions, unit-tested in test/bench).
 */

/** Seeded PRNG (mulberry32): the same seed gives the same sequence on every machine. */
export function createRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random integer in [min, max] (both inclusive). */
export function randomInt(random, min, max) {
  return min + Math.floor(random() * (max - min + 1));
}

/** The `p`-th percentile (0–100) by linear interpolation between closest ranks; NaN for no samples. */
export function percentile(samples, p) {
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  const rank = (Math.min(Math.max(p, 0), 100) / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

/** The median of the samples. */
export function median(samples) {
  return percentile(samples, 50);
}

/** Median and spread of timing samples, in the samples' unit. */
export function summarize(samples) {
  return {
    n: samples.length,
    median: median(samples),
    p25: percentile(samples, 25),
    p75: percentile(samples, 75),
    min: samples.length ? Math.min(...samples) : Number.NaN,
    max: samples.length ? Math.max(...samples) : Number.NaN,
  };
}

/**
 * Runs `subjects` in interleaved rounds (a, b, c, a, b, c, …) so that drift of the machine hits every
 * subject alike; the first `warmup` rounds are discarded. A subject may take part in fewer rounds
 * (its own `warmup` and `repeats`, e.g. a slow one that has no budget). Returns the kept samples per
 * subject name. `measure(subject, warm)` returns one sample (e.g. milliseconds).
 */
export async function interleave(subjects, { warmup, repeats, measure }) {
  const samples = Object.fromEntries(subjects.map((subject) => [subject.name, []]));
  const rounds = Math.max(
    ...subjects.map((subject) => (subject.warmup ?? warmup) + (subject.repeats ?? repeats)),
  );
  for (let round = 0; round < rounds; round++) {
    for (const subject of subjects) {
      const ownWarmup = subject.warmup ?? warmup;
      if (round >= ownWarmup + (subject.repeats ?? repeats)) continue;
      const value = await measure(subject, round < ownWarmup);
      if (round >= ownWarmup) samples[subject.name].push(value);
    }
  }
  return samples;
}

/** `value / baseline`, rounded to two decimals. */
export function ratio(value, baseline) {
  return Math.round((value / baseline) * 100) / 100;
}

/** Bytes as a short human string (B, KiB, MiB). */
export function formatBytes(bytes) {
  const sign = bytes < 0 ? "-" : "";
  const size = Math.abs(bytes);
  if (size < 1024) return `${sign}${size} B`;
  if (size < 1024 * 1024) return `${sign}${(size / 1024).toFixed(2)} KiB`;
  return `${sign}${(size / 1024 / 1024).toFixed(2)} MiB`;
}

/** A number with a fixed count of decimals, or "–" when it is not finite. */
export function fixed(value, digits = 2) {
  return Number.isFinite(value) ? value.toFixed(digits) : "–";
}

/** Renders rows (arrays of strings) as an aligned plain-text table with a header rule. */
export function formatTable(header, rows) {
  const widths = header.map((cell, column) =>
    Math.max(String(cell).length, ...rows.map((row) => String(row[column] ?? "").length)),
  );
  const line = (row) =>
    row
      .map((cell, column) => {
        const text = String(cell ?? "");
        return column === 0 ? text.padEnd(widths[column]) : text.padStart(widths[column]);
      })
      .join("  ");
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)].join("\n");
}
