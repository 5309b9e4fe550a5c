import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: "forks",
    // fails the run if a process the suite started (workerd, Chromium, `npm start`) is still alive
    globalSetup: ["test/e2e/no-leftover-processes.ts"],
  },
});
