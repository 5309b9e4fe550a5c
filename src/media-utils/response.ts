import type { JSONObject, SharedV4Warning } from "@ai-sdk/provider";
import { PROVIDER_OPTIONS_KEY, uniqueWarnings } from "../model-config";
import { workersAIResponseMetadata } from "../transport/response-metadata";
import type { WorkersAIReply } from "../transport/types";

/** `providerMetadata["workers-ai"]`: what the headers tell (request id, gateway log, cache) plus `extra`. */
export function replyMetadata(reply: WorkersAIReply, extra: JSONObject = {}): JSONObject {
  const metadata = workersAIResponseMetadata(reply.headers);
  // for…in, not Object.entries: this runs on every call (a spread + entries cost ~20× more in V8)
  for (const key in extra) {
    const value = extra[key];
    if (value !== undefined) metadata[key] = value;
  }
  return metadata;
}

/** The model's warnings followed by the transport's (both reach the caller). */
export function allWarnings(modelWarnings: SharedV4Warning[], reply: WorkersAIReply): SharedV4Warning[] {
  return reply.warnings.length > 0 ? [...modelWarnings, ...reply.warnings] : modelWarnings;
}

/**
 * What an image, speech, transcription or reranking result reports of the reply it was read from: the model's
 * warnings and the transport's (without repeats), `providerMetadata["workers-ai"]` ({@link replyMetadata}
 * with `extra`), and `response` (response headers with `content-type` filled in from the reply when they
 * lack it, and `body`).
 */
export function replyResult<Extra extends JSONObject>(
  reply: WorkersAIReply,
  warnings: SharedV4Warning[],
  model: { modelId: string; timestamp: Date },
  extra?: Extra,
  body?: unknown,
) {
  const headers = { ...reply.headers };
  if (reply.type !== "json" && reply.contentType && !headers["content-type"]) {
    headers["content-type"] = reply.contentType;
  }
  return {
    warnings: uniqueWarnings([...warnings, ...reply.warnings]),
    // every defined field of `extra` is in the metadata
    providerMetadata: { [PROVIDER_OPTIONS_KEY]: replyMetadata(reply, extra) as JSONObject & Extra },
    response: { ...model, headers, body },
  };
}
