/**
 * The REST API of the emulator: `/client/v4/accounts/:acct/ai/...` and the AI Gateway URL forms
 * (`/v1/:acct/:gw/...`). Any host is accepted; only the path matters.
 */

import { queueOutcome } from "./batch";
import { CATALOG, type ModelSearchParams, searchModels, toSearchObject } from "./catalog";
import { type EmulatorCore, type Produced, throughGateway } from "./core";
import { type EngineEndpoint, invalidModelId, runEngine } from "./engine";
import { httpStatusForCode } from "./errors";
import { type GatewayRequestOptions, gatewayOptionsFromHeaders } from "./gateway";
import { errorOutcome, jsonOutcome, renderOutcome } from "./outcome";
import type { EmulatorTransport } from "./types";
import { headersToRecord, isRecord, textDecoder } from "./util";

/** One HTTP request as the REST handlers see it. */
export interface RestContext {
  core: EmulatorCore;
  url: URL;
  headers: Record<string, string>;
  method: string;
  body: Uint8Array;
  /** Media type without parameters, lower-cased ("" when absent). */
  mediaType: string;
  signal?: AbortSignal;
}

function restError(code: number, message: string, status = httpStatusForCode(code)): Promise<Response> {
  return renderOutcome("rest", errorOutcome(code, message, status), { envelope: false });
}

function couldNotRoute(path: string): string {
  return `Could not route to ${path}, perhaps your object identifier is invalid?`;
}

function record(
  ctx: RestContext,
  transport: EmulatorTransport,
  model: string,
  inputs: unknown,
  options?: Record<string, unknown>,
  extraHeaders?: Record<string, string>,
): void {
  ctx.core.requests.push({
    transport,
    model,
    inputs,
    ...(options && Object.keys(options).length > 0 ? { options } : {}),
    headers: { ...ctx.headers, ...extraHeaders },
    url: ctx.url.toString(),
    method: ctx.method,
    ...(ctx.headers["content-type"] !== undefined ? { contentType: ctx.headers["content-type"] } : {}),
    ...(ctx.body.length > 0 ? { bodyBytes: ctx.body.length } : {}),
  });
}

function scalar(value: string): unknown {
  if (value === "true") return true;
  if (value === "false") return false;
  if (value !== "" && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

function queryRecord(url: URL): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  url.searchParams.forEach((value, key) => {
    out[key] = scalar(value);
  });
  return out;
}

type Parsed = { ok: true; value: Record<string, unknown> } | { ok: false; response: Promise<Response> };

function parseJsonBody(ctx: RestContext): Parsed {
  if (ctx.body.length === 0)
    return { ok: false, response: restError(3003, "Incomplete request: missing request body") };
  try {
    const value: unknown = JSON.parse(textDecoder.decode(ctx.body));
    if (isRecord(value)) return { ok: true, value };
  } catch {
    // reported below
  }
  return { ok: false, response: restError(8001, "Invalid input: request body must be a JSON object") };
}

const RAW_MEDIA = /^(audio\/|video\/|application\/octet-stream$)/;

/** Inputs and options of a native run request (JSON, raw audio or multipart body). */
function nativeInputs(
  ctx: RestContext,
  model: string,
):
  | { ok: true; inputs: Record<string, unknown>; options: Record<string, unknown>; fromQueryString?: true }
  | { ok: false; response: Promise<Response> } {
  const query = queryRecord(ctx.url);
  const contentType = ctx.headers["content-type"] ?? "";
  if (ctx.mediaType.startsWith("multipart/form-data"))
    return {
      ok: true,
      inputs: { ...query, multipart: { body: ctx.body, contentType } },
      options: {},
      fromQueryString: true,
    };
  if (RAW_MEDIA.test(ctx.mediaType)) {
    const audio = model.endsWith("nova-3") ? { body: ctx.body, contentType } : ctx.body;
    return { ok: true, inputs: { ...query, audio }, options: {}, fromQueryString: true };
  }
  const parsed = parseJsonBody(ctx);
  if (!parsed.ok) return parsed;
  const { options: bodyOptions, ...inputs } = parsed.value;
  return { ok: true, inputs, options: { ...query, ...(isRecord(bodyOptions) ? bodyOptions : {}) } };
}

async function runNative(
  ctx: RestContext,
  rawModel: string,
  transport: EmulatorTransport,
  viaGateway: boolean,
): Promise<Produced> {
  let model: string;
  try {
    model = decodeURIComponent(rawModel);
  } catch {
    record(ctx, transport, rawModel, undefined);
    return { response: await restError(3042, "Invalid model ID", 400) };
  }
  const parsed = nativeInputs(ctx, model);
  record(
    ctx,
    transport,
    model,
    parsed.ok ? parsed.inputs : undefined,
    parsed.ok ? parsed.options : undefined,
  );
  const bad = invalidModelId(model);
  if (bad) return { response: await restError(bad.code, bad.message, bad.status) };
  if (!parsed.ok) return { response: await parsed.response };
  if (parsed.options.queueRequest === true) {
    const queued = await queueOutcome(ctx.core, {
      model,
      inputs: parsed.inputs,
      transport,
      headers: ctx.headers,
    });
    return { response: await renderOutcome("rest", queued, { envelope: true, signal: ctx.signal }) };
  }
  const outcome = await runEngine(ctx.core.engine, {
    model,
    inputs: parsed.inputs,
    transport,
    endpoint: "run",
    headers: ctx.headers,
    signal: ctx.signal,
    viaGateway,
    fromQueryString: parsed.fromQueryString,
  });
  return {
    response: await renderOutcome("rest", outcome, { envelope: true, signal: ctx.signal }),
    tokens: outcome.tokens,
  };
}

async function runOpenAiShaped(
  ctx: RestContext,
  endpoint: EngineEndpoint,
  transport: EmulatorTransport,
  modelFromBody: (model: string) => string,
  viaGateway: boolean,
): Promise<Produced> {
  const parsed = parseJsonBody(ctx);
  const model = parsed.ok && typeof parsed.value.model === "string" ? modelFromBody(parsed.value.model) : "";
  record(ctx, transport, model, parsed.ok ? parsed.value : undefined);
  if (!parsed.ok) return { response: await parsed.response };
  if (model === "") return { response: await restError(8001, "Invalid input: 'model' is required") };
  const { options: _options, ...inputs } = parsed.value;
  const outcome = await runEngine(ctx.core.engine, {
    model,
    inputs,
    transport,
    endpoint,
    headers: ctx.headers,
    signal: ctx.signal,
    viaGateway,
  });
  return {
    response: await renderOutcome("rest", outcome, { envelope: false, signal: ctx.signal }),
    tokens: outcome.tokens,
  };
}

function authorized(ctx: RestContext, authorization: string | undefined): boolean {
  const token = ctx.core.apiToken;
  return token === undefined || authorization === `Bearer ${token}`;
}

async function handleApi(ctx: RestContext): Promise<Response> {
  const path = ctx.url.pathname;
  const match = /^\/client\/v4\/accounts\/([^/]+)\/(.*)$/.exec(path);
  if (!match) return restError(7003, couldNotRoute(path));
  const [, account, rest] = match;
  if (!authorized(ctx, ctx.headers.authorization)) {
    record(ctx, "rest", rest.startsWith("ai/run/") ? safeDecode(rest.slice(7)) : "", undefined);
    return restError(10000, "Authentication error", 401);
  }
  if (safeDecode(account) !== ctx.core.accountId) {
    record(ctx, "rest", rest.startsWith("ai/run/") ? safeDecode(rest.slice(7)) : "", undefined);
    return restError(7003, couldNotRoute(path));
  }
  if (ctx.method === "POST" && rest.startsWith("ai/run/"))
    return (await runNative(ctx, rest.slice(7), "rest", false)).response;
  if (ctx.method === "POST" && rest === "ai/v1/chat/completions")
    return (await runOpenAiShaped(ctx, "chat-completions", "rest", (m) => m, false)).response;
  if (ctx.method === "POST" && rest === "ai/v1/embeddings")
    return (await runOpenAiShaped(ctx, "embeddings", "rest", (m) => m, false)).response;
  if (ctx.method === "POST" && rest === "ai/v1/responses")
    return (await runOpenAiShaped(ctx, "responses", "rest", (m) => m, false)).response;
  if (ctx.method === "GET" && rest === "ai/models/search") {
    const params = queryRecord(ctx.url) as ModelSearchParams;
    const result = searchModels(CATALOG.map(toSearchObject), params);
    return renderOutcome("rest", jsonOutcome(result), { envelope: true });
  }
  record(ctx, "rest", "", undefined);
  return restError(7003, couldNotRoute(path));
}

function parseLoose(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Universal endpoint entries, tried in order (spec 2.3). */
export async function runUniversal(ctx: RestContext, transport: EmulatorTransport): Promise<Produced> {
  let entries: unknown;
  try {
    entries = JSON.parse(textDecoder.decode(ctx.body));
  } catch {
    entries = undefined;
  }
  const list = Array.isArray(entries) ? entries : isRecord(entries) ? [entries] : [];
  if (list.length === 0 || !list.every(isRecord)) {
    record(ctx, transport, "", entries);
    return {
      response: await restError(8001, "Invalid input: the universal endpoint takes an array of entries"),
    };
  }
  let last: Produced | undefined;
  for (let step = 0; step < list.length; step++) {
    const entry = list[step] as Record<string, unknown>;
    const provider = typeof entry.provider === "string" ? entry.provider : "";
    const endpoint = typeof entry.endpoint === "string" ? entry.endpoint.replace(/^\/+/, "") : "";
    const query = isRecord(entry.query) ? entry.query : {};
    const entryHeaders = isRecord(entry.headers)
      ? headersToRecord(
          Object.fromEntries(
            Object.entries(entry.headers).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
          ),
        )
      : {};
    const sub: RestContext = {
      ...ctx,
      headers: { ...ctx.headers, ...entryHeaders },
      body: new TextEncoder().encode(JSON.stringify(query)),
      mediaType: "application/json",
    };
    let produced: Produced;
    if (provider === "workers-ai") {
      if (!authorized(ctx, entryHeaders.authorization)) {
        record(sub, transport, endpoint, query);
        produced = { response: await restError(10000, "Authentication error", 401) };
      } else if (endpoint === "v1/chat/completions") {
        produced = await runOpenAiShaped(sub, "chat-completions", transport, (m) => m, true);
      } else if (endpoint === "v1/embeddings") {
        produced = await runOpenAiShaped(sub, "embeddings", transport, (m) => m, true);
      } else {
        produced = await runNative(sub, endpoint.replace(/^run\//, ""), transport, true);
      }
    } else if (/(^|\/)chat\/completions$/.test(endpoint)) {
      produced = await runOpenAiShaped(sub, "chat-completions", transport, (m) => `${provider}/${m}`, true);
    } else {
      record(sub, transport, `${provider}/${endpoint}`, query);
      produced = { response: await restError(7003, `Could not route to provider ${provider}`) };
    }
    produced.response.headers.set("cf-aig-step", String(step));
    if (produced.response.ok) return produced;
    last = produced;
  }
  return last!;
}

async function handleGatewayUrl(ctx: RestContext): Promise<Response> {
  const path = ctx.url.pathname;
  const match = /^\/v1\/([^/]+)\/([^/]+)(?:\/(.*))?$/.exec(path);
  if (!match) return restError(7003, couldNotRoute(path));
  const [, account, gateway, rest = ""] = match;
  const gatewayToken = ctx.core.gatewayToken;
  if (gatewayToken !== undefined && ctx.headers["cf-aig-authorization"] !== `Bearer ${gatewayToken}`) {
    record(ctx, "gateway", "", undefined);
    return restError(2009, "Unauthorized", 401);
  }
  if (safeDecode(account) !== ctx.core.accountId) {
    record(ctx, "gateway", "", undefined);
    return restError(7003, couldNotRoute(path));
  }
  const options: GatewayRequestOptions = gatewayOptionsFromHeaders(ctx.headers);
  const body = textDecoder.decode(ctx.body);
  const wrap = (provider: string, model: string, produce: () => Promise<Produced>) =>
    throughGateway(ctx.core, {
      gateway,
      options,
      target: `${ctx.method} ${rest}`,
      body,
      log: {
        provider,
        model,
        path: rest,
        requestSize: ctx.body.length,
        requestContentType: ctx.headers["content-type"],
      },
      produce,
      onCacheHit: () => {
        const parsed = parseLoose(body);
        const bodyModel = isRecord(parsed) && typeof parsed.model === "string" ? parsed.model : "";
        record(ctx, "gateway", model || bodyModel, parsed);
      },
    });
  const workersAiAuth = async (run: () => Promise<Produced>): Promise<Produced> => {
    if (authorized(ctx, ctx.headers.authorization)) return run();
    record(ctx, "gateway", "", undefined);
    return { response: await restError(10000, "Authentication error", 401) };
  };
  if (rest === "" && ctx.method === "POST") return wrap("universal", "", () => runUniversal(ctx, "gateway"));
  if (ctx.method !== "POST") {
    record(ctx, "gateway", "", undefined);
    return restError(7003, couldNotRoute(path));
  }
  if (rest.startsWith("workers-ai/")) {
    const sub = rest.slice("workers-ai/".length);
    const shaped: Record<string, EngineEndpoint> = {
      "v1/chat/completions": "chat-completions",
      "v1/embeddings": "embeddings",
      "v1/responses": "responses",
    };
    const endpoint = shaped[sub];
    if (endpoint)
      return wrap("workers-ai", "", () =>
        workersAiAuth(() => runOpenAiShaped(ctx, endpoint, "gateway", (m) => m, true)),
      );
    const rawModel = sub.startsWith("run/") ? sub.slice(4) : sub;
    return wrap("workers-ai", safeDecode(rawModel), () =>
      workersAiAuth(() => runNative(ctx, rawModel, "gateway", true)),
    );
  }
  if (rest === "compat/chat/completions") {
    const parsed = parseJsonBody(ctx);
    const model = parsed.ok && typeof parsed.value.model === "string" ? parsed.value.model : "";
    if (model.startsWith("workers-ai/")) {
      return wrap("workers-ai", model.slice(11), () =>
        workersAiAuth(() => runOpenAiShaped(ctx, "chat-completions", "gateway", (m) => m.slice(11), true)),
      );
    }
    return wrap(model.split("/")[0] ?? "", model, () =>
      runOpenAiShaped(ctx, "chat-completions", "gateway", (m) => m, true),
    );
  }
  const provider = /^([a-z0-9-]+)\/(?:v1\/)?chat\/completions$/.exec(rest);
  if (provider) {
    return wrap(provider[1], "", () =>
      runOpenAiShaped(ctx, "chat-completions", "gateway", (m) => `${provider[1]}/${m}`, true),
    );
  }
  record(ctx, "gateway", "", undefined);
  return restError(7003, couldNotRoute(path));
}

/** Builds the context of one HTTP request. */
async function restContext(core: EmulatorCore, request: Request, signal?: AbortSignal): Promise<RestContext> {
  const method = request.method.toUpperCase();
  const body =
    method === "GET" || method === "HEAD" ? new Uint8Array(0) : new Uint8Array(await request.arrayBuffer());
  const headers = headersToRecord(request.headers);
  const mediaType = (headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  return {
    core,
    url: new URL(request.url),
    headers,
    method,
    body,
    mediaType,
    signal: signal ?? request.signal,
  };
}

/** Handles one REST / gateway request. */
export async function handleRest(
  core: EmulatorCore,
  request: Request,
  signal?: AbortSignal,
): Promise<Response> {
  const ctx = await restContext(core, request, signal);
  const path = ctx.url.pathname;
  if (path.startsWith("/client/v4/accounts/")) return handleApi(ctx);
  if (path.startsWith("/v1/")) return handleGatewayUrl(ctx);
  record(ctx, "rest", "", undefined);
  return restError(7003, couldNotRoute(path));
}
