/**
 * Every AI Gateway provider this package knows: how a `"<provider>/<model>"` slug is routed, which wire
 * format each path speaks, how it is billed, which headers carry its credentials and how a request URL of
 * its API maps to an AI Gateway endpoint (for `createGatewayFetch`).
 *
 * Only the unified-billing run-catalog providers (OpenAI, Anthropic, Google, xAI, Groq, Alibaba, MiniMax)
 * are exercised end-to-end; the other entries are registry-level wiring whose exact request shapes are
 * not live-verified (`verified: false`).
 */

/**
 * Wire format of a path: `openai` = OpenAI chat-completions, `anthropic` = Anthropic Messages,
 * `google` = Gemini `generateContent`, `native` = a provider-specific API the slug delegate cannot speak
 * (use `createGatewayFetch` with that provider's own SDK).
 */
export type GatewayWireFormat = "openai" | "anthropic" | "google" | "native";

/** How a provider is billed through AI Gateway. */
export type GatewayBilling = "unified" | "byok";

/** An entry's fields under their workers-ai-provider 4.x names (derived from the fields above them). */
export interface GatewayProviderInfo {
  /** = `id`. */
  readonly resolverKey: string;
  /** = `gatewayId`, or `id` for run-only providers. */
  readonly gatewayProviderId: string;
  /** Wire format of the gateway path (else of the run path); absent when neither is one the plugins speak. */
  readonly wireFormat?: Exclude<GatewayWireFormat, "native">;
  /** = `wire.run` (run-catalog providers). */
  readonly runWireFormat?: Exclude<GatewayWireFormat, "native">;
  /** = `apiBaseURL`. */
  readonly baseURL?: string;
  readonly runCatalog: boolean;
  /** Whether the provider has a gateway path (`gatewayId` is set). */
  readonly gatewayPath: boolean;
  readonly billing: GatewayBilling;
  readonly authHeaders: readonly string[];
  /** = `hosts[0]`. */
  readonly hostPattern?: RegExp;
  /** `toEndpoint` over a URL string: the gateway endpoint (path and query) for a request URL of the provider's API. */
  readonly transformEndpoint?: (url: string) => string;
}

/** One AI Gateway provider. */
export interface GatewayProviderEntry extends GatewayProviderInfo {
  /** Canonical slug prefix, e.g. `"xai"` in `"xai/grok-4"`. */
  readonly id: string;
  /** Display name. */
  readonly name: string;
  /**
   * Provider id in AI Gateway URLs and universal-endpoint entries (`grok`, `google-ai-studio`, …);
   * `undefined` for providers only on the unified run catalog (no gateway path).
   */
  readonly gatewayId: string | undefined;
  /** Other slug prefixes that mean this provider (`grok` → `xai`). */
  readonly aliases: readonly string[];
  /**
   * Wire format on each path: `run` = the unified run path (`env.AI.run(slug)`), `gateway` = the
   * universal endpoint / provider path. A missing path is not available for this provider.
   */
  readonly wire: { readonly run?: GatewayWireFormat; readonly gateway?: GatewayWireFormat };
  /** On the unified run catalog (`env.AI.run("<provider>/<model>")`, resumable, unified billing). */
  readonly runCatalog: boolean;
  /** `unified`: Cloudflare bills the call (no provider key needed); `byok`: your own (or stored) key. */
  readonly billing: GatewayBilling;
  /** Request headers that carry this provider's credentials (lower-case), stripped unless BYOK. */
  readonly authHeaders: readonly string[];
  /** Hosts of the provider's own API, for URL detection. */
  readonly hosts: readonly RegExp[];
  /**
   * Maps a request URL of the provider's API to the AI Gateway endpoint (path after
   * `{gateway}/{gatewayId}/`, with the query string); `undefined` when the URL is not one it knows.
   */
  readonly toEndpoint: (url: URL) => string | undefined;
  /** Base URL the slug delegate gives the upstream `@ai-sdk/*` provider on the gateway path. */
  readonly apiBaseURL?: string;
  /** Exercised end-to-end against a live gateway. */
  readonly verified: boolean;
}

/** Credential headers stripped from every gateway request unless BYOK is on. */
export const GATEWAY_AUTH_HEADERS: readonly string[] = [
  "authorization",
  "x-api-key",
  "x-goog-api-key",
  "api-key",
  "xi-api-key",
  "x-amz-security-token",
  "proxy-authorization",
];

/** Keeps the path (without its leading slash) and the query string. */
function keepPath(url: URL): string {
  return url.pathname.replace(/^\/+/, "") + url.search;
}

/**
 * Drops the first matching path prefix (e.g. `"v1/"`) and keeps the rest with its query string.
 * Entries call it inside an arrow function: a call at module level is a side effect bundlers keep,
 * which would put this whole registry into every Worker built from the package (dist merges modules).
 */
function stripPrefix(url: URL, ...prefixes: string[]): string {
  const path = keepPath(url);
  for (const prefix of prefixes) if (path.startsWith(prefix)) return path.slice(prefix.length);
  return path;
}

const azureEndpoint = (url: URL): string | undefined => {
  const resource = /^([^.]+)\.openai\.azure\.com$/i.exec(url.hostname)?.[1];
  const match = /^\/openai\/deployments\/([^/]+)\/(.+)$/.exec(url.pathname);
  if (!resource || !match) return undefined;
  return `${resource}/${match[1]}/${match[2]}${url.search}`;
};

const bedrockEndpoint = (url: URL): string | undefined => {
  const match = /^(bedrock-runtime|bedrock)\.([a-z0-9-]+)\.amazonaws\.com$/i.exec(url.hostname);
  if (!match) return undefined;
  return `${match[1]}/${match[2]}/${keepPath(url)}`;
};

const workersAIEndpoint = (url: URL): string | undefined => {
  const match = /^\/client\/v4\/accounts\/[^/]+\/ai\/(?:run\/)?(.+)$/.exec(url.pathname);
  return match ? match[1] + url.search : undefined;
};

const huggingFaceEndpoint = (url: URL): string => {
  if (/^api-inference\./i.test(url.hostname)) return stripPrefix(url, "models/");
  return keepPath(url);
};

/**
 * The registry. Ids, aliases and gateway ids follow the AI Gateway provider directory; wire formats
 * follow the unified catalog (most providers are normalised to OpenAI chat-completions on the run path).
 */
const REGISTRY: readonly RegistryEntry[] = [
  {
    id: "openai",
    name: "OpenAI",
    gatewayId: "openai",
    aliases: [],
    wire: { run: "openai", gateway: "openai" },
    runCatalog: true,
    billing: "unified",
    authHeaders: ["authorization"],
    hosts: [/^api\.openai\.com$/i],
    toEndpoint: (url) => stripPrefix(url, "v1/"),
    apiBaseURL: "https://api.openai.com/v1",
    verified: true,
  },
  {
    id: "anthropic",
    name: "Anthropic",
    gatewayId: "anthropic",
    aliases: [],
    wire: { run: "anthropic", gateway: "anthropic" },
    runCatalog: true,
    billing: "unified",
    authHeaders: ["x-api-key", "authorization"],
    hosts: [/^api\.anthropic\.com$/i],
    toEndpoint: keepPath,
    apiBaseURL: "https://api.anthropic.com/v1",
    verified: true,
  },
  {
    id: "google",
    name: "Google AI Studio",
    gatewayId: "google-ai-studio",
    aliases: ["google-ai-studio", "gemini"],
    wire: { run: "openai", gateway: "google" },
    runCatalog: true,
    billing: "unified",
    authHeaders: ["x-goog-api-key", "authorization"],
    hosts: [/^generativelanguage\.googleapis\.com$/i],
    toEndpoint: keepPath,
    apiBaseURL: "https://generativelanguage.googleapis.com/v1beta",
    verified: true,
  },
  {
    id: "google-vertex",
    name: "Google Vertex AI",
    gatewayId: "google-vertex-ai",
    aliases: ["google-vertex-ai", "vertex"],
    wire: { gateway: "google" },
    runCatalog: false,
    billing: "byok",
    authHeaders: ["authorization", "x-goog-api-key"],
    hosts: [/^([a-z0-9-]+-)?aiplatform\.googleapis\.com$/i],
    toEndpoint: keepPath,
    verified: false,
  },
  {
    id: "xai",
    name: "xAI (Grok)",
    gatewayId: "grok",
    aliases: ["grok"],
    wire: { run: "openai", gateway: "openai" },
    runCatalog: true,
    billing: "unified",
    authHeaders: ["authorization"],
    hosts: [/^api\.x\.ai$/i],
    toEndpoint: keepPath,
    apiBaseURL: "https://api.x.ai/v1",
    verified: true,
  },
  {
    id: "groq",
    name: "Groq",
    gatewayId: "groq",
    aliases: [],
    wire: { run: "openai", gateway: "openai" },
    runCatalog: true,
    billing: "unified",
    authHeaders: ["authorization"],
    hosts: [/^api\.groq\.com$/i],
    toEndpoint: (url) => stripPrefix(url, "openai/v1/"),
    apiBaseURL: "https://api.groq.com/openai/v1",
    verified: true,
  },
  {
    id: "deepseek",
    name: "DeepSeek",
    gatewayId: "deepseek",
    aliases: [],
    wire: { gateway: "openai" },
    runCatalog: false,
    billing: "byok",
    authHeaders: ["authorization"],
    hosts: [/^api\.deepseek\.com$/i],
    toEndpoint: (url) => stripPrefix(url, "v1/"),
    apiBaseURL: "https://api.deepseek.com",
    verified: false,
  },
  {
    id: "mistral",
    name: "Mistral",
    gatewayId: "mistral",
    aliases: ["mistralai"],
    wire: { gateway: "openai" },
    runCatalog: false,
    billing: "byok",
    authHeaders: ["authorization"],
    hosts: [/^api\.mistral\.ai$/i],
    toEndpoint: keepPath,
    apiBaseURL: "https://api.mistral.ai/v1",
    verified: false,
  },
  {
    id: "perplexity",
    name: "Perplexity",
    gatewayId: "perplexity-ai",
    aliases: ["perplexity-ai"],
    wire: { gateway: "openai" },
    runCatalog: false,
    billing: "byok",
    authHeaders: ["authorization"],
    hosts: [/^api\.perplexity\.ai$/i],
    toEndpoint: keepPath,
    apiBaseURL: "https://api.perplexity.ai",
    verified: false,
  },
  {
    id: "cerebras",
    name: "Cerebras",
    gatewayId: "cerebras",
    aliases: [],
    wire: { gateway: "openai" },
    runCatalog: false,
    billing: "byok",
    authHeaders: ["authorization"],
    hosts: [/^api\.cerebras\.ai$/i],
    toEndpoint: (url) => stripPrefix(url, "v1/"),
    apiBaseURL: "https://api.cerebras.ai/v1",
    verified: false,
  },
  {
    id: "openrouter",
    name: "OpenRouter",
    gatewayId: "openrouter",
    aliases: [],
    wire: { gateway: "openai" },
    runCatalog: false,
    billing: "byok",
    authHeaders: ["authorization"],
    hosts: [/^openrouter\.ai$/i],
    toEndpoint: (url) => stripPrefix(url, "api/"),
    apiBaseURL: "https://openrouter.ai/api/v1",
    verified: false,
  },
  {
    id: "fireworks",
    name: "Fireworks",
    gatewayId: "fireworks",
    aliases: ["fireworks-ai"],
    wire: { gateway: "openai" },
    runCatalog: false,
    billing: "byok",
    authHeaders: ["authorization"],
    hosts: [/^api\.fireworks\.ai$/i],
    toEndpoint: (url) => stripPrefix(url, "inference/"),
    apiBaseURL: "https://api.fireworks.ai/inference/v1",
    verified: false,
  },
  {
    id: "alibaba",
    name: "Alibaba Cloud (Qwen)",
    gatewayId: undefined,
    aliases: ["dashscope"],
    wire: { run: "openai" },
    runCatalog: true,
    billing: "unified",
    authHeaders: ["authorization"],
    hosts: [/^dashscope(-intl)?\.aliyuncs\.com$/i],
    toEndpoint: () => undefined,
    verified: true,
  },
  {
    id: "minimax",
    name: "MiniMax",
    gatewayId: undefined,
    aliases: [],
    wire: { run: "openai" },
    runCatalog: true,
    billing: "unified",
    authHeaders: ["authorization"],
    hosts: [/^api\.minimaxi?\.(io|com|chat)$/i],
    toEndpoint: () => undefined,
    verified: true,
  },
  {
    id: "cohere",
    name: "Cohere",
    gatewayId: "cohere",
    aliases: [],
    wire: { gateway: "native" },
    runCatalog: false,
    billing: "byok",
    authHeaders: ["authorization"],
    hosts: [/^api\.cohere\.(com|ai)$/i],
    toEndpoint: keepPath,
    verified: false,
  },
  {
    id: "baseten",
    name: "Baseten",
    gatewayId: "baseten",
    aliases: [],
    wire: { gateway: "native" },
    runCatalog: false,
    billing: "byok",
    authHeaders: ["authorization"],
    hosts: [/^inference\.baseten\.co$/i, /^[a-z0-9-]+\.api\.baseten\.co$/i],
    toEndpoint: keepPath,
    verified: false,
  },
  {
    id: "parallel",
    name: "Parallel",
    gatewayId: "parallel",
    aliases: [],
    wire: { gateway: "native" },
    runCatalog: false,
    billing: "byok",
    authHeaders: ["x-api-key", "authorization"],
    hosts: [/^api\.parallel\.ai$/i],
    toEndpoint: keepPath,
    verified: false,
  },
  {
    id: "azure-openai",
    name: "Azure OpenAI",
    gatewayId: "azure-openai",
    aliases: ["azure"],
    wire: { gateway: "native" },
    runCatalog: false,
    billing: "byok",
    authHeaders: ["api-key", "authorization"],
    hosts: [/^[^.]+\.openai\.azure\.com$/i],
    toEndpoint: azureEndpoint,
    verified: false,
  },
  {
    id: "bedrock",
    name: "Amazon Bedrock",
    gatewayId: "aws-bedrock",
    aliases: ["aws-bedrock", "amazon-bedrock"],
    wire: { gateway: "native" },
    runCatalog: false,
    billing: "byok",
    authHeaders: ["authorization", "x-amz-security-token"],
    hosts: [/^bedrock(-runtime)?\.[a-z0-9-]+\.amazonaws\.com$/i],
    toEndpoint: bedrockEndpoint,
    verified: false,
  },
  {
    id: "huggingface",
    name: "Hugging Face",
    gatewayId: "huggingface",
    aliases: ["hf"],
    wire: { gateway: "native" },
    runCatalog: false,
    billing: "byok",
    authHeaders: ["authorization"],
    hosts: [/^api-inference\.huggingface\.co$/i, /^router\.huggingface\.co$/i],
    toEndpoint: huggingFaceEndpoint,
    verified: false,
  },
  {
    id: "replicate",
    name: "Replicate",
    gatewayId: "replicate",
    aliases: [],
    wire: { gateway: "native" },
    runCatalog: false,
    billing: "byok",
    authHeaders: ["authorization"],
    hosts: [/^api\.replicate\.com$/i],
    toEndpoint: (url) => stripPrefix(url, "v1/"),
    verified: false,
  },
  {
    id: "fal",
    name: "Fal",
    gatewayId: "fal",
    aliases: ["fal-ai"],
    wire: { gateway: "native" },
    runCatalog: false,
    billing: "byok",
    authHeaders: ["authorization"],
    hosts: [/^(queue\.)?fal\.run$/i],
    toEndpoint: keepPath,
    verified: false,
  },
  {
    id: "ideogram",
    name: "Ideogram",
    gatewayId: "ideogram",
    aliases: [],
    wire: { gateway: "native" },
    runCatalog: false,
    billing: "byok",
    authHeaders: ["api-key", "authorization"],
    hosts: [/^api\.ideogram\.ai$/i],
    toEndpoint: keepPath,
    verified: false,
  },
  {
    id: "cartesia",
    name: "Cartesia",
    gatewayId: "cartesia",
    aliases: [],
    wire: { gateway: "native" },
    runCatalog: false,
    billing: "byok",
    authHeaders: ["x-api-key", "authorization"],
    hosts: [/^api\.cartesia\.ai$/i],
    toEndpoint: keepPath,
    verified: false,
  },
  {
    id: "deepgram",
    name: "Deepgram",
    gatewayId: "deepgram",
    aliases: [],
    wire: { gateway: "native" },
    runCatalog: false,
    billing: "byok",
    authHeaders: ["authorization"],
    hosts: [/^api\.deepgram\.com$/i],
    toEndpoint: keepPath,
    verified: false,
  },
  {
    id: "elevenlabs",
    name: "ElevenLabs",
    gatewayId: "elevenlabs",
    aliases: [],
    wire: { gateway: "native" },
    runCatalog: false,
    billing: "byok",
    authHeaders: ["xi-api-key", "authorization"],
    hosts: [/^api\.elevenlabs\.io$/i],
    toEndpoint: keepPath,
    verified: false,
  },
  {
    id: "workers-ai",
    name: "Workers AI",
    gatewayId: "workers-ai",
    aliases: [],
    wire: { gateway: "native" },
    runCatalog: false,
    billing: "unified",
    authHeaders: ["authorization"],
    hosts: [/^api\.cloudflare\.com$/i],
    toEndpoint: workersAIEndpoint,
    verified: false,
  },
];

/** The registry, each entry also under its 4.x field names. */
export const GATEWAY_PROVIDERS: readonly GatewayProviderEntry[] = /* @__PURE__ */ REGISTRY.map(
  (entry): GatewayProviderEntry => {
    const usable = (wire: GatewayWireFormat | undefined) => (wire === "native" ? undefined : wire);
    return {
      ...entry,
      resolverKey: entry.id,
      gatewayProviderId: entry.gatewayId ?? entry.id,
      wireFormat: usable(entry.wire.gateway) ?? usable(entry.wire.run),
      runWireFormat: entry.runCatalog ? usable(entry.wire.run) : undefined,
      baseURL: entry.apiBaseURL,
      gatewayPath: entry.gatewayId !== undefined,
      hostPattern: entry.hosts[0],
      transformEndpoint: (url) => {
        const parsed = new URL(url);
        return entry.toEndpoint(parsed) ?? keepPath(parsed);
      },
    };
  },
);

/** An entry as written in the registry (without the 4.x names). */
type RegistryEntry = Omit<GatewayProviderEntry, keyof GatewayProviderInfo> &
  Pick<GatewayProviderInfo, "runCatalog" | "billing" | "authHeaders">;

/**
 * Ids with a third-party prefix that Workers AI serves itself on the run path (unified catalog,
 * OpenAI chat-completions replies): they stay Workers AI chat models and need no plugin.
 */
export const WORKERS_AI_NATIVE_SLUGS: readonly RegExp[] = [/^deepseek\/deepseek-v4(?:[-.].*)?$/i];

/** Slug prefix of AI Gateway dynamic routes (`dynamic/<route>`). */
export const DYNAMIC_ROUTE_PREFIX = "dynamic";

/** The registry entry for a slug prefix, alias or gateway provider id (case-insensitive). */
export function findGatewayProvider(name: string): GatewayProviderEntry | undefined {
  const key = name.toLowerCase();
  return GATEWAY_PROVIDERS.find(
    (entry) => entry.id === key || entry.gatewayId === key || entry.aliases.includes(key),
  );
}

/** The provider whose API host serves `url`, with the gateway endpoint for it (the plain path when no transform applies). */
export function detectGatewayProvider(
  url: string | URL,
): { entry: GatewayProviderEntry; endpoint: string } | undefined {
  let parsed: URL;
  try {
    parsed = typeof url === "string" ? new URL(url) : url;
  } catch {
    return undefined;
  }
  const entry = GATEWAY_PROVIDERS.find((candidate) =>
    candidate.hosts.some((host) => host.test(parsed.hostname)),
  );
  if (!entry) return undefined;
  return { entry, endpoint: entry.toEndpoint(parsed) ?? keepPath(parsed) };
}

/** Whether a model id is one Workers AI serves itself although it has a third-party prefix. */
export function isWorkersAINativeSlug(modelId: string): boolean {
  return WORKERS_AI_NATIVE_SLUGS.some((pattern) => pattern.test(modelId));
}

/** Every slug prefix the registry knows (ids and aliases), for the model-id type. */
export const GATEWAY_SLUG_PREFIXES = [
  "openai",
  "anthropic",
  "google",
  "google-ai-studio",
  "gemini",
  "google-vertex",
  "google-vertex-ai",
  "vertex",
  "xai",
  "grok",
  "groq",
  "deepseek",
  "mistral",
  "mistralai",
  "perplexity",
  "perplexity-ai",
  "cerebras",
  "openrouter",
  "fireworks",
  "fireworks-ai",
  "alibaba",
  "dashscope",
  "minimax",
  "cohere",
  "baseten",
  "parallel",
  "azure-openai",
  "azure",
  "bedrock",
  "aws-bedrock",
  "amazon-bedrock",
  "huggingface",
  "hf",
  "replicate",
  "fal",
  "fal-ai",
  "ideogram",
  "cartesia",
  "deepgram",
  "elevenlabs",
  "workers-ai",
] as const;

/** A slug prefix the registry knows. */
export type GatewayProviderPrefix = (typeof GATEWAY_SLUG_PREFIXES)[number];

/** The entry for a slug prefix or alias (the 4.x name of {@link findGatewayProvider}). */
export function findProviderBySlug(resolverKey: string): GatewayProviderEntry | undefined {
  return findGatewayProvider(resolverKey);
}

/** The provider whose API host serves `url` (the 4.x form of {@link detectGatewayProvider}). */
export function detectProviderByUrl(url: string): GatewayProviderEntry | undefined {
  return detectGatewayProvider(url)?.entry;
}

/** The providers a plugin can speak for (a `wireFormat`): the ones the slug delegate can route. */
export function wireableProviders(): GatewayProviderEntry[] {
  return GATEWAY_PROVIDERS.filter((entry) => entry.wireFormat !== undefined);
}
