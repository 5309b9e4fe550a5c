import { APICallError, type SharedV4Warning } from "@ai-sdk/provider";
import { type FetchFunction, isAbortError, postToApi } from "@ai-sdk/provider-utils";
import { createWorkersAIError, redactAPICallError, redactCause } from "./errors";
import {
  type GatewayOptions,
  gatewayMetadataWarning,
  gatewayRequestHeaders,
  mergeGatewayOptions,
} from "./gateway-options";
import { headersToRecord } from "./headers";
import { encodeModelPath } from "./model-path";
import { replyFromResponse } from "./reply";
import { secretHeaderValues } from "./secrets";
import { abortReason, cancelLate, untilAborted } from "./streams";
import type { WorkersAIReply, WorkersAIRunOptions, WorkersAIRunRequest, WorkersAITransport } from "./types";
import { cloudflareURLs } from "./urls";

/** Configuration of the REST transport. Credentials are read lazily, at the first request. */
export interface RestTransportConfig {
  accountId: () => string;
  apiKey: () => string;
  baseURL?: string;
  gatewayBaseURL?: string;
  fetch?: FetchFunction;
  headers?: () => Record<string, string | undefined>;
  gateway?: GatewayOptions;
}

/**
 * Creates the transport for `POST {baseURL}/accounts/{account}/ai/run/{model}`, or the AI Gateway
 * provider path `{gatewayBaseURL}/{account}/{gateway}/workers-ai/{model}` when a gateway is set.
 */
export function createRestTransport(config: RestTransportConfig): WorkersAITransport {
  const urls = cloudflareURLs(config);
  const urlFor = (model: string, gateway?: Partial<GatewayOptions>): string => {
    const effective = mergeGatewayOptions(config.gateway, gateway);
    return effective
      ? `${urls.gateway(effective.id)}/workers-ai/${encodeModelPath(model)}`
      : `${urls.ai()}/run/${encodeModelPath(model)}`;
  };

  return {
    kind: "rest",
    urlFor,
    async run(request: WorkersAIRunRequest): Promise<WorkersAIReply> {
      const gateway = mergeGatewayOptions(config.gateway, request.gateway);
      config.apiKey(); // a missing token is reported before a missing account id
      const runOptions = request.options ?? {};
      const warnings = restOptionWarnings(runOptions);
      const dropped = gateway && gatewayMetadataWarning(gateway.metadata);
      if (dropped) warnings.push(dropped);
      let url = urlFor(request.model, request.gateway);
      const passthrough = runOptions.passthrough ? toQueryString(runOptions.passthrough) : "";
      if (passthrough) url += `?${passthrough}`;

      let content: string | Uint8Array | FormData;
      let contentType: string | undefined;
      let requestBodyValues: unknown = request.inputs;
      if (request.rawBody) {
        const { body, key } = request.rawBody;
        content = body;
        contentType =
          body instanceof FormData ? undefined : (request.rawBody.contentType ?? "application/octet-stream");
        const query = toQueryString(request.inputs);
        if (query) url += `${passthrough ? "&" : "?"}${query}`;
        requestBodyValues = {
          ...request.inputs,
          [key]: body instanceof FormData ? "<multipart form>" : `<${body.byteLength} bytes ${contentType}>`,
        };
      } else {
        const body: Record<string, unknown> = { ...request.inputs };
        if (runOptions.rejectIfBusy !== undefined) {
          body.options = {
            ...(body.options as Record<string, unknown> | undefined),
            rejectIfBusy: runOptions.rejectIfBusy,
          };
        }
        content = JSON.stringify(body);
        contentType = "application/json";
        requestBodyValues = body;
      }

      const { headers, secrets } = restRequestHeaders(config, request.headers, gateway, contentType);
      const reply = await postWorkersAIRequest({
        url,
        headers,
        content,
        requestBodyValues,
        secrets,
        abortSignal: request.abortSignal,
        fetch: config.fetch,
      });
      reply.warnings.push(...warnings);
      return reply;
    },
  };
}

/**
 * POSTs one request and classifies the reply (see `replyFromResponse`); every failure becomes an
 * `APICallError` without secrets, and aborts pass through untouched. Shared by the REST transports.
 */
export async function postWorkersAIRequest(args: {
  url: string;
  headers: Record<string, string | undefined>;
  content: string | Uint8Array | FormData;
  requestBodyValues: unknown;
  secrets: readonly string[];
  abortSignal: AbortSignal | undefined;
  fetch: FetchFunction | undefined;
}): Promise<WorkersAIReply> {
  const { url, requestBodyValues, secrets, abortSignal } = args;
  const context = { url, requestBodyValues, secrets, abortSignal };
  if (abortSignal?.aborted) throw abortReason(abortSignal);
  try {
    const { value } = await untilAborted(
      postToApi<WorkersAIReply>({
        url,
        headers: args.headers,
        body: { content: args.content, values: requestBodyValues },
        abortSignal,
        fetch: args.fetch,
        failedResponseHandler: async ({ response }) => {
          try {
            await replyFromResponse(response, context);
          } catch (error) {
            if (APICallError.isInstance(error)) return { value: error };
            throw error;
          }
          throw new Error("unreachable: a failed response produced no error");
        },
        successfulResponseHandler: async ({ response }) => ({
          value: await replyFromResponse(response, context),
        }),
      }),
      abortSignal,
      // a custom fetch that ignored the abort may still answer: nobody reads that reply
      ({ value: late }) => cancelLate(late.type === "stream" ? late.stream : undefined, abortSignal),
    );
    value.secrets = secrets;
    return value;
  } catch (error) {
    if (isAbortError(error)) throw redactCause(error, secrets);
    if (abortSignal?.aborted) throw abortSignal.reason ?? error;
    // errors built by provider-utils (connection failures) may quote the request: scrub them too
    if (APICallError.isInstance(error)) throw redactAPICallError(error, secrets);
    throw createWorkersAIError({
      message: error instanceof Error ? error.message : String(error),
      url,
      requestBodyValues,
      cause: error,
      secrets,
    });
  }
}

/**
 * Headers of a REST request (settings headers, call headers, the gateway's `cf-aig-*`, the API token as
 * `authorization`), lower-case, and every credential among them for redaction.
 */
export function restRequestHeaders(
  config: Pick<RestTransportConfig, "apiKey" | "headers">,
  headers: Record<string, string | undefined> | undefined,
  gateway: GatewayOptions | undefined,
  contentType?: string,
): { headers: Record<string, string>; secrets: string[] } {
  const apiKey = config.apiKey();
  const out: Record<string, string> = {
    ...headersToRecord(config.headers?.()),
    ...headersToRecord(headers),
    ...(gateway ? gatewayRequestHeaders(gateway) : {}),
    authorization: `Bearer ${apiKey}`,
  };
  if (contentType) out["content-type"] = contentType;
  return { headers: out, secrets: [apiKey, ...secretHeaderValues(out)] };
}

/** Warnings for binding-only run options a REST request cannot carry. */
export function restOptionWarnings(options: WorkersAIRunOptions): SharedV4Warning[] {
  if (!options.tags?.length && !options.prefix) return [];
  return [
    {
      type: "unsupported",
      feature: options.tags?.length ? "tags" : "prefix",
      details: "Request tags and prefixes are binding options; the REST API does not take them.",
    },
  ];
}

/** Scalar inputs as query parameters (used when the body is binary); objects are JSON-encoded. */
function toQueryString(inputs: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(inputs)) {
    if (value === undefined || value === null) continue;
    params.set(key, typeof value === "object" ? JSON.stringify(value) : String(value));
  }
  return params.toString();
}
