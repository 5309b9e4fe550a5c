#!/usr/bin/env node
/**
 * Compares the built model catalog (`workersAIModels` from dist/index.js) with Cloudflare's published model files
 * stored in src/testing/model-schemas (always, offline) and, when credentials are set, with the live Workers AI
 * API: the model list (`GET /accounts/$CLOUDFLARE_ACCOUNT_ID/ai/models/search`) and each catalog model's schema
 * (`GET …/ai/models/schema?model=<id>`). Prints additions, removals, changed facts and changed schemas.
 *
 * Usage: npm run build && node scripts/catalog-check.mjs [--strict]
 *   CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_API_TOKEN  credentials; without them only the offline check runs
 *   --strict                                     exit 1 when a catalog model is missing from the live list
 *                                                or a catalog fact differs from a stored published file
 *   CLOUDFLARE_API_BASE_URL                      API base (default https://api.cloudflare.com/client/v4)
 *   CATALOG_CHECK_MODULE                         module exporting workersAIModels (default ../dist/index.js)
 */

import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { publishedFacts, rowDifferences, TASKS } from "./published-facts.mjs";

const DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4";
const SCHEMAS = new URL("../src/testing/model-schemas/", import.meta.url);

/** Catalog task names ("Text Generation") in the lower-kebab form the table uses. */
function taskKey(name) {
  if (typeof name !== "string") return undefined;
  return TASKS[name] ?? name.trim().toLowerCase().replace(/\s+/g, "-");
}

/** The model id of a search result: `name` holds the `@cf/…` id; `id` may be a UUID. */
function remoteId(model) {
  if (typeof model?.name === "string" && model.name.startsWith("@")) return model.name;
  return typeof model?.id === "string" ? model.id : undefined;
}

/** `-fp8-fast` and `-fast` name the same deployment (spec 7.1): the catalog row of either spelling. */
function rowOf(byId, id) {
  if (byId.has(id)) return byId.get(id);
  if (id.endsWith("-fp8-fast")) return byId.get(`${id.slice(0, -"-fp8-fast".length)}-fast`);
  if (id.endsWith("-fast")) return byId.get(`${id.slice(0, -"-fast".length)}-fp8-fast`);
  return undefined;
}

function storedFiles() {
  return readdirSync(SCHEMAS)
    .filter((name) => name.endsWith(".json"))
    .map((name) => JSON.parse(readFileSync(new URL(name, SCHEMAS), "utf8")));
}

/** Schema text without descriptions and the stored copies' fidelity notes, for comparing stored with live. */
function comparable(schema) {
  return JSON.stringify(schema, (key, value) => {
    if (key === "description" || key.startsWith("x-fidelity")) return undefined;
    return value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort())
      : value;
  });
}

/** Catalog rows against the stored published files: `~ id: field catalog → published` lines. */
function offlineDifferences(local, files) {
  const byId = new Map(local.map((info) => [info.id, info]));
  const changed = [];
  for (const file of files) {
    const facts = publishedFacts(file);
    const info = rowOf(byId, facts.id);
    if (info === undefined) continue;
    for (const line of rowDifferences(info, facts)) changed.push(`${info.id}: ${line}`);
  }
  const known = new Set(files.map((file) => rowOf(byId, file.model)?.id));
  const withoutFile = local.filter((info) => !known.has(info.id)).map((info) => info.id);
  return { changed, withoutFile };
}

async function loadCatalog() {
  const specifier = process.env.CATALOG_CHECK_MODULE
    ? pathToFileURL(resolve(process.env.CATALOG_CHECK_MODULE)).href
    : new URL("../dist/index.js", import.meta.url).href;
  let module;
  try {
    module = await import(specifier);
  } catch {
    console.error(`catalog-check: cannot load ${specifier}; run \`npm run build\` first.`);
    return undefined;
  }
  if (!Array.isArray(module.workersAIModels)) {
    console.error("catalog-check: the build does not export workersAIModels; run `npm run build` first.");
    return undefined;
  }
  return module.workersAIModels;
}

/** GET an API path; the `result` of a successful reply, or an Error naming the status and message. */
async function apiGet(baseURL, token, path) {
  try {
    const response = await fetch(`${baseURL}${path}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(30_000),
    });
    const body = await response.json().catch(() => undefined);
    if (!response.ok || !body || body.success === false || body.result === undefined) {
      return new Error(`HTTP ${response.status}: ${body?.errors?.[0]?.message ?? "unexpected reply"}`);
    }
    return body.result;
  } catch (error) {
    return new Error(error instanceof Error ? error.message : String(error));
  }
}

/** Live list and schemas against the catalog and the stored files. */
async function liveDifferences(local, files, baseURL, token, accountId) {
  const account = `/accounts/${encodeURIComponent(accountId)}/ai/models`;
  const list = await apiGet(baseURL, token, `${account}/search?per_page=1000`);
  if (list instanceof Error || !Array.isArray(list)) {
    return { error: `models search failed (${list instanceof Error ? list.message : "unexpected reply"})` };
  }
  const remote = new Map();
  for (const entry of list) {
    const id = remoteId(entry);
    if (id !== undefined) remote.set(id, entry);
  }
  const byId = new Map(local.map((info) => [info.id, info]));
  const stored = new Map(files.map((file) => [file.model, file]));
  const added = [...remote.keys()].filter((id) => rowOf(byId, id) === undefined).sort();
  const listed = new Set([...remote.keys()].map((id) => rowOf(byId, id)?.id));
  const removed = local.filter((info) => !listed.has(info.id));
  const changed = [];
  const schemas = [];
  for (const [id, entry] of remote) {
    const info = rowOf(byId, id);
    if (info === undefined) continue;
    const schema = await apiGet(baseURL, token, `${account}/schema?model=${encodeURIComponent(id)}`);
    const liveSchema = schema instanceof Error || typeof schema !== "object" ? undefined : schema;
    const file = { model: id, published: { ...entry, name: id, schema: liveSchema } };
    const task = taskKey(entry.task?.name);
    const facts = { ...publishedFacts(file), ...(task ? { task } : {}) };
    for (const line of rowDifferences(info, facts)) changed.push(`${info.id}: ${line}`);
    const copy = stored.get(id)?.published.schema;
    if (liveSchema === undefined)
      schemas.push(`${id}: schema unavailable (${schema.message ?? "unexpected reply"})`);
    else if (copy === undefined) schemas.push(`${id}: no stored copy (add it: scripts/model-schemas.mjs)`);
    else if (comparable(copy) !== comparable(liveSchema))
      schemas.push(`${id}: live schema differs from the stored copy`);
  }
  return {
    remoteCount: list.length,
    added,
    removed: removed.map((info) => info.id).sort(),
    changed,
    schemas,
  };
}

function print(title, lines, mark) {
  console.log(`${title}: ${lines.length}`);
  for (const line of lines) console.log(`  ${mark} ${line}`);
}

async function main() {
  const local = await loadCatalog();
  if (!local) return 1;
  const strict = process.argv.includes("--strict");
  const files = storedFiles();

  const offline = offlineDifferences(local, files);
  console.log(`catalog: ${local.length} models; stored published files: ${files.length}`);
  print("catalog facts differing from the stored published files", offline.changed, "~");
  print("catalog models without a stored published file", offline.withoutFile, "?");

  const accountId = process.env.CLOUDFLARE_ACCOUNT_ID;
  const token = process.env.CLOUDFLARE_API_TOKEN;
  if (!accountId || !token) {
    console.log("live check skipped: no credentials (set CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN)");
    return strict && offline.changed.length > 0 ? 1 : 0;
  }
  const baseURL = (process.env.CLOUDFLARE_API_BASE_URL ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  const live = await liveDifferences(local, files, baseURL, token, accountId);
  if (live.error) {
    console.error(`catalog-check: ${live.error}`);
    return 1;
  }
  console.log(`live list: ${live.remoteCount} models`);
  print("additions (live, not in catalog)", live.added, "+");
  print("removals (in catalog, not live)", live.removed, "-");
  print("changed facts (catalog → live)", live.changed, "~");
  print("schemas (stored copy vs live)", live.schemas, "~");
  return strict && (live.removed.length > 0 || offline.changed.length > 0) ? 1 : 0;
}

process.exitCode = await main();
