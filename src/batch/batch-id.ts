import { InvalidArgumentError } from "@ai-sdk/provider";
import { convertBase64ToUint8Array, convertUint8ArrayToBase64 } from "@ai-sdk/provider-utils";
import { isRecord } from "../guards";
import type { GatewayOptions } from "../transport/gateway-options";

/** One request of a batch as its id remembers it: enough to read its result later, anywhere. */
export interface BatchItemRef {
  /** The application's request id. */
  id: string;
  kind: "text" | "embedding";
  /** Text: names of the function tools sent (tool-call recovery needs them). */
  toolNames?: string[];
  /** Text: the tool the request forced. */
  forcedToolName?: string;
  /** Text: JSON output was asked for. */
  jsonMode?: boolean;
  /** Embedding: number of values embedded. */
  count?: number;
}

/** One Workers AI queue (one `queueRequest` call): a model and its `request_id`. */
export interface BatchQueueRef {
  model: string;
  requestId: string;
  /** Per-request gateway the queue was sent through (never its token). */
  gateway?: Partial<Omit<GatewayOptions, "authToken">>;
  items: BatchItemRef[];
}

const PREFIX = "wai-batch-v1.";

interface WireItem {
  i: string;
  k: "t" | "e";
  t?: string[];
  f?: string;
  j?: 1;
  n?: number;
}

interface WireQueue {
  m: string;
  r: string;
  g?: Record<string, unknown>;
  i: WireItem[];
}

/**
 * Encodes a batch as an opaque, self-contained id (the `batch.id` users persist): the Workers AI
 * `request_id` of every queue and what reading each result needs. No secrets go in.
 */
export function encodeBatchId(queues: readonly BatchQueueRef[]): string {
  const wire: WireQueue[] = queues.map((queue) => ({
    m: queue.model,
    r: queue.requestId,
    ...(queue.gateway ? { g: withoutToken(queue.gateway) } : {}),
    i: queue.items.map((item) => ({
      i: item.id,
      k: item.kind === "text" ? "t" : "e",
      ...(item.toolNames?.length ? { t: item.toolNames } : {}),
      ...(item.forcedToolName !== undefined ? { f: item.forcedToolName } : {}),
      ...(item.jsonMode ? { j: 1 as const } : {}),
      ...(item.count !== undefined ? { n: item.count } : {}),
    })),
  }));
  const base64 = convertUint8ArrayToBase64(
    new TextEncoder().encode(
      JSON.stringify(wire, (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value)),
    ),
  );
  return PREFIX + base64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Decodes a batch id made by {@link encodeBatchId}; anything else is an `InvalidArgumentError`. */
export function decodeBatchId(batchId: string): BatchQueueRef[] {
  const invalid = (why: string) =>
    new InvalidArgumentError({
      argument: "batch",
      message: `${JSON.stringify(batchId.slice(0, 40))} is not a Workers AI batch id (${why}); use the batch returned by experimental_startBatch.`,
    });
  if (typeof batchId !== "string" || !batchId.startsWith(PREFIX)) throw invalid("unknown format");
  let wire: unknown;
  try {
    const base64 = batchId.slice(PREFIX.length).replace(/-/g, "+").replace(/_/g, "/");
    wire = JSON.parse(new TextDecoder().decode(convertBase64ToUint8Array(base64)));
  } catch {
    throw invalid("it does not decode");
  }
  if (!Array.isArray(wire) || wire.length === 0) throw invalid("no queues");
  return wire.map((queue): BatchQueueRef => {
    if (
      !isRecord(queue) ||
      typeof queue.m !== "string" ||
      typeof queue.r !== "string" ||
      !Array.isArray(queue.i)
    )
      throw invalid("a queue is malformed");
    return {
      model: queue.m,
      requestId: queue.r,
      ...(isRecord(queue.g) ? { gateway: queue.g as BatchQueueRef["gateway"] } : {}),
      items: queue.i.map((item): BatchItemRef => {
        if (!isRecord(item) || typeof item.i !== "string" || (item.k !== "t" && item.k !== "e"))
          throw invalid("an item is malformed");
        return {
          id: item.i,
          kind: item.k === "t" ? "text" : "embedding",
          ...(Array.isArray(item.t)
            ? { toolNames: item.t.filter((t): t is string => typeof t === "string") }
            : {}),
          ...(typeof item.f === "string" ? { forcedToolName: item.f } : {}),
          ...(item.j === 1 ? { jsonMode: true } : {}),
          ...(typeof item.n === "number" ? { count: item.n } : {}),
        };
      }),
    };
  });
}

function withoutToken(gateway: Partial<GatewayOptions>): Record<string, unknown> {
  const { authToken: _token, ...rest } = gateway;
  return rest;
}
