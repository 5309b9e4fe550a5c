/**
 * Emulated text generation: request validation, a deterministic answer (or a scripted one) and the
 * three reply families of spec 3 (legacy `{response}`, chat-completions, Responses) with their streams.
 *
 * "Tokens" are whitespace-separated words: usage figures count words, not model tokens.
 */
import type { CatalogModel, ChatFamily, ReasoningStyle } from "../catalog";
import { EmulatorError, invalidInput } from "../errors";
import type { Outcome } from "../outcome";
import { type SsePlan, sseJson } from "../sse";
import type { ScriptedReply } from "../types";
import { countTokens, isRecord, randomHex, splitPieces } from "../util";
import { composeReply } from "./chat-content";

/** Which API shape the request came in on. */
export type ChatEndpoint = "run" | "chat-completions" | "responses";

/** A chat request as the engine hands it over. */
export interface ChatRequest {
  model: string;
  catalog: CatalogModel;
  inputs: Record<string, unknown>;
  endpoint: ChatEndpoint;
  headers: Record<string, string>;
  tokenDelayMs: number;
  /** Prefix-cache memory for `x-session-affinity`: key → prompt tokens of the previous request. */
  sessions: Map<string, number>;
}

interface ToolDef {
  name: string;
  description?: string;
  parameters: unknown;
}

type ToolChoice = { mode: "auto" | "none" | "required" } | { mode: "named"; name: string };

interface ChatView {
  lastRole: string;
  lastUserText: string;
  /** Tool results since the last user or assistant turn. */
  toolResults: { name?: string; content: string }[];
  promptTokens: number;
  tools: ToolDef[];
  toolChoice: ToolChoice;
  jsonMode: boolean;
  jsonSchema?: unknown;
  maxTokens?: number;
  reasoningOff: boolean;
  stream: boolean;
}

interface PlannedToolCall {
  id: string;
  name: string;
  args: unknown;
  argsJson: string;
}

interface ChatPlan {
  family: ChatFamily;
  model: string;
  reasoningStyle: ReasoningStyle;
  reasoning: string;
  text: string;
  /** Structured value (legacy `response` object). */
  json?: unknown;
  toolCalls: PlannedToolCall[];
  finishReason: string;
  usage: { prompt: number; completion: number; cached: number; reasoning: number };
  tokens?: string[];
  chunkSize: number;
  legacyToolShape: "flat" | "openai";
  leak: boolean;
}

const ROLES = new Set(["system", "developer", "user", "assistant", "tool", "function"]);

/** `true` when the model also speaks the Responses API (gpt-oss). */
function speaksResponses(model: string): boolean {
  return model.includes("gpt-oss");
}

/** The family a request gets, chosen like the real service: by endpoint, model and input shape. */
function chatFamilyFor(catalog: CatalogModel, inputs: Record<string, unknown>, endpoint: ChatEndpoint) {
  if (endpoint === "chat-completions") return "openai";
  if (endpoint === "responses") return "responses";
  if (
    speaksResponses(catalog.id) &&
    inputs.input !== undefined &&
    inputs.messages === undefined &&
    inputs.prompt === undefined
  )
    return "responses";
  return catalog.family ?? "legacy";
}

function textOfContent(content: unknown, where: string, catalog: CatalogModel): string {
  if (typeof content === "string") return content;
  if (content === null) throw invalidInput(`${where}.content must not be null`);
  if (!Array.isArray(content)) throw invalidInput(`${where}.content must be a string or an array of parts`);
  if (catalog.stringContentOnly) throw invalidInput(`${where}.content must be a string for ${catalog.id}`);
  const texts: string[] = [];
  content.forEach((part, i) => {
    if (!isRecord(part)) throw invalidInput(`${where}.content[${i}] must be an object`);
    const type = part.type;
    if (type === "text" || type === "input_text" || type === "output_text") {
      if (typeof part.text !== "string") throw invalidInput(`${where}.content[${i}].text must be a string`);
      texts.push(part.text);
    } else if (type === "image_url" || type === "input_image") {
      const raw = isRecord(part.image_url) ? part.image_url.url : part.image_url;
      const url = typeof raw === "string" ? raw : "";
      if (!catalog.vision) throw invalidInput(`${catalog.id} does not accept images`);
      if (!url.startsWith("data:"))
        throw invalidInput(`${where}.content[${i}] image URL must be a data: URL`);
      if (url.startsWith("data:image/svg")) throw new EmulatorError(8005, "Internal server error");
    } else {
      throw invalidInput(`${where}.content[${i}] has unsupported type ${JSON.stringify(type)}`);
    }
  });
  return texts.join("\n");
}

function parseTools(value: unknown): ToolDef[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidInput("'tools' must be an array");
  return value.map((tool, i) => {
    if (!isRecord(tool)) throw invalidInput(`tools[${i}] must be an object`);
    const fn = tool.type === "function" && isRecord(tool.function) ? tool.function : tool;
    if (typeof fn.name !== "string" || fn.name === "")
      throw invalidInput(`tools[${i}].name must be a string`);
    if (fn.description !== undefined && typeof fn.description !== "string")
      throw invalidInput(`tools[${i}].description must be a string`);
    return {
      name: fn.name,
      description: fn.description,
      parameters: fn.parameters ?? { type: "object", properties: {} },
    };
  });
}

function parseToolChoice(value: unknown, tools: ToolDef[]): ToolChoice {
  if (value === undefined || value === null || value === "auto") return { mode: "auto" };
  if (value === "none" || value === "required") return { mode: value };
  if (typeof value === "string") throw invalidInput(`tool_choice ${JSON.stringify(value)} is not supported`);
  if (isRecord(value)) {
    if (value.type === "function") {
      const name = isRecord(value.function) ? value.function.name : value.name;
      if (typeof name !== "string") throw invalidInput("tool_choice.function.name must be a string");
      if (!tools.some((t) => t.name === name)) throw invalidInput(`tool_choice names unknown tool ${name}`);
      return { mode: "named", name };
    }
    if (value.type === "allowed_tools" && isRecord(value.allowed_tools)) {
      return { mode: value.allowed_tools.mode === "required" ? "required" : "auto" };
    }
  }
  throw invalidInput("tool_choice is invalid");
}

function schemaOfJsonSchemaField(value: unknown): unknown {
  if (isRecord(value) && isRecord(value.schema) && ("name" in value || "strict" in value))
    return value.schema;
  return value;
}

function parseMaxTokens(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 1)
    throw invalidInput(`'${field}' must be a positive number`);
  return Math.floor(value);
}

function parseChatView(req: ChatRequest, family: ChatFamily): ChatView {
  const { inputs, catalog } = req;
  const view: ChatView = {
    lastRole: "user",
    lastUserText: "",
    toolResults: [],
    promptTokens: 0,
    tools: [],
    toolChoice: { mode: "auto" },
    jsonMode: false,
    reasoningOff: false,
    stream: inputs.stream === true,
  };
  if (family === "responses" && req.endpoint !== "chat-completions") {
    parseResponsesInput(inputs, view, catalog);
  } else {
    parseMessagesInput(req, view);
    const format = inputs.response_format;
    if (format !== undefined && format !== null) {
      if (!isRecord(format)) throw invalidInput("'response_format' must be an object");
      if (format.type === "json_object") view.jsonMode = true;
      else if (format.type === "json_schema") {
        view.jsonMode = true;
        view.jsonSchema = schemaOfJsonSchemaField(format.json_schema ?? format.schema);
      } else if (format.type !== "text") throw invalidInput("response_format.type is invalid");
    }
    if (inputs.guided_json !== undefined) {
      view.jsonMode = true;
      view.jsonSchema =
        typeof inputs.guided_json === "string" ? safeJson(inputs.guided_json) : inputs.guided_json;
    }
    view.maxTokens =
      family === "openai"
        ? parseMaxTokens(inputs.max_completion_tokens ?? inputs.max_tokens, "max_completion_tokens")
        : parseMaxTokens(inputs.max_tokens, "max_tokens");
  }
  view.tools = parseTools(inputs.tools);
  view.toolChoice = parseToolChoice(inputs.tool_choice, view.tools);
  const kwargs = isRecord(inputs.chat_template_kwargs) ? inputs.chat_template_kwargs : {};
  const effort = isRecord(inputs.reasoning) ? inputs.reasoning.effort : inputs.reasoning_effort;
  view.reasoningOff =
    catalog.reasoningOptional === true &&
    (effort === null || effort === "none" || kwargs.enable_thinking === false);
  const forced = view.toolChoice.mode === "named" || view.toolChoice.mode === "required";
  const reasons = catalog.reasoning !== undefined && catalog.reasoning !== "none" && !view.reasoningOff;
  if (forced && reasons && view.maxTokens !== undefined && view.maxTokens < 32)
    throw new EmulatorError(8006, "Forced tool call needs more tokens: raise max_tokens");
  return view;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalidInput("'guided_json' must be a JSON schema");
  }
}

function parseMessagesInput(req: ChatRequest, view: ChatView): void {
  const { inputs, catalog } = req;
  const { prompt, messages } = inputs;
  if (prompt !== undefined && messages !== undefined)
    throw new EmulatorError(1001, "prompt and messages are mutually exclusive");
  if (prompt === undefined && messages === undefined) {
    throw invalidInput(
      req.endpoint === "chat-completions"
        ? "'messages' is required"
        : "one of 'prompt' or 'messages' is required",
    );
  }
  if (prompt !== undefined) {
    if (typeof prompt !== "string" || prompt === "")
      throw invalidInput("'prompt' must be a non-empty string");
    view.lastUserText = prompt;
    view.promptTokens = countTokens(prompt);
    return;
  }
  if (!Array.isArray(messages) || messages.length === 0)
    throw invalidInput("'messages' must be a non-empty array");
  const toolNames = new Map<string, string>();
  messages.forEach((message, i) => {
    const where = `messages[${i}]`;
    if (!isRecord(message)) throw invalidInput(`${where} must be an object`);
    const role = message.role;
    if (typeof role !== "string" || !ROLES.has(role)) throw invalidInput(`${where}.role is invalid`);
    let text = "";
    if (message.content === undefined) {
      if (role !== "assistant") throw invalidInput(`${where}.content is required`);
    } else text = textOfContent(message.content, where, catalog);
    if (Array.isArray(message.tool_calls)) {
      for (const call of message.tool_calls) {
        if (!isRecord(call)) continue;
        const fn = isRecord(call.function) ? call.function : call;
        if (typeof call.id === "string" && typeof fn.name === "string") toolNames.set(call.id, fn.name);
        const args = fn.arguments;
        view.promptTokens += countTokens(typeof args === "string" ? args : JSON.stringify(args ?? ""));
      }
    }
    view.promptTokens += countTokens(text);
    view.lastRole = role;
    if (role === "user") view.lastUserText = text;
    if (role === "user" || role === "assistant") view.toolResults = [];
    if (role === "tool" || role === "function") {
      const name =
        typeof message.name === "string"
          ? message.name
          : typeof message.tool_call_id === "string"
            ? toolNames.get(message.tool_call_id)
            : undefined;
      view.toolResults.push({ name, content: text });
    }
  });
}

function parseResponsesInput(inputs: Record<string, unknown>, view: ChatView, catalog: CatalogModel): void {
  const input = inputs.input;
  if (typeof inputs.instructions === "string") view.promptTokens += countTokens(inputs.instructions);
  if (typeof input === "string") {
    if (input === "") throw invalidInput("'input' must not be empty");
    view.lastUserText = input;
    view.promptTokens += countTokens(input);
  } else if (Array.isArray(input) && input.length > 0) {
    const callNames = new Map<string, string>();
    input.forEach((item, i) => {
      const where = `input[${i}]`;
      if (!isRecord(item)) throw invalidInput(`${where} must be an object`);
      if (item.type === "function_call") {
        if (typeof item.call_id === "string" && typeof item.name === "string")
          callNames.set(item.call_id, item.name);
        if (view.lastRole === "tool") view.toolResults = [];
        view.lastRole = "assistant";
        return;
      }
      if (item.type === "function_call_output") {
        const output = typeof item.output === "string" ? item.output : JSON.stringify(item.output ?? "");
        view.lastRole = "tool";
        view.toolResults.push({
          name: typeof item.call_id === "string" ? callNames.get(item.call_id) : undefined,
          content: output,
        });
        view.promptTokens += countTokens(output);
        return;
      }
      if (item.type === "reasoning") return;
      const role = item.role;
      if (typeof role !== "string" || !ROLES.has(role)) throw invalidInput(`${where}.role is invalid`);
      const text = textOfContent(item.content, where, catalog);
      view.promptTokens += countTokens(text);
      view.lastRole = role;
      if (role === "user") view.lastUserText = text;
      if (role === "user" || role === "assistant") view.toolResults = [];
    });
  } else {
    throw invalidInput("'input' is required");
  }
  const text = isRecord(inputs.text) ? inputs.text : undefined;
  const format = text && isRecord(text.format) ? text.format : undefined;
  if (format?.type === "json_object") view.jsonMode = true;
  if (format?.type === "json_schema") {
    view.jsonMode = true;
    view.jsonSchema = format.schema;
  }
  view.maxTokens = parseMaxTokens(inputs.max_output_tokens, "max_output_tokens");
}

function firstWords(text: string, count: number): string {
  if (count <= 0) return "";
  return text.trim().split(/\s+/).slice(0, count).join(" ");
}

function toolCallId(style: "kimi" | "openai" | "responses" | "legacy", name: string, index: number): string {
  if (style === "kimi") return `functions.${name}:${index}`;
  if (style === "responses") return `call_${randomHex(24)}`;
  if (style === "legacy") return `call_${randomHex(9)}`;
  return `chatcmpl-tool-${randomHex(24)}`;
}

function idStyle(req: ChatRequest, family: ChatFamily, script?: ScriptedReply) {
  if (script?.toolCallIdStyle === "kimi" || req.catalog.kimiToolCallIds) return "kimi" as const;
  if (family === "responses") return "responses" as const;
  if (family === "legacy")
    return req.catalog.openAiLikeLegacyToolCalls ? ("openai" as const) : ("legacy" as const);
  return "openai" as const;
}

function renderReasoningStyle(catalogStyle: ReasoningStyle | undefined, family: ChatFamily): ReasoningStyle {
  if (family === "legacy") return "think-tag";
  if (catalogStyle === "reasoning") return "reasoning";
  return "reasoning_content";
}

function cachedTokens(req: ChatRequest, promptTokens: number): number {
  const session = req.headers["x-session-affinity"];
  if (!session) return 0;
  const key = `${req.model}|${session}`;
  const previous = req.sessions.get(key);
  req.sessions.set(key, promptTokens);
  return previous === undefined ? 0 : Math.min(previous, promptTokens);
}

function builtinPlan(req: ChatRequest, view: ChatView, family: ChatFamily): ChatPlan {
  const { catalog } = req;
  const hasReasoning = catalog.reasoning !== undefined && catalog.reasoning !== "none" && !view.reasoningOff;
  const choice = view.toolChoice;
  const reply = composeReply({
    model: req.model,
    lastUserText: view.lastUserText,
    toolResults: view.lastRole === "tool" || view.lastRole === "function" ? view.toolResults : [],
    tools: view.tools,
    toolUse:
      view.lastRole !== "user" ? "none" : choice.mode === "named" ? { name: choice.name } : choice.mode,
    jsonMode: view.jsonMode,
    jsonSchema: view.jsonSchema,
    seed: typeof req.inputs.seed === "number" ? req.inputs.seed : undefined,
  });
  let reasoning = hasReasoning ? reply.reasoning : "";
  let text = reply.text;
  let json = reply.json;
  const style = idStyle(req, family);
  let toolCalls: PlannedToolCall[] = reply.toolCalls.map((call, i) => ({
    id: toolCallId(style, call.name, i),
    name: call.name,
    args: call.args,
    argsJson: JSON.stringify(call.args),
  }));
  let finishReason = toolCalls.length > 0 ? "tool_calls" : "stop";
  const toolTokens = toolCalls.reduce((n, c) => n + countTokens(c.argsJson), 0);
  let completion = countTokens(reasoning) + countTokens(text) + toolTokens;
  if (view.maxTokens !== undefined && completion > view.maxTokens) {
    reasoning = firstWords(reasoning, view.maxTokens);
    text = firstWords(text, view.maxTokens - countTokens(reasoning));
    toolCalls = [];
    json = undefined;
    finishReason = "length";
    completion = countTokens(reasoning) + countTokens(text);
  }
  return {
    family,
    model: req.model,
    reasoningStyle: renderReasoningStyle(catalog.reasoning, family),
    reasoning,
    text,
    json: family === "legacy" ? json : undefined,
    toolCalls,
    finishReason,
    usage: {
      prompt: view.promptTokens,
      completion,
      cached: cachedTokens(req, view.promptTokens),
      reasoning: countTokens(reasoning),
    },
    chunkSize: 4,
    legacyToolShape: catalog.openAiLikeLegacyToolCalls ? "openai" : "flat",
    leak: false,
  };
}

function scriptedPlan(req: ChatRequest, view: ChatView, family: ChatFamily, script: ScriptedReply): ChatPlan {
  const style = idStyle(req, family, script);
  const toolCalls = (script.toolCalls ?? []).map((call, i) => {
    const args = call.arguments ?? {};
    return {
      id: call.id ?? toolCallId(style, call.name, i),
      name: call.name,
      args,
      argsJson: typeof args === "string" ? args : JSON.stringify(args),
    };
  });
  const structured = script.json !== undefined;
  const text = script.tokens
    ? script.tokens.join("")
    : structured && script.text === undefined
      ? JSON.stringify(script.json)
      : (script.text ?? "");
  const reasoning = script.reasoning ?? "";
  const counted = countTokens(reasoning) + countTokens(text);
  const usage = script.usage ?? {};
  return {
    family,
    model: req.model,
    reasoningStyle: renderReasoningStyle(req.catalog.reasoning, family),
    reasoning,
    text,
    json: family === "legacy" && structured ? script.json : undefined,
    toolCalls,
    finishReason:
      script.finishReason ?? (toolCalls.length > 0 && !script.leakToolCallAsText ? "tool_calls" : "stop"),
    usage: {
      prompt: usage.prompt_tokens ?? view.promptTokens,
      completion: usage.completion_tokens ?? counted,
      cached: usage.cached_tokens ?? cachedTokens(req, view.promptTokens),
      reasoning: usage.reasoning_tokens ?? countTokens(reasoning),
    },
    tokens: script.tokens,
    chunkSize: script.chunkSize ?? 4,
    legacyToolShape: req.catalog.openAiLikeLegacyToolCalls ? "openai" : "flat",
    leak: script.leakToolCallAsText === true,
  };
}

/** The gpt-oss quirk: the forced tool call written as JSON text. */
function leakedText(plan: ChatPlan): string {
  const calls = plan.toolCalls.map((c) => ({ name: c.name, arguments: c.args }));
  return JSON.stringify(calls.length === 1 ? calls[0] : calls);
}

function visibleText(plan: ChatPlan): string {
  return plan.leak && plan.toolCalls.length > 0 ? `${plan.text}${leakedText(plan)}` : plan.text;
}

function activeToolCalls(plan: ChatPlan): PlannedToolCall[] {
  return plan.leak ? [] : plan.toolCalls;
}

function usageObject(plan: ChatPlan, completion = plan.usage.completion) {
  return {
    prompt_tokens: plan.usage.prompt,
    completion_tokens: completion,
    total_tokens: plan.usage.prompt + completion,
    prompt_tokens_details: { cached_tokens: plan.usage.cached },
    completion_tokens_details: { reasoning_tokens: plan.usage.reasoning },
  };
}

function legacyUsage(plan: ChatPlan) {
  const usage: Record<string, unknown> = {
    prompt_tokens: plan.usage.prompt,
    completion_tokens: plan.usage.completion,
    total_tokens: plan.usage.prompt + plan.usage.completion,
  };
  if (plan.usage.cached > 0) usage.prompt_tokens_details = { cached_tokens: plan.usage.cached };
  return usage;
}

function legacyFullText(plan: ChatPlan): string {
  const text = visibleText(plan);
  return plan.reasoning ? `<think>\n${plan.reasoning}\n</think>\n\n${text}` : text;
}

function legacyJson(plan: ChatPlan): unknown {
  const calls = activeToolCalls(plan);
  // The published output schemas type `response` as a string, JSON mode included.
  const out: Record<string, unknown> = {
    response:
      plan.json !== undefined && calls.length === 0 && !plan.leak
        ? JSON.stringify(plan.json)
        : legacyFullText(plan),
  };
  if (calls.length > 0) {
    out.tool_calls = calls.map((c) =>
      plan.legacyToolShape === "openai"
        ? { id: c.id, type: "function", function: { name: c.name, arguments: c.args } }
        : { name: c.name, arguments: c.args },
    );
  }
  out.usage = legacyUsage(plan);
  return out;
}

function splitArgs(json: string): [string, string] {
  const points = Array.from(json);
  const half = Math.ceil(points.length / 2);
  return [points.slice(0, half).join(""), points.slice(half).join("")];
}

const PADDING = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

function textPieces(plan: ChatPlan, text: string): string[] {
  if (plan.tokens && text === plan.text && !plan.leak) return plan.tokens;
  return splitPieces(text, plan.chunkSize);
}

function legacyEvents(plan: ChatPlan): string[] {
  const events: string[] = [];
  const pieces: string[] = [];
  if (plan.reasoning) pieces.push(...splitPieces(`<think>\n${plan.reasoning}\n</think>\n\n`, plan.chunkSize));
  pieces.push(...textPieces(plan, visibleText(plan)));
  pieces.forEach((piece, i) => {
    events.push(sseJson({ response: piece, p: PADDING.slice(0, 1 + ((i * 7) % 24)) }));
  });
  const calls = activeToolCalls(plan);
  calls.forEach((call, index) => {
    const [head, tail] = splitArgs(call.argsJson);
    events.push(
      sseJson({
        tool_calls: [
          { id: call.id, type: "function", index, function: { name: call.name, arguments: head } },
        ],
      }),
    );
    if (tail) events.push(sseJson({ tool_calls: [{ index, function: { arguments: tail } }] }));
  });
  if (calls.length > 0) {
    events.push(
      sseJson({
        tool_calls: [
          { id: null, type: null, index: calls.length - 1, function: { name: null, arguments: "" } },
        ],
      }),
    );
  }
  events.push(sseJson({ response: "", finish_reason: plan.finishReason, usage: legacyUsage(plan) }));
  events.push("[DONE]");
  return events;
}

function openaiMessage(plan: ChatPlan): Record<string, unknown> {
  const calls = activeToolCalls(plan);
  const text = visibleText(plan);
  const message: Record<string, unknown> = {
    role: "assistant",
    content: text === "" && calls.length > 0 ? null : text,
    // Required by the published chat-completion output schemas.
    refusal: null,
  };
  if (plan.reasoning)
    message[plan.reasoningStyle === "reasoning" ? "reasoning" : "reasoning_content"] = plan.reasoning;
  if (calls.length > 0) {
    message.tool_calls = calls.map((c) => ({
      id: c.id,
      type: "function",
      function: { name: c.name, arguments: c.argsJson },
    }));
  }
  return message;
}

function openaiJson(plan: ChatPlan, id: string, created: number): unknown {
  return {
    id,
    object: "chat.completion",
    created,
    model: plan.model,
    choices: [{ index: 0, message: openaiMessage(plan), logprobs: null, finish_reason: plan.finishReason }],
    usage: usageObject(plan),
  };
}

function openaiEvents(plan: ChatPlan, id: string, created: number): string[] {
  const events: string[] = [];
  let emitted = 0;
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => {
    const completion = Math.min(emitted, plan.usage.completion);
    return sseJson({
      id,
      object: "chat.completion.chunk",
      created,
      model: plan.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      usage: usageObject(plan, finish ? plan.usage.completion : completion),
    });
  };
  events.push(chunk({ role: "assistant", content: "" }));
  const reasoningKey = plan.reasoningStyle === "reasoning" ? "reasoning" : "reasoning_content";
  for (const piece of plan.reasoning ? splitPieces(plan.reasoning, plan.chunkSize) : []) {
    emitted++;
    events.push(chunk({ [reasoningKey]: piece }));
  }
  for (const piece of textPieces(plan, visibleText(plan))) {
    emitted++;
    events.push(chunk({ content: piece }));
  }
  activeToolCalls(plan).forEach((call, index) => {
    const [head, tail] = splitArgs(call.argsJson);
    emitted++;
    events.push(
      chunk({
        tool_calls: [
          { index, id: call.id, type: "function", function: { name: call.name, arguments: head } },
        ],
      }),
    );
    if (tail) events.push(chunk({ tool_calls: [{ index, function: { arguments: tail } }] }));
  });
  events.push(chunk({}, plan.finishReason));
  events.push(
    sseJson({
      id,
      object: "chat.completion.chunk",
      created,
      model: plan.model,
      choices: [],
      usage: usageObject(plan),
    }),
  );
  events.push("[DONE]");
  return events;
}

interface ResponsesItems {
  output: Record<string, unknown>[];
  reasoningItem?: Record<string, unknown>;
  messageItem?: Record<string, unknown>;
  callItems: Record<string, unknown>[];
}

function responsesItems(plan: ChatPlan): ResponsesItems {
  const output: Record<string, unknown>[] = [];
  let reasoningItem: Record<string, unknown> | undefined;
  let messageItem: Record<string, unknown> | undefined;
  if (plan.reasoning) {
    reasoningItem = {
      type: "reasoning",
      id: `rs_${randomHex(24)}`,
      summary: [],
      content: [{ type: "reasoning_text", text: plan.reasoning }],
    };
    output.push(reasoningItem);
  }
  const callItems = activeToolCalls(plan).map((c) => ({
    type: "function_call",
    id: `fc_${randomHex(24)}`,
    call_id: c.id,
    name: c.name,
    arguments: c.argsJson,
    status: "completed",
  }));
  output.push(...callItems);
  const text = visibleText(plan);
  if (text !== "" || callItems.length === 0) {
    messageItem = {
      type: "message",
      id: `msg_${randomHex(24)}`,
      role: "assistant",
      status: "completed",
      content: [{ type: "output_text", text, annotations: [] }],
    };
    output.push(messageItem);
  }
  return { output, reasoningItem, messageItem, callItems };
}

function responsesJson(plan: ChatPlan, id: string, created: number, items = responsesItems(plan)) {
  const incomplete = plan.finishReason === "length";
  return {
    id,
    object: "response",
    created_at: created,
    model: plan.model,
    status: incomplete ? "incomplete" : "completed",
    incomplete_details: incomplete ? { reason: "max_output_tokens" } : null,
    output: items.output,
    output_text: visibleText(plan),
    usage: {
      input_tokens: plan.usage.prompt,
      output_tokens: plan.usage.completion,
      total_tokens: plan.usage.prompt + plan.usage.completion,
      input_tokens_details: { cached_tokens: plan.usage.cached },
      output_tokens_details: { reasoning_tokens: plan.usage.reasoning },
    },
  };
}

function responsesEvents(plan: ChatPlan, id: string, created: number): string[] {
  const items = responsesItems(plan);
  const final = responsesJson(plan, id, created, items);
  const events: string[] = [];
  let seq = 0;
  const push = (type: string, fields: Record<string, unknown>) =>
    events.push(sseJson({ type, sequence_number: seq++, ...fields }));
  push("response.created", { response: { ...final, status: "in_progress", output: [], output_text: "" } });
  items.output.forEach((item, outputIndex) => {
    const itemId = item.id;
    if (item === items.reasoningItem) {
      push("response.output_item.added", { output_index: outputIndex, item: { ...item, content: [] } });
      for (const piece of splitPieces(plan.reasoning, plan.chunkSize))
        push("response.reasoning_text.delta", {
          item_id: itemId,
          output_index: outputIndex,
          content_index: 0,
          delta: piece,
        });
      push("response.reasoning_text.done", {
        item_id: itemId,
        output_index: outputIndex,
        content_index: 0,
        text: plan.reasoning,
      });
    } else if (item === items.messageItem) {
      const text = visibleText(plan);
      push("response.output_item.added", { output_index: outputIndex, item: { ...item, content: [] } });
      push("response.content_part.added", {
        item_id: itemId,
        output_index: outputIndex,
        content_index: 0,
        part: { type: "output_text", text: "", annotations: [] },
      });
      for (const piece of textPieces(plan, text))
        push("response.output_text.delta", {
          item_id: itemId,
          output_index: outputIndex,
          content_index: 0,
          delta: piece,
        });
      push("response.output_text.done", {
        item_id: itemId,
        output_index: outputIndex,
        content_index: 0,
        text,
      });
      push("response.content_part.done", {
        item_id: itemId,
        output_index: outputIndex,
        content_index: 0,
        part: { type: "output_text", text, annotations: [] },
      });
    } else {
      push("response.output_item.added", { output_index: outputIndex, item: { ...item, arguments: "" } });
      push("response.function_call_arguments.delta", {
        item_id: itemId,
        output_index: outputIndex,
        delta: item.arguments,
      });
      push("response.function_call_arguments.done", {
        item_id: itemId,
        output_index: outputIndex,
        arguments: item.arguments,
      });
    }
    push("response.output_item.done", { output_index: outputIndex, item });
  });
  push(final.status === "incomplete" ? "response.incomplete" : "response.completed", { response: final });
  return events;
}

/** Options that shape how a plan is put on the wire. */
export interface ChatRenderOptions {
  /** Render the non-stream JSON even for a stream request (scripted `contentType: application/json`). */
  forceJson?: boolean;
}

function renderPlan(req: ChatRequest, plan: ChatPlan, stream: boolean, options: ChatRenderOptions): Outcome {
  const created = Math.floor(Date.now() / 1000);
  const tokens = { in: plan.usage.prompt, out: plan.usage.completion };
  const base = { status: 200, headers: {}, delayMs: 0, tokens };
  // gpt-oss answers a `stream: true` Responses request on /ai/run with JSON (documented quirk).
  const streams =
    stream && !options.forceJson && (plan.family !== "responses" || req.endpoint === "responses");
  if (!streams) {
    const body =
      plan.family === "legacy"
        ? legacyJson(plan)
        : plan.family === "openai"
          ? openaiJson(plan, `chatcmpl-${randomHex(24)}`, created)
          : responsesJson(plan, `resp_${randomHex(24)}`, created);
    return { kind: "json", body, ...base };
  }
  const events =
    plan.family === "legacy"
      ? legacyEvents(plan)
      : plan.family === "openai"
        ? openaiEvents(plan, `chatcmpl-${randomHex(24)}`, created)
        : responsesEvents(plan, `resp_${randomHex(24)}`, created);
  const sse: SsePlan = { events, delayMs: req.tokenDelayMs };
  return { kind: "sse", plan: sse, contentType: "text/event-stream", ...base };
}

/** `true` when a script says what the model answers (not only how the reply is delivered). */
export function hasChatContent(script: ScriptedReply): boolean {
  return (
    script.text !== undefined ||
    script.reasoning !== undefined ||
    script.toolCalls !== undefined ||
    script.json !== undefined ||
    script.tokens !== undefined
  );
}

/** Runs a chat request: validates it, answers (deterministically or from `script`), renders the family. */
export function runChat(req: ChatRequest, script?: ScriptedReply, options: ChatRenderOptions = {}): Outcome {
  const family = chatFamilyFor(req.catalog, req.inputs, req.endpoint);
  const view = parseChatView(req, family);
  const renderFamily = script?.family ?? family;
  const plan =
    script && hasChatContent(script)
      ? scriptedPlan(req, view, renderFamily, script)
      : builtinPlan(req, view, renderFamily);
  return renderPlan(req, plan, view.stream, options);
}
