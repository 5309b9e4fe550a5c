import { InvalidArgumentError, LoadAPIKeyError, LoadSettingError } from "@ai-sdk/provider";
import { type FetchFunction, loadApiKey, loadSetting } from "@ai-sdk/provider-utils";
import { createOpenAICompatibleTransport } from "../openai-compat";
import { createBindingTransport, type WorkersAIBinding } from "./binding";
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

/** The function a settings error names, so the message tells the user which call to fix. */
export type WorkersAIFactoryName = "createWorkersAI" | "createWorkersAIBatch";

/** The binding transport, or REST (`/ai/run` or the OpenAI-compatible endpoints) with lazy credentials. */
export function createTransport(
  settings: WorkersAITransportSettings,
  factory: WorkersAIFactoryName = "createWorkersAI",
): WorkersAITransport {
  const { endpoint } = settings;
  if (endpoint !== undefined && endpoint !== "run" && endpoint !== "openai") {
    throw new InvalidArgumentError({
      argument: "endpoint",
      message: `${factory}: endpoint must be "run" or "openai", got ${JSON.stringify(endpoint)}.`,
    });
  }
  if (settings.binding && endpoint === "openai") {
    throw new InvalidArgumentError({
      argument: "endpoint",
      message: `${factory}: endpoint: "openai" is a REST option (it picks the /ai/v1 URLs); with a binding, models always run through env.AI.run.`,
    });
  }
  if (settings.binding) {
    assertBinding(settings.binding, factory);
    return createBindingTransport({ binding: settings.binding, gateway: settings.gateway });
  }
  if (endpoint === "openai") return createOpenAICompatibleTransport(restConfig(settings, factory));
  return createRestTransport(restConfig(settings, factory));
}

/** Rejects anything but the Workers AI binding early, at the factory call rather than the first request. */
export function assertBinding(binding: WorkersAIBinding, factory: WorkersAIFactoryName): void {
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
  let accountId: string | undefined;
  let apiKey: string | undefined;
  return {
    accountId: () => {
      accountId ??= explainMissing(factory, "Cloudflare account ID", () =>
        loadSetting({
          settingValue: settings.accountId,
          environmentVariableName: "CLOUDFLARE_ACCOUNT_ID",
          settingName: "accountId",
          description: "Cloudflare account ID",
        }),
      );
      return accountId;
    },
    apiKey: () => {
      apiKey ??= explainMissing(factory, "Cloudflare API token", () =>
        loadApiKey({
          apiKey: settings.apiKey,
          environmentVariableName: "CLOUDFLARE_API_TOKEN",
          apiKeyParameterName: "apiKey",
          description: "Cloudflare API token",
        }),
      );
      return apiKey;
    },
    baseURL: settings.baseURL,
    gatewayBaseURL: settings.gatewayBaseURL,
    fetch: settings.fetch,
    headers: () => settings.headers ?? {},
    gateway: settings.gateway,
  };
}

/** What to pass when neither a binding nor REST credentials were found. */
export function missingConfigurationMessage(factory: WorkersAIFactoryName = "createWorkersAI"): string {
  return (
    `Workers AI needs either a binding or REST credentials: inside a Worker pass ${factory}({ binding: env.AI }); ` +
    `elsewhere pass ${factory}({ accountId, apiKey }) or set the CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN environment variables.`
  );
}

/**
 * Replaces a missing-credential error's message with `<what> is missing.` and
 * {@link missingConfigurationMessage} (which says what to set, once), keeping its type.
 */
export function explainMissing(factory: WorkersAIFactoryName, what: string, load: () => string): string {
  try {
    return load();
  } catch (error) {
    // The AI SDK's own text ("Cloudflare API token API key is missing. Pass it using…") would repeat the advice.
    const message = (original: string) =>
      original.includes("is missing")
        ? `${what} is missing. ${missingConfigurationMessage(factory)}`
        : original;
    if (LoadSettingError.isInstance(error)) throw new LoadSettingError({ message: message(error.message) });
    if (LoadAPIKeyError.isInstance(error)) throw new LoadAPIKeyError({ message: message(error.message) });
    throw error;
  }
}
