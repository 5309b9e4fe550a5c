// Bundles Workers with esbuild and runs them in workerd through Miniflare, with the local Workers AI
// emulator as the `AI` binding. Shared by `npm start` (examples/start.mjs) and the e2e tests.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Log, LogLevel, Miniflare } from "miniflare";

/** Repository root (absolute path, with a trailing slash). */
const ROOT_DIR = fileURLToPath(new URL("../../", import.meta.url));

/** Compatibility date of every Worker we run; older than the bundled workerd so Miniflare never warns. */
const COMPATIBILITY_DATE = "2025-09-01";

const EMULATOR_BINDING_ENTRY = "examples/lib/emulator-binding.ts";
const EMULATOR_WORKER_NAME = "workers-ai-emulator";

/** Package names resolve to the TypeScript sources, so nothing has to be built first. */
const SOURCE_ALIASES = {
  "workers-ai-provider/testing": `${ROOT_DIR}src/testing/index.ts`,
  "workers-ai-provider": `${ROOT_DIR}src/index.ts`,
};

/**
 * Bundles one Worker module (TypeScript or JavaScript, path relative to the repository root) into a
 * single ES module string, the way Wrangler would for workerd.
 *
 * @param {string} entry
 * @returns {Promise<string>}
 */
export async function bundleWorker(entry) {
  const result = await build({
    entryPoints: [resolve(ROOT_DIR, entry)],
    absWorkingDir: ROOT_DIR,
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    alias: SOURCE_ALIASES,
    // Node-only corners of the emulator (listen) are never called inside workerd.
    external: ["node:*", "cloudflare:*"],
    logLevel: "silent",
    legalComments: "none",
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced no output for ${entry}`);
  return output.text;
}

let emulatorBindingCode;

/**
 * The bundled wrapped-binding module that serves the emulator as `env.AI` (built once per process).
 *
 * @returns {Promise<string>}
 */
function bundleEmulatorBinding() {
  emulatorBindingCode ??= bundleWorker(EMULATOR_BINDING_ENTRY).catch((error) => {
    emulatorBindingCode = undefined;
    throw error;
  });
  return emulatorBindingCode;
}

/**
 * One bundled module, listed explicitly: Miniflare would otherwise try to resolve the bundle's lazy
 * `import("node:http")` (the emulator's Node-only `listen`), which never runs inside workerd.
 *
 * @param {string} name
 * @param {string} contents
 */
function esModule(name, contents) {
  return [{ type: /** @type {const} */ ("ESModule"), path: resolve(ROOT_DIR, `${name}.mjs`), contents }];
}

/**
 * Starts a Worker in workerd.
 *
 * @param {import("./workers.d.mts").StartWorkerOptions} options
 * @returns {Promise<import("./workers.d.mts").RunningWorker>}
 */
export async function startWorker(options) {
  const {
    script,
    bindings = {},
    emulator,
    port = 0,
    host = "127.0.0.1",
    compatibilityFlags = [],
    logRequests = false,
  } = options;
  /** @type {import("miniflare").WorkerOptions[]} */
  const workers = [
    {
      name: "app",
      modules: esModule("app", script),
      compatibilityDate: COMPATIBILITY_DATE,
      compatibilityFlags,
      bindings,
    },
  ];
  if (emulator) {
    const innerBindings = { OPTIONS: emulator.options ?? {}, SCRIPT: emulator.script ?? [] };
    /** @type {Record<string, { scriptName: string; entrypoint?: string; bindings: Record<string, unknown> }>} */
    const wrapped = { AI: { scriptName: EMULATOR_WORKER_NAME, bindings: innerBindings } };
    if (emulator.controlBinding) {
      wrapped[emulator.controlBinding] = {
        scriptName: EMULATOR_WORKER_NAME,
        entrypoint: "control",
        bindings: innerBindings,
      };
    }
    for (const [name, instance] of Object.entries(emulator.aiSearchBindings ?? {})) {
      wrapped[name] = {
        scriptName: EMULATOR_WORKER_NAME,
        entrypoint: "aiSearch",
        bindings: { ...innerBindings, INSTANCE: instance },
      };
    }
    workers[0].wrappedBindings = wrapped;
    workers.push({
      name: EMULATOR_WORKER_NAME,
      modules: esModule(EMULATOR_WORKER_NAME, await bundleEmulatorBinding()),
    });
  }
  // cf: false keeps Miniflare from fetching a real `request.cf` object from Cloudflare (no network).
  const miniflare = new Miniflare({
    workers,
    host,
    port,
    cf: false,
    ...(logRequests ? { log: new Log(LogLevel.INFO) } : {}),
  });
  let url;
  try {
    url = await miniflare.ready;
  } catch (error) {
    await miniflare.dispose().catch(() => {});
    throw error;
  }
  return {
    url,
    dispatchFetch: (input, init) => miniflare.dispatchFetch(input, init),
    dispose: () => miniflare.dispose(),
  };
}
