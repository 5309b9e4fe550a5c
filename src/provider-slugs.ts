import { InvalidArgumentError, NoSuchModelError } from "@ai-sdk/provider";
import type { WorkersAIChatSettings } from "./chat/chat-settings";
import type { GatewayRouter, ProviderPlugin, WorkersAIProviderPlugin } from "./gateway/types";
import { isRecord } from "./guards";
import { DEFAULT_GATEWAY_ID, type GatewayOptions, mergeGatewayLayers } from "./transport/gateway-options";

/*
 * What `createWorkersAI` does with ids that are not `@cf/`/`@hf/`, without importing gateway code: a chat-only
 * Worker must not bundle it (the router comes with the plugins).
 */

/**
 * Providers whose unified run path speaks OpenAI chat-completions, and dynamic routes: without plugins they
 * are plain run-path models (`env.AI.run("openai/gpt-5", …)` through a gateway), as in 4.x.
 */
const RUN_PATH_SLUG =
  /^(?:openai|google|google-ai-studio|gemini|xai|grok|groq|deepseek|alibaba|dashscope|minimax|dynamic)\/./i;

/** The other registry prefixes: Anthropic's own wire format, and providers only on the gateway path (BYOK). */
const PLUGIN_ONLY_SLUG =
  /^(?:anthropic|google-vertex(?:-ai)?|vertex|mistral(?:ai)?|perplexity(?:-ai)?|cerebras|openrouter|fireworks(?:-ai)?|cohere|baseten|parallel|azure(?:-openai)?|(?:aws-|amazon-)?bedrock|huggingface|hf|replicate|fal(?:-ai)?|ideogram|cartesia|deepgram|elevenlabs|workers-ai)\/./i;

/** Gateway options that may ride on a plain run-path model (dynamic routes take the caching ones too). */
const RUN_PATH_GATEWAY_KEYS = ["metadata", "collectLog"] as const;
const CACHE_KEYS = ["cacheTtl", "skipCache", "cacheKey"] as const;

/** Options only a plugin-routed model can honour; asking for them without plugins is an error, not a no-op. */
const DELEGATE_ONLY_KEYS = [
  "byok",
  "byokAlias",
  "fallback",
  "onDispatch",
  "onProgress",
  "onResumeExpired",
  "maxReconnects",
  "vertex",
] as const;

/**
 * The package's plugins as given, 4.x-shaped ones (`{ wireFormat, create }`) adapted to them; the router
 * is the one the package's plugins carry. Anything else is an `InvalidArgumentError`.
 */
export function normalizePlugins(
  providers: readonly unknown[] | undefined,
): readonly WorkersAIProviderPlugin[] | undefined {
  if (providers === undefined) return undefined;
  if (!Array.isArray(providers)) {
    throw new InvalidArgumentError({
      argument: "providers",
      message: "createWorkersAI: providers must be an array of wire-format plugins, e.g. [openai].",
    });
  }
  const router = providers.find(isPackagePlugin)?.router;
  return providers.map((plugin, index) => {
    if (isPackagePlugin(plugin)) return plugin;
    if (!isFourXPlugin(plugin)) {
      throw new InvalidArgumentError({
        argument: `providers[${index}]`,
        message: `createWorkersAI: providers[${index}] is not a wire-format plugin. Pass the package's plugins (import { openai } from "workers-ai-provider/openai", /anthropic, /google) or a 4.x-style { wireFormat: "openai" | "anthropic" | "google", create({ modelId, fetch, baseURL }) }.`,
      });
    }
    if (!router) {
      throw new InvalidArgumentError({
        argument: `providers[${index}]`,
        message: `createWorkersAI: the 4.x-style plugin providers[${index}] is routed by the gateway router that comes with the package's own plugins; add one of them too, e.g. providers: [openai, yourPlugin] with import { openai } from "workers-ai-provider/openai". (A Worker without them does not bundle the gateway code.)`,
      });
    }
    return adaptFourXPlugin(plugin, index, router);
  });
}

function isPackagePlugin(value: unknown): value is WorkersAIProviderPlugin {
  return (
    isRecord(value) &&
    typeof value.languageModel === "function" &&
    typeof (value as Partial<WorkersAIProviderPlugin>).router?.languageModel === "function"
  );
}

function isFourXPlugin(value: unknown): value is ProviderPlugin {
  return (
    isRecord(value) &&
    typeof value.create === "function" &&
    ["openai", "anthropic", "google"].includes(value.wireFormat as string)
  );
}

function adaptFourXPlugin(
  plugin: ProviderPlugin,
  index: number,
  router: GatewayRouter,
): WorkersAIProviderPlugin {
  return {
    name: `providers[${index}] (${plugin.wireFormat})`,
    wireFormat: plugin.wireFormat,
    router,
    create: (args) => plugin.create(args),
    languageModel: ({ modelId, fetch, baseURL }) => plugin.create({ modelId, fetch, baseURL }),
  };
}

/**
 * Chat settings of a `"<provider>/<model>"` id built without plugins: the 4.x run-path model. Throws for
 * prefixes that need a plugin and for options only a plugin-routed model can honour; gateway options in the
 * settings go into the gateway (account `default` unless one is set).
 */
export function runPathSlugSettings(
  modelId: string,
  settings: Record<string, unknown>,
  providerGateway: GatewayOptions | undefined,
): WorkersAIChatSettings {
  if (PLUGIN_ONLY_SLUG.test(modelId)) throw missingPlugin(modelId);
  if (!RUN_PATH_SLUG.test(modelId))
    return withDefaultGateway(settings as WorkersAIChatSettings, providerGateway);
  const dynamic = /^dynamic\//i.test(modelId);
  const delegateOnly = [
    ...DELEGATE_ONLY_KEYS.filter((key) => settings[key] !== undefined && settings[key] !== false),
    ...(settings.transport === "gateway" ? ['transport: "gateway"'] : []),
    ...(settings.resume === true ? ["resume: true"] : []),
    ...(dynamic ? [] : CACHE_KEYS.filter((key) => settings[key] !== undefined)),
  ];
  if (delegateOnly.length > 0) {
    throw new InvalidArgumentError({
      argument: delegateOnly[0],
      message: `${JSON.stringify(modelId)} without providers is a plain run-path model, which cannot honour ${delegateOnly.join(", ")}: add a wire-format plugin (import { openai } from "workers-ai-provider/openai"; createWorkersAI({ …, providers: [openai] })).`,
    });
  }
  const {
    gateway,
    transport: _transport,
    resume: _resume,
    zdr,
    ...rest
  } = settings as Record<string, unknown> & {
    gateway?: string | Partial<GatewayOptions>;
    zdr?: boolean;
    extraHeaders?: Record<string, string>;
  };
  const flat: Record<string, unknown> = {};
  for (const key of [...RUN_PATH_GATEWAY_KEYS, ...(dynamic ? CACHE_KEYS : [])]) {
    flat[key] = rest[key];
    delete rest[key];
  }
  const gatewayOptions = mergeGatewayLayers(
    typeof gateway === "string" ? { id: gateway } : { ...gateway },
    flat,
  );
  const chat = { ...rest, gateway: gatewayOptions } as WorkersAIChatSettings;
  if (zdr !== undefined) chat.extraHeaders = { ...chat.extraHeaders, "cf-aig-zdr": String(zdr) };
  return withDefaultGateway(chat, providerGateway);
}

/** Unified-catalog ids need a gateway: the account's `default` when neither the provider nor the model names one. */
function withDefaultGateway(
  settings: WorkersAIChatSettings,
  providerGateway: GatewayOptions | undefined,
): WorkersAIChatSettings {
  if (providerGateway?.id || settings.gateway?.id) return settings;
  return { ...settings, gateway: { ...settings.gateway, id: DEFAULT_GATEWAY_ID } };
}

/** The error for a prefix that needs a wire-format plugin, naming the one to add. */
function missingPlugin(modelId: string): NoSuchModelError {
  const plugin = /^anthropic\//i.test(modelId) ? "anthropic" : "openai";
  return new NoSuchModelError({
    modelId,
    modelType: "languageModel",
    message:
      `${JSON.stringify(modelId)} is a third-party model routed through AI Gateway, which needs a wire-format plugin: ` +
      `add \`import { ${plugin} } from "workers-ai-provider/${plugin}";\` and pass createWorkersAI({ …, providers: [${plugin}] }).`,
  });
}
