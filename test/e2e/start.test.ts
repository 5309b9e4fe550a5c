/**
 * `npm start` as a user runs it: examples/start.mjs in a child process prints its URL and backend,
 * serves the demo, and stops workerd on SIGTERM; a busy port or a bad PORT ends with a clear message.
 * The child runs in its own process group, so workerd (its child) is ended with it on every path; no
 * assertion depends on the order or timing of its output lines.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";

const START = "examples/start.mjs";

/** The environment without Cloudflare credentials, so the emulator backend is used. */
function offlineEnv(port: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: port };
  delete env.CLOUDFLARE_ACCOUNT_ID;
  delete env.CLOUDFLARE_API_TOKEN;
  delete env.CHAT_MODEL;
  return env;
}

function startCli(port: string): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [START], {
    env: offlineEnv(port),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { child, output: () => output };
}

async function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return { code: child.exitCode, signal: child.signalCode };
  const [code, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
  return { code, signal };
}

let running: ChildProcess | undefined;
let blocker: Server | undefined;

/** Ends the child's whole process group (the CLI and workerd), whether or not the CLI already exited. */
function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
  } catch {
    // the group is gone already
  }
}

afterEach(async () => {
  if (running) {
    const exited = exitOf(running);
    killGroup(running);
    await exited;
  }
  running = undefined;
  await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
  blocker = undefined;
});

describe("npm start (examples/start.mjs)", () => {
  it("prints the URL and the emulator backend, serves the demo and stops on SIGTERM", async () => {
    const cli = startCli("0");
    running = cli.child;
    // every line is awaited on its own: stdout writes may arrive in any grouping and at any time
    for (const line of [
      /http:\/\/localhost:\d+/,
      /backend: {4}Local Workers AI emulator/,
      /chat model: @cf\/moonshotai\/kimi-k2\.7-code/,
    ])
      await expect.poll(() => cli.output(), { timeout: 20_000, interval: 100 }).toMatch(line);
    const url = /http:\/\/localhost:(\d+)/.exec(cli.output())?.[0] as string;

    const info = (await (await fetch(`${url.replace("localhost", "127.0.0.1")}/api/info`)).json()) as {
      backend: string;
    };
    expect(info.backend).toBe("Local Workers AI emulator");

    cli.child.kill("SIGTERM");
    await exitOf(cli.child);
    await expect
      .poll(() => cli.output(), { timeout: 5_000, interval: 50 })
      .toContain("SIGTERM: stopping workerd");
    const probe = () =>
      fetch(`${url.replace("localhost", "127.0.0.1")}/api/info`).then(
        () => "open",
        () => "closed",
      );
    await expect.poll(probe, { timeout: 5_000, interval: 100 }).toBe("closed");
  });

  it("explains a busy port instead of failing obscurely", async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker?.listen(0, "127.0.0.1", resolve));
    const address = blocker.address();
    const port = typeof address === "object" && address ? address.port : 0;

    const cli = startCli(String(port));
    running = cli.child;
    expect((await exitOf(cli.child)).code).toBe(1);
    expect(cli.output()).toContain(`Port ${port} is already in use`);
  });

  it("rejects a PORT that is not a port number", async () => {
    const cli = startCli("eighty");
    running = cli.child;
    expect((await exitOf(cli.child)).code).toBe(1);
    expect(cli.output()).toContain('PORT must be an integer between 0 and 65535, got "eighty"');
  });
});
