import { InvalidArgumentError } from "@ai-sdk/provider";
import type { FetchFunction } from "@ai-sdk/provider-utils";
import { createOpenAICompatibleTransport } from "../openai-compat";
import { createBindingTransport, type WorkersAIBinding } from "./binding";
import { restCredentials, type WorkersAIFactoryName } from "./credentials";
import type { GatewayOptions } from "./gateway-options";
import { createRestTransport, type RestTransportConfig } from "./rest";
import type { WorkersAITransport } from "./types";

/**
 * How requests reach Workers AI: a `binding` inside a Worker, or REST credentials anywhere else. Shared by
 * `createWorkersAI` and `createWorkersAIBatch`, so one settings object configures both.
 */
export interface WorkersAIConnectionSettings {
  /** The Workers AI binding (`env.AI`). When set, REST credentials are not used. */
  binding?: WorkersAIBinding;
  /** Cloudflare account id for the REST API. Defaults to the `CLOUDFLARE_ACCOUNT_ID` environment variable. */
  accountId?: string;
  /** Cloudflare API token with Workers AI permission. Defaults to `CLOUDFLARE_API_TOKEN`. */
  apiKey?: string;
  /** Route every request through this AI Gateway (per-model and per-call gateway options merge over it). */
  gateway?: GatewayOptions;
  /** Custom `fetch` used by every REST request (JSON, streaming and binary uploads alike). */
  fetch?: FetchFunction;
  /** Headers sent with every REST request. */
  headers?: Record<string, string>;
  /** REST API base URL (default `https://api.cloudflare.com/client/v4`). */
  baseURL?: string;
  /** AI Gateway base URL for REST (default `https://gateway.ai.cloudflare.com/v1`). */
  gatewayBaseURL?: string;
}

/** Connection settings plus the REST endpoint family (`createWorkersAI`'s `endpoint`). */
export interface WorkersAITransportSettings extends WorkersAIConnectionSettings {
  /** REST only: `"openai"` for the OpenAI-compatible endpoints, `"run"` (default) for `/ai/run`. */
  endpoint?: "run" | "openai";
}

/** The binding transport, or REST (`/ai/run` or the OpenAI-compatible endpoints) with lazy credentials. */
export function createTransport(
  settings: WorkersAITransportSettings,
  factory: WorkersAIFactoryName = "createWorkersAI",
): WorkersAITransport {
  const { endpoint } = settings;
  const problem =
    endpoint !== undefined && endpoint !== "run" && endpoint !== "openai"
      ? `endpoint must be "run" or "openai", got ${JSON.stringify(endpoint)}.`
      : settings.binding && endpoint === "openai"
        ? `endpoint: "openai" is a REST option (it picks the /ai/v1 URLs); with a binding, models always run through env.AI.run.`
        : undefined;
  if (problem) throw new InvalidArgumentError({ argument: "endpoint", message: `${factory}: ${problem}` });
  if (settings.binding) {
    assertBinding(settings.binding, factory);
    return createBindingTransport({ binding: settings.binding, gateway: settings.gateway });
  }
  if (endpoint === "openai") return createOpenAICompatibleTransport(restConfig(settings, factory));
  return createRestTransport(restConfig(settings, factory));
}

/** Rejects anything but the Workers AI binding early, at the factory call rather than the first request. */
function assertBinding(binding: WorkersAIBinding, factory: WorkersAIFactoryName): void {
  if (typeof binding.run !== "function") {
    throw new TypeError(
      `${factory}: \`binding\` must be the Workers AI binding (env.AI), which has a run() method.`,
    );
  }
}

/** REST configuration with credentials loaded lazily (at the first request) and explained when missing. */
export function restConfig(
  settings: WorkersAIConnectionSettings,
  factory: WorkersAIFactoryName = "createWorkersAI",
): RestTransportConfig {
  return {
    ...restCredentials(settings, factory),
    baseURL: settings.baseURL,
    gatewayBaseURL: settings.gatewayBaseURL,
    fetch: settings.fetch,
    headers: () => settings.headers ?? {},
    gateway: settings.gateway,
  };
}
