import type { SharedV4Warning } from "@ai-sdk/provider";
import type { GatewayOptions } from "./gateway-options";

/** Options of the binding's third argument (and their REST equivalents) that a model may set. */
export interface WorkersAIRunOptions {
  /** Fail fast with 3040 instead of queueing for capacity. */
  rejectIfBusy?: boolean;
  /** Dashboard grouping tags (max 5, 50 chars each). */
  tags?: string[];
  /** Sent as model header value `"<prefix>:<model>"`. */
  prefix?: string;
  /** Binding only: ask for the raw `Response` (used for binary outputs). */
  returnRawResponse?: boolean;
  /**
   * Model settings this provider does not know (e.g. `queueRequest`), as 4.x forwarded them: binding run
   * options, REST query parameters.
   */
  passthrough?: Record<string, string | number | boolean>;
}

/**
 * A body that is not JSON: audio bytes (whisper, nova-3) or a multipart form (FLUX.2).
 * Over REST it is the HTTP body (other inputs go to the query string); over the binding it is
 * passed as `inputs[key] = { body, contentType }`.
 */
export interface WorkersAIRawBody {
  /** Input key the binding expects the body under (e.g. `"audio"`, `"multipart"`). */
  key: string;
  body: Uint8Array | FormData;
  /** Content type of a byte body (ignored for `FormData`, which carries its own boundary). */
  contentType?: string;
}

/** One Workers AI call as a model describes it; the transport decides how it travels. */
export interface WorkersAIRunRequest {
  model: string;
  /** Model inputs (the binding's second argument, the REST JSON body). */
  inputs: Record<string, unknown>;
  rawBody?: WorkersAIRawBody;
  /** Extra request headers for this call (`x-session-affinity`, BYOK auth, …). */
  headers?: Record<string, string | undefined>;
  /** AI Gateway options for this call; merged over the provider-level gateway. */
  gateway?: Partial<GatewayOptions>;
  options?: WorkersAIRunOptions;
  abortSignal?: AbortSignal;
}

/** Response headers a reply carried (lower-case names), as far as the transport can see them. */
export type WorkersAIResponseHeaders = Record<string, string>;

/** Fields every reply has. */
interface WorkersAIReplyBase {
  headers: WorkersAIResponseHeaders;
  warnings: SharedV4Warning[];
  /**
   * Credentials the request carried (API token, gateway token, BYOK keys), so that errors a model
   * builds from the reply (e.g. a mid-stream error event quoting a key) can redact them.
   */
  secrets?: readonly string[];
}

/**
 * What came back. Models branch on `type`, never on what they asked for:
 * - `json`: a parsed JSON value (REST envelope already unwrapped);
 * - `stream`: a byte stream, SSE for text generation or raw bytes for images/audio;
 * - `bytes`: a complete binary body.
 */
export type WorkersAIReply =
  | (WorkersAIReplyBase & { type: "json"; value: unknown })
  | (WorkersAIReplyBase & {
      type: "stream";
      stream: ReadableStream<Uint8Array>;
      contentType: string | undefined;
    })
  | (WorkersAIReplyBase & {
      type: "bytes";
      bytes: Uint8Array;
      contentType: string | undefined;
    });

/** How a request travels: the `env.AI` binding or the REST API (each optionally through AI Gateway). */
export interface WorkersAITransport {
  readonly kind: "binding" | "rest";
  /** Sends one request. Every failure becomes an `APICallError` (aborts pass through untouched). */
  run(request: WorkersAIRunRequest): Promise<WorkersAIReply>;
  /** The URL reported in results and errors for a model (no secrets). */
  urlFor(model: string, gateway?: Partial<GatewayOptions>): string;
}
