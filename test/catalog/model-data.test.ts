import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
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

  it("decodes to the rows of models.ts, in their order, field by field", async () => {
    const { workersAIModels } = await import("../../src/catalog");
    expect(workersAIModels).toStrictEqual(buildModelRows());
  });

  it("parses nothing when the lookup is imported, and only the chat rows when a chat model is looked up", async () => {
    const parse = vi.spyOn(JSON, "parse");
    const { getModelInfo } = await import("../../src/catalog/lookup");
    const { chatModels, embeddingModels } = await import("../../src/catalog/model-data");
    expect(parse).not.toHaveBeenCalled();

    expect(getModelInfo("@cf/meta/llama-3.1-8b-instruct")?.task).toBe("text-generation");
    expect(getModelInfo("@cf/meta/llama-3.3-70b-instruct-fp8-fast")?.task).toBe("text-generation");
    expect(parse.mock.calls.map(([text]) => text)).toEqual([chatModels.rows]);

    expect(getModelInfo("@cf/baai/bge-m3")?.task).toBe("text-embeddings");
    expect(parse.mock.calls.map(([text]) => text)).toEqual([chatModels.rows, embeddingModels.rows]);
  });
});

describe("lookups by kind", () => {
  it("find the rows of their kind, as getModelInfo does, aliases included, and nothing of other kinds", async () => {
    const { getModelInfo, getModelInfoOfKind } = await import("../../src/catalog/lookup");
    const { chatModels, embeddingModels } = await import("../../src/catalog/model-data");
    for (const id of ["@cf/meta/llama-3.1-8b-instruct", "@cf/meta/llama-3.3-70b-instruct-fast"]) {
      expect(getModelInfoOfKind(chatModels, id)).toBe(getModelInfo(id));
      expect(getModelInfoOfKind(chatModels, id)).toBeDefined();
    }
    expect(getModelInfoOfKind(embeddingModels, "@cf/baai/bge-reranker-base")?.reranking).toEqual({
      topK: true,
    });
    expect(getModelInfoOfKind(chatModels, "@cf/baai/bge-m3")).toBeUndefined();
    expect(getModelInfoOfKind(chatModels, "@cf/unknown/model")).toBeUndefined();
  });

  it("let a bundle that looks up chat models only carry the chat rows", async () => {
    const { build } = await import("esbuild");
    const lookup = fileURLToPath(new URL("../../src/catalog/lookup.ts", import.meta.url));
    const data = fileURLToPath(new URL("../../src/catalog/model-data.ts", import.meta.url));
    const bundle = async (contents: string) =>
      (
        await build({
          stdin: { contents, resolveDir: process.cwd(), loader: "ts" },
          bundle: true,
          format: "esm",
          write: false,
          logLevel: "error",
        })
      ).outputFiles[0].text;
    const chatOnly = await bundle(
      `import { getModelInfoOfKind } from ${JSON.stringify(lookup)};
       import { chatModels } from ${JSON.stringify(data)};
       export const info = (id: string) => getModelInfoOfKind(chatModels, id);`,
    );
    expect(chatOnly).toContain("@cf/meta/llama-3.1-8b-instruct");
    expect(chatOnly).not.toContain("@cf/baai/bge-m3");
    expect(chatOnly).not.toContain("@cf/black-forest-labs/flux-1-schnell");
    const all = await bundle(`export { getModelInfo } from ${JSON.stringify(lookup)};`);
    expect(all).toContain("@cf/baai/bge-m3");
  });
});
