import { InvalidArgumentError } from "@ai-sdk/provider";
import { isBoolean, isRecord, isString, isStrings } from "../guards";
import type { WorkersAIModelConfig } from "../model-config";
import { type GatewayOptions, mergeGatewayLayers } from "../transport/gateway-options";
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

/** Both layers of an object option (per call second), each checked to be an object. */
function objectLayers(
  reader: OptionReader,
  key: string,
): [settings: Record<string, unknown> | undefined, call: Record<string, unknown> | undefined] {
  const layers = reader.layers(key);
  if (layers.some((layer) => layer !== undefined && !isRecord(layer))) {
    throw new InvalidArgumentError({
      argument: key,
      message: `Workers AI option "${key}" must be an object.`,
    });
  }
  return layers as [Record<string, unknown> | undefined, Record<string, unknown> | undefined];
}

/** Both layers of an object option merged key by key (per call over settings). */
function mergedObject(reader: OptionReader, key: string): Record<string, unknown> | undefined {
  const [settings, call] = objectLayers(reader, key);
  return settings || call ? { ...settings, ...call } : undefined;
}

/** Resolves the request settings and merges `extraHeaders` over the AI SDK call headers. */
export function resolveRequestSettings(
  reader: OptionReader,
  callHeaders: Record<string, string | undefined> | undefined,
): ResolvedRequestSettings {
  if (reader.empty)
    return { gateway: undefined, headers: callHeaders, options: undefined, extraInputs: undefined };
  const gateway = mergeGatewayLayers(...objectLayers(reader, "gateway"));
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

  const rejectIfBusy = reader.read("rejectIfBusy", isBoolean);
  const tags = reader.read("tags", isStrings);
  const prefix = reader.read("prefix", isString);
  return {
    gateway: gateway as GatewayOptions | undefined,
    headers: extraHeaders ? { ...callHeaders, ...(extraHeaders as Record<string, string>) } : callHeaders,
    // no object for the common call, which sets none of them
    options:
      rejectIfBusy !== undefined || tags !== undefined || prefix !== undefined
        ? { rejectIfBusy, tags: typeof tags === "string" ? [tags] : tags, prefix }
        : undefined,
    extraInputs: mergedObject(reader, "extraInputs"),
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
