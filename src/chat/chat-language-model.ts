import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
  SharedV4Warning,
} from "@ai-sdk/provider";
import { splitUnknownSettings, type UnknownSettings, type WorkersAIModelConfig } from "../model-config";
import { workersAICodeOf } from "../transport/errors";
import { streamOfBytes } from "../transport/streams";
import type { WorkersAIReply } from "../transport/types";
import { WORKERS_AI_CHAT_OPTION_KEYS, type WorkersAIChatSettings } from "./chat-settings";
import {
  assembleReply,
  type ChatAssemblyOptions,
  chatStreamFromReply,
  chatStreamFromSse,
  collectChatParts,
  readAllParts,
} from "./reply/assemble-stream";
import { buildChatRequest, type ChatRequestPlan } from "./request/build-chat-request";
import { chatSupportedUrls } from "./request/convert-prompt";

const KNOWN_SETTINGS: ReadonlySet<string> = new Set(WORKERS_AI_CHAT_OPTION_KEYS);

/** Workers AI code of "JSON schema is not supported together with streaming". */
const JSON_SCHEMA_STREAMING_UNSUPPORTED = 5023;

/**
 * A Workers AI text-generation model for `generateText` / `streamText`.
 *
 * Works with every reply family (legacy `{response}`, OpenAI chat-completions `choices`, Responses
 * `output` for gpt-oss), detected from the reply's shape, over the binding or REST.
 */
export class WorkersAIChatLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = "v4";
  readonly supportedUrls: Record<string, RegExp[]> = chatSupportedUrls;

  readonly #settings: WorkersAIChatSettings;
  readonly #config: WorkersAIModelConfig;
  readonly #unknownSettings: UnknownSettings;

  constructor(
    readonly modelId: string,
    settings: WorkersAIChatSettings,
    config: WorkersAIModelConfig,
  ) {
    this.#settings = settings;
    this.#config = config;
    this.#unknownSettings = splitUnknownSettings(settings, KNOWN_SETTINGS, "chat");
  }

  get provider(): string {
    return this.#config.provider;
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const plan = await this.#plan(options, false);
    const inputs = plan.inputs;
    const reply = jsonBytesAsJson(await this.#run(plan, inputs, options.abortSignal));
    const warnings: SharedV4Warning[] = [
      ...plan.warnings,
      ...this.#unknownSettings.unsent,
      ...reply.warnings,
    ];
    const assembly = this.#assemblyOptions(plan, reply, inputs, warnings, options.abortSignal, false);
    const parts =
      reply.type === "json"
        ? assembleReply(reply.value, assembly)
        : await readAllParts(chatStreamFromSse(byteStreamOf(reply), assembly));
    const result = collectChatParts(parts);
    if (result.errors.length > 0) {
      // an error with nothing to show for it is the call's error; otherwise keep the content and warn
      if (result.content.length === 0) throw result.errors[0];
      for (const error of result.errors) {
        warnings.push({
          type: "other",
          message: `Workers AI reported an error in its reply: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }
    return {
      content: result.content,
      finishReason: result.finishReason,
      usage: result.usage,
      providerMetadata: result.providerMetadata,
      request: { url: assembly.url, body: inputs },
      // built field by field: an object spread costs more than the rest of the result in V8
      response: {
        id: result.response.id,
        timestamp: result.response.timestamp,
        modelId: result.response.modelId,
        headers: reply.headers,
        body: reply.type === "json" ? reply.value : undefined,
      },
      warnings,
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const plan = await this.#plan(options, true);
    const warnings: SharedV4Warning[] = [...plan.warnings, ...this.#unknownSettings.unsent];
    let inputs: Record<string, unknown> = { ...plan.inputs, stream: true };
    let reply: WorkersAIReply;
    try {
      reply = jsonBytesAsJson(await this.#run(plan, inputs, options.abortSignal));
    } catch (error) {
      if (!plan.jsonMode || workersAICodeOf(error) !== JSON_SCHEMA_STREAMING_UNSUPPORTED) throw error;
      ({ inputs, reply } = await this.#runAgainWithoutStream(plan, inputs, options.abortSignal, warnings, {
        feature: "streaming structured output",
        why: "does not stream with a JSON schema (Workers AI error 5023)",
      }));
    }
    if (reply.type === "json" && inputs.stream === true && !this.#holdsAnswer(plan, reply, inputs)) {
      // gpt-oss on /ai/run may answer a stream request with JSON that holds no answer
      ({ inputs, reply } = await this.#runAgainWithoutStream(plan, inputs, options.abortSignal, warnings, {
        feature: "streaming",
        why: "answered the streaming request with JSON that held no answer",
      }));
    }
    warnings.push(...reply.warnings);
    const assembly = this.#assemblyOptions(
      plan,
      reply,
      inputs,
      warnings,
      options.abortSignal,
      options.includeRawChunks === true,
    );
    const stream: ReadableStream<LanguageModelV4StreamPart> =
      reply.type === "json"
        ? chatStreamFromReply(reply.value, assembly)
        : chatStreamFromSse(byteStreamOf(reply), assembly);
    return {
      stream,
      request: { url: assembly.url, body: inputs },
      response: { headers: reply.headers },
    };
  }

  // #plan and #run return their promise without an async layer of their own: each layer costs every call a
  // microtask (the settings' unsent warnings are added by the callers, the bytes→JSON step after the await)
  #plan(options: LanguageModelV4CallOptions, stream: boolean): Promise<ChatRequestPlan> {
    return buildChatRequest({ modelId: this.modelId, settings: this.#settings, options, stream });
  }

  #run(
    plan: ChatRequestPlan,
    inputs: Record<string, unknown>,
    abortSignal: AbortSignal | undefined,
  ): Promise<WorkersAIReply> {
    const { passthrough } = this.#unknownSettings;
    return this.#config.transport.run({
      model: this.modelId,
      inputs,
      headers: plan.headers,
      gateway: plan.gateway,
      options: passthrough ? { ...plan.runOptions, passthrough } : plan.runOptions,
      abortSignal,
    });
  }

  /** Asks once more without streaming, with a warning that says why (the caller replays the answer as a stream). */
  async #runAgainWithoutStream(
    plan: ChatRequestPlan,
    inputs: Record<string, unknown>,
    abortSignal: AbortSignal | undefined,
    warnings: SharedV4Warning[],
    { feature, why }: { feature: string; why: string },
  ): Promise<{ inputs: Record<string, unknown>; reply: WorkersAIReply }> {
    const { stream: _stream, stream_options: _streamOptions, ...plain } = inputs;
    const reply = jsonBytesAsJson(await this.#run(plan, plain, abortSignal));
    warnings.push({
      type: "compatibility",
      feature,
      details: `${this.modelId} ${why}; it was asked again without streaming and the answer was replayed as a stream.`,
    });
    return { inputs: plain, reply };
  }

  /** Whether a JSON reply carries any text, reasoning or tool call (read with throwaway warnings). */
  #holdsAnswer(
    plan: ChatRequestPlan,
    reply: Extract<WorkersAIReply, { type: "json" }>,
    inputs: Record<string, unknown>,
  ): boolean {
    const assembly = this.#assemblyOptions(plan, reply, inputs, [], undefined, false);
    // collected content holds no empty text or reasoning
    return collectChatParts(assembleReply(reply.value, assembly)).content.length > 0;
  }

  #assemblyOptions(
    plan: ChatRequestPlan,
    reply: WorkersAIReply,
    inputs: Record<string, unknown>,
    warnings: SharedV4Warning[],
    abortSignal: AbortSignal | undefined,
    includeRawChunks: boolean,
  ): ChatAssemblyOptions {
    return {
      modelId: this.modelId,
      generateId: this.#config.generateId,
      currentDate: this.#config.currentDate,
      toolNames: plan.toolNames,
      forcedToolName: plan.forcedToolName,
      jsonMode: plan.jsonMode,
      includeRawChunks,
      headers: reply.headers,
      url: this.#config.transport.urlFor(this.modelId, plan.gateway),
      requestBodyValues: inputs,
      warnings,
      abortSignal,
      secrets: reply.secrets,
    };
  }
}

/** A complete byte body that holds JSON is read as JSON (anything else is treated as SSE). */
function jsonBytesAsJson(reply: WorkersAIReply): WorkersAIReply {
  if (reply.type !== "bytes") return reply;
  const text = new TextDecoder().decode(reply.bytes).trim();
  if (!text.startsWith("{") && !text.startsWith("[")) return reply;
  try {
    // everything but the body carries over (the secrets too, for errors found inside the JSON)
    const { bytes: _bytes, contentType: _contentType, ...rest } = reply;
    return { ...rest, type: "json", value: JSON.parse(text) };
  } catch {
    return reply;
  }
}

/** The reply as SSE bytes: streams as they are, a complete byte body as a one-chunk stream. */
function byteStreamOf(reply: Exclude<WorkersAIReply, { type: "json" }>): ReadableStream<Uint8Array> {
  return reply.type === "stream" ? reply.stream : streamOfBytes(reply.bytes);
}
