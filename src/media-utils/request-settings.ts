import { InvalidArgumentError } from "@ai-sdk/provider";
import { isBoolean, isString, isStrings } from "../guards";
import type { GatewayOptions } from "../transport/gateway-options";
import type { WorkersAIRunOptions } from "../transport/types";
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

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function objectLayer(key: string, value: unknown): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    throw new InvalidArgumentError({
      argument: key,
      message: `Workers AI option "${key}" must be an object.`,
    });
  }
  return value;
}

/** Both layers of an object option, each checked to be an object (per call second). */
function objectLayers(
  reader: OptionReader,
  key: string,
): [settings: Record<string, unknown> | undefined, call: Record<string, unknown> | undefined] {
  const [settings, call] = reader.layers(key);
  return [objectLayer(key, settings), objectLayer(key, call)];
}

/** Both layers of an object option merged key by key (per call over settings). */
function mergedObject(reader: OptionReader, key: string): Record<string, unknown> | undefined {
  const [settings, call] = objectLayers(reader, key);
  if (!settings && !call) return undefined;
  return { ...settings, ...call };
}

/** Resolves the request settings and merges `extraHeaders` over the AI SDK call headers. */
export function resolveRequestSettings(
  reader: OptionReader,
  callHeaders: Record<string, string | undefined> | undefined,
): ResolvedRequestSettings {
  if (reader.empty)
    return { gateway: undefined, headers: callHeaders, options: undefined, extraInputs: undefined };
  const [settingsGateway, callGateway] = objectLayers(reader, "gateway") as [
    Partial<GatewayOptions> | undefined,
    Partial<GatewayOptions> | undefined,
  ];
  const gateway = settingsGateway || callGateway ? { ...settingsGateway, ...callGateway } : undefined;
  if (gateway && (settingsGateway?.metadata || callGateway?.metadata)) {
    gateway.metadata = { ...settingsGateway?.metadata, ...callGateway?.metadata };
  }
  if (gateway && (settingsGateway?.retries || callGateway?.retries)) {
    gateway.retries = { ...settingsGateway?.retries, ...callGateway?.retries };
  }
  if (gateway?.id !== undefined && typeof gateway.id !== "string") {
    throw new InvalidArgumentError({ argument: "gateway.id", message: "gateway.id must be a string." });
  }
  const extraHeaders = mergedObject(reader, "extraHeaders");
  if (extraHeaders && !Object.values(extraHeaders).every((value) => typeof value === "string")) {
    throw new InvalidArgumentError({
      argument: "extraHeaders",
      message: "extraHeaders values must be strings.",
    });
  }
  const headers = extraHeaders
    ? { ...callHeaders, ...(extraHeaders as Record<string, string>) }
    : callHeaders;

  // built only when an option is set: this runs on every call
  let options: WorkersAIRunOptions | undefined;
  const rejectIfBusy = reader.read("rejectIfBusy", isBoolean);
  if (rejectIfBusy !== undefined) options = { rejectIfBusy };
  const tags = reader.read("tags", isStrings);
  if (tags !== undefined) options = { ...options, tags: typeof tags === "string" ? [tags] : tags };
  const prefix = reader.read("prefix", isString);
  if (prefix !== undefined) options = { ...options, prefix };

  return {
    gateway: gateway as GatewayOptions | undefined,
    headers,
    options,
    extraInputs: mergedObject(reader, "extraInputs"),
  };
}
