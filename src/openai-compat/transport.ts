import type { SharedV4Warning } from "@ai-sdk/provider";
import { getModelInfo } from "../catalog";
import { type GatewayOptions, mergeGatewayOptions } from "../transport/gateway-options";
import {
  createRestTransport,
  postWorkersAIRequest,
  type RestTransportConfig,
  restOptionWarnings,
  restRequestHeaders,
} from "../transport/rest";
import type { WorkersAIReply, WorkersAIRunRequest, WorkersAITransport } from "../transport/types";
import { cloudflareURLs } from "../transport/urls";

/** The OpenAI-compatible endpoint a request goes to. */
type Route = "chat/completions" | "responses" | "embeddings";

/** A request mapped onto an OpenAI-compatible endpoint. */
interface Mapped {
  route: Route;
  body: Record<string, unknown>;
  warnings: SharedV4Warning[];
}

const EMBEDDING_PASS_THROUGH = new Set(["pooling", "truncate_inputs"]);

/**
 * Maps a Workers AI request onto `/ai/v1/chat/completions` (chat `messages`), `/ai/v1/responses` (the
 * gpt-oss Responses `input` form) or `/ai/v1/embeddings` (`text` / `documents`), with `model` in the body.
 * `undefined` when the OpenAI surface has no form for it (raw `prompt`, audio, images, reranking,
 * qwen3-embedding queries with their instruction): those stay on `/ai/run`.
 */
function mapRequest(request: WorkersAIRunRequest): Mapped | undefined {
  if (request.rawBody) return undefined;
  const { inputs, model } = request;
  const task = getModelInfo(model)?.task;
  const warnings: SharedV4Warning[] = [];
  const options = request.options ?? {};
  const extra: Record<string, unknown> = {};
  if (options.rejectIfBusy !== undefined) extra.options = { rejectIfBusy: options.rejectIfBusy };
  if (task === undefined || task === "text-generation") {
    if (Array.isArray(inputs.messages) && inputs.prompt === undefined)
      return { route: "chat/completions", body: { model, ...inputs, ...extra }, warnings };
    if (inputs.input !== undefined && inputs.messages === undefined && inputs.prompt === undefined)
      return { route: "responses", body: { model, ...inputs, ...extra }, warnings };
  }
  if (task === "text-embeddings" || task === undefined) {
    const { text, documents, queries, ...rest } = inputs;
    if (queries !== undefined || (text === undefined && documents === undefined)) return undefined;
    if (text !== undefined && documents !== undefined) return undefined;
    if (!Object.keys(rest).every((key) => EMBEDDING_PASS_THROUGH.has(key))) return undefined;
    for (const key of Object.keys(rest)) {
      warnings.push({
        type: "compatibility",
        feature: key,
        details: `${key} was sent in the /ai/v1/embeddings body; whether the OpenAI-compatible endpoint honours it is not documented.`,
      });
    }
    return { route: "embeddings", body: { model, input: text ?? documents, ...rest, ...extra }, warnings };
  }
  return undefined;
}

/**
 * Experimental. The transport behind `createWorkersAI({ endpoint: "openai" })`: chat and embedding
 * requests go to Workers AI's OpenAI-compatible endpoints (`{baseURL}/accounts/{account}/ai/v1/...`, or
 * `{gatewayBaseURL}/{account}/{gateway}/workers-ai/v1/...` through AI Gateway) with `model` in the body;
 * everything the OpenAI surface has no form for uses the native `/ai/run` endpoint. Replies are the
 * chat-completions / Responses / embeddings shapes the models already read, and errors go through the
 * same mapper (the Cloudflare `{errors}` envelope and OpenAI's `{error: {message}}` are both understood).
 */
export function createOpenAICompatibleTransport(config: RestTransportConfig): WorkersAITransport {
  const native = createRestTransport(config);
  const urls = cloudflareURLs(config);
  const endpointUrl = (route: Route, gateway: GatewayOptions | undefined): string =>
    gateway ? `${urls.gateway(gateway.id)}/workers-ai/v1/${route}` : `${urls.ai()}/v1/${route}`;

  return {
    kind: "rest",
    urlFor(model, gateway) {
      const task = getModelInfo(model)?.task;
      const merged = mergeGatewayOptions(config.gateway, gateway);
      if (task === undefined || task === "text-generation") return endpointUrl("chat/completions", merged);
      if (task === "text-embeddings") return endpointUrl("embeddings", merged);
      return native.urlFor(model, gateway);
    },
    async run(request: WorkersAIRunRequest): Promise<WorkersAIReply> {
      const mapped = mapRequest(request);
      if (!mapped) return native.run(request);
      const gateway = mergeGatewayOptions(config.gateway, request.gateway);
      const { headers, secrets } = restRequestHeaders(config, request.headers, gateway, "application/json");
      const url = endpointUrl(mapped.route, gateway);
      const warnings = [...mapped.warnings, ...restOptionWarnings(request.options ?? {})];
      const reply = await postWorkersAIRequest({
        url,
        headers,
        content: JSON.stringify(mapped.body),
        requestBodyValues: mapped.body,
        secrets,
        abortSignal: request.abortSignal,
        fetch: config.fetch,
      });
      reply.warnings.push(...warnings);
      return reply;
    },
  };
}
