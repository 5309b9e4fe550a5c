import type { LanguageModelV4CallOptions, SharedV4Warning } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import type { WorkersAIChatSettings } from "../../../src/chat/chat-settings";
import { chatModelFacts } from "../../../src/chat/request/model-facts";
import { buildStructuredOutput } from "../../../src/chat/request/structured-output";
import { GPT_OSS, KIMI, LEGACY, OPENAI, plan, UNKNOWN } from "./helpers";

const KIMI_CODE = "@cf/moonshotai/kimi-k2.7-code";
const KIMI_26 = "@cf/moonshotai/kimi-k2.6";
const GLM_52 = "@cf/zai-org/glm-5.2";
const GLM_53_FLASH = "@cf/zai-org/glm-5.3-flash";
const DEEPSEEK_FLASH = "@cf/deepseek-ai/deepseek-v4-flash-0731";
const GEMMA = "@cf/google/gemma-3-12b-it";

type Reasoning = LanguageModelV4CallOptions["reasoning"];

async function effortOf(modelId: string, reasoning: Reasoning, settings: WorkersAIChatSettings = {}) {
  const result = await plan(modelId, { reasoning }, settings);
  return {
    sent: "reasoning_effort" in result.inputs ? result.inputs.reasoning_effort : "(not sent)",
    warnings: result.warnings.map((w) => w.type),
  };
}

describe("AI SDK reasoning → reasoning_effort", () => {
  // model with low/medium/high that can disable (kimi-k2.5: with enable_thinking false, so no reasoning_effort)
  it.each([
    [undefined, "(not sent)", []],
    ["provider-default", "(not sent)", []],
    ["none", "(not sent)", []],
    ["minimal", "low", ["compatibility"]],
    ["low", "low", []],
    ["medium", "medium", []],
    ["high", "high", []],
    ["xhigh", "high", ["compatibility"]],
    ["max", "high", ["compatibility"]],
  ] as const)("kimi-k2.5: %s → %j", async (reasoning, sent, warnings) => {
    expect(await effortOf(KIMI, reasoning)).toEqual({ sent, warnings });
  });

  it.each([
    ["none", "low", ["compatibility"]],
    ["high", "high", []],
    ["max", "high", ["compatibility"]],
  ] as const)("gpt-oss (cannot disable): %s → %j", async (reasoning, sent, warnings) => {
    expect(await effortOf(GPT_OSS, reasoning)).toEqual({ sent, warnings });
  });

  it("the clamp warning says what was sent", async () => {
    const result = await plan(KIMI, { reasoning: "xhigh" });
    expect(result.warnings).toEqual([
      {
        type: "compatibility",
        feature: "reasoning",
        details: 'reasoning "xhigh" is not directly supported by this model. mapped to effort "high".',
      },
    ]);
  });

  it("models that take no effort get a warning and nothing is sent", async () => {
    const legacy = await plan(LEGACY, { reasoning: "high" });
    expect(legacy.inputs).not.toHaveProperty("reasoning_effort");
    expect(legacy.warnings).toEqual([
      {
        type: "unsupported",
        feature: "reasoning",
        details: `${LEGACY} does not accept a reasoning effort; nothing was sent.`,
      },
    ]);
    const mandatory = await plan(KIMI_CODE, { reasoning: "low" });
    expect(mandatory.inputs).not.toHaveProperty("reasoning_effort");
    expect(mandatory.warnings).toEqual([
      {
        type: "unsupported",
        feature: "reasoning",
        details: `${KIMI_CODE} does not accept a reasoning effort (its reasoning cannot be configured); nothing was sent.`,
      },
    ]);
  });

  it("none turns reasoning off the model's way", async () => {
    // glm-4.7-flash: enable_thinking false; explicit chat_template_kwargs still win
    const glm = await plan(OPENAI, { reasoning: "none" });
    expect(glm.inputs).not.toHaveProperty("reasoning_effort");
    expect(glm.inputs.chat_template_kwargs).toEqual({ enable_thinking: false });
    expect(glm.warnings).toEqual([]);
    const kept = await plan(
      OPENAI,
      { reasoning: "none" },
      { chat_template_kwargs: { enable_thinking: true, clear_thinking: true } },
    );
    expect(kept.inputs.chat_template_kwargs).toEqual({ enable_thinking: true, clear_thinking: true });
    // deepseek-v4-flash publishes "none" among its efforts
    expect(await effortOf(DEEPSEEK_FLASH, "none")).toEqual({ sent: "none", warnings: [] });
    // kimi-k2.5 and kimi-k2.6 publish no "none": enable_thinking false
    for (const kimi of [KIMI, KIMI_26]) {
      const off = await plan(kimi, { reasoning: "none" });
      expect(off.inputs).not.toHaveProperty("reasoning_effort");
      expect(off.inputs.chat_template_kwargs).toEqual({ enable_thinking: false });
    }
  });

  it("levels between listed efforts go to the nearest lower one, else the next higher", async () => {
    // deepseek-v4-flash: max | high | low | none
    expect(await effortOf(DEEPSEEK_FLASH, "medium")).toEqual({ sent: "low", warnings: ["compatibility"] });
    expect(await effortOf(KIMI_26, "low")).toEqual({ sent: "low", warnings: [] });
    expect(await effortOf(GLM_52, "xhigh")).toEqual({ sent: "high", warnings: ["compatibility"] });
    expect(await effortOf(GLM_53_FLASH, "max")).toEqual({ sent: "max", warnings: [] });
  });

  it("glm-4.7-flash takes the efforts its published schema lists", async () => {
    expect(await effortOf(OPENAI, "high")).toEqual({ sent: "high", warnings: [] });
  });

  it("unknown models take low/medium/high and null", async () => {
    expect(await effortOf(UNKNOWN, "medium")).toEqual({ sent: "medium", warnings: [] });
    expect(await effortOf(UNKNOWN, "none")).toEqual({ sent: null, warnings: [] });
    expect(await effortOf(UNKNOWN, "minimal")).toEqual({ sent: "low", warnings: ["compatibility"] });
  });
});

describe("reasoning_effort setting (only values the model's published list has are sent)", () => {
  it("wins over the reasoning call option", async () => {
    expect(await effortOf(KIMI, "high", { reasoning_effort: "low" })).toEqual({ sent: "low", warnings: [] });
  });

  it('null turns reasoning off the model\'s way: null, "none" or enable_thinking false', async () => {
    const kimi = await plan(KIMI, { reasoning: "high" }, { reasoning_effort: null });
    expect(kimi.inputs).not.toHaveProperty("reasoning_effort");
    expect(kimi.inputs.chat_template_kwargs).toEqual({ enable_thinking: false });
    expect(await effortOf(DEEPSEEK_FLASH, undefined, { reasoning_effort: null })).toEqual({
      sent: "none",
      warnings: [],
    });
    expect(await effortOf(UNKNOWN, undefined, { reasoning_effort: null })).toEqual({
      sent: null,
      warnings: [],
    });
  });

  it("per-call null overrides a settings value", async () => {
    const result = await plan(
      KIMI,
      { providerOptions: { "workers-ai": { reasoning_effort: null } } },
      { reasoning_effort: "high" },
    );
    expect(result.inputs).not.toHaveProperty("reasoning_effort");
    expect(result.inputs.chat_template_kwargs).toEqual({ enable_thinking: false });
  });

  it("values the model's published list lacks are not sent: an unsupported warning", async () => {
    // glm-4.7-flash publishes low | medium | high
    const glm = await plan(OPENAI, {}, { reasoning_effort: "max" });
    expect(glm.inputs).not.toHaveProperty("reasoning_effort");
    expect(glm.warnings).toEqual([
      {
        type: "unsupported",
        feature: "reasoning_effort",
        details: `${OPENAI} takes reasoning_effort "low", "medium", "high"; reasoning_effort "max" was not sent.`,
      },
    ]);
    // kimi-k2.6 publishes low | medium | high: "none" was sent before
    expect(await effortOf(KIMI_26, undefined, { reasoning_effort: "none" })).toEqual({
      sent: "(not sent)",
      warnings: ["unsupported"],
    });
    // gpt-oss's reasoning cannot be turned off
    expect(await effortOf(GPT_OSS, undefined, { reasoning_effort: null })).toEqual({
      sent: "(not sent)",
      warnings: ["unsupported"],
    });
    expect(await effortOf(LEGACY, undefined, { reasoning_effort: "low" })).toEqual({
      sent: "(not sent)",
      warnings: ["unsupported"],
    });
  });

  it("listed values are sent without a warning; models the catalog does not know get what is asked", async () => {
    expect(await effortOf(DEEPSEEK_FLASH, undefined, { reasoning_effort: "none" })).toEqual({
      sent: "none",
      warnings: [],
    });
    expect(await effortOf(GLM_53_FLASH, undefined, { reasoning_effort: "max" })).toEqual({
      sent: "max",
      warnings: [],
    });
    // glm-5.3-flash's published file normalizes "none" to "max": the listed value is sent, with a warning
    expect(await effortOf(GLM_53_FLASH, undefined, { reasoning_effort: "none" })).toEqual({
      sent: "max",
      warnings: ["compatibility"],
    });
    expect(await effortOf(UNKNOWN, undefined, { reasoning_effort: "max" })).toEqual({
      sent: "max",
      warnings: [],
    });
  });

  it("Responses form: reasoning.effort, and null cannot be expressed", async () => {
    const high = await plan(GPT_OSS, { reasoning: "high" }, { responsesApi: true });
    expect(high.inputs.reasoning).toEqual({ effort: "high" });
    const explicit = await plan(GPT_OSS, {}, { responsesApi: true, reasoning_effort: "low" });
    expect(explicit.inputs.reasoning).toEqual({ effort: "low" });
    const off = await plan(GPT_OSS, {}, { responsesApi: true, reasoning_effort: null });
    expect(off.inputs).not.toHaveProperty("reasoning");
    expect(off.warnings).toEqual([
      {
        type: "unsupported",
        feature: "reasoning_effort",
        details: "the Responses form cannot turn reasoning off; reasoning_effort null was not sent.",
      },
    ]);
  });
});

describe("structured output", () => {
  const schema = { type: "object", properties: { name: { type: "string" } }, required: ["name"] } as const;

  it("json schema → response_format json_schema with the bare schema", async () => {
    const result = await plan(LEGACY, { responseFormat: { type: "json", schema } });
    expect(result.inputs.response_format).toEqual({ type: "json_schema", json_schema: schema });
    expect(result.jsonMode).toBe(true);
  });

  it("OpenAI-style schemas (jsonSchemaForm named) get the { name, description, schema } envelope", async () => {
    const result = await plan(OPENAI, {
      responseFormat: { type: "json", schema, name: "person", description: "A person" },
    });
    expect(result.inputs.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "person", description: "A person", schema },
    });
    const unnamed = await plan(OPENAI, { responseFormat: { type: "json", schema } });
    expect(unnamed.inputs.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "response", schema },
    });
  });

  it("legacy schemas (jsonSchemaForm bare) get the schema, name and description folded in without touching it", async () => {
    const result = await plan(LEGACY, {
      responseFormat: { type: "json", schema, name: "person", description: "A person" },
    });
    expect(result.inputs.response_format).toEqual({
      type: "json_schema",
      json_schema: { ...schema, title: "person", description: "A person" },
    });
    expect(schema).not.toHaveProperty("title");
  });

  it("json without schema → json_object", async () => {
    const result = await plan(LEGACY, { responseFormat: { type: "json" } });
    expect(result.inputs.response_format).toEqual({ type: "json_object" });
  });

  it("text response format sends nothing", async () => {
    const result = await plan(LEGACY, { responseFormat: { type: "text" } });
    expect(result.inputs).not.toHaveProperty("response_format");
    expect(result.jsonMode).toBe(false);
  });

  it("guided_json-only models get guided_json", async () => {
    const result = await plan(GEMMA, { responseFormat: { type: "json", schema, name: "person" } });
    expect(result.inputs).not.toHaveProperty("response_format");
    expect(result.inputs.guided_json).toEqual({ ...schema, title: "person" });
    expect(result.jsonMode).toBe(true);
    const bare = await plan(GEMMA, { responseFormat: { type: "json" } });
    expect(bare.inputs.guided_json).toEqual({ type: "object" });
  });

  it("warns when the catalog lists no JSON mode and sends it anyway", () => {
    const warnings: SharedV4Warning[] = [];
    const facts = {
      ...chatModelFacts(UNKNOWN),
      info: { id: UNKNOWN, task: "text-generation", jsonMode: false },
    } as const;
    const result = buildStructuredOutput(
      { prompt: [], responseFormat: { type: "json" } },
      facts,
      "chat",
      warnings,
    );
    expect(result).toEqual({ response_format: { type: "json_object" } });
    expect(warnings).toEqual([
      {
        type: "unsupported",
        feature: "responseFormat",
        details: `${UNKNOWN} is not listed as supporting JSON mode; response_format was sent anyway.`,
      },
    ]);
  });
});
