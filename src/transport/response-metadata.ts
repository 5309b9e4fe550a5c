import type { JSONObject } from "@ai-sdk/provider";
import type { WorkersAIResponseHeaders } from "./types";

/**
 * What Workers AI and AI Gateway tell us about a reply, for `providerMetadata["workers-ai"]`:
 * request id, gateway log id, cache status, gateway step and run id when present.
 */
export function workersAIResponseMetadata(headers: WorkersAIResponseHeaders): JSONObject {
  const metadata: JSONObject = {};
  const requestId = headers["cf-ai-req-id"] ?? headers["cf-aig-request-id"];
  if (requestId) metadata.requestId = requestId;
  if (headers["cf-aig-log-id"]) metadata.gatewayLogId = headers["cf-aig-log-id"];
  if (headers["cf-aig-cache-status"]) metadata.cacheStatus = headers["cf-aig-cache-status"];
  if (headers["cf-aig-step"]) metadata.gatewayStep = headers["cf-aig-step"];
  if (headers["cf-aig-run-id"]) metadata.runId = headers["cf-aig-run-id"];
  return metadata;
}
