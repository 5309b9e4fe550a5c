import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { catalogDataSource } from "../../scripts/catalog-data.mjs";
import { buildModelRows } from "../../src/catalog/models";

/**
 * Workers carry the catalog as src/catalog/model-data.ts, generated from the readable source
 * src/catalog/models.ts by scripts/catalog-data.mjs: the two must say the same.
 */
describe("the catalog's compact form (src/catalog/model-data.ts)", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.resetModules();
  });

  it("is what scripts/catalog-data.mjs generates from models.ts (run it after editing models.ts)", () => {
    const generated = readFileSync(new URL("../../src/catalog/model-data.ts", import.meta.url), "utf8");
    expect(generated).toBe(catalogDataSource(buildModelRows()));
  });

  it("decodes to the rows of models.ts, in their order, field by field, frozen", async () => {
    const { workersAIModels } = await import("../../src/catalog");
    expect(workersAIModels).toStrictEqual(buildModelRows());
    expect(Object.isFrozen(workersAIModels)).toBe(true);
    expect(Object.isFrozen(workersAIModels.find((info) => info.price !== undefined)?.price)).toBe(true);
  });

  it("parses nothing when the lookup is imported, and only the chat rows when a chat model is looked up", async () => {
    const parse = vi.spyOn(JSON, "parse");
    const { getModelInfo } = await import("../../src/catalog/lookup");
    const { catalogKinds } = await import("../../src/catalog/model-data");
    expect(parse).not.toHaveBeenCalled();

    expect(getModelInfo("@cf/meta/llama-3.1-8b-instruct")?.task).toBe("text-generation");
    expect(getModelInfo("@cf/meta/llama-3.3-70b-instruct-fast")?.id).toBe(
      "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
    );
    expect(parse.mock.calls.map(([text]) => text)).toEqual([catalogKinds[0].rows]);

    expect(getModelInfo("@cf/baai/bge-m3")?.task).toBe("text-embeddings");
    expect(getModelInfo("@cf/unknown/model")).toBeUndefined();
    expect(parse.mock.calls.map(([text]) => text)).toEqual([catalogKinds[0].rows, catalogKinds[1].rows]);
  });
});
