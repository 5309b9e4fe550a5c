import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** Bundles `entry` (ESM, tree-shaken, peers external) and returns the output text. */
async function bundle(entry: string, virtualRoot?: string): Promise<string> {
  const result = await build({
    stdin: { contents: entry, resolveDir: root, loader: "ts" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    treeShaking: true,
    minify: false,
    external: ["@ai-sdk/*", "ai", "zod", "zod/*"],
    logLevel: "silent",
    plugins: virtualRoot
      ? [
          {
            name: "virtual-root",
            setup(pluginBuild) {
              pluginBuild.onResolve({ filter: /^virtual-root$/ }, () => ({
                path: "virtual-root",
                namespace: "virtual",
              }));
              pluginBuild.onLoad({ filter: /.*/, namespace: "virtual" }, () => ({
                contents: virtualRoot,
                loader: "ts",
                resolveDir: root,
              }));
            },
          },
        ]
      : [],
  });
  return result.outputFiles[0].text;
}

/** Strings only gateway code contains. */
const GATEWAY_MARKERS = [
  "resume?from=",
  "GatewayDelegateError",
  "workers-ai-gateway-placeholder-key",
  "aiplatform",
];

describe("bundle rule: a Worker that only uses @cf models carries no gateway code", () => {
  it("createWorkersAI alone", async () => {
    const out = await bundle(
      `import { createWorkersAI } from "./src/index.ts"; export default createWorkersAI;`,
    );
    for (const marker of GATEWAY_MARKERS) expect(out, marker).not.toContain(marker);
  }, 30_000);

  it("even when the root re-exports the gateway subpath (tree-shaking drops it)", async () => {
    const virtualRoot = `export * from "./src/index.ts"; export * from "./src/gateway/index.ts";`;
    const out = await bundle(
      `import { createWorkersAI } from "virtual-root"; export default createWorkersAI;`,
      virtualRoot,
    );
    for (const marker of GATEWAY_MARKERS) expect(out, marker).not.toContain(marker);
  }, 30_000);

  it("importing a plugin brings the gateway in", async () => {
    const out = await bundle(
      `import { createWorkersAI } from "./src/index.ts"; import { openai } from "./src/plugins/openai.ts"; export default createWorkersAI({ providers: [openai] });`,
    );
    for (const marker of GATEWAY_MARKERS) expect(out, marker).toContain(marker);
  }, 30_000);
});
