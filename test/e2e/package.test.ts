/**
 * The published package: `npm pack` (its `prepack` builds dist/) gives a tarball with the built code,
 * LICENSE and README, no sources and source maps without embedded sources; installed in a fresh folder
 * (unpacked from the tarball into node_modules, offline, with the project's copies of its dependencies and
 * peers linked beside it) every entry of its `exports` imports in Node, and the package answers a call
 * through its own emulator.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = resolve(__dirname, "../..");

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}

describe("npm pack", () => {
  let scratch: string;
  let app: string;
  let packed: PackResult;
  let manifest: {
    exports: Record<string, unknown>;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), "wap-pack-"));
    const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", scratch], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    // the prepack build may print before npm's JSON report
    packed = (JSON.parse(stdout.slice(stdout.lastIndexOf("\n[") + 1)) as PackResult[])[0];

    app = join(scratch, "app");
    const target = join(app, "node_modules", "workers-ai-provider");
    await mkdir(target, { recursive: true });
    await writeFile(
      join(app, "package.json"),
      JSON.stringify({ name: "app", private: true, type: "module" }),
    );
    await run("tar", ["-xzf", join(scratch, packed.filename), "-C", target, "--strip-components=1"]);
    manifest = JSON.parse(await readFile(join(target, "package.json"), "utf8"));
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
      await mkdir(dirname(join(app, "node_modules", name)), { recursive: true });
      await symlink(join(ROOT, "node_modules", name), join(app, "node_modules", name), "dir");
    }
  }, 240_000);

  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it("ships the built code, LICENSE and README, without sources or embedded sources in maps", async () => {
    const files = packed.files.map((file) => file.path);
    console.info(
      `tarball ${packed.filename}: ${(packed.size / 1024).toFixed(1)} kB packed, ` +
        `${(packed.unpackedSize / 1024).toFixed(1)} kB unpacked, ${files.length} files`,
    );
    expect(files).toEqual(expect.arrayContaining(["LICENSE", "README.md", "package.json", "dist/index.js"]));
    expect(files.filter((file) => file.startsWith("src/") || file.startsWith("test/"))).toEqual([]);
    const maps = files.filter((file) => file.endsWith(".map"));
    for (const map of maps) {
      const content = JSON.parse(await readFile(join(app, "node_modules/workers-ai-provider", map), "utf8"));
      expect(content.sourcesContent, map).toBeUndefined();
    }
    expect(await readFile(join(app, "node_modules/workers-ai-provider/LICENSE"), "utf8")).toMatch(
      /^MIT License/,
    );
    // a guard against shipping sources again (they made it 525 kB packed, 2.3 MB unpacked)
    expect(packed.size).toBeLessThan(450 * 1024);
  });

  it("imports every entry of its exports map from a fresh folder, and answers through its emulator", async () => {
    const entries = Object.keys(manifest.exports)
      .filter((key) => key !== "./package.json")
      .map((key) => `workers-ai-provider${key.slice(1)}`);
    expect(entries).toEqual(expect.arrayContaining(["workers-ai-provider", "workers-ai-provider/testing"]));
    const script = `
      const entries = ${JSON.stringify(entries)};
      const counts = {};
      for (const entry of entries) counts[entry] = Object.keys(await import(entry)).length;
      const { createWorkersAI } = await import("workers-ai-provider");
      const { createWorkersAIEmulator } = await import("workers-ai-provider/testing");
      const { generateText } = await import("ai");
      const emulator = createWorkersAIEmulator();
      const workersai = createWorkersAI({ binding: emulator.binding });
      const { text } = await generateText({ model: workersai("@cf/meta/llama-3.1-8b-instruct"), prompt: "Repeat: packed" });
      console.log(JSON.stringify({ counts, text }));
    `;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: app });
    const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as {
      counts: Record<string, number>;
      text: string;
    };
    for (const entry of entries) expect(result.counts[entry], entry).toBeGreaterThan(0);
    expect(result.text).toBe("packed");
  });
});
