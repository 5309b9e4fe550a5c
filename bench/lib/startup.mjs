/**
 * Worker startup cost, counted in instructions: workerd loads a Worker (compiling and running its
 * top-level code) and exits, under `valgrind --tool=cachegrind`, whose instruction count is the same
 * run after run where a timer on a shared machine is not. Top-level code runs at startup (a Worker that
 * throws at module level fails to load), so a costly module top level shows here.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { median } from "./stats.mjs";

/** Compatibility date of the measured Workers (as examples/lib/workers.mjs runs them). */
const COMPATIBILITY_DATE = "2025-09-01";

/** The workerd binary of the installed `workerd` package, or undefined when there is none. */
export function workerdBinary(root) {
  try {
    const require = createRequire(path.join(root, "package.json"));
    const dir = path.dirname(
      require.resolve(`@cloudflare/workerd-${os.platform()}-${archName()}/package.json`),
    );
    const binary = path.join(dir, "bin", "workerd");
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

function archName() {
  return os.arch() === "x64" ? "64" : os.arch();
}

/** Whether valgrind can be run. */
export function hasValgrind() {
  return spawnSync("valgrind", ["--version"], { encoding: "utf8" }).status === 0;
}

/** A workerd config serving one ES module Worker, `worker.js` next to it. */
function config() {
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (services = [(name = "main", worker = .w)]);
const w :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "${COMPATIBILITY_DATE}",
);
`;
}

/**
 * Instructions workerd executes to load `script` (an ES module Worker) and exit: `workerd test` loads
 * every Worker of the config, runs its module top level, finds no tests and exits. Rejects when the
 * Worker fails to load.
 */
export async function startupInstructions(binary, script) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "wai-startup-"));
  try {
    await writeFile(path.join(dir, "worker.js"), script);
    await writeFile(path.join(dir, "config.capnp"), config());
    const { stderr } = await run(
      "valgrind",
      [
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
        binary,
        "test",
        "config.capnp",
      ],
      dir,
    );
    // workerd's own lines (valgrind's start with ==pid==)
    const workerd = stderr
      .split("\n")
      .filter((line) => line && !/^==\d+==/.test(line))
      .join("\n");
    if (/Uncaught|error: (?!No tests found)/.test(workerd)) {
      throw new Error(`workerd could not load the Worker: ${workerd.slice(0, 500)}`);
    }
    const match = /I\s+refs:\s+([\d,]+)/.exec(stderr);
    if (!match) throw new Error(`no instruction count in valgrind's output: ${stderr.slice(-500)}`);
    return Number(match[1].replaceAll(",", ""));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(command, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (data) => {
      stderr += data;
    });
    child.on("error", reject);
    child.on("close", () => resolve({ stderr }));
  });
}

/**
 * Startup instructions of each Worker in `workers` ({name: script}), the median of `runs` counts each
 * (runs interleaved); returns per name the median and every count.
 */
export async function measureStartup(binary, workers, runs) {
  const counts = Object.fromEntries(Object.keys(workers).map((name) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, script] of Object.entries(workers)) {
      counts[name].push(await startupInstructions(binary, script));
    }
  }
  return Object.fromEntries(
    Object.entries(counts).map(([name, list]) => [name, { median: median(list), counts: list }]),
  );
}
