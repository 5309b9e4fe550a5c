import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workersAIModels } from "../../src/catalog";
import { startTestServer, type TestServer } from "../helpers/http-server";

const SCRIPT = fileURLToPath(new URL("../../scripts/catalog-check.mjs", import.meta.url));
const TOKEN = "secret-token-value";

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runScript(env: Record<string, string>, args: string[] = []): Promise<RunResult> {
  const { CLOUDFLARE_ACCOUNT_ID: _a, CLOUDFLARE_API_TOKEN: _t, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SCRIPT, ...args],
      { env: { ...inherited, ...env }, timeout: 15_000 },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === "number" ? error.code : error ? 1 : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("scripts/catalog-check.mjs", () => {
  let dir: string;
  let modulePath: string;
  let server: TestServer;
  let reply: () => Response;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "catalog-check-"));
    modulePath = join(dir, "catalog.mjs");
    // Stands in for dist/index.js: the same rows, without a build.
    await writeFile(modulePath, `export const workersAIModels = ${JSON.stringify(workersAIModels)};\n`);
    server = await startTestServer(() => reply());
  });

  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("skips without credentials and exits 0", async () => {
    const result = await runScript({});
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("skipped: no credentials");
  });

  it("asks for a build when the catalog module is missing", async () => {
    const result = await runScript({
      CLOUDFLARE_ACCOUNT_ID: "acc",
      CLOUDFLARE_API_TOKEN: TOKEN,
      CATALOG_CHECK_MODULE: join(dir, "missing.mjs"),
      CLOUDFLARE_API_BASE_URL: server.url,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("npm run build");
  });

  it("prints additions, removals and changed facts against the live list", async () => {
    const live = workersAIModels
      .filter((info) => info.id !== "@cf/openai/whisper-tiny-en")
      .map((info) => ({
        id: crypto.randomUUID(),
        name: info.id,
        task: { name: info.task === "text-generation" ? "Text Generation" : info.task },
        properties: info.id === "@cf/qwen/qwq-32b" ? [{ property_id: "context_window", value: "32768" }] : [],
      }));
    live.push({
      id: crypto.randomUUID(),
      name: "@cf/acme/new-model",
      task: { name: "Text Generation" },
      properties: [],
    });
    reply = () => Response.json({ success: true, errors: [], messages: [], result: live });
    const before = server.requests.length;
    const result = await runScript({
      CLOUDFLARE_ACCOUNT_ID: "acc",
      CLOUDFLARE_API_TOKEN: TOKEN,
      CATALOG_CHECK_MODULE: modulePath,
      CLOUDFLARE_API_BASE_URL: server.url,
    });
    expect(result.code).toBe(0);
    const request = server.requests[before];
    expect(request?.path).toBe("/accounts/acc/ai/models/search?per_page=1000");
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(result.stdout).toContain("+ @cf/acme/new-model");
    expect(result.stdout).toContain("- @cf/openai/whisper-tiny-en");
    expect(result.stdout).toContain("~ @cf/qwen/qwq-32b: contextWindow 24000 → 32768");
    expect(result.stdout).toContain("additions (live, not in catalog): 1");
    expect(result.stdout).toContain("removals (in catalog, not live): 1");

    const strict = await runScript(
      {
        CLOUDFLARE_ACCOUNT_ID: "acc",
        CLOUDFLARE_API_TOKEN: TOKEN,
        CATALOG_CHECK_MODULE: modulePath,
        CLOUDFLARE_API_BASE_URL: server.url,
      },
      ["--strict"],
    );
    expect(strict.code).toBe(1);
  });

  it("reports an API failure without leaking the token", async () => {
    reply = () =>
      Response.json(
        { success: false, result: null, errors: [{ code: 10000, message: "Authentication error" }] },
        { status: 403 },
      );
    const result = await runScript({
      CLOUDFLARE_ACCOUNT_ID: "acc",
      CLOUDFLARE_API_TOKEN: TOKEN,
      CATALOG_CHECK_MODULE: modulePath,
      CLOUDFLARE_API_BASE_URL: server.url,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("HTTP 403");
    expect(result.stderr).toContain("Authentication error");
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });
});
