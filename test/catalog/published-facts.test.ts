import { describe, expect, it } from "vitest";
import { type PublishedFacts, publishedFacts, TASKS } from "../../scripts/published-facts.mjs";
import { getModelInfo, type WorkersAIModelInfo, workersAIModels } from "../../src/catalog";
import { publishedModelFiles } from "../../src/testing/model-schemas";

/*
 * The catalog (src/catalog/models.ts) against Cloudflare's published model files (src/testing/model-schemas):
 * the facts are read off each file's `properties` and input schema by scripts/published-facts.mjs, which does
 * not use the catalog code. Where the catalog knowingly differs, the reason is a test of its own below.
 */

const published = publishedModelFiles.map((file) => ({ file, facts: publishedFacts(file) }));

/** USD price fields a published file can state (neurons come from the pricing page only). */
const USD_PRICE_FIELDS = [
  "inputPerMillionTokensUsd",
  "outputPerMillionTokensUsd",
  "cachedInputPerMillionTokensUsd",
  "perTileUsd",
  "perStepUsd",
  "perInputTilePerStepUsd",
  "perOutputTilePerStepUsd",
  "perAudioMinuteUsd",
  "perThousandCharactersUsd",
] as const;

/** Catalog rows with no published file: the file name differs from every id spelling the docs use. */
const ROWS_WITHOUT_FILE = new Set<string>();

/** Facts the catalog states although the published file does not (each has a named test below). */
const UNPUBLISHED_FACTS: Record<string, Partial<Record<keyof PublishedFacts, unknown>>> = {
  "@cf/qwen/qwq-32b": { thinking: true },
};

function usdPrice(info: WorkersAIModelInfo): Record<string, number> {
  const out: Record<string, number> = {};
  for (const field of USD_PRICE_FIELDS) {
    const value = info.price?.[field];
    if (value !== undefined) out[field] = value;
  }
  return out;
}

/** What the file states, in the catalog's terms (booleans: stated true, or not stated). */
function expectedFacts(facts: PublishedFacts): Record<string, unknown> {
  const expected: Record<string, unknown> = {
    task: facts.task,
    contextWindow: facts.contextWindow,
    // A file without a price leaves the pricing page's price (if any) unchecked.
    price: facts.price ?? "not published",
    beta: facts.beta === true,
    partner: facts.partner === true,
    realtime: facts.realtime === true,
    asyncQueue: facts.asyncQueue === true,
    requiresPaid: facts.requiresPaid === true,
    lora: facts.lora === true,
    plannedDeprecationDate: facts.plannedDeprecationDate,
    ...(facts.embeddingDimensions !== undefined ? { embeddingDimensions: facts.embeddingDimensions } : {}),
  };
  if (facts.task !== "text-generation") return expected;
  Object.assign(expected, {
    tools: facts.tools === true,
    vision: facts.vision === true,
    thinking: facts.thinking === true,
  });
  if (!facts.schemaKnown) return { ...expected, ...UNPUBLISHED_FACTS[facts.id] };
  Object.assign(expected, {
    toolsSchemaOnly: facts.toolsSchemaOnly === true,
    visionInput: facts.visionInput,
    stringContentOnly: facts.stringContentOnly === true,
    maxPromptCharacters: facts.maxPromptCharacters,
    toolCallIdPattern: facts.toolCallIdPattern,
    jsonMode: facts.jsonMode,
    jsonSchemaForm: facts.jsonSchemaForm,
    guidedJson: facts.guidedJson === true,
    reasoning: facts.reasoning,
    samplingParameters: [...(facts.samplingParameters ?? [])].sort(),
    samplingRanges: facts.samplingRanges,
    platformDefaultMaxTokens: facts.platformDefaultMaxTokens,
  });
  return { ...expected, ...UNPUBLISHED_FACTS[facts.id] };
}

/** The same facts read from a catalog row. */
function rowFacts(info: WorkersAIModelInfo, facts: PublishedFacts): Record<string, unknown> {
  const actual: Record<string, unknown> = {
    task: info.task,
    contextWindow: info.contextWindow,
    price: facts.price === undefined ? "not published" : usdPrice(info),
    beta: info.beta === true,
    partner: info.partner === true,
    realtime: info.realtime === true,
    asyncQueue: info.asyncQueue === true,
    requiresPaid: info.requiresPaid === true,
    lora: info.lora === true,
    plannedDeprecationDate: info.plannedDeprecationDate,
    ...(facts.embeddingDimensions !== undefined ? { embeddingDimensions: info.embedding?.dimensions } : {}),
  };
  if (facts.task !== "text-generation") return actual;
  Object.assign(actual, {
    tools: info.tools === true,
    vision: info.vision === true,
    thinking: info.thinking === true,
  });
  if (!facts.schemaKnown) return actual;
  const reasoning = info.reasoning;
  Object.assign(actual, {
    toolsSchemaOnly: info.toolsSchemaOnly === true,
    visionInput: info.visionInput,
    stringContentOnly: info.stringContentOnly === true,
    maxPromptCharacters: info.maxPromptCharacters,
    toolCallIdPattern: info.toolCallIdPattern,
    jsonMode: info.jsonMode,
    jsonSchemaForm: info.jsonSchemaForm,
    guidedJson: info.guidedJson === true,
    reasoning:
      facts.reasoning === undefined || reasoning === undefined
        ? undefined
        : {
            ...(reasoning.efforts !== undefined ? { efforts: reasoning.efforts } : {}),
            ...(reasoning.defaultEffort !== undefined ? { defaultEffort: reasoning.defaultEffort } : {}),
            ...(reasoning.mandatory ? { mandatory: true } : {}),
            ...(reasoning.disableWith !== undefined ? { disableWith: reasoning.disableWith } : {}),
            canDisable: reasoning.canDisable,
            ...(reasoning.effortAliases !== undefined ? { effortAliases: reasoning.effortAliases } : {}),
            ...(reasoning.chatTemplateKwargs !== undefined
              ? { chatTemplateKwargs: reasoning.chatTemplateKwargs }
              : {}),
          },
    samplingParameters: [...(info.samplingParameters ?? [])].sort(),
    samplingRanges: info.samplingRanges ?? {},
    platformDefaultMaxTokens: info.platformDefaultMaxTokens,
  });
  return actual;
}

describe("catalog facts equal Cloudflare's published model files", () => {
  const catalogTasks = new Set(Object.values(TASKS));

  it("every published model of a catalog task has a row, and every row has a published file", () => {
    const missing = published
      .filter(({ facts }) => facts.task !== undefined && catalogTasks.has(facts.task))
      .filter(({ facts }) => getModelInfo(facts.id) === undefined)
      .map(({ facts }) => facts.id);
    expect(missing).toEqual([]);
    const covered = new Set(published.map(({ facts }) => getModelInfo(facts.id)?.id));
    const withoutFile = workersAIModels.filter((info) => !covered.has(info.id)).map((info) => info.id);
    expect(withoutFile).toEqual([...ROWS_WITHOUT_FILE]);
  });

  it.each(published.map(({ file, facts }) => [file.model, facts] as const))("%s", (id, facts) => {
    const info = getModelInfo(id);
    expect(info, `${id} has no catalog row`).toBeDefined();
    if (info === undefined) return;
    expect(rowFacts(info, facts)).toEqual(expectedFacts(facts));
  });

  it("where a file states reasoning_effort.supported_efforts, its input schema's enum lists the same efforts", () => {
    const stated = published.filter(({ facts }) => facts.publishedEfforts !== undefined);
    expect(stated.length).toBeGreaterThan(0);
    for (const { facts } of stated)
      expect(facts.reasoning?.efforts, facts.id).toEqual(facts.publishedEfforts);
  });

  it("qwq-32b: the published file has no reasoning property, its model description and our wire notes say it reasons (the row keeps thinking)", () => {
    const file = published.find(({ facts }) => facts.id === "@cf/qwen/qwq-32b");
    expect(file?.facts.thinking).toBeUndefined();
    expect(file?.file.published).toHaveProperty("description", expect.stringMatching(/reasoning/i));
    expect(getModelInfo("@cf/qwen/qwq-32b")?.thinking).toBe(true);
  });

  it("llama-3.2-11b-vision-instruct: the published schema takes string content and a top-level `image`, @cloudflare/workers-types also types content parts (the row follows the published file)", () => {
    const info = getModelInfo("@cf/meta/llama-3.2-11b-vision-instruct");
    expect(info).toMatchObject({ vision: true, visionInput: "image-field", stringContentOnly: true });
  });

  it("llama-3.3-70b-instruct-fp8-fast: the published file's price (0.29 / 2.25) wins over the pricing page's (0.293 / 2.253)", () => {
    expect(getModelInfo("@cf/meta/llama-3.3-70b-instruct-fp8-fast")?.price).toEqual({
      inputPerMillionTokensUsd: 0.29,
      outputPerMillionTokensUsd: 2.25,
    });
  });
});
