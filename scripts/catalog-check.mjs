#!/usr/bin/env node
/**
 * Compares the built model catalog (`workersAIModels` from dist/index.js) with the live Workers AI model list
 * (`GET /accounts/$CLOUDFLARE_ACCOUNT_ID/ai/models/search`) and prints additions, removals and changed facts.
 *
 * Usage: npm run build && node scripts/catalog-check.mjs [--strict]
 *   CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_API_TOKEN  credentials; without them the check is skipped (exit 0)
 *   --strict                                     exit 1 when a catalog model is missing from the live list
 *   CLOUDFLARE_API_BASE_URL                      API base (default https://api.cloudflare.com/client/v4)
 *   CATALOG_CHECK_MODULE                         module exporting workersAIModels (default ../dist/index.js)
 */

import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4";

/** Catalog task names ("Text Generation") in the lower-kebab form the table uses. */
function taskKey(name) {
  return typeof name === "string" ? name.trim().toLowerCase().replace(/\s+/g, "-") : undefined;
}

function propertyValue(model, key) {
  const property = (model.properties ?? []).find((p) => p?.property_id === key);
  return property?.value;
}

/** The model id of a search result: `name` holds the `@cf/…` id; `id` may be a UUID. */
function remoteId(model) {
  if (typeof model?.name === "string" && model.name.startsWith("@")) return model.name;
  return typeof model?.id === "string" ? model.id : undefined;
}

function byRemoteId(models) {
  const remote = new Map();
  for (const entry of models) {
    const id = remoteId(entry);
    if (id !== undefined) remote.set(id, entry);
  }
  return remote;
}

/** Differences between the local table and the remote list, as printable lines. */
function compare(local, remote) {
  const localIds = new Set(local.map((info) => info.id));
  const added = [...remote.keys()].filter((id) => !localIds.has(id)).sort();
  const removed = [...localIds].filter((id) => !remote.has(id)).sort();
  const changed = [];
  for (const info of local) {
    const entry = remote.get(info.id);
    if (!entry) continue;
    const task = taskKey(entry.task?.name);
    if (task && task !== info.task) changed.push(`${info.id}: task ${info.task} → ${task}`);
    const contextWindow = Number(propertyValue(entry, "context_window"));
    if (Number.isFinite(contextWindow) && contextWindow > 0 && contextWindow !== info.contextWindow) {
      changed.push(`${info.id}: contextWindow ${info.contextWindow ?? "unknown"} → ${contextWindow}`);
    }
    const deprecation = propertyValue(entry, "planned_deprecation_date");
    if (typeof deprecation === "string" && deprecation !== info.plannedDeprecationDate) {
      changed.push(
        `${info.id}: plannedDeprecationDate ${info.plannedDeprecationDate ?? "none"} → ${deprecation}`,
      );
    }
  }
  return { added, removed, changed };
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

async function main() {
  const accountId = process.env.CLOUDFLARE_ACCOUNT_ID;
  const token = process.env.CLOUDFLARE_API_TOKEN;
  if (!accountId || !token) {
    console.log("skipped: no credentials (set CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN)");
    return 0;
  }
  const local = await loadCatalog();
  if (!local) return 1;

  const baseURL = (process.env.CLOUDFLARE_API_BASE_URL ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  const url = `${baseURL}/accounts/${encodeURIComponent(accountId)}/ai/models/search?per_page=1000`;
  let body;
  try {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(30_000),
    });
    body = await response.json().catch(() => undefined);
    if (!response.ok || !body || body.success === false || !Array.isArray(body.result)) {
      const message = body?.errors?.[0]?.message ?? "unexpected reply";
      console.error(`catalog-check: models search failed (HTTP ${response.status}): ${message}`);
      return 1;
    }
  } catch (error) {
    console.error(
      `catalog-check: models search failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }

  const { added, removed, changed } = compare(local, byRemoteId(body.result));
  console.log(`catalog: ${local.length} models; live list: ${body.result.length} models`);
  console.log(`additions (live, not in catalog): ${added.length}`);
  for (const id of added) console.log(`  + ${id}`);
  console.log(`removals (in catalog, not live): ${removed.length}`);
  for (const id of removed) console.log(`  - ${id}`);
  console.log(`changed facts: ${changed.length}`);
  for (const line of changed) console.log(`  ~ ${line}`);
  return process.argv.includes("--strict") && removed.length > 0 ? 1 : 0;
}

process.exitCode = await main();
