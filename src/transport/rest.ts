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
import type { WorkersAIRawBody, WorkersAIReply, WorkersAIRunRequest, WorkersAITransport } from "./types";
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

/** A request as an OpenAI-compatible endpoint (`/v1/{route}`) takes it, and what it could not carry. */
export interface OpenAIRequest {
  route: string;
  body: Record<string, unknown>;
  warnings: SharedV4Warning[];
}

/** What `endpoint: "openai"` changes (see `createOpenAICompatibleTransport`). */
export interface OpenAIRoutes {
  /** The `/v1/` route reported for a model, or `undefined` for `/ai/run`. */
  route(model: string): string | undefined;
  /** The request on an OpenAI-compatible endpoint, or `undefined` when it has no form there (it uses `/ai/run`). */
  map(request: WorkersAIRunRequest): OpenAIRequest | undefined;
}

/**
 * Creates the transport for `POST {baseURL}/accounts/{account}/ai/run/{model}`, or the AI Gateway
 * provider path `{gatewayBaseURL}/{account}/{gateway}/workers-ai/{model}` when a gateway is set; with
 * `openAI`, the requests it maps go to `/ai/v1/{route}` (`/workers-ai/v1/{route}` through a gateway).
 */
export function createRestTransport(config: RestTransportConfig, openAI?: OpenAIRoutes): WorkersAITransport {
  const urls = cloudflareURLs(config);
  const url = (model: string, gateway: GatewayOptions | undefined, route: string | undefined): string => {
    const path = route ? `v1/${route}` : encodeModelPath(model);
    return gateway
      ? `${urls.gateway(gateway.id)}/workers-ai/${path}`
      : `${urls.ai()}/${route ? path : `run/${path}`}`;
  };

  return {
    kind: "rest",
    urlFor: (model, gateway) =>
      url(model, mergeGatewayOptions(config.gateway, gateway), openAI?.route(model)),
    async run(request: WorkersAIRunRequest): Promise<WorkersAIReply> {
      const gateway = mergeGatewayOptions(config.gateway, request.gateway);
      config.apiKey(); // a missing token is reported before a missing account id
      const { rawBody, inputs } = request;
      const runOptions = request.options ?? {};
      const mapped = openAI?.map(request);
      const warnings = mapped?.warnings ?? [];
      if (runOptions.tags?.length || runOptions.prefix) {
        warnings.push({
          type: "unsupported",
          feature: runOptions.tags?.length ? "tags" : "prefix",
          details: "Request tags and prefixes are binding options; the REST API does not take them.",
        });
      }
      const dropped = gateway && gatewayMetadataWarning(gateway.metadata);
      if (dropped) warnings.push(dropped);
      let target = url(request.model, gateway, mapped?.route);
      // unknown settings travel as query parameters on /ai/run, and so do the inputs of a raw body
      const query = mapped ? "" : toQueryString({ ...runOptions.passthrough, ...(rawBody && inputs) });
      if (query) target += `?${query}`;

      let content: string | Uint8Array | FormData;
      let contentType: string | undefined;
      let requestBodyValues: unknown;
      if (rawBody) {
        content = rawBody.body;
        contentType = rawContentType(rawBody);
        requestBodyValues = rawBodyValues(inputs, rawBody);
      } else {
        const body: Record<string, unknown> = mapped ? mapped.body : { ...inputs };
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
      // every failure becomes an APICallError without secrets; aborts pass through untouched
      const { abortSignal } = request;
      const context = { url: target, requestBodyValues, secrets, abortSignal };
      if (abortSignal?.aborted) throw abortReason(abortSignal);
      let reply: WorkersAIReply;
      try {
        ({ value: reply } = await untilAborted(
          postToApi<WorkersAIReply>({
            url: target,
            headers,
            body: { content, values: requestBodyValues },
            abortSignal,
            fetch: config.fetch,
            // a failed response throws its APICallError, which postToApi passes on as it is
            failedResponseHandler: ({ response }) =>
              replyFromResponse(response, context).then(() => {
                throw new Error("unreachable: a failed response produced no error");
              }),
            successfulResponseHandler: async ({ response }) => ({
              value: await replyFromResponse(response, context),
            }),
          }),
          abortSignal,
          // a custom fetch that ignored the abort may still answer: nobody reads that reply
          ({ value: late }) => cancelLate(late.type === "stream" ? late.stream : undefined, abortSignal),
        ));
      } catch (error) {
        if (isAbortError(error)) throw redactCause(error, secrets);
        if (abortSignal?.aborted) throw abortSignal.reason ?? error;
        // errors built by provider-utils (connection failures) may quote the request: scrub them too
        if (APICallError.isInstance(error)) throw redactAPICallError(error, secrets);
        throw createWorkersAIError({
          ...context,
          message: error instanceof Error ? error.message : String(error),
          cause: error,
        });
      }
      reply.secrets = secrets;
      reply.warnings.push(...warnings);
      return reply;
    },
  };
}

/** The content type of a raw byte body; `undefined` for a form, which sets its own (with its boundary). */
export function rawContentType({ body, contentType }: WorkersAIRawBody): string | undefined {
  return body instanceof FormData ? undefined : (contentType ?? "application/octet-stream");
}

/** The inputs with the raw body described rather than copied, for errors and results. */
export function rawBodyValues(
  inputs: Record<string, unknown>,
  rawBody: WorkersAIRawBody,
): Record<string, unknown> {
  const { key, body } = rawBody;
  return {
    ...inputs,
    [key]:
      body instanceof FormData ? "<multipart form>" : `<${body.byteLength} bytes ${rawContentType(rawBody)}>`,
  };
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

/** Scalar inputs as query parameters (used when the body is binary); objects are JSON-encoded. */
function toQueryString(inputs: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(inputs)) {
    if (value === undefined || value === null) continue;
    params.set(key, typeof value === "object" ? JSON.stringify(value) : String(value));
  }
  return params.toString();
}
