import type { SharedV4Warning } from "@ai-sdk/provider";
import { isAbortError } from "@ai-sdk/provider-utils";
import { isRecord } from "../guards";
import { createWorkersAIError, readThrownError, redactCause } from "./errors";
import {
  bindingGatewayOptions,
  type GatewayOptions,
  gatewayMetadataWarning,
  mergeGatewayOptions,
} from "./gateway-options";
import { definedHeaders } from "./headers";
import { type ReplyContext, replyFromResponse } from "./reply";
import { rawBodyValues, rawContentType } from "./rest";
import { secretHeaderValues } from "./secrets";
import { abortableStream, raceBindingCall, streamOfBytes, toBytes } from "./streams";
import type {
  WorkersAIReply,
  WorkersAIResponseHeaders,
  WorkersAIRunRequest,
  WorkersAITransport,
} from "./types";
import { bindingRunURL } from "./urls";

/**
 * The part of the Workers AI binding (`env.AI`) this provider uses. Structural, so the real
 * `Ai` type from `@cloudflare/workers-types`, the local emulator and test fakes all fit.
 */
export interface WorkersAIBinding {
  run(model: string, inputs: Record<string, unknown>, options?: Record<string, unknown>): Promise<unknown>;
  /** Gateway log id of the last gateway request (set by the binding after `run`). */
  aiGatewayLogId?: string | null;
  /** Request id of the last request (not in the public types; set by the runtime). */
  lastRequestId?: string | null;
}

/** Creates the transport that calls `binding.run(model, inputs, options)`. */
export function createBindingTransport(config: {
  binding: WorkersAIBinding;
  gateway?: GatewayOptions;
}): WorkersAITransport {
  const { binding } = config;
  return {
    kind: "binding",
    urlFor: bindingRunURL,
    async run(request: WorkersAIRunRequest): Promise<WorkersAIReply> {
      const { model, abortSignal, headers: requestHeaders } = request;
      const warnings: SharedV4Warning[] = [];
      let gateway = mergeGatewayOptions(config.gateway, request.gateway);
      let inputs = request.inputs;
      let requestBodyValues: unknown = inputs;
      if (request.rawBody) {
        const { key, body } = request.rawBody;
        if (gateway) {
          warnings.push({
            type: "other",
            message: `AI Gateway was skipped for ${model}: the Workers AI binding cannot send binary or multipart bodies through a gateway.`,
          });
          gateway = undefined;
        }
        inputs = { ...inputs };
        if (body instanceof FormData) {
          const form = new Response(body);
          inputs[key] = { body: form.body, contentType: form.headers.get("content-type") };
        } else inputs[key] = { body: streamOfBytes(body), contentType: rawContentType(request.rawBody) };
        requestBodyValues = rawBodyValues(request.inputs, request.rawBody);
      }
      const runOptions = request.options;
      const options: Record<string, unknown> = { ...runOptions?.passthrough };
      if (gateway) {
        options.gateway = bindingGatewayOptions(gateway);
        const dropped = gatewayMetadataWarning(gateway.metadata);
        if (dropped) warnings.push(dropped);
      }
      // most calls carry no headers: skip the walks over an empty record
      const extraHeaders = requestHeaders && definedHeaders(requestHeaders);
      if (extraHeaders) options.extraHeaders = extraHeaders;
      if (abortSignal) options.signal = abortSignal;
      if (runOptions) {
        if (runOptions.rejectIfBusy !== undefined) options.rejectIfBusy = runOptions.rejectIfBusy;
        if (runOptions.tags?.length) options.tags = runOptions.tags;
        if (runOptions.prefix) options.prefix = runOptions.prefix;
        if (runOptions.returnRawResponse) options.returnRawResponse = true;
      }
      const secrets = requestHeaders ? secretHeaderValues(requestHeaders) : [];
      if (gateway?.authToken) secrets.push(gateway.authToken);

      const result = await raceBindingCall(
        () => binding.run(model, inputs, options),
        abortSignal,
        (error) => bindingFailure(error, model, requestBodyValues, secrets),
      );

      const headers: WorkersAIResponseHeaders = {};
      if (binding.lastRequestId) headers["cf-ai-req-id"] = binding.lastRequestId;
      if (gateway && binding.aiGatewayLogId) headers["cf-aig-log-id"] = binding.aiGatewayLogId;
      // the common reply, a parsed JSON object, skips the class checks and their context
      if (isRecord(result) && Object.getPrototypeOf(result) === Object.prototype) {
        return { type: "json", value: result, headers, warnings, secrets };
      }
      const classified = classifyBindingResult(result, headers, {
        url: bindingRunURL(model),
        requestBodyValues,
        secrets,
        abortSignal,
      });
      // awaiting only a real promise: an `await` of a stream reply would cost a microtask before its first chunk
      const reply = classified instanceof Promise ? await classified : classified;
      if (warnings.length > 0) reply.warnings.push(...warnings);
      reply.secrets = secrets;
      return reply;
    },
  };
}

/** A failed binding call as the error the caller sees: an abort stays an abort (redacted), the rest an `APICallError`. */
function bindingFailure(error: unknown, model: string, requestBodyValues: unknown, secrets: string[]) {
  if (isAbortError(error)) return redactCause(error, secrets);
  return createWorkersAIError({
    ...readThrownError(error),
    url: bindingRunURL(model),
    requestBodyValues,
    cause: error,
    secrets,
  });
}

/** What the binding returned, as a reply; a promise only for the bodies that must be read (`Response`, `Blob`). */
function classifyBindingResult(
  result: unknown,
  headers: WorkersAIResponseHeaders,
  context: ReplyContext,
): WorkersAIReply | Promise<WorkersAIReply> {
  if (result instanceof Response) {
    return replyFromResponse(result, context).then((reply) => {
      reply.headers = { ...headers, ...reply.headers };
      return reply;
    });
  }
  if (result instanceof ReadableStream) {
    return {
      type: "stream",
      stream: abortableStream(result, context.abortSignal, context.secrets, toBytes),
      contentType: undefined,
      headers,
      warnings: [],
    };
  }
  if (result instanceof ArrayBuffer || ArrayBuffer.isView(result))
    return { type: "bytes", bytes: toBytes(result), contentType: undefined, headers, warnings: [] };
  if (typeof Blob !== "undefined" && result instanceof Blob) {
    return result.arrayBuffer().then((buffer) => ({
      type: "bytes",
      bytes: new Uint8Array(buffer),
      contentType: result.type || undefined,
      headers,
      warnings: [],
    }));
  }
  if (result === undefined || result === null || (typeof result === "string" && result.trim() === "")) {
    throw createWorkersAIError({ ...context, message: "the binding returned no result", status: 502 });
  }
  return { type: "json", value: result, headers, warnings: [] };
}
