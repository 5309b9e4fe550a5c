import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workersAIModels } from "../../src/catalog";
import { publishedModelFiles } from "../../src/testing/model-schemas";
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
  let reply: (request: Request) => Response;
  /** A catalog with one fact changed (qwq-32b's context window), as a build would export it. */
  let alteredPath: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "catalog-check-"));
    modulePath = join(dir, "catalog.mjs");
    // Stands in for dist/index.js: the same rows, without a build.
    await writeFile(modulePath, `export const workersAIModels = ${JSON.stringify(workersAIModels)};\n`);
    alteredPath = join(dir, "altered.mjs");
    const altered = workersAIModels.map((info) =>
      info.id === "@cf/qwen/qwq-32b" ? { ...info, contextWindow: 32_768 } : info,
    );
    await writeFile(alteredPath, `export const workersAIModels = ${JSON.stringify(altered)};\n`);
    server = await startTestServer((request) => reply(request));
  });

  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("without credentials checks the catalog against the stored published files offline", async () => {
    const result = await runScript({ CATALOG_CHECK_MODULE: modulePath });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("catalog facts differing from the stored published files: 0");
    expect(result.stdout).toContain("catalog models without a stored published file: 0");
    expect(result.stdout).toContain("live check skipped: no credentials");
    expect(server.requests).toEqual([]);
  });

  it("prints each catalog fact that differs from a stored published file, and --strict fails on it", async () => {
    const result = await runScript({ CATALOG_CHECK_MODULE: alteredPath });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("catalog facts differing from the stored published files: 1");
    expect(result.stdout).toContain("~ @cf/qwen/qwq-32b: contextWindow 32768 → 24000");
    const strict = await runScript({ CATALOG_CHECK_MODULE: alteredPath }, ["--strict"]);
    expect(strict.code).toBe(1);
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

  it("prints additions, removals, changed facts and changed schemas against the live API", async () => {
    // The live API as the stored published files describe it, with three changes: whisper-tiny-en gone, a new
    // model, qwq-32b's context window and gpt-oss-120b's schema changed.
    const files = publishedModelFiles.filter((file) => file.model !== "@cf/openai/whisper-tiny-en");
    const live = files.map((file) => ({
      id: crypto.randomUUID(),
      name: file.model,
      description: file.published.description,
      task: file.published.task,
      properties: file.published.properties.map((p) =>
        file.model === "@cf/qwen/qwq-32b" && p.property_id === "context_window"
          ? { ...p, value: "32768" }
          : p,
      ),
    }));
    live.push({
      id: crypto.randomUUID(),
      name: "@cf/acme/new-model",
      description: "A model the catalog does not know.",
      task: { name: "Text Generation" },
      properties: [],
    });
    const schemaOf = new Map(files.map((file) => [file.model, file.published.schema]));
    reply = (request) => {
      const url = new URL(request.url);
      if (url.pathname.endsWith("/ai/models/search")) {
        return Response.json({ success: true, errors: [], messages: [], result: live });
      }
      const model = url.searchParams.get("model") ?? "";
      const schema = schemaOf.get(model);
      if (url.pathname.endsWith("/ai/models/schema") && schema !== undefined) {
        const changed =
          model === "@cf/openai/gpt-oss-120b" ? { ...schema, input: { type: "object" } } : schema;
        return Response.json({ success: true, errors: [], messages: [], result: changed });
      }
      return Response.json(
        { success: false, errors: [{ code: 7000, message: "No route" }], result: null },
        { status: 404 },
      );
    };
    const before = server.requests.length;
    const result = await runScript({
      CLOUDFLARE_ACCOUNT_ID: "acc",
      CLOUDFLARE_API_TOKEN: TOKEN,
      CATALOG_CHECK_MODULE: modulePath,
      CLOUDFLARE_API_BASE_URL: server.url,
    });
    expect(result.code).toBe(0);
    const requests = server.requests.slice(before);
    expect(requests[0]?.path).toBe("/accounts/acc/ai/models/search?per_page=1000");
    expect(requests.every((request) => request.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(requests.map((request) => request.path)).toContain(
      `/accounts/acc/ai/models/schema?model=${encodeURIComponent("@cf/qwen/qwq-32b")}`,
    );
    expect(result.stdout).toContain("additions (live, not in catalog): 1");
    expect(result.stdout).toContain("+ @cf/acme/new-model");
    expect(result.stdout).toContain("removals (in catalog, not live): 1");
    expect(result.stdout).toContain("- @cf/openai/whisper-tiny-en");
    expect(result.stdout).toContain("changed facts (catalog → live): 1");
    expect(result.stdout).toContain("~ @cf/qwen/qwq-32b: contextWindow 24000 → 32768");
    expect(result.stdout).toContain("~ @cf/openai/gpt-oss-120b: live schema differs from the stored copy");
    expect(result.stdout).not.toContain("~ @cf/qwen/qwq-32b: live schema differs");

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
