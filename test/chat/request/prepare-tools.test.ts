import type { LanguageModelV4CallOptions, SharedV4Warning } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { chatModelFacts } from "../../../src/chat/request/model-facts";
import { prepareTools } from "../../../src/chat/request/prepare-tools";
import { GPT_OSS, LEGACY, OPENAI, plan } from "./helpers";

const weather = {
  type: "function",
  name: "weather",
  description: "Get the weather",
  inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
} as const;
const time = { type: "function", name: "time", inputSchema: { type: "object", properties: {} } } as const;

function prepare(
  modelId: string,
  tools: LanguageModelV4CallOptions["tools"],
  toolChoice?: LanguageModelV4CallOptions["toolChoice"],
  form: "chat" | "responses" = "chat",
) {
  const warnings: SharedV4Warning[] = [];
  const result = prepareTools({ tools, toolChoice }, chatModelFacts(modelId), form, warnings);
  return { ...result, warnings };
}

describe("prepareTools", () => {
  it("maps function tools to the OpenAI form, omitting a missing description", () => {
    const result = prepare(OPENAI, [weather, time], { type: "auto" });
    expect(result).toEqual({
      tools: [
        {
          type: "function",
          function: { name: "weather", description: "Get the weather", parameters: weather.inputSchema },
        },
        { type: "function", function: { name: "time", parameters: { type: "object", properties: {} } } },
      ],
      toolChoice: "auto",
      toolNames: ["weather", "time"],
      forcedToolName: undefined,
      warnings: [],
    });
  });

  it("never sends a non-string description", () => {
    const result = prepare(OPENAI, [
      { ...time, description: false as unknown as string },
      { ...time, name: "t2", description: undefined },
    ]);
    expect(JSON.stringify(result.tools)).not.toContain("description");
  });

  it.each([
    [{ type: "none" }, "none", undefined],
    [{ type: "required" }, "required", undefined],
    [{ type: "tool", toolName: "time" }, { type: "function", function: { name: "time" } }, "time"],
  ] as const)("toolChoice %j keeps the full tool list", (choice, wire, forced) => {
    const result = prepare(OPENAI, [weather, time], choice);
    expect(result.tools).toHaveLength(2);
    expect(result.toolChoice).toEqual(wire);
    expect(result.forcedToolName).toBe(forced);
  });

  it("required with a single tool forces that tool", () => {
    expect(prepare(OPENAI, [weather], { type: "required" }).forcedToolName).toBe("weather");
  });

  it("without toolChoice no tool_choice is sent", () => {
    expect(prepare(OPENAI, [weather])).not.toHaveProperty("toolChoice");
  });

  it("no tools → no tools and no tool choice", () => {
    expect(prepare(OPENAI, undefined, { type: "required" })).toEqual({ toolNames: [], warnings: [] });
    expect(prepare(OPENAI, [], { type: "auto" })).toEqual({ toolNames: [], warnings: [] });
  });

  it("provider-defined tools give an unsupported warning and are skipped", () => {
    const result = prepare(OPENAI, [
      weather,
      { type: "provider", id: "openai.web_search", name: "web_search", args: {} },
    ]);
    expect(result.toolNames).toEqual(["weather"]);
    expect(result.tools).toHaveLength(1);
    expect(result.warnings).toEqual([
      {
        type: "unsupported",
        feature: "provider-defined tool openai.web_search",
        details: "Workers AI cannot run provider-defined tools; web_search was not sent.",
      },
    ]);
  });

  it("legacy family: auto is not sent, none drops the tools, forcing is sent", () => {
    expect(prepare(LEGACY, [weather], { type: "auto" })).not.toHaveProperty("toolChoice");
    expect(prepare(LEGACY, [weather], { type: "auto" }).tools).toHaveLength(1);
    expect(prepare(LEGACY, [weather], { type: "none" })).toEqual({ toolNames: ["weather"], warnings: [] });
    expect(prepare(LEGACY, [weather], { type: "tool", toolName: "weather" }).toolChoice).toEqual({
      type: "function",
      function: { name: "weather" },
    });
  });

  it("strict is sent to the OpenAI family and warned about on legacy models", () => {
    expect(prepare(OPENAI, [{ ...weather, strict: true }]).tools).toEqual([
      {
        type: "function",
        function: {
          name: "weather",
          description: "Get the weather",
          parameters: weather.inputSchema,
          strict: true,
        },
      },
    ]);
    const legacy = prepare(LEGACY, [{ ...weather, strict: true }]);
    expect(JSON.stringify(legacy.tools)).not.toContain("strict");
    expect(legacy.warnings).toEqual([
      {
        type: "unsupported",
        feature: "tool strict mode",
        details: `${LEGACY} has no strict tool mode; strict was not sent for weather.`,
      },
    ]);
    expect(prepare(LEGACY, [{ ...weather, strict: false }]).warnings).toEqual([]);
  });

  it("warns about input examples", () => {
    const result = prepare(OPENAI, [{ ...weather, inputExamples: [{ input: { city: "Paris" } }] }]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ type: "unsupported", feature: "tool input examples" });
  });

  it("warns (and still sends) for a model the catalog lists without tools", () => {
    const warnings: SharedV4Warning[] = [];
    const facts = {
      ...chatModelFacts("x"),
      modelId: "x",
      info: { id: "x", task: "text-generation", tools: false },
    } as const;
    const result = prepareTools({ tools: [weather] }, facts, "chat", warnings);
    expect(result.tools).toHaveLength(1);
    expect(warnings).toEqual([
      {
        type: "unsupported",
        feature: "tools",
        details: "x is not listed as supporting function calling; the tools were sent anyway.",
      },
    ]);
  });

  it("Responses form: flat tools and flat named choice", () => {
    const result = prepare(
      GPT_OSS,
      [{ ...weather, strict: true }, time],
      { type: "tool", toolName: "weather" },
      "responses",
    );
    expect(result.tools).toEqual([
      {
        type: "function",
        name: "weather",
        description: "Get the weather",
        parameters: weather.inputSchema,
        strict: true,
      },
      { type: "function", name: "time", parameters: { type: "object", properties: {} } },
    ]);
    expect(result.toolChoice).toEqual({ type: "function", name: "weather" });
  });
});

describe("legacy template tool parameters", () => {
  it("gives each parameter one type (from its type list, branches, enum/const, properties or items) and a description", () => {
    const inputSchema = {
      type: "object",
      properties: {
        list: { type: ["null", "integer"] },
        branches: { oneOf: [{ type: "null" }, { type: "boolean" }] },
        skipped: { allOf: ["not a schema", { type: "number" }] },
        numbers: { enum: [1, 2] },
        flag: { const: true },
        nested: { properties: {} },
        many: { items: { type: "string" } },
        titled: { title: "Titled" },
        described: { type: "string", description: "Own words", title: "Ignored" },
      },
    } as const;
    const result = prepare(LEGACY, [{ type: "function", name: "f", inputSchema }]);
    const tool = result.tools?.[0] as { function: { parameters: { properties: Record<string, unknown> } } };
    const typesAndDescriptions = Object.fromEntries(
      Object.entries(tool.function.parameters.properties).map(([key, value]) => {
        const { type, description } = value as { type: string; description: string };
        return [key, [type, description]];
      }),
    );
    expect(typesAndDescriptions).toEqual({
      list: ["integer", ""],
      branches: ["boolean", ""],
      skipped: ["number", ""],
      numbers: ["number", ""],
      flag: ["boolean", ""],
      nested: ["object", ""],
      many: ["array", ""],
      titled: ["string", "Titled"],
      described: ["string", "Own words"],
    });
    expect(tool.function.parameters.properties.branches).toMatchObject(inputSchema.properties.branches);
    expect(result.warnings).toEqual([
      {
        type: "compatibility",
        feature: "tool parameter types",
        details:
          "the published tool schema of this model takes one type per parameter; f was sent with list: integer, branches: boolean, skipped: number, numbers: number, flag: boolean, nested: object, many: array, titled: string next to the parameters' own schemas.",
      },
    ]);
  });
});

describe("tools through buildChatRequest", () => {
  it("puts tools and tool_choice in inputs and reports tool names", async () => {
    const result = await plan(OPENAI, {
      tools: [weather],
      toolChoice: { type: "tool", toolName: "weather" },
    });
    expect(result.inputs.tools).toEqual([
      {
        type: "function",
        function: { name: "weather", description: "Get the weather", parameters: weather.inputSchema },
      },
    ]);
    expect(result.inputs.tool_choice).toEqual({ type: "function", function: { name: "weather" } });
    expect(result.forcedToolName).toBe("weather");
    expect(result.toolNames).toEqual(["weather"]);
  });

  it("no tools → no tools/tool_choice keys", async () => {
    const result = await plan(OPENAI, { toolChoice: { type: "auto" } });
    expect(Object.keys(result.inputs)).not.toContain("tools");
    expect(Object.keys(result.inputs)).not.toContain("tool_choice");
  });
});
