/**
 * `npm run test:soak`: the reliability suite at full strength plus the soak-only tests. The fuzz
 * runs 200,000 chunkings with a fresh seed (printed; replay with `RELIABILITY_SEED=<seed>`), the
 * drop/resume sweeps visit every event index through `streamText`, the load test runs 3,000 streams
 * of 20 events, and a 100 MB stream checks bounded memory. Workers run with `--expose-gc`.
 */
import { defineConfig } from "vitest/config";

const seed = process.env.RELIABILITY_SEED ?? String((Date.now() ^ (Math.random() * 0x7fffffff)) >>> 0);
console.log(`soak: RELIABILITY_SEED=${seed}`);

export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["test/soak/**/*.soak.ts", "test/reliability/**/*.test.ts"],
    pool: "forks",
    execArgv: ["--expose-gc"],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    env: {
      RELIABILITY_SEED: seed,
      RELIABILITY_FUZZ_RUNS: process.env.RELIABILITY_FUZZ_RUNS ?? "200000",
      RELIABILITY_DROP_STRIDE: "1",
      RELIABILITY_LOAD_STREAMS: process.env.RELIABILITY_LOAD_STREAMS ?? "3000",
      RELIABILITY_LOAD_EVENTS: "20",
    },
  },
});
