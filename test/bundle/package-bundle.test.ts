/**
 * The package as users install it: built with tsup as `npm run build` makes dist/ (code splitting merges
 * modules into shared chunks, so module-level code no longer goes away with an unused module), then
 * bundled into the benchmark's minimal chat Worker for workerd (createWorkersAI + streamText +
 * toTextStreamResponse). The built package sits under the project folder, so the project's package.json
 * (`"sideEffects": false`) governs it as it governs an installed copy.
 */
import { mkdir, mkdtemp, readdir, readFile, realpath, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BATCH_MARKERS,
  buildPackage,
  bundleWorker,
  GATEWAY_MARKERS,
  gatewayMarkersIn,
  markersIn,
  REALTIME_MARKERS,
  SCHEMA_MARKERS,
  type WorkerBundle,
} from "../../bench/lib/bundle.mjs";

const root = path.resolve(fileURLToPath(new URL("../../", import.meta.url)));
const worker = (name: string) => path.join(root, "bench/workers", `${name}.ts`);

/** Input files of the bundle that contributed bytes, relative to the working directory. */
function inputsInOutput(bundle: WorkerBundle): string[] {
  return Object.values(bundle.metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([input]) => input),
  );
}

const zodInputs = (bundle: WorkerBundle) =>
  inputsInOutput(bundle).filter((input) => input.includes("node_modules/zod/"));

let scratch: string;
let packageDir: string;
let builtText: string;
let chat: WorkerBundle;
let baseline: WorkerBundle;

beforeAll(async () => {
  const cache = path.join(root, "node_modules/.cache");
  await mkdir(cache, { recursive: true });
  scratch = await mkdtemp(path.join(cache, "wai-package-test-"));
  packageDir = await buildPackage(root, path.join(scratch, "package"));
  const files = (await readdir(packageDir)).filter((file) => file.endsWith(".js"));
  builtText = (await Promise.all(files.map((file) => readFile(path.join(packageDir, file), "utf8")))).join(
    "\n",
  );
  const nodeModules = path.join(root, "node_modules");
  [chat, baseline] = await Promise.all([
    bundleWorker(worker("chat"), { packageDir, nodeModules }),
    bundleWorker(worker("chat-without-provider"), { packageDir, nodeModules }),
  ]);
}, 120_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe("bundle of the built package: a minimal chat Worker", () => {
  it("is bundled from the built files, not from src/", async () => {
    const inputs = inputsInOutput(chat);
    const relativePackage = path
      .relative(process.cwd(), await realpath(packageDir))
      .split(path.sep)
      .join("/");
    expect(inputs).toContain(`${relativePackage}/index.js`);
    expect(inputs.filter((input) => input.startsWith("src/"))).toEqual([]);
    expect(chat.origins.provider).toBeGreaterThan(10_000);
  });

  it("carries no zod code beyond what the same Worker without the provider carries", () => {
    const extra = zodInputs(chat).filter((input) => !zodInputs(baseline).includes(input));
    expect(extra).toEqual([]);
    expect(chat.origins.zod ?? 0).toBeLessThanOrEqual(baseline.origins.zod ?? 0);
  });

  it("carries no batch or realtime code", () => {
    // the markers survive the build, and the AI SDK itself does not contain them
    expect(markersIn(builtText, BATCH_MARKERS)).toEqual(BATCH_MARKERS);
    expect(markersIn(builtText, REALTIME_MARKERS)).toEqual(REALTIME_MARKERS);
    expect(markersIn(baseline.text, [...BATCH_MARKERS, ...REALTIME_MARKERS])).toEqual([]);
    expect(markersIn(chat.text, BATCH_MARKERS)).toEqual([]);
    expect(markersIn(chat.text, REALTIME_MARKERS)).toEqual([]);
  });

  it("carries none of the published model schemas, which only the testing entry's chunks carry", () => {
    expect(markersIn(builtText, SCHEMA_MARKERS)).toEqual(SCHEMA_MARKERS);
    expect(markersIn(baseline.text, SCHEMA_MARKERS)).toEqual([]);
    expect(markersIn(chat.text, SCHEMA_MARKERS)).toEqual([]);
  });

  it("carries no gateway routing code, which a gateway-routing Worker from the same build does", async () => {
    const gateway = await bundleWorker(worker("gateway"), {
      packageDir,
      nodeModules: path.join(root, "node_modules"),
    });
    expect(gatewayMarkersIn(gateway.text)).toEqual(GATEWAY_MARKERS);
    expect(gatewayMarkersIn(chat.text)).toEqual([]);
  }, 30_000);
});
