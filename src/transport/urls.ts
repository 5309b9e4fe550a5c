import { withoutTrailingSlash } from "@ai-sdk/provider-utils";
import { encodeModelPath, encodePathSegmentStrict } from "./model-path";

/** Default REST API base. */
const DEFAULT_REST_BASE_URL = "https://api.cloudflare.com/client/v4";
/** Default AI Gateway base. */
const DEFAULT_GATEWAY_BASE_URL = "https://gateway.ai.cloudflare.com/v1";

/** The Cloudflare URLs of one account; every id in them is encoded so it cannot change the path. */
export interface CloudflareURLs {
  /** `{baseURL}/accounts/{account}/ai` (then `/run/{model}` or `/v1/{route}`). */
  ai(): string;
  /** `{gatewayBaseURL}/{account}/{gateway}`: the universal endpoint (then `/{provider}/…` or `/workers-ai/…`). */
  gateway(gatewayId: string): string;
}

/** The URL builders for REST settings (the account id is read when a URL is built, not before). */
export function cloudflareURLs(config: {
  accountId: () => string;
  baseURL?: string;
  gatewayBaseURL?: string;
}): CloudflareURLs {
  const baseURL = withoutTrailingSlash(config.baseURL) ?? DEFAULT_REST_BASE_URL;
  const gatewayBaseURL = withoutTrailingSlash(config.gatewayBaseURL) ?? DEFAULT_GATEWAY_BASE_URL;
  const account = () => encodePathSegmentStrict(config.accountId(), "accountId");
  return {
    ai: () => `${baseURL}/accounts/${account()}/ai`,
    gateway: (gatewayId) =>
      `${gatewayBaseURL}/${account()}/${encodePathSegmentStrict(gatewayId, "gateway.id")}`,
  };
}

/** The URL reported (never fetched) for a binding call: `workers-ai-binding://{path}`. */
export function bindingURL(path: string): string {
  return `workers-ai-binding://${path}`;
}

/** {@link bindingURL} of `env.AI.run(model, …)`. */
export function bindingRunURL(model: string): string {
  return bindingURL(`run/${encodeModelPath(model)}`);
}

/** The resume endpoint of a run-path stream (the binding's virtual host, fetched with `env.AI.fetch`; spec 1.7). */
export function resumeURL(gatewayId: string, runId: string, from: number): string {
  return `https://workers-binding.ai/ai-gateway/gateways/${encodeURIComponent(gatewayId)}/run/${encodeURIComponent(runId)}/resume?from=${from}`;
}
