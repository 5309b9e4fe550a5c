/** Hand-written fakes of both AI Search binding kinds: they record every call and return spec-shaped replies. */

// the tests assert warnings themselves; the AI SDK's console copy of each one is noise
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const encoder = new TextEncoder();

/** A chunk of the current binding's replies (spec 1.9). */
export function currentChunk(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "chunk-1",
    type: "text",
    score: 0.87,
    text: "AI Gateway adds caching, rate limiting and analytics.",
    item: { timestamp: 1735689600, key: "docs/ai-gateway.md", metadata: { topic: "ai-gateway" } },
    scoring_details: { vector_score: 0.87, keyword_score: 0.5, fusion_method: "rrf" },
    ...overrides,
  };
}

/** A result of the legacy AutoRAG replies (spec 1.8). */
export function legacyResult(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    file_id: "file-1",
    filename: "guides/setup.pdf",
    score: 0.74,
    attributes: { folder: "guides/" },
    content: [
      { type: "text", text: "Open the dashboard." },
      { type: "text", text: "Create a gateway." },
    ],
    ...overrides,
  };
}

/** A non-streamed current `chatCompletions` reply. */
export function chatCompletionsReply(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "chatcmpl-1",
    object: "chat.completion",
    model: "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: "Create a gateway in the dashboard." },
        finish_reason: "stop",
      },
    ],
    usage: { prompt_tokens: 120, completion_tokens: 9, total_tokens: 129 },
    chunks: [
      currentChunk(),
      currentChunk({ id: "chunk-2", score: 0.61, item: { key: "https://example.com/docs/caching" } }),
    ],
    ...overrides,
  };
}

/** A non-streamed legacy `aiSearch` reply. */
export function aiSearchReply(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    object: "vector_store.search_results.page",
    search_query: "set up ai gateway",
    response: "Open the dashboard and create a gateway.",
    data: [
      legacyResult(),
      legacyResult({ file_id: "file-2", filename: "notes.md", score: 0.5, attributes: {} }),
    ],
    has_more: false,
    next_page: null,
    ...overrides,
  };
}

/** SSE bytes of events (objects are JSON-encoded, strings sent as they are). */
function sseBytes(events: Array<unknown>): Uint8Array {
  return encoder.encode(
    events.map((event) => `data: ${typeof event === "string" ? event : JSON.stringify(event)}\n\n`).join(""),
  );
}

/** A byte stream delivering the SSE events one per chunk. */
export function sseStream(events: Array<unknown>): ReadableStream<Uint8Array> {
  const chunks = events.map((event) => sseBytes([event]));
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
}

/** A stream that delivers `events` and then never ends (for abort tests); `cancelled` resolves on cancel. */
export function stallingSseStream(events: Array<unknown>): {
  stream: ReadableStream<Uint8Array>;
  cancelled: Promise<unknown>;
} {
  let onCancel: (reason: unknown) => void = () => {};
  const cancelled = new Promise<unknown>((resolve) => {
    onCancel = resolve;
  });
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const event of events) controller.enqueue(sseBytes([event]));
    },
    cancel(reason) {
      onCancel(reason ?? "cancelled");
    },
  });
  return { stream, cancelled };
}

/** OpenAI-style stream events of the current binding, with the chunks in the first event. */
export function chatCompletionsEvents(options: { withChunks?: boolean } = {}): unknown[] {
  const base = {
    id: "chatcmpl-s",
    object: "chat.completion.chunk",
    model: "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
  };
  return [
    ...(options.withChunks === false ? [] : [{ ...base, choices: [], chunks: [currentChunk()] }]),
    {
      ...base,
      choices: [{ index: 0, delta: { role: "assistant", content: "Create " }, finish_reason: null }],
    },
    { ...base, choices: [{ index: 0, delta: { content: "a gateway." }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] },
    { ...base, choices: [], usage: { prompt_tokens: 100, completion_tokens: 4, total_tokens: 104 } },
    "[DONE]",
  ];
}

/** A recorded binding call. */
interface RecordedCall {
  method: "chatCompletions" | "search" | "aiSearch";
  request: Record<string, unknown>;
}

type Handler = (request: Record<string, unknown>) => unknown;

/** Fake of the current AI Search binding (instance): `chatCompletions` and `search`. */
export function fakeAISearchBinding(handlers: { chatCompletions?: Handler; search?: Handler } = {}) {
  const calls: RecordedCall[] = [];
  const binding = {
    calls,
    async chatCompletions(request: Record<string, unknown>): Promise<unknown> {
      calls.push({ method: "chatCompletions", request: structuredClone(request) });
      if (handlers.chatCompletions) return handlers.chatCompletions(request);
      return request.stream ? sseStream(chatCompletionsEvents()) : chatCompletionsReply();
    },
    async search(request: Record<string, unknown>): Promise<unknown> {
      calls.push({ method: "search", request: structuredClone(request) });
      if (handlers.search) return handlers.search(request);
      return { search_query: String(request.query ?? "conversation"), chunks: [currentChunk()] };
    },
  };
  return binding;
}

/** A legacy `aiSearch({stream: true})` reply: a raw SSE `Response`. */
export function sseResponse(events: Array<unknown>, init: ResponseInit = {}): Response {
  return new Response(sseStream(events), {
    status: 200,
    headers: { "content-type": "text/event-stream" },
    ...init,
  });
}

/** Fake of the legacy AutoRAG binding (`env.AI.autorag(name)`): `aiSearch` and `search`. */
export function fakeAutoRAGBinding(handlers: { aiSearch?: Handler; search?: Handler } = {}) {
  const calls: RecordedCall[] = [];
  const binding = {
    calls,
    async aiSearch(request: Record<string, unknown>): Promise<unknown> {
      calls.push({ method: "aiSearch", request: structuredClone(request) });
      if (handlers.aiSearch) return handlers.aiSearch(request);
      if (request.stream) {
        return sseResponse([{ response: "Open the " }, { response: "dashboard." }, "[DONE]"]);
      }
      return aiSearchReply();
    },
    async search(request: Record<string, unknown>): Promise<unknown> {
      calls.push({ method: "search", request: structuredClone(request) });
      if (handlers.search) return handlers.search(request);
      const { response: _response, ...rest } = aiSearchReply();
      return rest;
    },
  };
  return binding;
}

/** An error shaped like the binding's named errors. */
export function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}
