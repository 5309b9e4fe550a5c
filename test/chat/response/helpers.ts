import type { LanguageModelV4StreamPart } from "@ai-sdk/provider";
import {
  type ChatAssemblyOptions,
  chatStreamFromSse,
  readAllParts,
} from "../../../src/chat/reply/assemble-stream";
import type { WorkersAIModelConfig } from "../../../src/model-config";
import type { WorkersAIReply, WorkersAIRunRequest, WorkersAITransport } from "../../../src/transport/types";

/** SSE text from `data:` lines (a blank line after each event). */
export function sse(lines: readonly string[]): string {
  return lines.map((line) => `${line}\n\n`).join("");
}

/** A byte stream of `text`, cut into pieces of `chunkSize` bytes (default: one chunk). */
export function byteStream(text: string, chunkSize?: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  const size = chunkSize ?? Math.max(1, bytes.byteLength);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (let offset = 0; offset < bytes.byteLength; offset += size) {
        controller.enqueue(bytes.slice(offset, offset + size));
      }
      controller.close();
    },
  });
}

let counter = 0;

/** Assembly options with test defaults. */
export function assemblyOptions(overrides: Partial<ChatAssemblyOptions> = {}): ChatAssemblyOptions {
  return {
    modelId: "@cf/test/model",
    generateId: () => `id-${counter++}`,
    currentDate: () => new Date("2026-01-01T00:00:00Z"),
    toolNames: [],
    jsonMode: false,
    includeRawChunks: false,
    headers: {},
    url: "workers-ai-binding://run/@cf/test/model",
    requestBodyValues: {},
    warnings: [],
    ...overrides,
  };
}

/** All parts of an SSE recording assembled (optionally split into small byte chunks). */
export async function partsOf(
  lines: readonly string[] | string,
  overrides: Partial<ChatAssemblyOptions> = {},
  chunkSize?: number,
): Promise<LanguageModelV4StreamPart[]> {
  const text = typeof lines === "string" ? lines : sse(lines);
  return readAllParts(chatStreamFromSse(byteStream(text, chunkSize), assemblyOptions(overrides)));
}

/** Parts of `lines` with every SSE event arriving in its own network read (deltas are joined per read). */
export async function partsPerEvent(
  lines: readonly string[],
  overrides: Partial<ChatAssemblyOptions> = {},
): Promise<LanguageModelV4StreamPart[]> {
  const encoder = new TextEncoder();
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const line of lines) controller.enqueue(encoder.encode(`${line}\n\n`));
      controller.close();
    },
  });
  return readAllParts(chatStreamFromSse(source, assemblyOptions(overrides)));
}

/** What a part list says, in a shape that is easy to assert on. */
export function summarize(parts: readonly LanguageModelV4StreamPart[]) {
  const text = parts.flatMap((part) => (part.type === "text-delta" ? [part.delta] : [])).join("");
  const reasoning = parts.flatMap((part) => (part.type === "reasoning-delta" ? [part.delta] : [])).join("");
  const toolCalls = parts.flatMap((part) => (part.type === "tool-call" ? [part] : []));
  const errors = parts.flatMap((part) => (part.type === "error" ? [part.error] : []));
  const finish = parts.find((part) => part.type === "finish");
  return {
    text,
    reasoning,
    toolCalls,
    errors,
    finishReason: finish?.type === "finish" ? finish.finishReason : undefined,
    usage: finish?.type === "finish" ? finish.usage : undefined,
    types: parts.map((part) => part.type),
  };
}

/**
 * Checks the stream-part protocol: every delta/end belongs to a started block, every block is ended,
 * reasoning is never open while text or tool input starts, each tool input ends before its tool call,
 * and the stream ends with exactly one finish.
 */
export function assertWellFormed(parts: readonly LanguageModelV4StreamPart[]): void {
  const open = new Map<string, string>();
  const ended = new Set<string>();
  let finishes = 0;
  for (const part of parts) {
    if (finishes > 0) throw new Error(`part after finish: ${part.type}`);
    switch (part.type) {
      case "text-start":
      case "reasoning-start":
      case "tool-input-start":
        if ([...open.values()].includes("reasoning") && part.type !== "reasoning-start") {
          throw new Error(`${part.type} while reasoning is open`);
        }
        if (open.has(part.id) || ended.has(part.id)) throw new Error(`duplicate id ${part.id}`);
        open.set(part.id, part.type.split("-")[0]);
        break;
      case "text-delta":
      case "reasoning-delta":
      case "tool-input-delta":
        if (!open.has(part.id)) throw new Error(`${part.type} for unopened ${part.id}`);
        break;
      case "text-end":
      case "reasoning-end":
      case "tool-input-end":
        if (!open.delete(part.id)) throw new Error(`${part.type} for unopened ${part.id}`);
        ended.add(part.id);
        break;
      case "tool-call":
        if (!ended.has(part.toolCallId))
          throw new Error(`tool-call before tool-input-end: ${part.toolCallId}`);
        break;
      case "finish":
        finishes++;
        break;
    }
  }
  if (open.size > 0) throw new Error(`unclosed: ${[...open.keys()].join(", ")}`);
  if (finishes !== 1) throw new Error(`expected one finish, got ${finishes}`);
  if (parts[0]?.type !== "stream-start") throw new Error("first part is not stream-start");
}

/** A transport double: answers each call with the next scripted reply and records the requests. */
export function fakeTransport(
  replies: Array<WorkersAIReply | Error | (() => WorkersAIReply | Promise<WorkersAIReply>)>,
) {
  const requests: WorkersAIRunRequest[] = [];
  const transport: WorkersAITransport = {
    kind: "binding",
    urlFor: (model) => `workers-ai-binding://run/${model}`,
    async run(request) {
      requests.push(request);
      const next = replies.shift();
      if (next === undefined) throw new Error("no scripted reply left");
      if (next instanceof Error) throw next;
      return typeof next === "function" ? next() : next;
    },
  };
  return { transport, requests };
}

/** A model config around a transport, with deterministic ids and clock. */
export function modelConfig(transport: WorkersAITransport): WorkersAIModelConfig {
  let id = 0;
  return {
    provider: "workers-ai.chat",
    transport,
    generateId: () => `gen-${id++}`,
    currentDate: () => new Date("2026-01-01T00:00:00Z"),
  };
}

/** A streamed reply of SSE lines. */
export function sseReply(lines: readonly string[], headers: Record<string, string> = {}): WorkersAIReply {
  return {
    type: "stream",
    stream: byteStream(sse(lines)),
    contentType: "text/event-stream",
    headers,
    warnings: [],
  };
}

/** A JSON reply. */
export function jsonReply(value: unknown, headers: Record<string, string> = {}): WorkersAIReply {
  return { type: "json", value, headers, warnings: [] };
}
