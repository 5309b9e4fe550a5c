import { InvalidArgumentError, type SharedV4Warning } from "@ai-sdk/provider";
import {
  anyOf,
  arrayOf,
  at,
  type Check,
  isBoolean,
  isNumber,
  isRecord,
  isString,
  oneOf,
  recordOf,
  shape,
} from "../guards";
import { PROVIDER_OPTIONS_KEY } from "../model-config";
import {
  checkGatewayMetadataValue,
  checkGatewayOptions,
  type GatewayOptions,
  gatewayMetadataWarning,
  resolveGatewayOptions,
} from "../transport/gateway-options";
import { headersToRecord } from "../transport/headers";
import { DEFAULT_MAX_RECONNECTS } from "./resumable-stream";
import type {
  DelegateCallOptions,
  GatewayDispatchInfo,
  GatewayFallbackLeg,
  GatewayProviderContext,
  GatewayTransportKind,
  ResumeExpiredPolicy,
} from "./types";

const checkStringRecord = /* @__PURE__ */ recordOf(isString);
const checkMetadata = /* @__PURE__ */ recordOf(checkGatewayMetadataValue);

/** How each per-call option of a gateway-routed model is checked (also the list of known option names). */
const DELEGATE_OPTION_CHECKS: Record<keyof DelegateProviderOptions, Check> = {
  transport: /* @__PURE__ */ oneOf(["run", "gateway"]),
  resume: isBoolean,
  onResumeExpired: /* @__PURE__ */ oneOf(["error", "accept-partial"]),
  maxReconnects: (value) =>
    Number.isInteger(value) && (value as number) >= 0 ? undefined : "must be a non-negative integer",
  fallback: /* @__PURE__ */ shape(
    {
      mode: /* @__PURE__ */ oneOf(["client", "server"]),
      models: /* @__PURE__ */ arrayOf(
        /* @__PURE__ */ anyOf(
          isString,
          /* @__PURE__ */ shape({ model: isString, byok: isBoolean, extraHeaders: checkStringRecord }, [
            "model",
          ]),
        ),
      ),
    },
    ["mode", "models"],
  ),
  cacheTtl: isNumber,
  skipCache: isBoolean,
  cacheKey: isString,
  byok: isBoolean,
  byokAlias: isString,
  zdr: isBoolean,
  extraHeaders: checkStringRecord,
  gateway: /* @__PURE__ */ anyOf(isString, checkGatewayOptions),
  metadata: checkMetadata,
  collectLog: isBoolean,
  vertex: /* @__PURE__ */ shape({ project: isString, location: isString }, ["project", "location"]),
};

/** Per-call gateway options accepted in `providerOptions["workers-ai"]` (the JSON part of {@link DelegateCallOptions}). */
export type DelegateProviderOptions = Omit<DelegateCallOptions, "onDispatch" | "onProgress">;

/** Model settings, per-call options and provider defaults, merged. */
export interface ResolvedCallOptions {
  transport: GatewayTransportKind | undefined;
  resume: boolean;
  /** `resume: true` was asked for on the model or the call (not just the provider default). */
  resumeExplicit: boolean;
  onResumeExpired: ResumeExpiredPolicy;
  maxReconnects: number;
  fallback: { mode: "client" | "server"; legs: GatewayFallbackLeg[] } | undefined;
  /** Model/call-level caching options (they force the gateway path). */
  caching: string[];
  byok: boolean;
  byokAlias: string | undefined;
  zdr: boolean | undefined;
  extraHeaders: Record<string, string>;
  /** Effective gateway options (id always set). */
  gateway: GatewayOptions;
  vertex: { project: string; location: string } | undefined;
  onDispatch: ((info: GatewayDispatchInfo) => void) | undefined;
  onProgress: ((eventOffset: number) => void) | undefined;
}

const MIN_CACHE_TTL = 60;
const MAX_CACHE_TTL = 2_592_000;

/**
 * Merges provider defaults, model settings and per-call options (per call wins; `metadata` and
 * `extraHeaders` merge key by key) and collects warnings for values the gateway will not honour as given.
 */
export function resolveCallOptions(
  provider: GatewayProviderContext,
  settings: DelegateCallOptions,
  call: DelegateProviderOptions | undefined,
  warnings: SharedV4Warning[],
): ResolvedCallOptions {
  const pick = <K extends keyof DelegateProviderOptions & keyof DelegateCallOptions>(key: K) =>
    (call?.[key] !== undefined ? call[key] : settings[key]) as DelegateCallOptions[K];

  // The flat fields of the model and the call win over every `gateway` layer.
  const gateway = resolveGatewayOptions(
    provider.gateway,
    settings.gateway,
    call?.gateway,
    flatGatewayFields(settings),
    flatGatewayFields(call),
  );
  const metadataWarning = gatewayMetadataWarning(gateway.metadata);
  if (metadataWarning) warnings.push(metadataWarning);

  const caching = (["cacheTtl", "skipCache", "cacheKey"] as const).filter((key) => pick(key) !== undefined);
  const cacheTtl = pick("cacheTtl");
  if (cacheTtl !== undefined && (cacheTtl < MIN_CACHE_TTL || cacheTtl > MAX_CACHE_TTL)) {
    warnings.push({
      type: "other",
      message: `cacheTtl ${cacheTtl} is outside what AI Gateway accepts (${MIN_CACHE_TTL} … ${MAX_CACHE_TTL} seconds); the gateway may clamp or ignore it.`,
    });
  }

  const fallback = pick("fallback");
  const resumeSetting = pick("resume");
  return {
    transport: pick("transport"),
    resume: resumeSetting ?? provider.resume ?? true,
    resumeExplicit: resumeSetting === true,
    onResumeExpired: pick("onResumeExpired") ?? provider.onResumeExpired ?? "error",
    maxReconnects: pick("maxReconnects") ?? DEFAULT_MAX_RECONNECTS,
    fallback: fallback
      ? {
          mode: fallback.mode,
          legs: fallback.models.map((leg) => (typeof leg === "string" ? { model: leg } : leg)),
        }
      : undefined,
    caching,
    byok: pick("byok") ?? false,
    byokAlias: pick("byokAlias"),
    zdr: pick("zdr"),
    extraHeaders: headersToRecord({ ...settings.extraHeaders, ...call?.extraHeaders }),
    gateway,
    vertex: pick("vertex"),
    onDispatch: settings.onDispatch,
    onProgress: settings.onProgress,
  };
}

/**
 * Reads `providerOptions["workers-ai"]` of a gateway call. Keys this path does not know (e.g. Workers AI
 * chat settings) become warnings rather than silent drops.
 */
export function readDelegateProviderOptions(
  providerOptions: Record<string, unknown> | undefined,
  warnings: SharedV4Warning[],
): DelegateProviderOptions | undefined {
  const raw = providerOptions?.[PROVIDER_OPTIONS_KEY];
  if (raw === undefined || raw === null) return undefined;
  if (isRecord(raw)) {
    for (const key of Object.keys(raw)) {
      if (!(key in DELEGATE_OPTION_CHECKS)) {
        warnings.push({
          type: "unsupported",
          feature: `providerOptions["${PROVIDER_OPTIONS_KEY}"].${key}`,
          details:
            "Not an option of models routed through AI Gateway; ignored. Callbacks (onDispatch, onProgress) go in the model settings.",
        });
      }
    }
  }
  const problem = shape(DELEGATE_OPTION_CHECKS)(raw);
  if (problem) {
    throw new InvalidArgumentError({
      argument: `providerOptions["${PROVIDER_OPTIONS_KEY}"]`,
      message: `Invalid option for a gateway model: ${at(`providerOptions["${PROVIDER_OPTIONS_KEY}"]`, problem)}`,
    });
  }
  return raw as DelegateProviderOptions;
}

/** The gateway fields a model or a call sets beside `gateway`; an empty `metadata` adds nothing. */
function flatGatewayFields(
  options: DelegateProviderOptions | undefined,
): Partial<GatewayOptions> | undefined {
  if (!options) return undefined;
  const { metadata, collectLog, cacheTtl, skipCache, cacheKey } = options;
  return {
    ...(metadata && Object.keys(metadata).length > 0 ? { metadata } : {}),
    collectLog,
    cacheTtl,
    skipCache,
    cacheKey,
  };
}
