import { describe, expect, it } from "vitest";
import { factPairs, KNOWN_DIFFERENCES, publishedFacts, TASKS } from "../../scripts/published-facts.mjs";
import { getModelInfo, workersAIModels } from "../../src/catalog";
import { publishedModelFiles } from "../../src/testing/model-schemas";

/*
 * The catalog (src/catalog/models.ts) against Cloudflare's published model files (src/testing/model-schemas):
 * scripts/published-facts.mjs reads the facts off each file's `properties` and input schema without using the
 * catalog code (`npm run catalog:check` uses the same reading). Where the catalog knowingly differs, the reason
 * is a test of its own below.
 */

const published = publishedModelFiles.map((file) => ({ file, facts: publishedFacts(file) }));

describe("catalog facts equal Cloudflare's published model files", () => {
  it("every published model of a catalog task has a row, and every row has a published file", () => {
    const catalogTasks = new Set(Object.values(TASKS));
    const missing = published
      .filter(({ facts }) => facts.task !== undefined && catalogTasks.has(facts.task))
      .filter(({ facts }) => getModelInfo(facts.id) === undefined)
      .map(({ facts }) => facts.id);
    expect(missing).toEqual([]);
    const covered = new Set(published.map(({ facts }) => getModelInfo(facts.id)?.id));
    expect(workersAIModels.filter((info) => !covered.has(info.id)).map((info) => info.id)).toEqual([]);
  });

  it.each(published.map(({ file, facts }) => [file.model, facts] as const))("%s", (id, facts) => {
    const info = getModelInfo(id);
    expect(info, `${id} has no catalog row`).toBeDefined();
    if (info === undefined) return;
    const known: Record<string, unknown> = KNOWN_DIFFERENCES[id] ?? {};
    const pairs = factPairs(info, facts).filter(([field]) => !(field in known));
    expect(Object.fromEntries(pairs.map(([field, row]) => [field, row]))).toEqual(
      Object.fromEntries(pairs.map(([field, , fromFile]) => [field, fromFile])),
    );
  });

  it("where a file states reasoning_effort.supported_efforts, its input schema's enum lists the same efforts", () => {
    const stated = published.filter(({ facts }) => facts.publishedEfforts !== undefined);
    expect(stated.length).toBeGreaterThan(0);
    for (const { facts } of stated)
      expect(facts.reasoning?.efforts, facts.id).toEqual(facts.publishedEfforts);
  });

  it("qwq-32b: the published file has no reasoning property, its model description and our wire notes say it reasons (the row keeps thinking)", () => {
    const qwq = published.find(({ facts }) => facts.id === "@cf/qwen/qwq-32b");
    expect(qwq?.facts.thinking).toBeUndefined();
    expect(qwq?.file.published.description).toMatch(/reasoning/i);
    expect(getModelInfo("@cf/qwen/qwq-32b")?.thinking).toBe(true);
    expect(Object.keys(KNOWN_DIFFERENCES)).toEqual(["@cf/qwen/qwq-32b"]);
  });

  it("llama-3.2-11b-vision-instruct: the published schema takes string content and a top-level `image`, @cloudflare/workers-types also types content parts (the row follows the published file)", () => {
    expect(getModelInfo("@cf/meta/llama-3.2-11b-vision-instruct")).toMatchObject({
      vision: true,
      visionInput: "image-field",
      stringContentOnly: true,
    });
  });

  it("llama-3.3-70b-instruct-fp8-fast: the published file's price (0.29 / 2.25) wins over the pricing page's (0.293 / 2.253)", () => {
    expect(getModelInfo("@cf/meta/llama-3.3-70b-instruct-fp8-fast")?.price).toEqual({
      inputPerMillionTokensUsd: 0.29,
      outputPerMillionTokensUsd: 2.25,
    });
  });

  it("the legacy schema generator lists `image` / `image_url` on text-only models: vision is taken from the vision property or the model's own description", () => {
    const textOnly = published.find(({ facts }) => facts.id === "@cf/meta/llama-3.1-70b-instruct");
    expect(JSON.stringify(textOnly?.file.published.schema?.input)).toContain('"image"');
    expect(textOnly?.facts.vision).toBeUndefined();
    expect(getModelInfo("@cf/meta/llama-3.1-70b-instruct")?.vision).toBe(false);
  });
});
