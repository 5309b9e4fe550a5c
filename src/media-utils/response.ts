import type { JSONObject, SharedV4Warning } from "@ai-sdk/provider";
import { workersAIResponseMetadata } from "../transport/response-metadata";
import type { WorkersAIReply } from "../transport/types";

/** Response headers of a reply, with `content-type` filled in from the reply when the headers lack it. */
export function replyHeaders(reply: WorkersAIReply): Record<string, string> {
  const headers = { ...reply.headers };
  if (reply.type !== "json" && reply.contentType && !headers["content-type"]) {
    headers["content-type"] = reply.contentType;
  }
  return headers;
}

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
