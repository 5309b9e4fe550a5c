/** AI Gateway state of the emulator: response cache, logs and resumable-stream buffers. */
import { namedError } from "./errors";
import type { EmulatedAiGatewayLog, EmulatedGatewayOptions } from "./types";
import { asBody, isRecord, randomHex } from "./util";

/** Gateway behaviour a request asks for (from `cf-aig-*` headers or binding `GatewayOptions`). */
export interface GatewayRequestOptions {
  skipCache: boolean;
  cacheTtl?: number;
  cacheKey?: string;
  metadata?: Record<string, unknown>;
  eventId?: string;
}

/** Reads the `cf-aig-*` request headers. */
export function gatewayOptionsFromHeaders(headers: Record<string, string>): GatewayRequestOptions {
  const ttl = headers["cf-aig-cache-ttl"] ?? headers["cf-cache-ttl"];
  let metadata: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = headers["cf-aig-metadata"] ? JSON.parse(headers["cf-aig-metadata"]) : undefined;
    if (isRecord(parsed)) metadata = parsed;
  } catch {
    metadata = undefined;
  }
  return {
    skipCache: (headers["cf-aig-skip-cache"] ?? headers["cf-skip-cache"]) === "true",
    cacheTtl: ttl !== undefined && ttl !== "" ? Number(ttl) : undefined,
    cacheKey: headers["cf-aig-cache-key"],
    metadata,
    eventId: headers["cf-aig-event-id"],
  };
}

/** Reads binding `GatewayOptions` (unknown fields ignored). */
export function gatewayOptionsFromBinding(options: Partial<EmulatedGatewayOptions>): GatewayRequestOptions {
  return {
    skipCache: options.skipCache === true,
    cacheTtl: typeof options.cacheTtl === "number" ? options.cacheTtl : undefined,
    cacheKey: typeof options.cacheKey === "string" ? options.cacheKey : undefined,
    metadata: isRecord(options.metadata) ? options.metadata : undefined,
    eventId: typeof options.eventId === "string" ? options.eventId : undefined,
  };
}

/** The `cf-aig-*` headers `gateway(id).run()` sends for binding `GatewayOptions` (spec 1.4). */
export function gatewayHeadersFromBinding(
  options: Partial<EmulatedGatewayOptions> | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!options) return headers;
  if (options.skipCache !== undefined) headers["cf-aig-skip-cache"] = String(options.skipCache);
  if (options.cacheTtl !== undefined) headers["cf-aig-cache-ttl"] = String(options.cacheTtl);
  if (options.cacheKey !== undefined) headers["cf-aig-cache-key"] = String(options.cacheKey);
  if (options.metadata !== undefined) headers["cf-aig-metadata"] = JSON.stringify(options.metadata);
  if (options.collectLog !== undefined) headers["cf-aig-collect-log"] = String(options.collectLog);
  if (options.eventId !== undefined) headers["cf-aig-event-id"] = String(options.eventId);
  if (options.requestTimeoutMs !== undefined)
    headers["cf-aig-request-timeout"] = String(options.requestTimeoutMs);
  const retries = options.retries;
  if (retries?.maxAttempts !== undefined) headers["cf-aig-max-attempts"] = String(retries.maxAttempts);
  if (retries?.retryDelayMs !== undefined) headers["cf-aig-retry-delay"] = String(retries.retryDelayMs);
  if (retries?.backoff !== undefined) headers["cf-aig-backoff"] = String(retries.backoff);
  return headers;
}

interface CachedReply {
  status: number;
  headers: Array<[string, string]>;
  body: Uint8Array;
  expires: number;
}

/** A resumable run (unified-billing run path). */
export interface ResumeBuffer {
  gateway: string;
  model: string;
  events: string[];
  expires: number;
}

/** What a gateway request logs. */
export interface GatewayLogInput {
  provider: string;
  model: string;
  path: string;
  requestSize: number;
  requestContentType?: string;
  metadata?: Record<string, unknown>;
  step?: number;
  tokens?: { in: number; out: number };
}

/** Cache, logs and resume buffers of every emulated gateway. */
export class GatewayState {
  private readonly cache = new Map<string, CachedReply>();
  private readonly logs = new Map<string, Map<string, EmulatedAiGatewayLog>>();
  /** Resumable runs by run id. */
  readonly resume = new Map<string, ResumeBuffer>();

  /** Cache key for a request, or `undefined` when caching does not apply (spec 2.4, [D:Caching]). */
  cacheKeyFor(
    gateway: string,
    target: string,
    body: string,
    options: GatewayRequestOptions,
  ): string | undefined {
    if (options.skipCache) return undefined;
    const ttl = options.cacheTtl ?? 0;
    if (!(ttl > 0) && options.cacheKey === undefined) return undefined;
    return JSON.stringify([gateway, target, options.cacheKey ?? body]);
  }

  /** A fresh cached reply for `key`. */
  lookup(key: string): Response | undefined {
    const hit = this.cache.get(key);
    if (!hit) return undefined;
    if (hit.expires <= Date.now()) {
      this.cache.delete(key);
      return undefined;
    }
    return new Response(hit.body.length > 0 ? asBody(hit.body) : null, {
      status: hit.status,
      headers: hit.headers,
    });
  }

  /** Stores a complete reply; returns an equivalent unread `Response`. */
  async store(key: string, response: Response, options: GatewayRequestOptions): Promise<Response> {
    const body = new Uint8Array(await response.arrayBuffer());
    const headers: Array<[string, string]> = [];
    response.headers.forEach((value, name) => {
      headers.push([name, value]);
    });
    const ttlSeconds = options.cacheTtl !== undefined && options.cacheTtl > 0 ? options.cacheTtl : 300;
    this.cache.set(key, { status: response.status, headers, body, expires: Date.now() + ttlSeconds * 1000 });
    return new Response(body.length > 0 ? asBody(body) : null, { status: response.status, headers });
  }

  /** Records a log entry; returns its id. */
  log(
    gateway: string,
    input: GatewayLogInput,
    response: Response,
    cached: boolean,
    startedAt: number,
  ): string {
    const id = `01${randomHex(24).toUpperCase()}`;
    const contentLength = Number(response.headers.get("content-length") ?? 0);
    const entry: EmulatedAiGatewayLog = {
      id,
      provider: input.provider,
      model: input.model,
      path: input.path,
      duration: Date.now() - startedAt,
      request_type: "universal",
      request_content_type: input.requestContentType,
      status_code: response.status,
      response_content_type: response.headers.get("content-type") ?? undefined,
      success: response.ok,
      cached,
      tokens_in: input.tokens?.in,
      tokens_out: input.tokens?.out,
      metadata: input.metadata,
      step: input.step,
      request_size: input.requestSize,
      request_head_complete: true,
      response_size: Number.isFinite(contentLength) ? contentLength : 0,
      response_head_complete: true,
      created_at: new Date(),
    };
    const logs = this.logs.get(gateway) ?? new Map<string, EmulatedAiGatewayLog>();
    logs.set(id, entry);
    this.logs.set(gateway, logs);
    return id;
  }

  /** A log entry; throws `AiGatewayLogNotFound`. */
  getLog(gateway: string, logId: string): EmulatedAiGatewayLog {
    const entry = this.logs.get(gateway)?.get(logId);
    if (!entry) throw namedError("AiGatewayLogNotFound", `Log ${logId} not found in gateway ${gateway}`);
    return { ...entry, created_at: new Date(entry.created_at.getTime()) };
  }

  /** Adds feedback to a log entry; throws `AiGatewayLogNotFound`. */
  patchLog(
    gateway: string,
    logId: string,
    body: { score?: number; feedback?: -1 | 1 | null; metadata?: Record<string, unknown> },
  ): void {
    const entry = this.logs.get(gateway)?.get(logId);
    if (!entry) throw namedError("AiGatewayLogNotFound", `Log ${logId} not found in gateway ${gateway}`);
    if (body.score !== undefined) entry.score = body.score;
    if (body.feedback !== undefined) entry.feedback = body.feedback;
    if (body.metadata !== undefined) entry.metadata = { ...entry.metadata, ...body.metadata };
  }

  /** Forgets everything. */
  clear(): void {
    this.cache.clear();
    this.logs.clear();
    this.resume.clear();
  }
}
