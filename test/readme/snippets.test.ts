/**
 * Every TypeScript/JavaScript code block of README.md and MIGRATION.md (when present), extracted and run as
 * written against the local emulator: imports of "workers-ai-provider…" point at the sources, the names a
 * snippet uses without defining (`env`, `workersai`, `accountId`, an image or audio placeholder, …) come from
 * the table below, names exported by `ai`, `zod` or the package are imported as an earlier block of the same
 * file would have (a reader carries imports over; anything else, such as `expect`, must be imported), REST calls to api.cloudflare.com / gateway.ai.cloudflare.com are answered by the emulator,
 * and any other network access fails. A snippet fails on an error or on any warning (AI SDK warnings, console
 * warnings, process warnings) unless the text around it says it warns.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as ai from "ai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import * as provider from "../../src";
import { createWorkersAI, createWorkersAIBatch } from "../../src";
import { createWorkersAIEmulator, encodeMp3, encodePng, encodeWav } from "../../src/testing";

const ROOT = resolve(__dirname, "../..");
const OUT_DIR = join(ROOT, "test-results", "readme-snippets");

/** Code blocks the harness cannot run, with the reason (each must still exist in the file). */
const NOT_RUNNABLE: { file: string; contains: string; why: string }[] = [
  {
    file: "README.md",
    contains: "new Miniflare({",
    why: "starts workerd on a Worker built to dist/app.js; test/e2e/workerd.test.ts runs this setup",
  },
];

interface Snippet {
  file: string;
  section: string;
  index: number;
  lang: string;
  code: string;
  /** The prose between the previous block (or heading) and this one. */
  before: string;
}

function snippetsOf(file: string): Snippet[] {
  const path = join(ROOT, file);
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, "utf8").split("\n");
  const out: Snippet[] = [];
  let section = "";
  let prose: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^```(\w*)\s*$/.exec(line);
    if (!fence) {
      if (/^#{1,6} /.test(line)) {
        section = line.replace(/^#+ /, "");
        prose = [];
      } else prose.push(line);
      continue;
    }
    const start = i + 1;
    do i++;
    while (i < lines.length && !/^```\s*$/.test(lines[i]));
    const lang = fence[1];
    if (["ts", "typescript", "js", "javascript", "mjs"].includes(lang)) {
      out.push({
        file,
        section,
        index: out.length + 1,
        lang,
        code: lines.slice(start, i).join("\n"),
        before: prose.join("\n"),
      });
    }
    prose = [];
  }
  return out;
}

const SOURCE_IMPORTS: Record<string, string> = {
  "workers-ai-provider": "src/index.ts",
  "workers-ai-provider/testing": "src/testing/index.ts",
  "workers-ai-provider/gateway": "src/gateway/index.ts",
  "workers-ai-provider/openai": "src/plugins/openai.ts",
  "workers-ai-provider/anthropic": "src/plugins/anthropic.ts",
  "workers-ai-provider/google": "src/plugins/google.ts",
};

function declares(code: string, name: string): boolean {
  const n = `\\b${name}\\b`;
  return (
    new RegExp(`\\b(const|let|var|function|class)\\s+${name}\\b`).test(code) ||
    new RegExp(`\\b(const|let|var)\\s*\\{[^}]*${n}[^}]*\\}\\s*=`).test(code) ||
    new RegExp(`^import\\s[^;]*${n}[^;]*\\sfrom\\s`, "m").test(code)
  );
}

function uses(code: string, name: string): boolean {
  return new RegExp(`(?<![.\\w$"'])${name}\\b(?!\\s*:[^:])`).test(code.replace(/\/\/.*$/gm, ""));
}

/**
 * Blocks that show alternatives (the same `const` declared twice) run as one module per blank-line
 * separated part.
 */
function modulesOf(code: string): string[] {
  const names = [...code.matchAll(/^(?:const|let)\s+(\w+)/gm)].map((m) => m[1]);
  if (new Set(names).size === names.length) return [code];
  return code.split(/\n\s*\n/).filter((part) => /\S/.test(part.replace(/\/\/.*$/gm, "")));
}

type World = Record<string, unknown>;

/** Imports a reader carries over from earlier blocks: the libraries every README example uses. */
const LIBRARIES: [string, Record<string, unknown>][] = [
  ["ai", ai],
  ["zod", { z }],
  [join(ROOT, "src/index.ts"), provider],
];

function carriedImports(code: string): string {
  const lines: string[] = [];
  const taken = new Set<string>();
  for (const [from, namespace] of LIBRARIES) {
    const names = Object.keys(namespace).filter(
      (name) => name !== "default" && !taken.has(name) && uses(code, name) && !declares(code, name),
    );
    for (const name of names) taken.add(name);
    if (names.length > 0) lines.push(`import { ${names.join(", ")} } from "${from}";`);
  }
  return lines.join("\n");
}

function moduleSource(code: string, world: World): string {
  let body = code.replace(
    /(from\s+|import\s+)(["'])(workers-ai-provider(?:\/\w+)?)\2/g,
    (_all, lead: string, quote: string, name: string) =>
      SOURCE_IMPORTS[name] ? `${lead}${quote}${join(ROOT, SOURCE_IMPORTS[name])}${quote}` : _all,
  );
  const provided = Object.keys(world).filter((name) => uses(body, name) && !declares(body, name));
  const prelude = provided
    .map((name) => `const ${name} = (globalThis as any).__readmeWorld.${name};`)
    .join("\n");
  // import declarations stay first; the prelude goes after them
  const importEnd = [...body.matchAll(/^import[\s\S]*?from\s+["'][^"']+["'];?\s*$/gm)].at(-1);
  const cut = importEnd ? (importEnd.index ?? 0) + importEnd[0].length : 0;
  body = `${body.slice(0, cut)}\n${prelude}\n${body.slice(cut)}`;
  return `${carriedImports(body)}\n${body}\nexport {};\n`;
}

const emulator = createWorkersAIEmulator();
const realFetch = globalThis.fetch;
let audioDir = "";

/** Names README snippets use without defining them, as a reader's own code would define them. */
function worldFor(): World {
  const pcm = encodeWav(
    new Float32Array(16000).map((_, i) => Math.sin(i / 10) * 0.3),
    16000,
  ).subarray(44);
  return {
    env: {
      AI: emulator.binding,
      AI_SEARCH: emulator.aiSearch("my-search-index"),
      OPENAI_API_KEY: "sk-readme-test",
    },
    workersai: createWorkersAI({ binding: emulator.binding }),
    batches: createWorkersAIBatch({ binding: emulator.binding }),
    accountId: "emulator-account",
    apiKey: "emulator-token",
    imageUint8Array: encodePng(8, 8, [200, 80, 40]),
    audioBytes: encodeMp3(20),
    microphone: new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(pcm);
        controller.close();
      },
    }),
    showInterim: () => {},
    commit: () => {},
    play: () => {},
  };
}

/** What a snippet left behind: warnings of every kind, and its output. */
interface RunRecord {
  warnings: string[];
}

async function runModule(path: string, record: RunRecord): Promise<void> {
  const mod = (await import(/* @vite-ignore */ `${path}?t=${Date.now()}`)) as {
    default?:
      | { fetch?: (request: Request, env: unknown, ctx: unknown) => Promise<Response> }
      | (() => unknown);
  };
  const exported = mod.default;
  if (typeof exported === "function") {
    expect(exported()).toBeTruthy();
  } else if (exported && typeof exported.fetch === "function") {
    const world = (globalThis as unknown as { __readmeWorld: World }).__readmeWorld;
    const response = await exported.fetch(new Request("http://localhost/"), world.env, {
      waitUntil: () => {},
      passThroughOnException: () => {},
    });
    expect(response.status, await response.clone().text()).toBeLessThan(400);
    expect((await response.text()).length).toBeGreaterThan(0);
  }
  expect(record.warnings).toBeDefined();
}

const snippets = [...snippetsOf("README.md"), ...snippetsOf("MIGRATION.md")];

describe("README.md and MIGRATION.md code blocks, run as written against the emulator", () => {
  const record: RunRecord = { warnings: [] };
  const savedCwd = process.cwd();
  const savedEnv = { ...process.env };

  beforeAll(() => {
    rmSync(OUT_DIR, { recursive: true, force: true });
    mkdirSync(OUT_DIR, { recursive: true });
    // "./audio.mp3" in the transcription example: an MP3 in the folder the snippets run in
    audioDir = join(OUT_DIR, "cwd");
    mkdirSync(audioDir, { recursive: true });
    writeFileSync(join(audioDir, "audio.mp3"), encodeMp3(20));
    process.chdir(audioDir);
    process.env.CLOUDFLARE_ACCOUNT_ID = "emulator-account";
    process.env.CLOUDFLARE_API_TOKEN = "emulator-token";
    (globalThis as unknown as { __readmeWorld: World }).__readmeWorld = worldFor();
    (globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS = (options: {
      warnings: unknown[];
    }) => {
      for (const warning of options.warnings) record.warnings.push(`AI SDK: ${JSON.stringify(warning)}`);
    };
    vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
      record.warnings.push(`console.warn: ${args.map(String).join(" ")}`);
    });
    vi.spyOn(process, "emitWarning").mockImplementation(((warning: unknown) => {
      record.warnings.push(`process warning: ${String(warning)}`);
    }) as typeof process.emitWarning);
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    // Cloudflare's hosts are answered by the emulator; nothing else is reachable
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.hostname === "api.cloudflare.com" || url.hostname === "gateway.ai.cloudflare.com")
        return emulator.fetch(input, init);
      throw new Error(`README snippet tried to reach ${url.host}: only Cloudflare's hosts are emulated`);
    }) as typeof fetch;
  });

  afterAll(() => {
    globalThis.fetch = realFetch;
    process.chdir(savedCwd);
    for (const key of ["CLOUDFLARE_ACCOUNT_ID", "CLOUDFLARE_API_TOKEN"])
      if (savedEnv[key] === undefined) delete process.env[key];
      else process.env[key] = savedEnv[key];
    delete (globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS;
    vi.restoreAllMocks();
  });

  it("finds the README's code blocks (and every listed exception still exists)", () => {
    expect(snippets.filter((s) => s.file === "README.md").length).toBeGreaterThan(15);
    for (const entry of NOT_RUNNABLE)
      expect(snippets.some((s) => s.file === entry.file && s.code.includes(entry.contains))).toBe(true);
  });

  for (const snippet of snippets) {
    const skip = NOT_RUNNABLE.find((e) => e.file === snippet.file && snippet.code.includes(e.contains));
    const label = `${snippet.file} #${snippet.index} (${snippet.section})`;
    if (skip) {
      it.skip(`${label}: not runnable here: ${skip.why}`, () => {});
      continue;
    }
    it(label, async () => {
      record.warnings = [];
      const parts = modulesOf(snippet.code);
      const world = (globalThis as unknown as { __readmeWorld: World }).__readmeWorld;
      for (const [part, code] of parts.entries()) {
        const path = join(OUT_DIR, `${snippet.file.replace(/\W/g, "_")}-${snippet.index}-${part}.ts`);
        writeFileSync(path, moduleSource(code, world));
        await runModule(path, record);
      }
      const saysItWarns = /\bwarn/i.test(`${snippet.before}\n${snippet.code}`);
      const unexpected = saysItWarns ? [] : record.warnings;
      expect(unexpected, `${label} warned, but its text does not say it does`).toEqual([]);
    });
  }
});
