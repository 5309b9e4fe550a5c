import { type Check, isBoolean, isString, isStrings, recordOf } from "../guards";
import type { WorkersAIModelConfig } from "../model-config";
import { checkGatewayOptions, type GatewayOptions, mergeGatewayLayers } from "../transport/gateway-options";
import type { WorkersAIReply, WorkersAIRunOptions, WorkersAIRunRequest } from "../transport/types";
import type { OptionReader } from "./options";

/**
 * How a request travels, shared by every embedding, image, audio and reranking model. Each field can
 * also be given per call in `providerOptions["workers-ai"]`; per-call values win, and `gateway`,
 * `extraHeaders` and `extraInputs` merge key by key.
 */
export interface WorkersAIRequestSettings {
  /** AI Gateway options for this model (e.g. `{ id: "my-gateway", cacheTtl: 3600 }`); they win over the provider-level gateway. */
  gateway?: Partial<GatewayOptions>;
  /** Extra request headers (binding `extraHeaders` / REST headers). */
  extraHeaders?: Record<string, string>;
  /** Fail fast with error 3040 instead of waiting for capacity. */
  rejectIfBusy?: boolean;
  /** Dashboard tags (binding only; at most 5, 50 characters each). */
  tags?: string[];
  /** Sent as the model header value `"<prefix>:<model>"` (binding only). */
  prefix?: string;
  /**
   * Escape hatch: extra model inputs merged in last, overriding what this provider computed
   * (JSON inputs; query parameters next to a raw audio body; form fields of a multipart body).
   */
  extraInputs?: Record<string, unknown>;
}

/** The transport-level parts of a request, resolved from settings and per-call options. */
export interface ResolvedRequestSettings {
  /** Possibly partial: the transport merges it over the provider-level gateway, which supplies the id. */
  gateway: GatewayOptions | undefined;
  headers: Record<string, string | undefined> | undefined;
  options: WorkersAIRunOptions | undefined;
  extraInputs: Record<string, unknown> | undefined;
}

const isObject = /* @__PURE__ */ recordOf() as Check<Record<string, unknown>>;
const isHeaders = /* @__PURE__ */ recordOf(isString) as Check<Record<string, string>>;
const isGateway = checkGatewayOptions as Check<Partial<GatewayOptions>>;

/** Both layers of an object option merged key by key (per call over settings). */
function merged<T extends object>(reader: OptionReader, key: string, check: Check<T>): T | undefined {
  const [settings, call] = reader.layers(key, check);
  return settings || call ? ({ ...settings, ...call } as T) : undefined;
}

/** Resolves the request settings and merges `extraHeaders` over the AI SDK call headers. */
export function resolveRequestSettings(
  reader: OptionReader,
  callHeaders: Record<string, string | undefined> | undefined,
): ResolvedRequestSettings {
  if (reader.empty)
    return { gateway: undefined, headers: callHeaders, options: undefined, extraInputs: undefined };
  const gateway = mergeGatewayLayers(...reader.layers("gateway", isGateway));
  const extraHeaders = merged(reader, "extraHeaders", isHeaders);
  const rejectIfBusy = reader.read("rejectIfBusy", isBoolean);
  const tags = reader.read("tags", isStrings);
  const prefix = reader.read("prefix", isString);
  return {
    gateway: gateway as GatewayOptions | undefined,
    headers: extraHeaders ? { ...callHeaders, ...extraHeaders } : callHeaders,
    // no object for the common call, which sets none of them
    options:
      rejectIfBusy !== undefined || tags !== undefined || prefix !== undefined
        ? { rejectIfBusy, tags: typeof tags === "string" ? [tags] : tags, prefix }
        : undefined,
    extraInputs: merged(reader, "extraInputs", isObject),
  };
}

/**
 * Sends one call of a model (`inputs`, or a raw body) with the call's resolved request settings; returns the
 * reply and the URL the transport reports for it (for errors raised while reading the reply).
 */
export async function sendRequest(
  config: WorkersAIModelConfig,
  run: Pick<WorkersAIRunRequest, "model" | "inputs" | "rawBody" | "abortSignal">,
  request: ResolvedRequestSettings,
): Promise<{ reply: WorkersAIReply; url: string }> {
  const { headers, gateway, options } = request;
  const reply = await config.transport.run({ ...run, headers, gateway, options });
  return { reply, url: config.transport.urlFor(run.model, gateway) };
}
