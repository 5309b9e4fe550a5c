/** Emulated AI Search (current instance/namespace API) and the legacy AutoRAG binding over a tiny index. */
import type { EmulatorCore } from "./core";
import { namedError } from "./errors";
import { createSseStream, sseJson } from "./sse";
import type {
  AiSearchDocument,
  EmulatedAISearchInstance,
  EmulatedAiSearchChatRequest,
  EmulatedAiSearchChatResponse,
  EmulatedAiSearchChunk,
  EmulatedAiSearchNamespace,
  EmulatedAiSearchRequest,
  EmulatedAiSearchResponse,
  EmulatedAutoRAG,
  EmulatedAutoRagRequest,
  EmulatedAutoRagSearchResponse,
} from "./types";
import { hashString, isRecord, randomHex, randomUuid, splitPieces, wordsOf } from "./util";

/** Documents of the index when the emulator options give none. */
export const DEFAULT_AI_SEARCH_DOCUMENTS: AiSearchDocument[] = [
  {
    key: "docs/workers-ai.md",
    text: "Workers AI runs machine learning models, such as text generation and embeddings, on the Cloudflare global network. Call it from a Worker through the AI binding or over the REST API.",
    metadata: { topic: "workers-ai" },
  },
  {
    key: "docs/ai-gateway.md",
    text: "AI Gateway sits in front of AI providers and adds caching, rate limiting, retries, logging and analytics. Requests carry cf-aig headers to control caching and metadata.",
    metadata: { topic: "ai-gateway" },
  },
  {
    key: "docs/vectorize.md",
    text: "Vectorize is a vector database for storing embeddings and querying them by similarity, used to build retrieval augmented generation.",
    metadata: { topic: "vectorize" },
  },
  {
    key: "docs/r2.md",
    text: "R2 is object storage without egress fees. AI Search can index documents stored in an R2 bucket.",
    metadata: { topic: "r2" },
  },
  {
    key: "recipes/pancakes.md",
    text: "Pancakes need flour, milk, eggs and a pinch of salt. Cook them in a hot pan until golden.",
    metadata: { topic: "cooking" },
  },
];

const STOP_WORDS = new Set(
  "a an and are as at be by can do does for from how i in is it me of on or please tell the to what when where which who why with you your".split(
    " ",
  ),
);

const TIMESTAMP = 1735689600;

function queryTerms(query: string): string[] {
  const words = wordsOf(query).filter((w) => !STOP_WORDS.has(w));
  return [...new Set(words.length > 0 ? words : wordsOf(query))];
}

function lastUserText(messages: unknown): string {
  if (!Array.isArray(messages)) return "";
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (isRecord(m) && m.role === "user" && typeof m.content === "string") return m.content;
  }
  return "";
}

function retrievalOptions(options: unknown): { threshold: number; max: number } {
  const retrieval = isRecord(options) && isRecord(options.retrieval) ? options.retrieval : {};
  const threshold = typeof retrieval.match_threshold === "number" ? retrieval.match_threshold : 0.4;
  const max = typeof retrieval.max_num_results === "number" ? retrieval.max_num_results : 10;
  return { threshold, max: Math.max(1, Math.min(50, max)) };
}

/** Keyword retrieval: score = share of the query's terms found in the document (0–1). */
function searchDocuments(
  documents: readonly AiSearchDocument[],
  query: string,
  threshold: number,
  max: number,
): EmulatedAiSearchChunk[] {
  const terms = queryTerms(query);
  const scored = documents.map((doc) => {
    const words = new Set(wordsOf(`${doc.text} ${doc.key}`));
    const hits = terms.filter((t) => words.has(t)).length;
    const score = terms.length === 0 ? 0 : Math.round((hits / terms.length) * 1e4) / 1e4;
    return { doc, score };
  });
  return scored
    .filter((s) => s.score > 0 && s.score >= threshold)
    .sort((a, b) => b.score - a.score)
    .slice(0, max)
    .map(({ doc, score }) => ({
      id: `chunk-${hashString(doc.key).toString(16)}`,
      type: "text" as const,
      score,
      text: doc.text,
      item: { key: doc.key, timestamp: TIMESTAMP, ...(doc.metadata ? { metadata: doc.metadata } : {}) },
      scoring_details: { keyword_score: score, vector_score: score, fusion_method: "rrf" },
    }));
}

function answerFrom(chunks: EmulatedAiSearchChunk[]): string {
  if (chunks.length === 0) return "I could not find anything about that in the indexed documents.";
  return `According to ${chunks[0].item.key}: ${chunks[0].text}`;
}

function chatStream(
  answer: string,
  model: string,
  chunks: EmulatedAiSearchChunk[],
  delayMs: number,
  signal?: AbortSignal,
) {
  const id = `chatcmpl-${randomHex(24)}`;
  const created = Math.floor(Date.now() / 1000);
  const event = (
    delta: Record<string, unknown>,
    finish: string | null,
    extra: Record<string, unknown> = {},
  ) =>
    sseJson({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      choices: [{ index: 0, delta, finish_reason: finish }],
      ...extra,
    });
  const events = [event({ role: "assistant", content: "" }, null, { chunks })];
  for (const piece of splitPieces(answer, 8)) events.push(event({ content: piece }, null));
  events.push(event({}, "stop"), "[DONE]");
  return createSseStream({ events, delayMs }, signal);
}

/** AI Search / AutoRAG bindings backed by the emulator's index. */
export class AiSearchService {
  private readonly instances = new Set<string>();

  constructor(private readonly core: EmulatorCore) {}

  private record(name: string, inputs: unknown): void {
    this.instances.add(name);
    this.core.requests.push({ transport: "binding", model: `aisearch:${name}`, inputs, headers: {} });
  }

  private retrieve(request: EmulatedAiSearchRequest): EmulatedAiSearchResponse {
    const hasQuery = typeof request.query === "string";
    const hasMessages = Array.isArray(request.messages);
    if (hasQuery === hasMessages)
      throw namedError("AiSearchInternalError", "Exactly one of 'query' or 'messages' is required");
    const query = hasQuery ? (request.query as string) : lastUserText(request.messages);
    const { threshold, max } = retrievalOptions(request.ai_search_options);
    const chunks = searchDocuments(this.core.documents, query, threshold, max);
    return { search_query: query, chunks };
  }

  /** A current-API instance. */
  instance(name = "default"): EmulatedAISearchInstance {
    return {
      search: async (request) => {
        this.record(name, request);
        return this.retrieve(request);
      },
      chatCompletions: async (request) => {
        this.record(name, request);
        return this.chat(name, request, [name]);
      },
    };
  }

  private chat(
    name: string,
    request: EmulatedAiSearchChatRequest,
    instanceIds: string[],
  ): EmulatedAiSearchChatResponse | ReadableStream<Uint8Array> {
    if (!Array.isArray(request.messages) || request.messages.length === 0)
      throw namedError("AiSearchInternalError", "'messages' is required");
    const retrieved = this.retrieve({
      messages: request.messages,
      ai_search_options: request.ai_search_options,
    });
    const chunks =
      instanceIds.length > 1 || name === "*"
        ? instanceIds.flatMap((id) => retrieved.chunks.map((c) => ({ ...c, instance_id: id })))
        : retrieved.chunks;
    const model =
      typeof request.model === "string" ? request.model : "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
    const answer = answerFrom(chunks);
    if (request.stream === true) return chatStream(answer, model, chunks, this.core.tokenDelayMs);
    return {
      id: `chatcmpl-${randomHex(24)}`,
      object: "chat.completion",
      model,
      choices: [{ index: 0, message: { role: "assistant", content: answer }, finish_reason: "stop" }],
      chunks,
    };
  }

  /** The namespace binding (`env.AI.aiSearch()`). */
  namespace(): EmulatedAiSearchNamespace {
    const ids = (request: { ai_search_options?: Record<string, unknown> }): string[] => {
      const raw = request.ai_search_options?.instance_ids;
      if (
        !Array.isArray(raw) ||
        raw.length < 1 ||
        raw.length > 10 ||
        !raw.every((x) => typeof x === "string")
      )
        throw namedError(
          "AiSearchInternalError",
          "ai_search_options.instance_ids must list 1 to 10 instances",
        );
      return raw as string[];
    };
    return {
      get: (name) => this.instance(name),
      list: async () => [...this.instances].map((id) => ({ id, status: "ready" })),
      search: async (request) => {
        const list = ids(request);
        for (const id of list) this.record(id, request);
        const result = this.retrieve(request);
        return {
          search_query: result.search_query,
          chunks: list.flatMap((id) => result.chunks.map((c) => ({ ...c, instance_id: id }))),
        };
      },
      chatCompletions: async (request) => {
        const list = ids(request);
        for (const id of list) this.record(id, request);
        return this.chat("*", request, list);
      },
    };
  }

  /** The legacy AutoRAG binding. */
  autorag(name = "default"): EmulatedAutoRAG {
    const search = (request: EmulatedAutoRagRequest): EmulatedAutoRagSearchResponse => {
      if (typeof request.query !== "string" || request.query === "")
        throw namedError("AutoRAGInternalError", "'query' is required");
      const threshold = request.ranking_options?.score_threshold ?? 0;
      const max = typeof request.max_num_results === "number" ? request.max_num_results : 10;
      const chunks = searchDocuments(this.core.documents, request.query, threshold, max);
      return {
        object: "vector_store.search_results.page",
        search_query: request.query,
        data: chunks.map((c) => ({
          file_id: randomUuidFor(c.item.key),
          filename: c.item.key,
          score: c.score,
          attributes: { timestamp: c.item.timestamp, ...(c.item.metadata ?? {}) },
          content: [{ type: "text" as const, text: c.text }],
        })),
        has_more: false,
        next_page: null,
      };
    };
    return {
      search: async (request) => {
        this.record(name, request);
        return search(request);
      },
      aiSearch: async (request) => {
        this.record(name, request);
        const result = search(request);
        const answer =
          result.data.length === 0
            ? "I could not find anything about that in the indexed documents."
            : `According to ${result.data[0].filename}: ${result.data[0].content[0].text}`;
        if (request.stream === true) {
          const events = splitPieces(answer, 8).map((piece) => sseJson({ response: piece }));
          events.push("[DONE]");
          return new Response(createSseStream({ events, delayMs: this.core.tokenDelayMs }), {
            headers: { "content-type": "text/event-stream", "cf-ai-req-id": randomUuid() },
          });
        }
        return { ...result, response: answer };
      },
      list: async () => [
        {
          id: name,
          enable: true,
          type: "r2",
          source: "emulator-documents",
          vectorize_name: `${name}-index`,
          paused: false,
          status: "ready",
        },
      ],
    };
  }
}

function randomUuidFor(key: string): string {
  const h = hashString(key).toString(16).padStart(8, "0");
  return `${h}-0000-4000-8000-${h}${h.slice(0, 4)}`;
}
