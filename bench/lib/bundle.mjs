/**
 * esbuild builds of the benchmark: the provider from TS source for Node (so `npm run build` is not
 * needed), and Worker bundles for workerd to measure the provider's share of a Worker's size.
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/**
 * Bundles `<srcDir>/index.ts` (dependencies left external) into `outDir` and returns the file's path.
 * `srcDir` is the project's `src/` unless a patched copy is being tried (`--src`).
 */
export async function buildProvider(srcDir, outDir) {
  await mkdir(outDir, { recursive: true });
  const outfile = path.join(outDir, "provider.mjs");
  await build({
    entryPoints: [path.join(srcDir, "index.ts")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    packages: "external",
    sourcemap: true,
    outfile,
    logLevel: "error",
  });
  return outfile;
}

/**
 * Points the Worker entries' `../../src/…` imports at another source folder (`--src`), and treats its
 * modules as side-effect free, as the project's package.json (`"sideEffects": false`) does for `src/`.
 */
function sourceFolder(srcDir) {
  const inside = (file) => file.startsWith(`${srcDir}${path.sep}`);
  return {
    name: "source-folder",
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.inner) return undefined;
        const fromWorker = args.path.startsWith("../../src/") && !inside(args.importer);
        if (!fromWorker && !(inside(args.importer) && args.path.startsWith("."))) return undefined;
        const result = await build.resolve(
          fromWorker ? `./${args.path.slice("../../src/".length)}` : args.path,
          {
            resolveDir: fromWorker ? srcDir : args.resolveDir,
            kind: args.kind,
            pluginData: { inner: true },
          },
        );
        if (result.errors.length > 0) return { errors: result.errors };
        return { path: result.path, sideEffects: false };
      });
    },
  };
}

/** Bundles one Worker entry as wrangler would for workerd, minified; returns its text and metafile. */
export async function bundleWorker(entry, { srcDir, nodeModules } = {}) {
  const result = await build({
    plugins: srcDir ? [sourceFolder(srcDir)] : [],
    // a source folder outside the project still resolves packages from the project's node_modules
    nodePaths: nodeModules ? [nodeModules] : [],
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    target: "es2022",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "error",
    outfile: "worker.js",
  });
  const text = result.outputFiles[0].text;
  const bytes = Buffer.byteLength(text);
  return { text, raw: bytes, gzip: gzipSync(text, { level: 9 }).length, metafile: result.metafile };
}

/** Minified bytes of the bundle per source group: the project's `src/`, and each npm package. */
export function bytesByOrigin(metafile) {
  const groups = {};
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      // everything else is the provider's source (src/, or the folder given with --src) or the Worker itself
      const group = match ? match[1] : input.startsWith("bench/") ? "worker" : "src";
      groups[group] = (groups[group] ?? 0) + bytesInOutput;
    }
  }
  return groups;
}

/**
 * Strings only gateway routing code contains (src/gateway): one of them in a bundle means gateway code
 * was bundled. The REST transport's own gateway base URL is deliberately not among them.
 */
export const GATEWAY_MARKERS = [
  "workers-ai-provider.error.WorkersAIGatewayError",
  "GatewayDelegateError",
  "WorkersAIFallbackError",
  "gateway.ai.cloudflare.com/compat",
  "accept-partial",
  // the provider registry (src/gateway/registry.ts)
  "bedrock-runtime",
];

/** The markers found in a bundle's text. */
export function gatewayMarkersIn(text) {
  return GATEWAY_MARKERS.filter((marker) => text.includes(marker));
}

/**
 * Measures every Worker: the minimal chat Worker, embeddings only and gateway routing, each against
 * the same Worker without the provider. Returns one row per Worker plus the gateway-code check.
 */
export async function measureBundles(root, srcDir, outDir) {
  const worker = (name) => path.join(root, "bench/workers", `${name}.ts`);
  const nodeModules = path.join(root, "node_modules");
  const bundle = (name) => bundleWorker(worker(name), { srcDir, nodeModules });
  const chatBase = await bundle("chat-without-provider");
  const embedBase = await bundle("embed-without-provider");
  const rows = [];
  const share = (name, label, measured, base) => {
    const origins = bytesByOrigin(measured.metafile);
    const baseOrigins = bytesByOrigin(base.metafile);
    const added = Object.fromEntries(
      Object.entries(origins)
        .map(([origin, bytes]) => [origin, bytes - (baseOrigins[origin] ?? 0)])
        .filter(([, bytes]) => bytes !== 0),
    );
    rows.push({
      name,
      label,
      raw: measured.raw,
      gzip: measured.gzip,
      baseRaw: base.raw,
      baseGzip: base.gzip,
      shareRaw: measured.raw - base.raw,
      shareGzip: measured.gzip - base.gzip,
      addedByOrigin: added,
      gatewayMarkers: gatewayMarkersIn(measured.text),
    });
  };

  const chat = await bundle("chat");
  share("chat", "minimal chat Worker (streamText)", chat, chatBase);
  share("embed", "embeddings-only Worker (embedMany)", await bundle("embed"), embedBase);

  let gatewayNote;
  let control;
  if (existsSync(path.join(srcDir, "plugins/openai.ts"))) {
    const gateway = await bundle("gateway");
    share("gateway", "gateway-routing Worker (providers: [openai])", gateway, chatBase);
    control = gatewayMarkersIn(gateway.text);
  } else {
    gatewayNote = "src/plugins/openai.ts is absent: gateway-routing Worker skipped";
    // positive control without the plugin: the gateway entry itself must show the markers
    const probe = path.join(outDir, "gateway-probe.ts");
    await mkdir(outDir, { recursive: true });
    await writeFile(probe, `export * from ${JSON.stringify(path.join(srcDir, "gateway/index.ts"))};\n`);
    control = gatewayMarkersIn((await bundleWorker(probe, { nodeModules })).text);
  }
  await writeFile(path.join(outDir, "chat-worker.js"), chat.text);
  return {
    rows,
    note: gatewayNote,
    gatewayCheck: {
      markersInChat: gatewayMarkersIn(chat.text),
      // the check means something only if gateway code does carry the markers
      markersInGatewayBundle: control,
    },
  };
}
