import type { GatewayBinding } from "../../src/gateway/types";

/** A recorded `env.AI.run(model, inputs, options)` call. */
export interface RunCall {
  model: string;
  inputs: Record<string, unknown>;
  options: Record<string, unknown>;
}

/** A recorded `env.AI.gateway(id).run(entries, options)` call. */
export interface UniversalCall {
  gateway: string;
  entries: Array<{ provider: string; endpoint: string; headers: Record<string, string>; query: unknown }>;
  options: Record<string, unknown>;
}

/** A recorded `env.AI.fetch(url)` call (the resume endpoint). */
export interface FetchCall {
  url: string;
  from: number;
}

type Reply = Response | Promise<Response>;

/** A fake `env.AI` that records every call and answers through the given handlers. */
export interface FakeGatewayBinding extends GatewayBinding {
  runs: RunCall[];
  universal: UniversalCall[];
  fetches: FetchCall[];
}

export function fakeBinding(handlers: {
  run?: (call: RunCall) => Reply | unknown;
  universal?: (call: UniversalCall) => Reply;
  fetch?: (call: FetchCall, signal: AbortSignal | undefined) => Reply;
  getUrl?: (gateway: string, provider: string | undefined) => string;
  withoutFetch?: boolean;
  withoutGateway?: boolean;
}): FakeGatewayBinding {
  const runs: RunCall[] = [];
  const universal: UniversalCall[] = [];
  const fetches: FetchCall[] = [];
  const binding: FakeGatewayBinding = {
    runs,
    universal,
    fetches,
    async run(model, inputs, options) {
      const call = { model, inputs, options: options ?? {} };
      runs.push(call);
      if (!handlers.run) throw new Error("unexpected run()");
      return handlers.run(call);
    },
  };
  if (!handlers.withoutGateway) {
    binding.gateway = (id: string) => ({
      async run(data: unknown, options?: Record<string, unknown>) {
        const call = { gateway: id, entries: data as UniversalCall["entries"], options: options ?? {} };
        universal.push(call);
        if (!handlers.universal) throw new Error("unexpected gateway().run()");
        return handlers.universal(call);
      },
      async getUrl(provider?: string) {
        if (!handlers.getUrl) throw new Error("unexpected getUrl()");
        return handlers.getUrl(id, provider);
      },
    });
  }
  if (!handlers.withoutFetch) {
    binding.fetch = async (input, init) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      const call = { url, from: Number(new URL(url).searchParams.get("from")) };
      fetches.push(call);
      if (!handlers.fetch) throw new Error("unexpected fetch()");
      return handlers.fetch(call, init?.signal ?? undefined);
    };
  }
  return binding;
}

const encoder = new TextEncoder();

/** SSE text of events (each `data: …` plus optional `event:` line, `\n\n`-terminated). */
function sse(events: Array<string | { event?: string; data: string }>): string {
  return events
    .map((event) =>
      typeof event === "string"
        ? `data: ${event}\n\n`
        : `${event.event ? `event: ${event.event}\n` : ""}data: ${event.data}\n\n`,
    )
    .join("");
}

/** OpenAI chat-completions SSE for text pieces. */
export function openaiSse(pieces: string[], model = "gpt-5"): string {
  const chunk = (
    delta: Record<string, unknown>,
    finish: string | null,
    extra: Record<string, unknown> = {},
  ) =>
    JSON.stringify({
      id: "chatcmpl-1",
      object: "chat.completion.chunk",
      created: 1_700_000_000,
      model,
      choices: [{ index: 0, delta, finish_reason: finish }],
      ...extra,
    });
  return sse([
    chunk({ role: "assistant", content: "" }, null),
    ...pieces.map((piece) => chunk({ content: piece }, null)),
    chunk({}, "stop", {
      usage: { prompt_tokens: 3, completion_tokens: pieces.length, total_tokens: 3 + pieces.length },
    }),
    "[DONE]",
  ]);
}

/** OpenAI chat-completions JSON reply. */
export function openaiJson(text: string, model = "gpt-5"): Record<string, unknown> {
  return {
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
    usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
  };
}

/** Anthropic Messages SSE for text pieces. */
export function anthropicSse(pieces: string[], model = "claude-sonnet-4-5"): string {
  return sse([
    {
      event: "message_start",
      data: JSON.stringify({
        type: "message_start",
        message: {
          id: "msg_1",
          type: "message",
          role: "assistant",
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 3, output_tokens: 0 },
        },
      }),
    },
    {
      event: "content_block_start",
      data: JSON.stringify({
        type: "content_block_start",
        index: 0,
        content_block: { type: "text", text: "" },
      }),
    },
    ...pieces.map((piece) => ({
      event: "content_block_delta",
      data: JSON.stringify({
        type: "content_block_delta",
        index: 0,
        delta: { type: "text_delta", text: piece },
      }),
    })),
    { event: "content_block_stop", data: JSON.stringify({ type: "content_block_stop", index: 0 }) },
    {
      event: "message_delta",
      data: JSON.stringify({
        type: "message_delta",
        delta: { stop_reason: "end_turn", stop_sequence: null },
        usage: { output_tokens: pieces.length },
      }),
    },
    { event: "message_stop", data: JSON.stringify({ type: "message_stop" }) },
  ]);
}

/** Anthropic Messages JSON reply. */
export function anthropicJson(text: string, model = "claude-sonnet-4-5"): Record<string, unknown> {
  return {
    id: "msg_1",
    type: "message",
    role: "assistant",
    model,
    content: [{ type: "text", text }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: { input_tokens: 3, output_tokens: 2 },
  };
}

/** Gemini `generateContent` JSON reply. */
export function geminiJson(text: string, model = "gemini-2.5-flash"): Record<string, unknown> {
  return {
    candidates: [{ content: { parts: [{ text }], role: "model" }, finishReason: "STOP", index: 0 }],
    usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2, totalTokenCount: 5 },
    modelVersion: model,
  };
}

/** A streaming reply, split into chunks of `chunkSize` bytes. */
export function sseResponse(text: string, headers: Record<string, string> = {}, chunkSize = 0): Response {
  const bytes = encoder.encode(text);
  const chunks: Uint8Array[] = [];
  if (chunkSize <= 0) chunks.push(bytes);
  else for (let i = 0; i < bytes.byteLength; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  return new Response(stream, { headers: { "content-type": "text/event-stream", ...headers } });
}

/** A JSON reply. */
export function jsonResponse(value: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** SSE bytes that stop after `cut` bytes by erroring the stream a moment later (a transient network drop). */
export function droppingResponse(text: string, cut: number, headers: Record<string, string> = {}): Response {
  const bytes = encoder.encode(text).subarray(0, cut);
  let sent = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!sent && bytes.byteLength > 0) {
        sent = true;
        controller.enqueue(bytes);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
      controller.error(new TypeError("network connection lost"));
    },
  });
  return new Response(stream, { headers: { "content-type": "text/event-stream", ...headers } });
}

/** The SSE events of a text (each ending with its blank line). */
export function eventsOf(text: string): string[] {
  return text.split(/(?<=\n\n)/).filter((event) => event.length > 0);
}

/** Reads a byte stream into text. */
export async function readText(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}
