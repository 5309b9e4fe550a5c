import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    openai: "src/plugins/openai.ts",
    anthropic: "src/plugins/anthropic.ts",
    google: "src/plugins/google.ts",
    gateway: "src/gateway/index.ts",
    testing: "src/testing/index.ts",
  },
  format: ["esm"],
  dts: true,
  // maps point into the published code without embedding the TypeScript sources (keeps the tarball small)
  sourcemap: true,
  esbuildOptions(options) {
    options.sourcesContent = false;
  },
  clean: true,
  splitting: true,
  treeshake: true,
  target: "es2022",
  platform: "neutral",
  external: [
    "ai",
    "@ai-sdk/provider",
    "@ai-sdk/provider-utils",
    "@ai-sdk/openai",
    "@ai-sdk/anthropic",
    "@ai-sdk/google",
    /^node:/,
  ],
});
