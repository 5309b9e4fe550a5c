import type { LanguageModelV4CallOptions, SharedV4Warning } from "@ai-sdk/provider";
import { exceedsContextWindow } from "../../catalog";
import { PROVIDER_OPTIONS_KEY, uniqueWarnings, unsupported } from "../../model-config";
import { type GatewayOptions, mergeGatewayLayers } from "../../transport/gateway-options";
import type { WorkersAIRunOptions } from "../../transport/types";
import {
  parseChatProviderOptions,
  WORKERS_AI_SAFE_PROMPT,
  type WorkersAIChatProviderOptions,
  type WorkersAIChatSettings,
} from "../chat-settings";
import { convertPrompt, convertToRawPrompt, toolResultText } from "./convert-prompt";
import { type ChatModelFacts, chatModelFacts } from "./model-facts";
import { forcedToolNameOf, prepareTools } from "./prepare-tools";
import { addReasoningInputs } from "./reasoning-options";
import { buildSamplingInputs } from "./sampling";
import { buildStructuredOutput } from "./structured-output";

/** Everything the chat model needs to send one Workers AI text-generation request. */
export interface ChatRequestPlan {
  /** `chat`: `messages` (or raw `prompt`); `responses`: the gpt-oss Responses input form. */
  form: "chat" | "responses";
  /** The binding's 2nd argument / REST JSON body, without `stream` (the model sets it). */
  inputs: Record<string, unknown>;
  warnings: SharedV4Warning[];
  /** Per-call `headers`, `extraHeaders` and `x-session-affinity`. */
  headers: Record<string, string | undefined>;
  /** Per-model gateway settings merged with the per-call gateway fields (per call wins). */
  gateway?: Partial<GatewayOptions>;
  /** Binding third-argument options (`rejectIfBusy`, `tags`, `prefix`; unset ones `undefined`). */
  runOptions: WorkersAIRunOptions;
  /** JSON output was requested (`response_format`, `guided_json` or `text.format` sent). */
  jsonMode: boolean;
  /** The tool the call forces (named tool choice, or `required` with one tool). */
  forcedToolName?: string;
  /** Names of the function tools sent. */
  toolNames: string[];
}

/**
 * Builds the Workers AI request of a chat call from the model settings and the AI SDK call options.
 * Invalid `providerOptions["workers-ai"]` throw the AI SDK's `InvalidArgumentError`; a non-image file in a
 * user message throws `UnsupportedFunctionalityError`; everything else that cannot be honoured is a warning.
 */
export async function buildChatRequest(args: {
  modelId: string;
  settings: WorkersAIChatSettings;
  options: LanguageModelV4CallOptions;
  stream: boolean;
}): Promise<ChatRequestPlan> {
  const { modelId, options } = args;
  const warnings: SharedV4Warning[] = [];
  const settings = mergeSettings(
    args.settings,
    parseChatProviderOptions(options.providerOptions?.[PROVIDER_OPTIONS_KEY], warnings),
  );
  const facts = chatModelFacts(modelId);

  const raw = settings.raw === true;
  const { responsesApi } = settings;
  // Raw mode is the chat form. The Responses form is used when asked for, or ("auto") on gpt-oss when the call
  // forces a tool: the chat form then sometimes writes the call as JSON text instead of a tool call.
  const form =
    !raw &&
    (responsesApi === true ||
      (responsesApi !== false && facts.acceptsResponsesForm && forcedToolNameOf(options) !== undefined))
      ? "responses"
      : "chat";
  if (form === "responses" && !facts.acceptsResponsesForm && facts.info !== undefined) {
    warnings.push({
      type: "compatibility",
      feature: "responsesApi",
      details: `${modelId} is not known to accept the Responses input form; it was used as asked.`,
    });
  }

  const inputs: Record<string, unknown> = {};
  if (raw) {
    if (settings.safePrompt) {
      warnings.push(
        unsupported(
          "safePrompt",
          "raw mode sends your prompt exactly as formatted; the safety prompt was not added.",
        ),
      );
    }
    inputs.prompt = convertToRawPrompt(options.prompt, warnings);
  } else {
    Object.assign(inputs, convertPrompt(options.prompt, facts, form, warnings, settings.safePrompt));
  }

  const structured = buildStructuredOutput(options, facts, form, warnings);
  const jsonMode = structured !== undefined;
  let tools = prepareTools(options, facts, form, warnings);
  if (jsonMode && tools.tools !== undefined) {
    if (options.toolChoice?.type !== "none") {
      warnings.push(
        unsupported(
          "tools with responseFormat json",
          "Workers AI models do not take tools and JSON mode together; the JSON response format was kept and the tools were not sent.",
        ),
      );
    }
    tools = { toolNames: [] };
  }
  if (tools.tools !== undefined) inputs.tools = tools.tools;
  if (tools.toolChoice !== undefined) inputs.tool_choice = tools.toolChoice;
  Object.assign(inputs, structured, buildSamplingInputs(options, facts, form, warnings));
  settings.chat_template_kwargs = addReasoningInputs(inputs, settings, options, facts, form, warnings);
  addModelSpecificInputs(inputs, settings, form, facts, warnings);
  if (args.stream && form === "chat" && facts.chatFamily === "openai")
    inputs.stream_options = { include_usage: true };
  Object.assign(inputs, settings.extraInputs);
  warnAboutContextWindow(facts, options, settings, inputs, warnings);

  return {
    form,
    inputs,
    warnings: uniqueWarnings(warnings),
    headers: {
      ...settings.extraHeaders,
      ...(settings.sessionAffinity !== undefined && { "x-session-affinity": settings.sessionAffinity }),
      ...options.headers,
    },
    gateway: settings.gateway,
    runOptions: { rejectIfBusy: settings.rejectIfBusy, tags: settings.tags, prefix: settings.prefix },
    jsonMode,
    forcedToolName: tools.forcedToolName,
    toolNames: tools.toolNames,
  };
}

/**
 * Per-call options over settings: scalar fields of the call win; `gateway` (with its `metadata`/`retries`),
 * `extraHeaders`, `chat_template_kwargs` and `extraInputs` merge key by key.
 */
function mergeSettings(
  settings: WorkersAIChatSettings,
  call: WorkersAIChatProviderOptions | undefined,
): WorkersAIChatSettings {
  const merged: Record<string, unknown> = { ...settings };
  if (call === undefined) return merged;
  for (const [key, value] of Object.entries(call)) {
    if (value !== undefined) merged[key] = value;
  }
  merged.gateway = mergeGatewayLayers(settings.gateway, call.gateway);
  for (const key of ["extraHeaders", "chat_template_kwargs", "extraInputs"] as const) {
    const base = settings[key];
    const override = call[key];
    merged[key] = base && override ? { ...base, ...override } : (override ?? base);
  }
  return merged;
}

/**
 * `chat_template_kwargs`, `lora`, `raw`, `repetition_penalty`: Workers AI's own inputs, sent as given in the chat
 * form (a compatibility warning when the catalog says the model does not take them); the Responses form has
 * no place for them.
 */
function addModelSpecificInputs(
  inputs: Record<string, unknown>,
  settings: WorkersAIChatSettings,
  form: "chat" | "responses",
  facts: ChatModelFacts,
  warnings: SharedV4Warning[],
): void {
  const info = facts.info;
  const entries: Array<[string, unknown, boolean]> = [
    ["chat_template_kwargs", settings.chat_template_kwargs, true],
    ["lora", settings.lora, info === undefined || info.lora === true],
    ["raw", settings.raw === true ? true : undefined, true],
    [
      "repetition_penalty",
      settings.repetition_penalty,
      info?.samplingParameters === undefined || info.samplingParameters.includes("repetition_penalty"),
    ],
  ];
  for (const [name, value, listed] of entries) {
    if (value === undefined) continue;
    if (form === "responses") {
      warnings.push(
        unsupported(
          name,
          `the Responses form has no ${name}; it was not sent (use responsesApi: false for the chat form).`,
        ),
      );
      continue;
    }
    if (!listed) {
      warnings.push({
        type: "compatibility",
        feature: name,
        details: `${facts.modelId} is not listed as accepting ${name}; it was sent as given.`,
      });
    }
    inputs[name] = value;
  }
}

/**
 * Warns before the call when the prompt, by estimate ({@link exceedsContextWindow}: ~4 characters per token for
 * Latin text, one token per CJK character), plus the output-token limit sent exceed the model's context window.
 * Counts the text of every message, tool calls and results, and the tool definitions; images are not counted.
 */
function warnAboutContextWindow(
  facts: ChatModelFacts,
  options: LanguageModelV4CallOptions,
  settings: WorkersAIChatSettings,
  inputs: Record<string, unknown>,
  warnings: SharedV4Warning[],
): void {
  const contextWindow = facts.info?.contextWindow;
  if (contextWindow === undefined) return;
  // The output-token limit the request carries, under whichever wire name the model's form uses.
  const maxOutputTokens = [inputs.max_output_tokens, inputs.max_completion_tokens, inputs.max_tokens].find(
    Number.isFinite,
  ) as number | undefined;
  // Every piece of text the prompt sends: messages, tool calls and results, inline text files, tool definitions.
  const texts: string[] = settings.safePrompt ? [WORKERS_AI_SAFE_PROMPT] : [];
  for (const message of options.prompt) {
    if (message.role === "system") {
      texts.push(message.content);
      continue;
    }
    for (const part of message.content) {
      if (part.type === "text" || part.type === "reasoning") texts.push(part.text);
      else if (part.type === "file" && part.data.type === "text") texts.push(part.data.text);
      else if (part.type === "tool-call") texts.push(part.toolName, jsonText(part.input));
      else if (part.type === "tool-result") texts.push(toolResultText(part.output));
    }
  }
  for (const tool of inputs.tools === undefined ? [] : (options.tools ?? [])) {
    if (tool.type === "function") {
      texts.push(jsonText({ name: tool.name, description: tool.description, parameters: tool.inputSchema }));
    }
  }
  // The estimate never exceeds one token per UTF-16 unit (plus one per separator), so most prompts stop here.
  let upperBound = texts.length + 1 + (maxOutputTokens ?? 0);
  for (const text of texts) upperBound += text.length;
  if (upperBound <= contextWindow) return;
  const check = exceedsContextWindow(facts.modelId, texts.join("\n"), maxOutputTokens);
  if (!check.exceeds) return;
  warnings.push({
    type: "other",
    message:
      `Estimated ${check.estimatedPromptTokens} prompt tokens + ${check.maxOutputTokens} output tokens exceed ` +
      `the context window of ${contextWindow} tokens of ${facts.modelId} (estimate: ~4 characters per ` +
      "token, 1 per CJK character); Workers AI may reject the request or cut the answer short. Shorten the " +
      "prompt or lower maxOutputTokens.",
  });
}

/** JSON text of a value; values that cannot be serialised count as nothing (the request reports them). */
function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}
