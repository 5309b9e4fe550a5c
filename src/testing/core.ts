/** State shared by the REST handler and the binding, and the AI Gateway wrapper both use. */
import type { EngineConfig } from "./engine";
import { type GatewayLogInput, type GatewayRequestOptions, GatewayState } from "./gateway";
import type { AiSearchDocument, EmulatorRequestLogEntry } from "./types";

/** Everything one emulator instance holds. */
export interface EmulatorCore {
  accountId: string;
  apiToken?: string;
  gatewayToken?: string;
  tokenDelayMs: number;
  resumeTtlMs: number;
  engine: EngineConfig;
  gateway: GatewayState;
  requests: EmulatorRequestLogEntry[];
  documents: AiSearchDocument[];
}

/** A produced reply plus the token figures for the gateway log. */
export interface Produced {
  response: Response;
  tokens?: { in: number; out: number };
}

/** New gateway state. */
export function createGatewayState(): GatewayState {
  return new GatewayState();
}

/**
 * Runs `produce` behind an emulated AI Gateway: answers from the cache when the same request was
 * seen before and caching applies, stores cacheable replies, logs the call and adds the `cf-aig-*`
 * response headers (`cf-aig-log-id`, `cf-aig-request-id`, `cf-aig-cache-status`).
 */
export async function throughGateway(
  core: EmulatorCore,
  args: {
    gateway: string;
    options: GatewayRequestOptions;
    target: string;
    body: string;
    log: GatewayLogInput;
    produce: () => Promise<Produced>;
    /** Called instead of `produce` when the reply comes from the cache (to log the request). */
    onCacheHit?: () => void;
  },
): Promise<Response> {
  const startedAt = Date.now();
  const key = core.gateway.cacheKeyFor(args.gateway, args.target, args.body, args.options);
  let response = key ? core.gateway.lookup(key) : undefined;
  const cached = response !== undefined;
  let tokens: Produced["tokens"];
  if (response) args.onCacheHit?.();
  else {
    const produced = await args.produce();
    response = produced.response;
    tokens = produced.tokens;
    const streamed = (response.headers.get("content-type") ?? "").includes("event-stream");
    if (key && response.ok && !streamed) response = await core.gateway.store(key, response, args.options);
  }
  const logId = core.gateway.log(
    args.gateway,
    { ...args.log, metadata: args.log.metadata ?? args.options.metadata, tokens },
    response,
    cached,
    startedAt,
  );
  response.headers.set("cf-aig-log-id", logId);
  response.headers.set("cf-aig-request-id", logId);
  response.headers.set("cf-aig-cache-status", cached ? "HIT" : "MISS");
  if (args.options.eventId) response.headers.set("cf-aig-event-id", args.options.eventId);
  return response;
}
