import type { LanguageModelV4 } from "@ai-sdk/provider";
import type { FetchFunction } from "@ai-sdk/provider-utils";
import type { WorkersAIChatSettings } from "../chat/chat-settings";
import type { WorkersAIBinding } from "../transport/binding";
import type { GatewayOptions } from "../transport/gateway-options";
import type { GatewayProviderPrefix, GatewayWireFormat } from "./registry";

/** How a third-party call travels: the unified run path (`env.AI.run`) or the gateway path (universal endpoint). */
export type GatewayTransportKind = "run" | "gateway";

/** What to do when the run-path resume buffer (~5.5 min) has expired: fail, or end the stream cleanly. */
export type ResumeExpiredPolicy = "error" | "accept-partial";

/** Custom metadata values AI Gateway accepts (bigint is sent as a string). */
export type GatewayMetadata = Record<string, string | number | boolean | null | bigint>;

/** One fallback model with its own credentials (BYOK keys never travel to another provider). */
export interface GatewayFallbackLeg {
  /** `"<provider>/<model>"` slug. */
  model: string;
  /** Send this leg's own provider key from `extraHeaders` (gateway path). */
  byok?: boolean;
  /** Extra headers for this leg only (its BYOK key, provider beta headers, …). */
  extraHeaders?: Record<string, string>;
}

/** Fallback models tried when the primary model fails. */
export interface GatewayFallbackOptions {
  /**
   * `client`: this package tries each model in order when a dispatch fails (before any stream byte);
   * every leg keeps its own transport and resume. `server`: one universal-endpoint run whose entries
   * AI Gateway tries in order (gateway path: no resume).
   */
  mode: "client" | "server";
  /** Models after the primary one, in order. */
  models: Array<string | GatewayFallbackLeg>;
}

/**
 * What a successful dispatch reported (passed to `onDispatch`, also in `providerMetadata["workers-ai"]`).
 * Header values are `null` when the reply did not carry them, as in 4.x.
 */
export interface GatewayDispatchInfo {
  /** Path the request took. */
  transport: GatewayTransportKind;
  /** Slug of the model that answered. */
  model: string;
  /** Registry id of its provider (`"dynamic"` for dynamic routes). */
  provider: string;
  /** Gateway id. */
  gateway: string;
  /** Index of the client-fallback leg that answered (0 = the primary model). */
  attempt: number;
  /** Whether a drop of this stream reconnects through the resume endpoint. */
  resumeEnabled: boolean;
  /** HTTP status of the reply. */
  status: number | null;
  /** Run id of a run-path reply (`cf-aig-run-id`). */
  runId: string | null;
  /** Universal-endpoint entry that answered, as sent (`cf-aig-step`). */
  cfStep: string | null;
  /** The same as a number. */
  step?: number;
  /** `HIT` or `MISS` (`cf-aig-cache-status`). */
  cacheStatus: string | null;
  /** Gateway log id (`cf-aig-log-id`). */
  logId: string | null;
  /** Warnings of this dispatch so far (e.g. why resume is off), as text. */
  warnings: string[];
}

/**
 * Options of a third-party model routed through AI Gateway: the second argument of
 * `workersai("<provider>/<model>", options)`. Everything except the callbacks can also be given per call
 * in `providerOptions["workers-ai"]` (per-call values win; `metadata` and `extraHeaders` merge key by key).
 */
export interface DelegateCallOptions {
  /**
   * Force a path. Default: the resumable run path for run-catalog providers, the gateway path when BYOK,
   * caching or server fallback is asked for or the provider is BYOK-only.
   */
  transport?: GatewayTransportKind;
  /** Reconnect a dropped run-path stream through the resume endpoint (default: the provider's `resume`, `true`). */
  resume?: boolean;
  /** Policy when the resume buffer has expired (default: the provider's `onResumeExpired`, `"error"`). */
  onResumeExpired?: ResumeExpiredPolicy;
  /** Reconnect attempts per drop before the stream fails (default 3). */
  maxReconnects?: number;
  /** Fallback models. */
  fallback?: GatewayFallbackOptions;
  /** Gateway cache lifetime in seconds (forces the gateway path). */
  cacheTtl?: number;
  /** Bypass the gateway cache (forces the gateway path). */
  skipCache?: boolean;
  /** Custom cache key (forces the gateway path). */
  cacheKey?: string;
  /**
   * Bring your own key: the provider credentials in `extraHeaders` are forwarded (gateway path). Without
   * it every provider credential header is stripped, so unified billing or the gateway's stored key applies.
   */
  byok?: boolean;
  /** Pick a stored provider key by alias (`cf-aig-byok-alias`; gateway path). */
  byokAlias?: string;
  /** Per-request Zero Data Retention override (`cf-aig-zdr`). */
  zdr?: boolean;
  /** Extra request headers (provider BYOK credentials only with `byok: true`). */
  extraHeaders?: Record<string, string>;
  /** Gateway for this model: an id or options, merged over the provider-level `gateway` (default `"default"`). */
  gateway?: string | Partial<GatewayOptions>;
  /** Custom metadata, merged over `gateway.metadata` (these win; at most 5 entries are kept). */
  metadata?: GatewayMetadata;
  /** Override the gateway's log collection for this request. */
  collectLog?: boolean;
  /** Google Vertex AI project and location (needed by `google-vertex/...` slugs). */
  vertex?: { project: string; location: string };
  /** Called once a dispatch succeeded (persist `runId` here to re-attach later). */
  onDispatch?: (info: GatewayDispatchInfo) => void;
  /** Called with the number of complete SSE events delivered so far (throttle your own writes). */
  onProgress?: (eventOffset: number) => void;
}

/**
 * The part of the Workers AI binding the gateway routes use, on top of `run`: `gateway(id)` for the
 * universal endpoint and `fetch` for the run-path resume endpoint.
 */
export interface GatewayBinding extends WorkersAIBinding {
  gateway?(id: string): GatewayBindingHandle;
  fetch?(input: string | Request | URL, init?: RequestInit): Promise<Response>;
}

/** `env.AI.gateway(id)`. */
export interface GatewayBindingHandle {
  /** Universal endpoint: JSON entries tried in order; resolves to the raw `Response`. */
  run(data: unknown, options?: Record<string, unknown>): Promise<Response>;
  /** Provider URL of this gateway (`{base}/{account}/{gateway}/{provider}`). */
  getUrl?(provider?: string): Promise<string>;
}

/** What a plugin is given to build its upstream `@ai-sdk/*` model. */
export interface PluginModelSettings {
  /** Model id without the provider prefix (`"gpt-5"`). */
  modelId: string;
  /** API base URL; requests to it are intercepted by `fetch` (the SDK's own default when absent). */
  baseURL?: string;
  /** Placeholder or BYOK key (placeholders are never sent). */
  apiKey: string;
  /** The interceptor that sends the request through AI Gateway. */
  fetch: FetchFunction;
}

/** Where createWorkersAI's options meet the gateway router (structurally `WorkersAIProviderSettings`). */
export interface GatewayProviderContext {
  binding?: WorkersAIBinding;
  accountId?: string;
  apiKey?: string;
  gateway?: GatewayOptions;
  gatewayBaseURL?: string;
  fetch?: FetchFunction;
  headers?: Record<string, string>;
  providers?: readonly WorkersAIProviderPlugin[];
  resume?: boolean;
  onResumeExpired?: ResumeExpiredPolicy;
}

/** The shared router every plugin carries; `createWorkersAI` calls it for ids that are not `@cf/`/`@hf/`. */
export interface GatewayRouter {
  /**
   * A gateway-routed model for a slug, or `undefined` when the id stays a Workers AI model (native
   * unified-catalog ids, unknown prefixes). Throws `GatewayDelegateError` for impossible setups.
   */
  languageModel(request: {
    modelId: string;
    settings: unknown;
    provider: GatewayProviderContext;
  }): LanguageModelV4 | undefined;
}

/**
 * The plugin shape of workers-ai-provider 4.x, accepted in `providers` too: a wire format and a `create`
 * that builds the `@ai-sdk/*` model with the given `fetch` (and `baseURL`, when the registry has one).
 * Its models are routed by the gateway router the package's own plugins carry, so pass at least one of them.
 */
export interface ProviderPlugin {
  /** The response wire format its models parse. */
  readonly wireFormat: Exclude<GatewayWireFormat, "native">;
  /** Builds the AI SDK model whose HTTP requests go through `fetch`. */
  create(args: { modelId: string; fetch: FetchFunction; baseURL?: string }): LanguageModelV4;
}

/**
 * A wire-format plugin (`workers-ai-provider/openai`, `/anthropic`, `/google`): builds the matching
 * `@ai-sdk/*` model and carries the gateway router, so gateway code is only bundled when a plugin is imported.
 * It is also a 4.x {@link ProviderPlugin} (`create`).
 */
export interface WorkersAIProviderPlugin extends ProviderPlugin {
  /** Plugin name used in error messages (`"openai"`). */
  readonly name: string;
  /** The shared gateway router. */
  readonly router: GatewayRouter;
  /** Builds the upstream model whose HTTP requests the router intercepts. */
  languageModel(settings: PluginModelSettings): LanguageModelV4;
}

/** A `"<provider>/<model>"` slug routed through AI Gateway, or a `dynamic/<route>`. */
export type GatewayModelId = `${GatewayProviderPrefix}/${string}` | `dynamic/${string}`;

/** Third-party-prefixed ids that Workers AI serves itself (see `WORKERS_AI_NATIVE_SLUGS`). */
export type WorkersAINativeSlug = `deepseek/deepseek-v4${string}`;

/**
 * The second argument of `workersai(id, …)`: chat settings for Workers AI ids, gateway options for slugs,
 * either for dynamic routes, native unified-catalog ids (routed by plugins when there are any) and ids only
 * known as `string`.
 */
export type WorkersAIChatSettingsFor<ID extends string> = string extends ID
  ? WorkersAIChatSettings | DelegateCallOptions
  : ID extends `@${string}`
    ? WorkersAIChatSettings
    : ID extends WorkersAINativeSlug | `dynamic/${string}`
      ? WorkersAIChatSettings | DelegateCallOptions
      : ID extends GatewayModelId
        ? DelegateCallOptions
        : WorkersAIChatSettings;
