import type { JSONObject, JSONValue, LanguageModelV4Source } from "@ai-sdk/provider";
import { isRecord } from "../guards";
import { PROVIDER_OPTIONS_KEY } from "../model-config";

/**
 * A retrieved chunk, the same shape for both binding kinds. Current binding: one entry of `chunks`
 * (`id`, `text`, `score`, `item.key`, `item.metadata`). Legacy AutoRAG: one entry of `data`
 * (`file_id`, `filename`, `score`, `attributes`, `content[].text` joined by newlines).
 */
export interface AISearchChunk {
  /** Chunk id (current) or file id (legacy). */
  id: string;
  /** The chunk text (empty for metadata-only searches). */
  text: string;
  /** Relevance score, 0–1 (0 when the reply gave none). */
  score: number;
  /** Document key in the data source (legacy: the file name). May be an http(s) URL for crawled sites. */
  key: string;
  /** Last path segment of the key. */
  filename: string;
  /** The key when it is an http(s) URL. */
  url?: string;
  /** Document metadata (current: `item.metadata`; legacy: `attributes`). */
  metadata: Record<string, unknown>;
  /** Namespace searches: the instance the chunk came from. */
  instanceId?: string;
  /** Current binding: how the chunk was scored. */
  scoringDetails?: Record<string, unknown>;
  /** Current binding: document timestamp. */
  timestamp?: number;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** Whether a key is an absolute http(s) URL. */
export function httpUrlOf(key: string): string | undefined {
  if (!/^https?:\/\//i.test(key)) return undefined;
  try {
    return new URL(key).href;
  } catch {
    return undefined;
  }
}

function filenameOf(key: string): string {
  const path = key.split(/[?#]/, 1)[0].replace(/\/+$/, "");
  const slash = path.lastIndexOf("/");
  return slash === -1 ? path : path.slice(slash + 1) || path;
}

/** Reads the `chunks` of a current-binding reply (search or chat); malformed entries are skipped. */
export function chunksFromAISearch(reply: unknown): AISearchChunk[] {
  if (!isRecord(reply) || !Array.isArray(reply.chunks)) return [];
  const out: AISearchChunk[] = [];
  reply.chunks.forEach((entry, index) => {
    if (!isRecord(entry)) return;
    const item = isRecord(entry.item) ? entry.item : {};
    const key = str(item.key) ?? str(entry.key) ?? str(entry.filename) ?? "";
    const text = str(entry.text) ?? "";
    const chunk: AISearchChunk = {
      id: str(entry.id) ?? (key ? `${key}#${index}` : `chunk-${index}`),
      text,
      score: num(entry.score) ?? 0,
      key,
      filename: filenameOf(key),
      metadata: isRecord(item.metadata) ? item.metadata : {},
    };
    const url = httpUrlOf(key);
    if (url) chunk.url = url;
    const instanceId = str(entry.instance_id);
    if (instanceId) chunk.instanceId = instanceId;
    if (isRecord(entry.scoring_details)) chunk.scoringDetails = entry.scoring_details;
    const timestamp = num(item.timestamp);
    if (timestamp !== undefined) chunk.timestamp = timestamp;
    out.push(chunk);
  });
  return out;
}

/** Reads the `data` of a legacy AutoRAG reply (search or aiSearch); malformed entries are skipped. */
export function chunksFromAutoRAG(reply: unknown): AISearchChunk[] {
  if (!isRecord(reply) || !Array.isArray(reply.data)) return [];
  const out: AISearchChunk[] = [];
  reply.data.forEach((entry, index) => {
    if (!isRecord(entry)) return;
    const key = str(entry.filename) ?? str(entry.key) ?? "";
    const content = Array.isArray(entry.content) ? entry.content : [];
    const text = content
      .map((part) => (isRecord(part) && typeof part.text === "string" ? part.text : ""))
      .filter((part) => part.length > 0)
      .join("\n");
    const chunk: AISearchChunk = {
      id: str(entry.file_id) ?? (key ? `${key}#${index}` : `chunk-${index}`),
      text,
      score: num(entry.score) ?? 0,
      key,
      filename: filenameOf(key),
      metadata: isRecord(entry.attributes) ? entry.attributes : {},
    };
    const url = httpUrlOf(key);
    if (url) chunk.url = url;
    out.push(chunk);
  });
  return out;
}

/** The search query a reply reports (`search_query`), e.g. after query rewriting. */
export function searchQueryOf(reply: unknown): string | undefined {
  return isRecord(reply) && typeof reply.search_query === "string" ? reply.search_query : undefined;
}

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  txt: "text/plain",
  text: "text/plain",
  log: "text/plain",
  md: "text/markdown",
  mdx: "text/markdown",
  markdown: "text/markdown",
  html: "text/html",
  htm: "text/html",
  csv: "text/csv",
  tsv: "text/tab-separated-values",
  xml: "application/xml",
  json: "application/json",
  jsonl: "application/jsonl",
  yaml: "application/yaml",
  yml: "application/yaml",
  pdf: "application/pdf",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ppt: "application/vnd.ms-powerpoint",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  odt: "application/vnd.oasis.opendocument.text",
  rtf: "application/rtf",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  svg: "image/svg+xml",
};

/** Media type guessed from a file name's extension; `text/plain` when unknown (chunks are text). */
export function mediaTypeOf(filename: string): string {
  const dot = filename.lastIndexOf(".");
  if (dot <= 0) return "text/plain";
  return MEDIA_TYPES[filename.slice(dot + 1).toLowerCase()] ?? "text/plain";
}

/** A JSON-safe copy (drops functions, `undefined`, cycles become an error caught by the caller). */
function jsonSafe(value: unknown): JSONValue | undefined {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? undefined : (JSON.parse(text) as JSONValue);
  } catch {
    return undefined;
  }
}

/** What a source part carries in `providerMetadata["workers-ai"]`. */
function sourceMetadata(chunk: AISearchChunk, kind: "ai-search" | "autorag"): JSONObject {
  const out: JSONObject = { score: chunk.score, text: chunk.text, key: chunk.key };
  if (kind === "autorag") out.fileId = chunk.id;
  else out.chunkId = chunk.id;
  const metadata = jsonSafe(chunk.metadata);
  if (metadata !== undefined) out[kind === "autorag" ? "attributes" : "metadata"] = metadata;
  if (chunk.instanceId) out.instanceId = chunk.instanceId;
  if (chunk.scoringDetails) {
    const details = jsonSafe(chunk.scoringDetails);
    if (details !== undefined) out.scoringDetails = details;
  }
  if (chunk.timestamp !== undefined) out.timestamp = chunk.timestamp;
  return out;
}

/**
 * Turns retrieved chunks into `source` parts, once each: a chunk already seen (same id and text) is skipped,
 * and a repeated id (several chunks of one legacy file) gets a `#2`, `#3`… suffix so ids stay unique; the
 * original id stays in `providerMetadata["workers-ai"]` (`chunkId` / `fileId`).
 *
 * A key that is an http(s) URL gives a `url` source (title = the key); any other key gives a `document`
 * source with the key as title, its last segment as filename and a media type guessed from the extension.
 */
export class SourceCollector {
  private readonly seen = new Set<string>();
  private readonly usedIds = new Map<string, number>();

  constructor(private readonly kind: "ai-search" | "autorag") {}

  /** Source parts for the chunks not seen before. */
  add(chunks: readonly AISearchChunk[]): LanguageModelV4Source[] {
    const out: LanguageModelV4Source[] = [];
    for (const chunk of chunks) {
      const seenKey = `${chunk.id}\u0000${chunk.text}`;
      if (this.seen.has(seenKey)) continue;
      this.seen.add(seenKey);
      const count = (this.usedIds.get(chunk.id) ?? 0) + 1;
      this.usedIds.set(chunk.id, count);
      const id = count === 1 ? chunk.id : `${chunk.id}#${count}`;
      const providerMetadata = { [PROVIDER_OPTIONS_KEY]: sourceMetadata(chunk, this.kind) };
      const title = chunk.key || chunk.id;
      if (chunk.url) {
        out.push({ type: "source", sourceType: "url", id, url: chunk.url, title, providerMetadata });
      } else {
        const source: LanguageModelV4Source = {
          type: "source",
          sourceType: "document",
          id,
          mediaType: mediaTypeOf(chunk.filename),
          title,
          providerMetadata,
        };
        if (chunk.filename) source.filename = chunk.filename;
        out.push(source);
      }
    }
    return out;
  }
}
