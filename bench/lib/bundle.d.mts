/** Types of bundle.mjs (the benchmark runs as plain Node ESM; the package-bundle test is TypeScript). */
import type { Metafile } from "esbuild";

/** Bundles `<srcDir>/index.ts` (dependencies left external) into `outDir`; returns the file's path. */
export function buildProvider(srcDir: string, outDir: string): Promise<string>;

/**
 * Builds the package as `npm run build` does (tsup.config.mjs) without declarations and source maps,
 * into `outDir`; returns `outDir` as an absolute path.
 */
export function buildPackage(root: string, outDir: string): Promise<string>;

/** Where a Worker's provider imports (`../../src/…`) come from, and where npm packages are found. */
export interface BundleWorkerOptions {
  /** The built package ({@link buildPackage}): `../../src/index` → `index.js`, `../../src/plugins/<name>` → `<name>.js`. */
  packageDir?: string;
  /** A source folder bundled from source in place of `src/`. */
  srcDir?: string;
  /** A node_modules folder to resolve packages from as well. */
  nodeModules?: string;
}

/** A Worker bundled for workerd, minified. */
export interface WorkerBundle {
  text: string;
  /** Bytes of the minified bundle. */
  raw: number;
  /** Bytes of the bundle gzipped at level 9. */
  gzip: number;
  metafile: Metafile;
  /** Minified bytes per origin: "provider", "worker" and each npm package by name. */
  origins: Record<string, number>;
}

/** Bundles one Worker entry as wrangler would for workerd, minified. */
export function bundleWorker(entry: string, options?: BundleWorkerOptions): Promise<WorkerBundle>;

/**
 * Minified bytes of the provider's modules in the Worker `bench/workers/<name>.ts` bundled from `srcDir`:
 * per top-level folder and per module (paths relative to `srcDir`), largest first.
 */
export function providerModules(
  root: string,
  srcDir: string,
  name: string,
): Promise<{ folders: [string, number][]; modules: [string, number][] }>;

/** Strings only gateway routing code contains. */
export const GATEWAY_MARKERS: readonly string[];

/** The gateway markers found in a bundle's text. */
export function gatewayMarkersIn(text: string): string[];

/** Strings only src/batch contains. */
export const BATCH_MARKERS: readonly string[];

/** Strings only src/realtime contains. */
export const REALTIME_MARKERS: readonly string[];
/** Strings only the published model schemas (src/testing/model-schemas) contain. */
export const SCHEMA_MARKERS: readonly string[];

/** The `markers` found in a bundle's text. */
export function markersIn(text: string, markers: readonly string[]): string[];

/** One measured Worker next to its baseline without the provider. */
export interface BundleRow {
  name: string;
  label: string;
  raw: number;
  gzip: number;
  baseRaw: number;
  baseGzip: number;
  shareRaw: number;
  shareGzip: number;
  /** Minified bytes the provider's Worker adds per origin. */
  addedByOrigin: Record<string, number>;
  gatewayMarkers: string[];
}

/** Measures the chat, embeddings-only and gateway-routing Workers (see bundle.mjs). */
export function measureBundles(
  root: string,
  srcDir: string,
  outDir: string,
): Promise<{
  /** The bundled minimal chat Worker and the same Worker without the provider (ES module text). */
  scripts: { chat: string; "chat-without-provider": string };
  /** "built package (tsup)" or "source folder <path>". */
  measured: string;
  /** Seconds the package build took (built package only). */
  buildSeconds?: number;
  rows: BundleRow[];
  note: string | undefined;
  gatewayCheck: { markersInChat: string[]; markersInGatewayBundle: string[] };
}>;
