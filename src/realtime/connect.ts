import { APICallError, UnsupportedFunctionalityError } from "@ai-sdk/provider";
import {
  getWebSocketConstructor,
  isAbortError,
  toWebSocketUrl,
  type WebSocketConstructor,
} from "@ai-sdk/provider-utils";
import type { WorkersAIBinding } from "../transport/binding";
import { createWorkersAIError, parseErrorBody, redactSecrets } from "../transport/errors";
import {
  bindingGatewayOptions,
  type GatewayOptions,
  mergeGatewayOptions,
} from "../transport/gateway-options";
import { definedHeaders, headersToRecord } from "../transport/headers";
import { encodeModelPath } from "../transport/model-path";
import { type RestTransportConfig, restRequestHeaders } from "../transport/rest";
import { secretHeaderValues } from "../transport/secrets";
import { abortReason, raceBindingCall } from "../transport/streams";
import { bindingRunURL, cloudflareURLs } from "../transport/urls";
import {
  bufferEvents,
  closeQuietly,
  isRealtimeSocket,
  type RealtimeSocket,
  type SocketEvent,
} from "./socket";

/** One realtime session to open. */
export interface RealtimeConnectRequest {
  model: string;
  /** Session options (the binding's inputs; query parameters over REST). */
  inputs: Record<string, unknown>;
  headers?: Record<string, string | undefined>;
  gateway?: Partial<GatewayOptions>;
  abortSignal?: AbortSignal;
}

/** An open realtime session. */
export interface RealtimeConnection {
  socket: RealtimeSocket;
  /** Delivers the session's events, starting with any that arrived before the call. */
  subscribe: (onEvent: (event: SocketEvent) => void) => void;
  /** Response headers of the upgrade, as far as they are visible (lower-case). */
  headers: Record<string, string>;
  /** Where the session went (no secrets). */
  url: string;
}

/** Opens realtime WebSocket sessions to Workers AI models (nova-3, aura-2, …). */
export interface WorkersAIRealtimeConnector {
  readonly kind: "binding" | "rest";
  connect(request: RealtimeConnectRequest): Promise<RealtimeConnection>;
}

/**
 * Realtime over the binding: `env.AI.run(model, inputs, { websocket: true })` resolves to a `Response` whose
 * `webSocket` is the session (spec 1.1); any other answer is an error.
 */
export function createBindingRealtimeConnector(config: {
  binding: WorkersAIBinding;
  gateway?: GatewayOptions;
}): WorkersAIRealtimeConnector {
  return {
    kind: "binding",
    async connect(request) {
      const url = `${bindingRunURL(request.model)}?websocket=true`;
      const gateway = mergeGatewayOptions(config.gateway, request.gateway);
      const options: Record<string, unknown> = { websocket: true };
      if (gateway) options.gateway = bindingGatewayOptions(gateway);
      const extraHeaders = definedHeaders(request.headers);
      if (extraHeaders) options.extraHeaders = extraHeaders;
      if (request.abortSignal) options.signal = request.abortSignal;
      const secrets = secretHeaderValues(request.headers);
      const response = (await raceBindingCall(
        async () => config.binding.run(request.model, request.inputs, options),
        request.abortSignal,
        (error) =>
          isAbortError(error)
            ? error
            : createWorkersAIError({
                message: error instanceof Error ? error.message || error.name : String(error),
                name: error instanceof Error ? error.name : undefined,
                url,
                requestBodyValues: request.inputs,
                cause: error,
                secrets,
              }),
        // a session that opens after the abort is closed at once
        (late) => {
          const socket = (late as { webSocket?: unknown } | null)?.webSocket;
          if (isRealtimeSocket(socket)) closeQuietly(socket);
        },
      )) as {
        webSocket?: unknown;
        status?: unknown;
        headers?: Headers;
        text?: unknown;
      } | null;
      const headers = headersToRecord(response?.headers);
      if (response && isRealtimeSocket(response.webSocket)) {
        return { socket: response.webSocket, subscribe: bufferEvents(response.webSocket), headers, url };
      }
      const status = typeof response?.status === "number" ? response.status : undefined;
      const body =
        response && typeof response.text === "function"
          ? await (response.text as () => Promise<string>)().catch(() => "")
          : "";
      const parsed = parseErrorBody(body);
      throw createWorkersAIError({
        message:
          parsed.message ??
          `the binding did not open a WebSocket for ${request.model}${status !== undefined ? ` (HTTP ${status})` : ""}`,
        code: parsed.code,
        name: parsed.name,
        status: status !== undefined && status >= 400 ? status : 502,
        url,
        requestBodyValues: request.inputs,
        responseHeaders: headers,
        responseBody: body || undefined,
        secrets,
      });
    },
  };
}

/**
 * Realtime over REST: the documented WebSocket form of the run endpoint
 * (`GET {baseURL}/accounts/{account}/ai/run/{model}` upgraded, session options as query parameters), or
 * `{gatewayBaseURL}/{account}/{gateway}/workers-ai?model={model}` through AI Gateway. The API token travels
 * in the `Authorization` header, so the WebSocket implementation must send headers (the `ws` package,
 * Bun, Deno): pass it as `webSocket` when the global one cannot (browsers, Node's built-in client).
 */
export function createRestRealtimeConnector(
  config: RestTransportConfig & { webSocket?: WebSocketConstructor },
): WorkersAIRealtimeConnector {
  const urls = cloudflareURLs(config);
  return {
    kind: "rest",
    async connect(request) {
      config.accountId(); // a missing account id is reported before a missing token
      const gateway = mergeGatewayOptions(config.gateway, request.gateway);
      const { headers, secrets } = restRequestHeaders(config, request.headers, gateway);
      const query = toQuery(request.inputs);
      let url: string;
      if (gateway) {
        query.unshift(["model", request.model]);
        url = `${urls.gateway(gateway.id)}/workers-ai`;
      } else {
        url = `${urls.ai()}/run/${encodeModelPath(request.model)}`;
      }
      const search = new URLSearchParams(query).toString();
      const wsUrl = toWebSocketUrl(search ? `${url}?${search}` : url).toString();
      const safeUrl = redactSecrets(wsUrl, secrets);
      if (request.abortSignal?.aborted) throw abortReason(request.abortSignal);
      let Constructor: WebSocketConstructor;
      try {
        Constructor = getWebSocketConstructor(config.webSocket);
      } catch {
        throw new UnsupportedFunctionalityError({
          functionality: "realtime over REST without a WebSocket implementation",
          message:
            "This runtime has no WebSocket client: pass one to createWorkersAI({ webSocket }) (e.g. the `ws` package), or use the binding inside a Worker.",
        });
      }
      const socket = new Constructor(wsUrl, undefined, { headers });
      if (!isRealtimeSocket(socket)) {
        closeQuietly(socket as unknown as RealtimeSocket);
        throw new UnsupportedFunctionalityError({
          functionality: "realtime WebSocket without addEventListener",
          message: "The WebSocket implementation passed as `webSocket` has no addEventListener method.",
        });
      }
      const subscribe = bufferEvents(socket);
      await opened(socket, safeUrl, request);
      return { socket, subscribe, headers: {}, url: safeUrl };
    },
  };
}

/** Waits for `open`; an error or close first is an `APICallError` (the handshake was refused). */
function opened(socket: RealtimeSocket, url: string, request: RealtimeConnectRequest): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      request.abortSignal?.removeEventListener("abort", onAbort);
      fn();
    };
    const onAbort = () =>
      settle(() => {
        closeQuietly(socket);
        reject(abortReason(request.abortSignal as AbortSignal));
      });
    const refused = (detail: string) =>
      settle(() =>
        reject(
          new APICallError({
            message: `Workers AI refused the realtime WebSocket for ${request.model} (${detail}); check the account id, API token and model id.`,
            url,
            requestBodyValues: request.inputs,
            isRetryable: false,
          }),
        ),
      );
    request.abortSignal?.addEventListener("abort", onAbort, { once: true });
    socket.addEventListener("open", () => settle(resolve));
    socket.addEventListener("error", () => refused("the handshake failed"));
    socket.addEventListener("close", (event) => {
      const { code, reason } = (event ?? {}) as { code?: unknown; reason?: unknown };
      refused(`closed with code ${String(code)}${typeof reason === "string" && reason ? `: ${reason}` : ""}`);
    });
  });
}

/** Session options as query parameters: arrays repeat the key (Deepgram style), objects are JSON. */
function toQuery(inputs: Record<string, unknown>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(inputs)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const entry of value) out.push([key, scalar(entry)]);
    else out.push([key, scalar(value)]);
  }
  return out;
}

function scalar(value: unknown): string {
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}
