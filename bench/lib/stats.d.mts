/** Types of stats.mjs (the benchmark runs as plain Node ESM; the unit test is TypeScript). */

/** Seeded PRNG (mulberry32) returning numbers in [0, 1). */
export function createRandom(seed: number): () => number;
/** A random integer in [min, max] (both inclusive). */
export function randomInt(random: () => number, min: number, max: number): number;
/** The `p`-th percentile (0–100) by linear interpolation between closest ranks; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number;
/** The median of the samples. */
export function median(samples: readonly number[]): number;
/** Median and spread of timing samples. */
export function summarize(samples: readonly number[]): {
  n: number;
  median: number;
  p25: number;
  p75: number;
  min: number;
  max: number;
};
/** A subject of {@link interleave}: its name and, optionally, its own warm-up and repeat counts. */
export interface InterleaveSubject {
  name: string;
  warmup?: number;
  repeats?: number;
}
/** Runs subjects in interleaved rounds after warm-up; returns the kept samples per subject name. */
export function interleave<S extends InterleaveSubject>(
  subjects: readonly S[],
  options: {
    warmup: number;
    repeats: number;
    measure: (subject: S, warm: boolean) => Promise<number> | number;
  },
): Promise<Record<string, number[]>>;
/** `value / baseline`, rounded to two decimals. */
export function ratio(value: number, baseline: number): number;
/** Bytes as a short human string (B, KiB, MiB). */
export function formatBytes(bytes: number): string;
/** A number with a fixed count of decimals, or "–" when it is not finite. */
export function fixed(value: number, digits?: number): string;
/** Renders rows as an aligned plain-text table with a header rule. */
export function formatTable(header: readonly unknown[], rows: readonly (readonly unknown[])[]): string;
