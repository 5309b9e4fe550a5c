import type { SharedV4Warning } from "@ai-sdk/provider";
import { headersToRecord } from "../transport/headers";
import { isSecretHeader } from "../transport/secrets";
import type { ResolvedCallOptions } from "./call-options";
import { GatewayDelegateError } from "./errors";
import {
  DYNAMIC_ROUTE_PREFIX,
  findGatewayProvider,
  type GatewayProviderEntry,
  type GatewayWireFormat,
  isWorkersAINativeSlug,
} from "./registry";
import type { DelegateCallOptions, GatewayTransportKind, WorkersAIProviderPlugin } from "./types";

/** What a model id means for routing. */
export type SlugRoute =
  | { kind: "workers-ai" }
  | { kind: "dynamic"; route: string }
  | { kind: "provider"; entry: GatewayProviderEntry; model: string };

/**
 * Routing decision for an id (with plugins): `@cf/`/`@hf/` ids and unknown prefixes stay Workers AI models;
 * `dynamic/<route>` is a gateway dynamic route; a registry prefix is a third-party slug (native
 * unified-catalog ids such as `deepseek/deepseek-v4-pro` too: they take the run path, so `onDispatch`,
 * resume and fallback apply).
 */
export function classifySlug(modelId: string): SlugRoute {
  if (modelId.startsWith("@")) return { kind: "workers-ai" };
  const slash = modelId.indexOf("/");
  if (slash <= 0 || slash === modelId.length - 1) return { kind: "workers-ai" };
  const prefix = modelId.slice(0, slash);
  const rest = modelId.slice(slash + 1);
  if (prefix.toLowerCase() === DYNAMIC_ROUTE_PREFIX) return { kind: "dynamic", route: rest };
  const entry = findGatewayProvider(prefix);
  if (!entry) return { kind: "workers-ai" };
  return { kind: "provider", entry, model: rest };
}

/** One model to try: which path, which wire format, which plugin, which credentials. */
export interface LegPlan {
  /** Position among the client-fallback legs (0 = primary) or universal entries. */
  index: number;
  /** Slug as given. */
  slug: string;
  /** Registry entry (undefined for dynamic routes). */
  entry: GatewayProviderEntry | undefined;
  /** Registry id, or `"dynamic"`. */
  providerId: string;
  /** Model id without the prefix (the dynamic route for `dynamic/…`). */
  upstreamModelId: string;
  transport: GatewayTransportKind;
  wire: Exclude<GatewayWireFormat, "native">;
  plugin: WorkersAIProviderPlugin;
  /** Base URL for the upstream SDK (its requests are intercepted, never sent there). */
  apiBaseURL: string;
  byok: boolean;
  extraHeaders: Record<string, string>;
}

/** The whole call: legs and how they are combined. */
export interface CallPlan {
  mode: "single" | "client" | "server";
  legs: LegPlan[];
}

/** Where requests go: the binding (with or without `gateway()`/`fetch`) or REST credentials. */
export interface TargetCapabilities {
  kind: "binding" | "rest";
  hasGatewayMethod: boolean;
}

const DYNAMIC_BASE_URL = "https://gateway.ai.cloudflare.com/compat";

/** Plans a call; throws {@link GatewayDelegateError} for every impossible combination, before anything is sent. */
export function planCall(
  modelId: string,
  options: ResolvedCallOptions,
  plugins: readonly WorkersAIProviderPlugin[],
  target: TargetCapabilities,
  warnings: SharedV4Warning[],
): CallPlan {
  const fallback = options.fallback;
  const server = fallback?.mode === "server";
  if (server && options.resumeExplicit) {
    throw new GatewayDelegateError({
      modelId,
      reason:
        'resume: true needs the run path, but fallback.mode "server" is one universal-endpoint run on the gateway path, which cannot be resumed.',
      hint: 'Use fallback.mode "client" (each leg keeps its own resume) or drop resume.',
    });
  }
  if (server && options.transport === "run") {
    throw new GatewayDelegateError({
      modelId,
      reason:
        'transport "run" cannot do server-side fallback: that is a universal-endpoint run on the gateway path.',
    });
  }
  const primary = planLeg(
    0,
    modelId,
    options,
    { byok: options.byok, extraHeaders: options.extraHeaders },
    plugins,
    server,
  );
  const legs = [primary];
  for (const [i, leg] of (fallback?.legs ?? []).entries()) {
    const sameProvider = parseSlugProvider(leg.model) === primary.providerId;
    // BYOK keys of the primary never travel to another provider's leg
    const inherited = sameProvider
      ? {
          byok: leg.byok ?? options.byok,
          extraHeaders: { ...options.extraHeaders, ...headersToRecord(leg.extraHeaders) },
        }
      : {
          byok: leg.byok ?? false,
          extraHeaders: { ...withoutCredentials(options.extraHeaders), ...headersToRecord(leg.extraHeaders) },
        };
    legs.push(planLeg(i + 1, leg.model, options, inherited, plugins, server));
  }
  for (const leg of legs) {
    if (leg.transport === "gateway" && target.kind === "binding" && !target.hasGatewayMethod) {
      throw new GatewayDelegateError({
        modelId: leg.slug,
        reason: "the gateway path needs env.AI.gateway(id), which this binding does not have.",
      });
    }
  }
  if (target.kind === "rest" && options.resumeExplicit && legs.some((leg) => leg.transport === "run")) {
    warnings.push({
      type: "unsupported",
      feature: "resume",
      details:
        "Resuming a dropped stream needs the Workers AI binding (env.AI); with REST credentials the run path is not resumable.",
    });
  }
  return { mode: server ? "server" : legs.length > 1 ? "client" : "single", legs };
}

function parseSlugProvider(modelId: string): string | undefined {
  const parsed = classifySlug(modelId);
  return parsed.kind === "provider" ? parsed.entry.id : parsed.kind === "dynamic" ? "dynamic" : undefined;
}

function planLeg(
  index: number,
  slug: string,
  options: ResolvedCallOptions,
  credentials: { byok: boolean; extraHeaders: Record<string, string> },
  plugins: readonly WorkersAIProviderPlugin[],
  server: boolean,
): LegPlan {
  const parsed = classifySlug(slug);
  if (parsed.kind === "workers-ai") {
    throw new GatewayDelegateError({
      modelId: slug,
      reason:
        index === 0
          ? "it is a Workers AI model id, not a third-party slug."
          : "fallback models must be third-party slugs (`<provider>/<model>`); Workers AI models cannot be mixed into a gateway fallback.",
    });
  }
  if (parsed.kind === "dynamic") {
    const transport = chooseTransport(slug, undefined, options, credentials.byok, server);
    return {
      index,
      slug,
      entry: undefined,
      providerId: "dynamic",
      upstreamModelId: slug,
      transport,
      wire: "openai",
      plugin: findPlugin(slug, "openai", transport, plugins),
      apiBaseURL: DYNAMIC_BASE_URL,
      byok: credentials.byok,
      extraHeaders: credentials.extraHeaders,
    };
  }
  const { entry, model } = parsed;
  if (entry.id === "workers-ai") {
    throw new GatewayDelegateError({
      modelId: slug,
      reason: "Workers AI models are not routed as slugs.",
      hint: `Use the "@cf/…" id directly, e.g. workersai(${JSON.stringify(model)}).`,
    });
  }
  const transport = chooseTransport(slug, entry, options, credentials.byok, server);
  // native unified-catalog ids of a BYOK provider (deepseek-v4) speak chat-completions on the run path
  const wire = entry.wire[transport] ?? (isWorkersAINativeSlug(slug) ? "openai" : undefined);
  if (!wire || wire === "native") {
    throw new GatewayDelegateError({
      modelId: slug,
      reason: `${entry.name} speaks its own API on the ${transport} path, which the slug delegate cannot build requests for.`,
      hint: `Route its own AI SDK provider through the gateway instead: createGatewayFetch({ …, provider: "${entry.id}" }) from "workers-ai-provider/gateway".`,
    });
  }
  if (wire === "google" && !isPlainPath(model)) {
    // Gemini puts the model in the URL (`models/<model>:generateContent`): it must not change path, query or method
    throw new GatewayDelegateError({
      modelId: slug,
      reason: `${entry.name} puts the model in the request URL, and ${JSON.stringify(model)} would change its path, query or method.`,
      hint: 'A model name holds letters, digits, "-", "_" and "." (tuned models: "tunedModels/<name>").',
    });
  }
  return {
    index,
    slug,
    entry,
    providerId: entry.id,
    upstreamModelId: model,
    transport,
    wire,
    plugin: findPlugin(slug, wire, transport, plugins),
    apiBaseURL: apiBaseURLFor(slug, entry, transport, options),
    byok: credentials.byok,
    extraHeaders: credentials.extraHeaders,
  };
}

/** `/`-separated names that URL encoding leaves as they are, none of them empty, `.` or `..`. */
function isPlainPath(model: string): boolean {
  return model
    .split("/")
    .every((name) => name !== "" && name !== "." && name !== ".." && encodeURIComponent(name) === name);
}

/**
 * Picks the path: the run path by default for run-catalog providers; the gateway path for BYOK,
 * stored keys, caching, server fallback and BYOK-only providers. Impossible combinations throw.
 */
function chooseTransport(
  slug: string,
  entry: Pick<GatewayProviderEntry, "name" | "runCatalog" | "gatewayId" | "wire"> | undefined,
  options: Pick<ResolvedCallOptions, "transport" | "caching" | "byokAlias" | "resumeExplicit">,
  byok: boolean,
  server: boolean,
): GatewayTransportKind {
  const name = entry?.name ?? "This dynamic route";
  const runCatalog = entry ? entry.runCatalog || isWorkersAINativeSlug(slug) : true;
  const hasGatewayPath = entry ? entry.gatewayId !== undefined && entry.wire.gateway !== undefined : true;
  const needsGateway: string[] = [];
  if (byok) needsGateway.push("byok");
  if (options.byokAlias) needsGateway.push("byokAlias");
  if (options.caching.length > 0) needsGateway.push(`caching (${options.caching.join(", ")})`);
  if (server) needsGateway.push('fallback.mode "server"');

  if (options.transport === "run") {
    if (!runCatalog) {
      throw new GatewayDelegateError({
        modelId: slug,
        reason: `${name} is not on the unified run catalog (BYOK only), so transport "run" is impossible.`,
        hint: 'Use transport "gateway" (the default for it) with byok: true and the key in extraHeaders, or a key stored in the gateway.',
      });
    }
    if (needsGateway.length > 0) {
      throw new GatewayDelegateError({
        modelId: slug,
        reason: `transport "run" cannot honour ${needsGateway.join(", ")}: ${needsGateway.length > 1 ? "they need" : "it needs"} the gateway path.`,
      });
    }
    return "run";
  }
  const why =
    options.transport === "gateway"
      ? 'transport "gateway"'
      : needsGateway.length > 0
        ? needsGateway.join(", ")
        : !runCatalog
          ? `${name} being BYOK-only`
          : undefined;
  if (why === undefined) return "run";
  if (!hasGatewayPath) {
    throw new GatewayDelegateError({
      modelId: slug,
      reason: `${name} is only on the unified run path (it has no AI Gateway provider path), so ${why} is impossible.`,
      hint: 'Use the default run path, or fallback.mode "client".',
    });
  }
  if (options.resumeExplicit) {
    throw new GatewayDelegateError({
      modelId: slug,
      reason: `resume: true needs the run path, but ${why} needs the gateway path, which cannot be resumed.`,
    });
  }
  return "gateway";
}

const PLUGIN_EXPORTS: Record<Exclude<GatewayWireFormat, "native">, string> = {
  openai: "openai",
  anthropic: "anthropic",
  google: "google",
};

function findPlugin(
  slug: string,
  wire: Exclude<GatewayWireFormat, "native">,
  transport: GatewayTransportKind,
  plugins: readonly WorkersAIProviderPlugin[],
): WorkersAIProviderPlugin {
  const plugin = plugins.find((candidate) => candidate.wireFormat === wire);
  if (plugin) return plugin;
  const name = PLUGIN_EXPORTS[wire];
  const have = plugins.map((candidate) => candidate.name).join(", ");
  throw new GatewayDelegateError({
    modelId: slug,
    reason: `it speaks the ${wire} wire format on the ${transport} path, so it needs the \`${name}\` plugin${have ? ` (providers has: ${have})` : ""}.`,
    hint: `Add \`import { ${name} } from "workers-ai-provider/${name}";\` and pass it in createWorkersAI({ providers: [${[...plugins.map((candidate) => candidate.name), name].join(", ")}] }).`,
  });
}

function apiBaseURLFor(
  slug: string,
  entry: GatewayProviderEntry,
  transport: GatewayTransportKind,
  options: ResolvedCallOptions,
): string {
  if (entry.id === "google-vertex") {
    const vertex = options.vertex;
    if (!vertex) {
      throw new GatewayDelegateError({
        modelId: slug,
        reason: "Google Vertex AI needs a project and a location.",
        hint: 'Pass vertex: { project: "my-project", location: "us-central1" } in the model options.',
      });
    }
    const location = encodeURIComponent(vertex.location);
    return `https://${location}-aiplatform.googleapis.com/v1/projects/${encodeURIComponent(vertex.project)}/locations/${location}/publishers/google`;
  }
  if (transport === "run" && entry.wire.run === "openai" && entry.wire.gateway !== "openai") {
    // run-path OpenAI normalisation of a provider with another native format (e.g. Google): the URL is never used
    return `https://${entry.id}.run.workers-ai.invalid/v1`;
  }
  return entry.apiBaseURL ?? `https://${entry.id}.run.workers-ai.invalid/v1`;
}

/** Headers without credentials: a BYOK key of one provider never travels to another provider's leg. */
function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) if (!isSecretHeader(key)) out[key] = value;
  return out;
}

/** A slug split into its registry key and the provider's own model id (the 4.x shape). */
export interface ParsedSlug {
  /** First segment: the provider prefix, e.g. `"openai"` (`"dynamic"` for dynamic routes). */
  resolverKey: string;
  /** The rest: the provider's model id (may hold more slashes, e.g. `openrouter/anthropic/claude`). */
  modelId: string;
}

/**
 * Splits `"<provider>/<model>"` at its first slash. Throws `GatewayDelegateError` (kind `"config"`) when
 * there is no provider or no model part.
 */
export function parseSlug(slug: string): ParsedSlug {
  const slash = slug.indexOf("/");
  if (slash <= 0 || slash === slug.length - 1) {
    throw new GatewayDelegateError({
      modelId: slug,
      reason: 'a slug is "<provider>/<model>", e.g. "openai/gpt-5".',
    });
  }
  return { resolverKey: slug.slice(0, slash), modelId: slug.slice(slash + 1) };
}

/** What {@link selectTransport} decided (the 4.x shape). */
export interface TransportSelection {
  transport: GatewayTransportKind;
  /** Whether a dropped stream of this selection can be resumed. */
  resumeEnabled: boolean;
  /** Why resume is off although it was not turned off. */
  warnings: string[];
}

/**
 * The path for a set of gateway options (the 4.x signature): the run path unless BYOK, caching, server
 * fallback, `transport: "gateway"` or a BYOK-only provider (`runCatalog: false`) needs the gateway path.
 * Impossible combinations (e.g. `resume: true` with caching, or a run-only provider on the gateway path) throw
 * `GatewayDelegateError`.
 */
export function selectTransport(
  options: DelegateCallOptions,
  resumeExplicitlyTrue: boolean,
  runCatalog = true,
  gatewayAvailable = true,
): TransportSelection {
  const caching = (["cacheTtl", "skipCache", "cacheKey"] as const).filter(
    (key) => options[key] !== undefined,
  );
  const transport = chooseTransport(
    "this model",
    {
      name: "This provider",
      runCatalog,
      gatewayId: gatewayAvailable ? "gateway" : undefined,
      wire: gatewayAvailable ? { run: "openai", gateway: "openai" } : { run: "openai" },
    },
    {
      transport: options.transport,
      caching,
      byokAlias: options.byokAlias,
      resumeExplicit: resumeExplicitlyTrue,
    },
    options.byok === true,
    options.fallback?.mode === "server",
  );
  const resumeWanted = options.resume !== false;
  const resumeEnabled = transport === "run" && resumeWanted;
  const warnings =
    transport === "gateway" && resumeWanted
      ? [
          "Resume is off: the gateway path (BYOK, caching, server fallback or a BYOK-only provider) cannot be resumed.",
        ]
      : [];
  return { transport, resumeEnabled, warnings };
}
