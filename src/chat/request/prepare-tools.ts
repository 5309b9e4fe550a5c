import type {
  LanguageModelV4CallOptions,
  LanguageModelV4FunctionTool,
  SharedV4Warning,
} from "@ai-sdk/provider";
import { isRecord } from "../../guards";
import { unsupported } from "../../model-config";
import type { ChatModelFacts } from "./model-facts";

/** A function as the chat form nests it in `function`, and the Responses form spreads it next to `type`. */
interface WorkersAIToolFunction {
  name: string;
  description?: string;
  parameters: unknown;
  strict?: boolean;
}

/** `T` in the OpenAI chat form (nested in `function`) or the flat Responses form: a tool, or a named tool choice. */
type Wrapped<T> = { type: "function"; function: T } | ({ type: "function" } & T);

/** Tools and tool choice ready for the inputs (keys absent when there is nothing to send). */
export interface PreparedTools {
  tools?: Wrapped<WorkersAIToolFunction>[];
  toolChoice?: string | Wrapped<{ name: string }>;
  /** Names of the function tools of the call. */
  toolNames: string[];
  /** The tool the call forces (named tool choice, or `required` with a single tool). */
  forcedToolName?: string;
}

/** The tool the call forces: a named `toolChoice`, or `required` with exactly one function tool. */
export function forcedToolNameOf(
  options: Pick<LanguageModelV4CallOptions, "tools" | "toolChoice">,
): string | undefined {
  const choice = options.toolChoice;
  if (choice?.type === "tool") return choice.toolName;
  if (choice?.type === "required") {
    const functions = (options.tools ?? []).filter((tool) => tool.type === "function");
    if (functions.length === 1) return functions[0].name;
  }
  return undefined;
}

/**
 * Maps AI SDK tools and tool choice to Workers AI (spec 3.6).
 *
 * - function tools → OpenAI form `{type:"function", function:{name, description?, parameters}}`, or the flat
 *   Responses form; `description` is omitted unless it is a string (the platform rejects `false`);
 * - provider-defined tools cannot run on Workers AI: warning, skipped;
 * - `toolChoice` → `"auto"`/`"none"`/`"required"`/`{type:"function", function:{name}}` with the full tool list
 *   kept. Legacy-family schemas have no `tool_choice`: `auto` is their default and is not sent, and `none` is
 *   honoured by not sending the tools.
 */
export function prepareTools(
  options: Pick<LanguageModelV4CallOptions, "tools" | "toolChoice">,
  facts: ChatModelFacts,
  form: "chat" | "responses",
  warnings: SharedV4Warning[],
): PreparedTools {
  const choice = options.toolChoice;
  const functionTools: LanguageModelV4FunctionTool[] = [];
  for (const tool of options.tools ?? []) {
    if (tool.type === "function") functionTools.push(tool);
    else
      warnings.push(
        unsupported(
          `provider-defined tool ${tool.id}`,
          `Workers AI cannot run provider-defined tools; ${tool.name} was not sent.`,
        ),
      );
  }
  const toolNames = functionTools.map((tool) => tool.name);
  if (functionTools.length === 0) return { toolNames };

  if (facts.info?.tools === false) {
    warnings.push(
      unsupported(
        "tools",
        `${facts.modelId} is not listed as supporting function calling; the tools were sent anyway.`,
      ),
    );
  }

  const legacy = form === "chat" && facts.chatFamily === "legacy";
  if (legacy && choice?.type === "none") return { toolNames };
  const wrap = <T extends { name: string }>(fn: T): Wrapped<T> =>
    form === "responses" ? { type: "function", ...fn } : { type: "function", function: fn };

  const toolChoice =
    choice?.type === "tool"
      ? wrap({ name: choice.toolName })
      : choice === undefined || (legacy && choice.type === "auto")
        ? undefined
        : choice.type;
  return {
    tools: functionTools.map((tool) => wrap(toolFunction(tool, form, legacy, facts, warnings))),
    ...(toolChoice !== undefined && { toolChoice }),
    toolNames,
    forcedToolName: forcedToolNameOf(options),
  };
}

/**
 * The function of a tool: `description` only when it is a string (the platform rejects `false`); on the legacy
 * template's schema (chat form) the parameters as {@link withLegacyParameterFields} patches them, with a
 * description always; `strict` as given, except on legacy models, which have no strict mode.
 */
function toolFunction(
  tool: LanguageModelV4FunctionTool,
  form: "chat" | "responses",
  legacy: boolean,
  facts: ChatModelFacts,
  warnings: SharedV4Warning[],
): WorkersAIToolFunction {
  if (tool.inputExamples && tool.inputExamples.length > 0) {
    warnings.push(
      unsupported(
        "tool input examples",
        `Workers AI tools have no examples field; the examples of ${tool.name} were not sent (the AI SDK's addToolInputExamplesMiddleware can put them into the description).`,
      ),
    );
  }
  const legacyParameters = form === "chat" && facts.jsonSchemaForm === "bare";
  const description =
    typeof tool.description === "string" ? tool.description : legacyParameters ? "" : undefined;
  const fn: WorkersAIToolFunction = {
    name: tool.name,
    ...(description !== undefined && { description }),
    parameters: legacyParameters ? withLegacyParameterFields(tool, warnings) : tool.inputSchema,
  };
  // strict: false is the legacy models' behaviour anyway, so only strict: true needs a warning.
  if (!legacy) {
    if (tool.strict !== undefined) fn.strict = tool.strict;
  } else if (tool.strict) {
    warnings.push(
      unsupported(
        "tool strict mode",
        `${facts.modelId} has no strict tool mode; strict was not sent for ${tool.name}.`,
      ),
    );
  }
  return fn;
}

/**
 * The tool's JSON Schema with what the legacy template's published tool schema requires: `type: "object"` and
 * `properties`, and a string `type` and `description` on each parameter. The rest of each parameter's schema
 * (nesting, enums, arrays) is kept: our wire notes (3.6) record full JSON Schemas working in practice.
 */
function withLegacyParameterFields(
  tool: LanguageModelV4FunctionTool,
  warnings: SharedV4Warning[],
): Record<string, unknown> {
  const schema = tool.inputSchema as Record<string, unknown>;
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const patched: Record<string, unknown> = {};
  const guessed: string[] = [];
  for (const [key, value] of Object.entries(properties)) {
    const parameter = isRecord(value) ? value : {};
    const type = singleTypeOf(parameter);
    if (type !== parameter.type) guessed.push(`${key}: ${type}`);
    patched[key] = {
      ...parameter,
      type,
      description: [parameter.description, parameter.title, ""].find((text) => typeof text === "string"),
    };
  }
  if (guessed.length > 0) {
    warnings.push({
      type: "compatibility",
      feature: "tool parameter types",
      details: `the published tool schema of this model takes one type per parameter; ${tool.name} was sent with ${guessed.join(", ")} next to the parameters' own schemas.`,
    });
  }
  return { ...schema, type: "object", properties: patched };
}

/** The one JSON type a parameter schema stands for: its `type`, the first non-null of a list or of its branches. */
function singleTypeOf(schema: Record<string, unknown>): string {
  const { type } = schema;
  if (typeof type === "string") return type;
  const listed = Array.isArray(type) && type.find((entry) => typeof entry === "string" && entry !== "null");
  if (typeof listed === "string") return listed;
  for (const branches of [schema.anyOf, schema.oneOf, schema.allOf]) {
    for (const branch of Array.isArray(branches) ? branches : []) {
      const branchType = isRecord(branch) ? singleTypeOf(branch) : "null";
      if (branchType !== "null") return branchType;
    }
  }
  const sampleType = typeof (Array.isArray(schema.enum) ? schema.enum[0] : schema.const);
  if (sampleType === "number" || sampleType === "boolean") return sampleType;
  if (isRecord(schema.properties)) return "object";
  return schema.items !== undefined ? "array" : "string";
}
