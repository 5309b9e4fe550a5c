import { getModelInfo } from "../catalog";
import { createRestTransport, type OpenAIRequest, type RestTransportConfig } from "../transport/rest";
import type { WorkersAIRunRequest, WorkersAITransport } from "../transport/types";

const EMBEDDING_PASS_THROUGH = new Set(["pooling", "truncate_inputs"]);

/** Whether a model of this task (`undefined` when the catalog does not know it) may be a chat model. */
const servesChat = (task: string | undefined) => task === undefined || task === "text-generation";

/**
 * Maps a Workers AI request onto `/ai/v1/chat/completions` (chat `messages`), `/ai/v1/responses` (the
 * gpt-oss Responses `input` form) or `/ai/v1/embeddings` (`text` / `documents`), with `model` in the body.
 * `undefined` when the OpenAI surface has no form for it (raw `prompt`, audio, images, reranking,
 * qwen3-embedding queries with their instruction): those stay on `/ai/run`.
 */
function mapRequest(request: WorkersAIRunRequest): OpenAIRequest | undefined {
  if (request.rawBody) return undefined;
  const { inputs, model } = request;
  const task = getModelInfo(model)?.task;
  if (servesChat(task) && inputs.prompt === undefined) {
    if (Array.isArray(inputs.messages))
      return { route: "chat/completions", body: { model, ...inputs }, warnings: [] };
    if (inputs.input !== undefined && inputs.messages === undefined)
      return { route: "responses", body: { model, ...inputs }, warnings: [] };
  }
  if (task !== "text-embeddings" && task !== undefined) return undefined;
  const { text, documents, queries, ...rest } = inputs;
  // exactly one of text and documents, no queries, and only the fields the endpoint may take
  if (queries !== undefined || (text === undefined) === (documents === undefined)) return undefined;
  const extra = Object.keys(rest);
  if (!extra.every((key) => EMBEDDING_PASS_THROUGH.has(key))) return undefined;
  return {
    route: "embeddings",
    body: { model, input: text ?? documents, ...rest },
    warnings: extra.map((key) => ({
      type: "compatibility",
      feature: key,
      details: `${key} was sent in the /ai/v1/embeddings body; whether the OpenAI-compatible endpoint honours it is not documented.`,
    })),
  };
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
  return createRestTransport(config, {
    route(model) {
      const task = getModelInfo(model)?.task;
      return servesChat(task) ? "chat/completions" : task === "text-embeddings" ? "embeddings" : undefined;
    },
    map: mapRequest,
  });
}
