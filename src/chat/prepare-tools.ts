import type {
  LanguageModelV4CallOptions,
  LanguageModelV4FunctionTool,
  SharedV4Warning,
} from "@ai-sdk/provider";
import type { ChatModelFacts } from "./request/model-facts";

/** A function tool in the OpenAI chat form. */
export interface WorkersAIChatTool {
  type: "function";
  function: { name: string; description?: string; parameters: unknown; strict?: boolean };
}

/** A function tool in the flat Responses form. */
export interface WorkersAIResponsesTool {
  type: "function";
  name: string;
  description?: string;
  parameters: unknown;
  strict?: boolean;
}

/** Tools and tool choice ready for the inputs (keys absent when there is nothing to send). */
export interface PreparedTools {
  tools?: WorkersAIChatTool[] | WorkersAIResponsesTool[];
  toolChoice?: string | Record<string, unknown>;
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
export function prepareTools(args: {
  tools: LanguageModelV4CallOptions["tools"];
  toolChoice: LanguageModelV4CallOptions["toolChoice"];
  facts: ChatModelFacts;
  form: "chat" | "responses";
  warnings: SharedV4Warning[];
}): PreparedTools {
  const { facts, form, warnings } = args;
  const functionTools: LanguageModelV4FunctionTool[] = [];
  for (const tool of args.tools ?? []) {
    if (tool.type === "function") {
      functionTools.push(tool);
    } else {
      warnings.push({
        type: "unsupported",
        feature: `provider-defined tool ${tool.id}`,
        details: `Workers AI cannot run provider-defined tools; ${tool.name} was not sent.`,
      });
    }
  }
  const toolNames = functionTools.map((tool) => tool.name);
  if (functionTools.length === 0) return { toolNames };

  if (facts.info?.tools === false) {
    warnings.push({
      type: "unsupported",
      feature: "tools",
      details: `${facts.modelId} is not listed as supporting function calling; the tools were sent anyway.`,
    });
  }

  const legacy = form === "chat" && facts.chatFamily === "legacy";
  const forcedToolName = forcedToolNameOf(args);
  const choice = args.toolChoice;

  if (legacy && choice?.type === "none") return { toolNames };

  const tools =
    form === "responses"
      ? functionTools.map((tool) => toResponsesTool(tool, warnings))
      : functionTools.map((tool) => toChatTool(tool, legacy, facts.modelId, warnings));

  let toolChoice: PreparedTools["toolChoice"];
  if (choice?.type === "tool") {
    toolChoice =
      form === "responses"
        ? { type: "function", name: choice.toolName }
        : { type: "function", function: { name: choice.toolName } };
  } else if (choice !== undefined && !(legacy && choice.type === "auto")) {
    toolChoice = choice.type;
  }

  return { tools, ...(toolChoice !== undefined ? { toolChoice } : {}), toolNames, forcedToolName };
}

function toChatTool(
  tool: LanguageModelV4FunctionTool,
  legacy: boolean,
  modelId: string,
  warnings: SharedV4Warning[],
): WorkersAIChatTool {
  warnAboutExamples(tool, warnings);
  const fn: WorkersAIChatTool["function"] = {
    name: tool.name,
    ...(typeof tool.description === "string" ? { description: tool.description } : {}),
    parameters: tool.inputSchema,
  };
  if (tool.strict !== undefined) {
    // strict: false is the legacy models' behaviour anyway, so only strict: true needs a warning.
    if (legacy) {
      if (tool.strict)
        warnings.push({
          type: "unsupported",
          feature: "tool strict mode",
          details: `${modelId} has no strict tool mode; strict was not sent for ${tool.name}.`,
        });
    } else {
      fn.strict = tool.strict;
    }
  }
  return { type: "function", function: fn };
}

function toResponsesTool(
  tool: LanguageModelV4FunctionTool,
  warnings: SharedV4Warning[],
): WorkersAIResponsesTool {
  warnAboutExamples(tool, warnings);
  return {
    type: "function",
    name: tool.name,
    ...(typeof tool.description === "string" ? { description: tool.description } : {}),
    parameters: tool.inputSchema,
    ...(tool.strict !== undefined ? { strict: tool.strict } : {}),
  };
}

function warnAboutExamples(tool: LanguageModelV4FunctionTool, warnings: SharedV4Warning[]): void {
  if (tool.inputExamples && tool.inputExamples.length > 0) {
    warnings.push({
      type: "unsupported",
      feature: "tool input examples",
      details: `Workers AI tools have no examples field; the examples of ${tool.name} were not sent (the AI SDK's addToolInputExamplesMiddleware can put them into the description).`,
    });
  }
}
