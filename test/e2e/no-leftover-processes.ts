/**
 * Vitest global setup: marks every process the suite starts (workers, `npm start` children, workerd,
 * Chromium) with an environment variable, and after the run fails it if any marked process is still
 * alive (after ending them, so a failed run never leaves a workerd listening). Linux only (/proc); elsewhere
 * it says so and checks nothing.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";

const MARKER = "WORKERS_AI_PROVIDER_TEST_RUN";

interface Leftover {
  pid: number;
  command: string;
}

function markedProcesses(runId: string): Leftover[] {
  const needle = `${MARKER}=${runId}`;
  const found: Leftover[] = [];
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, "latin1").split("\0");
      if (!environ.includes(needle)) continue;
      const state = /^State:\s+(\w)/m.exec(readFileSync(`/proc/${pid}/status`, "latin1"))?.[1];
      if (state === "Z") continue; // exited, waiting for its parent to reap it
      const command = readFileSync(`/proc/${pid}/cmdline`, "latin1").split("\0").join(" ").trim();
      found.push({ pid, command });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export default function setup(): (() => Promise<void>) | undefined {
  if (!existsSync("/proc/self/environ")) {
    console.warn("no /proc: the check for processes left behind by the suite is skipped on this system");
    return undefined;
  }
  const runId = `${process.pid}-${Date.now()}`;
  process.env[MARKER] = runId;
  return async () => {
    // test workers and their children are shutting down as teardown starts: give them a moment
    let left = markedProcesses(runId);
    for (let waited = 0; left.length > 0 && waited < 5_000; waited += 100) {
      await sleep(100);
      left = markedProcesses(runId);
    }
    if (left.length === 0) return;
    for (const { pid } of left) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    // vitest reports an error thrown here but keeps its exit code: set it too
    process.exitCode = 1;
    throw new Error(
      `the test suite left ${left.length} process(es) running (now killed):\n` +
        left.map((p) => `  ${p.pid} ${p.command}`).join("\n"),
    );
  };
}
