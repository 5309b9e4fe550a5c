/** The emulated `env.AI` binding (spec section 1). */
import type { AiSearchService } from "./ai-search";
import { queueOutcome } from "./batch";
import {
  CATALOG,
  findModel,
  isThirdPartyModel,
  type ModelSearchParams,
  searchModels,
  toSearchObject,
} from "./catalog";
import { type EmulatorCore, type Produced, throughGateway } from "./core";
import { runEngine } from "./engine";
import { namedError } from "./errors";
import { gatewayHeadersFromBinding, gatewayOptionsFromBinding, gatewayOptionsFromHeaders } from "./gateway";
import { renderOutcome } from "./outcome";
import { runUniversal } from "./rest";
import { createSseStream } from "./sse";
import type { EmulatedAiBinding, EmulatedAiGateway, EmulatedAiOptions } from "./types";
import { abortError, headersToRecord, isRecord, randomUuid, readAllBytes, textEncoder } from "./util";
import { bindingRealtime } from "./websocket";

interface NormalizedInputs {
  inputs: Record<string, unknown>;
  /** Content type of a raw (stream/FormData/bytes) input, when one was given. */
  rawContentType?: string;
  rawBytes?: number;
}

function stringHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined || v === null) continue;
    out[k.toLowerCase()] = typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
  }
  return out;
}

function isRawBody(
  value: unknown,
): value is ReadableStream<Uint8Array> | FormData | Uint8Array | ArrayBuffer {
  return (
    value instanceof ReadableStream ||
    value instanceof FormData ||
    value instanceof Uint8Array ||
    value instanceof ArrayBuffer
  );
}

/** Reads stream/FormData inputs (`{ body, contentType }`) into bytes, like the binding sends them raw. */
async function normalizeInputs(inputs: Record<string, unknown>): Promise<NormalizedInputs> {
  const out: Record<string, unknown> = { ...inputs };
  let rawKeys = 0;
  let rawContentType: string | undefined;
  let rawBytes: number | undefined;
  for (const [key, value] of Object.entries(inputs)) {
    const wrapped = isRecord(value) && isRawBody(value.body);
    if (!wrapped && !(value instanceof ReadableStream) && !(value instanceof FormData)) continue;
    rawKeys++;
    if (rawKeys > 1) throw namedError("AiInternalError", "Only one ReadableStream input is supported");
    const body = wrapped ? (value as { body: unknown }).body : value;
    let bytes: Uint8Array;
    if (body instanceof FormData) {
      const response = new Response(body);
      bytes = new Uint8Array(await response.arrayBuffer());
      rawContentType = response.headers.get("content-type") ?? "multipart/form-data";
    } else {
      const contentType = wrapped ? (value as { contentType?: unknown }).contentType : undefined;
      if (typeof contentType !== "string" || contentType === "")
        throw namedError("AiInternalError", "Content-Type is required with ReadableStream inputs");
      rawContentType = contentType;
      bytes =
        body instanceof ReadableStream
          ? await readAllBytes(body as ReadableStream<Uint8Array>)
          : body instanceof ArrayBuffer
            ? new Uint8Array(body)
            : (body as Uint8Array);
    }
    rawBytes = bytes.length;
    out[key] = { body: bytes, contentType: rawContentType };
  }
  return { inputs: out, rawContentType, rawBytes };
}

async function bindingError(response: Response): Promise<Error & { internalCode?: number }> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (isRecord(body) && typeof body.internalCode === "number") {
    const error = namedError(
      typeof body.name === "string" ? body.name : "InferenceUpstreamError",
      `${body.internalCode}: ${typeof body.description === "string" ? body.description : String(body.message ?? "")}`,
    ) as Error & { internalCode?: number };
    error.internalCode = body.internalCode;
    return error;
  }
  const first = isRecord(body) && Array.isArray(body.errors) ? body.errors[0] : undefined;
  if (isRecord(first))
    return namedError("InferenceUpstreamError", `${String(first.code)}: ${String(first.message)}`);
  return namedError("InferenceUpstreamError", text);
}

/** Creates the binding object for an emulator. */
export function createBinding(core: EmulatorCore, search: AiSearchService): EmulatedAiBinding {
  const binding: EmulatedAiBinding = {
    aiGatewayLogId: null,
    lastRequestId: null,
    lastRequestHttpStatusCode: null,
    lastRequestInternalStatusCode: null,

    async run(model: string, inputs: Record<string, unknown>, options?: EmulatedAiOptions): Promise<unknown> {
      const opts: EmulatedAiOptions = options ?? {};
      const signal = opts.signal;
      if (signal?.aborted) throw abortError(signal);
      const normalized = await normalizeInputs(isRecord(inputs) ? inputs : {});
      const gateway =
        isRecord(opts.gateway) && typeof opts.gateway.id === "string" ? opts.gateway : undefined;
      if (normalized.rawContentType !== undefined && gateway)
        throw namedError("AiInternalError", "AI Gateway does not support ReadableStreams yet.");
      const headers: Record<string, string> = {
        "content-type": normalized.rawContentType ?? "application/json",
        "cf-consn-sdk-version": "2.0.0",
        "cf-consn-model-id": opts.prefix ? `${opts.prefix}:${model}` : model,
        ...stringHeaders(opts.sessionOptions?.extraHeaders),
        ...stringHeaders(opts.extraHeaders),
      };
      const { signal: _signal, extraHeaders: _extra, sessionOptions: _session, ...wireOptions } = opts;
      const json =
        normalized.rawContentType === undefined ? JSON.stringify({ inputs, options: wireOptions }) : "";
      core.requests.push({
        transport: "binding",
        model,
        inputs: normalized.inputs,
        ...(Object.keys(wireOptions).length > 0 ? { options: wireOptions } : {}),
        headers,
        contentType: headers["content-type"],
        bodyBytes: normalized.rawBytes ?? textEncoder.encode(json).length,
      });
      if (opts.websocket)
        return bindingRealtime(core, { model, inputs: normalized.inputs, transport: "binding" });
      if (opts.queueRequest) {
        const queued = await queueOutcome(core, {
          model,
          inputs: normalized.inputs,
          transport: "binding",
          headers,
        });
        const response = await renderOutcome("binding", queued, { envelope: false, signal });
        if (!response.ok) throw await bindingError(response);
        return response.json();
      }
      const produce = async (): Promise<Produced> => {
        const outcome = await runEngine(core.engine, {
          model,
          inputs: normalized.inputs,
          transport: "binding",
          endpoint: "run",
          headers,
          signal,
          viaGateway: gateway !== undefined,
        });
        if (gateway && outcome.kind === "sse" && isThirdPartyModel(model) && !findModel(model)) {
          const runId = randomUuid();
          core.gateway.resume.set(runId, {
            gateway: gateway.id,
            model,
            events: [...outcome.plan.events],
            expires: Date.now() + core.resumeTtlMs,
          });
          outcome.headers["cf-aig-run-id"] = runId;
        }
        return {
          response: await renderOutcome("binding", outcome, { envelope: false, signal }),
          tokens: outcome.tokens,
        };
      };
      const response = gateway
        ? await throughGateway(core, {
            gateway: gateway.id,
            options: gatewayOptionsFromBinding(gateway),
            target: `run ${model}`,
            body: JSON.stringify(normalized.inputs),
            log: {
              provider: isThirdPartyModel(model) ? model.split("/")[0] : "workers-ai",
              model,
              path: model,
              requestSize: textEncoder.encode(json).length,
              requestContentType: "application/json",
            },
            produce,
          })
        : (await produce()).response;
      binding.lastRequestId = response.headers.get("cf-ai-req-id");
      binding.lastRequestHttpStatusCode = response.status;
      binding.aiGatewayLogId = response.headers.get("cf-aig-log-id");
      if (opts.returnRawResponse) return response;
      if (!response.ok || response.body === null) {
        const error = await bindingError(response);
        binding.lastRequestInternalStatusCode = error.internalCode ?? null;
        throw error;
      }
      binding.lastRequestInternalStatusCode = null;
      if (response.headers.get("content-type") === "application/json") return response.json();
      return response.body;
    },

    gateway(id: string): EmulatedAiGateway {
      return {
        async run(entries, options) {
          if (options?.signal?.aborted) throw abortError(options.signal);
          const headers: Record<string, string> = {
            "content-type": "application/json",
            ...gatewayHeadersFromBinding(options?.gateway),
            ...stringHeaders(options?.extraHeaders),
          };
          const body = textEncoder.encode(JSON.stringify(entries));
          const ctx = {
            core,
            url: new URL(`https://workers-binding.ai/ai-gateway/universal/run/${encodeURIComponent(id)}`),
            headers,
            method: "POST",
            body,
            mediaType: "application/json",
            signal: options?.signal,
          };
          return throughGateway(core, {
            gateway: id,
            options: gatewayOptionsFromHeaders(headers),
            target: "universal",
            body: JSON.stringify(entries),
            log: { provider: "universal", model: "", path: "", requestSize: body.length },
            produce: () => runUniversal(ctx, "binding"),
          });
        },
        async getLog(logId) {
          return core.gateway.getLog(id, logId);
        },
        async patchLog(logId, body) {
          core.gateway.patchLog(id, logId, body);
        },
        async getUrl(provider) {
          const base = `https://gateway.ai.cloudflare.com/v1/${core.accountId}/${id}`;
          return provider && provider !== "universal" ? `${base}/${provider}` : base;
        },
      };
    },

    async fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
      const request = new Request(input, init);
      const url = new URL(request.url);
      const match = /^\/ai-gateway\/gateways\/([^/]+)\/run\/([^/]+)\/resume$/.exec(url.pathname);
      const runId = match ? decodeURIComponent(match[2]) : "";
      const buffer = match ? core.gateway.resume.get(runId) : undefined;
      const from = Math.max(0, Math.floor(Number(url.searchParams.get("from") ?? "0")) || 0);
      core.requests.push({
        transport: "binding",
        model: buffer?.model ?? "",
        inputs: { runId, from },
        headers: headersToRecord(request.headers),
        url: url.toString(),
        method: request.method,
      });
      const json = (status: number, value: unknown) =>
        new Response(JSON.stringify(value), {
          status,
          headers: { "content-type": "application/json", "cf-ai-req-id": randomUuid() },
        });
      if (!match) return json(404, { error: "Not found" });
      if (!buffer || buffer.gateway !== decodeURIComponent(match[1]) || buffer.expires <= Date.now()) {
        if (buffer && buffer.expires <= Date.now()) core.gateway.resume.delete(runId);
        return json(404, { error: "Request not found" });
      }
      const signal = init?.signal ?? undefined;
      const stream = createSseStream(
        { events: buffer.events.slice(from), delayMs: core.tokenDelayMs },
        signal,
      );
      return new Response(stream, {
        headers: {
          "content-type": "text/event-stream",
          "cf-aig-run-id": runId,
          "cf-ai-req-id": randomUuid(),
        },
      });
    },

    async models(params?: ModelSearchParams) {
      const custom = Object.keys(core.engine.models)
        .filter((id) => !findModel(id))
        .map((id) =>
          toSearchObject({
            id,
            task: "Text Generation",
            kind: "chat",
            description: `Custom emulated model ${id}.`,
          }),
        );
      return searchModels([...CATALOG.map(toSearchObject), ...custom], params ?? {});
    },

    autorag(name?: string) {
      return search.autorag(name);
    },

    aiSearch() {
      return search.namespace();
    },
  };
  return binding;
}
