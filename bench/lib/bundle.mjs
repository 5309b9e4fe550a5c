/**
 * esbuild builds of the benchmark: the provider from TS source for Node (so `npm run build` is not
 * needed), the package as published (tsup, as `npm run build` makes `dist/`), and Worker bundles for
 * workerd to measure the provider's share of a Worker's size.
 */
import { existsSync, realpathSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
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
 * Builds the package as `npm run build` does (tsup.config.mjs: ESM, code splitting, rollup tree-shaking,
 * dependencies external) but without declarations and source maps, into `outDir`; returns `outDir`.
 * Its JavaScript is what users bundle from `dist/`, so Worker sizes measured on it are theirs.
 */
export async function buildPackage(root, outDir) {
  const [{ build: tsup }, { default: config }] = await Promise.all([
    import("tsup"),
    import(pathToFileURL(path.join(root, "tsup.config.mjs")).href),
  ]);
  const absolute = path.resolve(outDir);
  // tsup takes entries, package.json (externals) and tsconfig.json from the cwd; a chdir did not redirect it
  if (process.cwd() !== path.resolve(root)) {
    throw new Error(
      `buildPackage: run from the project folder ${root} (the working directory is ${process.cwd()})`,
    );
  }
  await tsup({
    ...config,
    config: false,
    dts: false,
    sourcemap: false,
    silent: true,
    clean: true,
    outDir: absolute,
  });
  return absolute;
}

/**
 * Points the Worker entries' imports of the provider (`../../src/index` and `../../src/plugins/<name>`)
 * at the built package's `<packageDir>/index.js` and `<packageDir>/<name>.js`. esbuild's own resolver
 * resolves them, so the package.json that governs those files decides their side effects, as for an
 * installed package: under the project folder that is the project's (`"sideEffects": false`). Checked:
 * esbuild's resolver reports the built files side-effect free, and a package.json without the field
 * next to them flips that; the chat Worker bundled this way is byte-identical to one that imports a copy
 * installed as node_modules/workers-ai-provider.
 */
function builtPackage(packageDir, workersDir) {
  return {
    name: "built-package",
    setup(build) {
      build.onResolve({ filter: /^\.\.\/\.\.\/src\// }, async (args) => {
        if (path.dirname(args.importer) !== workersDir) return undefined;
        const module = args.path.slice("../../src/".length).replace(/\.ts$/, "");
        const plugin = /^plugins\/([^/]+)$/.exec(module);
        const file = module === "index" ? "index.js" : plugin ? `${plugin[1]}.js` : undefined;
        if (!file) return { errors: [{ text: `the built package has no file for ${args.path}` }] };
        const result = await build.resolve(`./${file}`, { resolveDir: packageDir, kind: args.kind });
        if (result.errors.length > 0) return { errors: result.errors };
        return { path: result.path, sideEffects: result.sideEffects };
      });
    },
  };
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

/**
 * Bundles one Worker entry as wrangler would for workerd, minified. The entry's provider imports come
 * from the built package (`packageDir`), a source folder (`srcDir`), or are left as written. Returns the
 * bundle's text, raw and gzip sizes, metafile and minified bytes per origin ({@link bytesByOrigin}).
 */
export async function bundleWorker(entry, { packageDir, srcDir, nodeModules } = {}) {
  const result = await build({
    plugins: packageDir
      ? [builtPackage(packageDir, path.dirname(entry))]
      : srcDir
        ? [sourceFolder(srcDir)]
        : [],
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
  // the metafile names inputs by their real paths relative to esbuild's working directory, the process's
  const relative = (dir) => path.relative(process.cwd(), realpathSync(dir));
  return {
    text,
    raw: bytes,
    gzip: gzipSync(text, { level: 9 }).length,
    metafile: result.metafile,
    origins: bytesByOrigin(result.metafile, {
      providerDir: packageDir ? relative(packageDir) : undefined,
      workerDir: relative(path.dirname(entry)),
    }),
  };
}

/**
 * Minified bytes of a bundle per origin: "provider" (the built package in `providerDir`, or any file
 * that is neither the Worker's nor an npm package's, as a source folder is), "worker" (files in
 * `workerDir`, by default bench/) and each npm package by name. Folders are as the metafile names them.
 */
function bytesByOrigin(metafile, { providerDir, workerDir = "bench" } = {}) {
  const under = (dir) => {
    const prefix = `${dir.split(path.sep).join("/")}/`;
    return (input) => input.startsWith(prefix);
  };
  const inProvider = providerDir ? under(providerDir) : () => false;
  const inWorker = under(workerDir);
  const groups = {};
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      // the built package sits in node_modules/.cache, yet its files are the provider's
      const group = inProvider(input)
        ? "provider"
        : match
          ? match[1]
          : inWorker(input)
            ? "worker"
            : "provider";
      groups[group] = (groups[group] ?? 0) + bytesInOutput;
    }
  }
  return groups;
}

/**
 * Minified bytes of the provider's modules in one Worker (`bench/workers/<name>.ts`) bundled from the
 * source folder `srcDir`, where each module is its own input (the built package merges them into chunks):
 * `{ folders, modules }`, each a list of `[path relative to srcDir, bytes]`, largest first. Folders are
 * the first path segment (`chat`, `catalog`, …; a file directly in srcDir is its own entry).
 */
export async function providerModules(root, srcDir, name) {
  const { metafile } = await bundleWorker(path.join(root, "bench/workers", `${name}.ts`), {
    srcDir,
    nodeModules: path.join(root, "node_modules"),
  });
  const prefix = `${path.relative(process.cwd(), realpathSync(srcDir)).split(path.sep).join("/")}/`;
  const modules = {};
  const folders = {};
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (!input.startsWith(prefix) || bytesInOutput === 0) continue;
      const module = input.slice(prefix.length);
      modules[module] = (modules[module] ?? 0) + bytesInOutput;
      const folder = module.split("/")[0];
      folders[folder] = (folders[folder] ?? 0) + bytesInOutput;
    }
  }
  const largestFirst = (record) => Object.entries(record).sort((a, b) => b[1] - a[1]);
  return { folders: largestFirst(folders), modules: largestFirst(modules) };
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
  return markersIn(text, GATEWAY_MARKERS);
}

/** Strings only src/batch contains (the queue flag, the per-request reference, an error's functionality). */
export const BATCH_MARKERS = ["queueRequest", "external_reference", "batch cancellation"];

/** Strings only src/realtime contains (Deepgram control messages and the binding's WebSocket option). */
export const REALTIME_MARKERS = ["KeepAlive", "CloseStream", "Flushed", "websocket=true"];

/** Strings only the published model schemas (src/testing/model-schemas) contain: where each was read, and derived-schema notes. */
export const SCHEMA_MARKERS = [
  "cloudflare/cloudflare-docs",
  "src/content/workers-ai-models/",
  "x-fidelity-derived",
];

/** The `markers` found in a bundle's text. */
export function markersIn(text, markers) {
  return markers.filter((marker) => text.includes(marker));
}

/**
 * Measures every Worker: the minimal chat Worker, embeddings only and gateway routing, each against
 * the same Worker without the provider. The provider is the package built as published
 * ({@link buildPackage}, into `<outDir>/package`) when `srcDir` is the project's `src/`, and a patched
 * source folder bundled from source otherwise (`--src`). Returns one row per Worker, the gateway-code
 * check, what was measured and the package's build time.
 */
export async function measureBundles(root, srcDir, outDir) {
  const fromPackage = path.resolve(srcDir) === path.join(root, "src");
  let packageDir;
  let buildSeconds;
  if (fromPackage) {
    const started = performance.now();
    packageDir = await buildPackage(root, path.join(outDir, "package"));
    buildSeconds = Math.round((performance.now() - started) / 100) / 10;
  }
  const worker = (name) => path.join(root, "bench/workers", `${name}.ts`);
  const nodeModules = path.join(root, "node_modules");
  const bundle = (name) =>
    bundleWorker(worker(name), fromPackage ? { packageDir, nodeModules } : { srcDir, nodeModules });
  const chatBase = await bundle("chat-without-provider");
  const embedBase = await bundle("embed-without-provider");
  const rows = [];
  const share = (name, label, measured, base) => {
    const added = Object.fromEntries(
      Object.entries(measured.origins)
        .map(([origin, bytes]) => [origin, bytes - (base.origins[origin] ?? 0)])
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
  const openaiPlugin = fromPackage
    ? path.join(packageDir, "openai.js")
    : path.join(srcDir, "plugins/openai.ts");
  if (existsSync(openaiPlugin)) {
    const gateway = await bundle("gateway");
    share("gateway", "gateway-routing Worker (providers: [openai])", gateway, chatBase);
    control = gatewayMarkersIn(gateway.text);
  } else {
    const shown = path.relative(root, openaiPlugin);
    gatewayNote = `${shown.startsWith("..") ? openaiPlugin : shown} is absent: gateway-routing Worker skipped`;
    // positive control without the plugin: the gateway entry itself must show the markers
    const probe = path.join(outDir, "gateway-probe.ts");
    const gatewayEntry = fromPackage
      ? path.join(packageDir, "gateway.js")
      : path.join(srcDir, "gateway/index.ts");
    await mkdir(outDir, { recursive: true });
    await writeFile(probe, `export * from ${JSON.stringify(gatewayEntry)};\n`);
    control = gatewayMarkersIn((await bundleWorker(probe, { nodeModules })).text);
  }
  await writeFile(path.join(outDir, "chat-worker.js"), chat.text);
  return {
    // the bundled chat Worker and its baseline, for the startup workload (not part of the results)
    scripts: { chat: chat.text, "chat-without-provider": chatBase.text },
    measured: fromPackage ? "built package (tsup)" : `source folder ${srcDir}`,
    ...(buildSeconds === undefined ? {} : { buildSeconds }),
    rows,
    note: gatewayNote,
    gatewayCheck: {
      markersInChat: gatewayMarkersIn(chat.text),
      // the check means something only if gateway code does carry the markers
      markersInGatewayBundle: control,
    },
  };
}
