import { generateId as defaultGenerateId } from "@ai-sdk/provider-utils";
import { createTransport, type WorkersAIConnectionSettings } from "../transport/create-transport";
import type { WorkersAITransport } from "../transport/types";
import { WorkersAIBatch } from "./batch";

/** Options of {@link createWorkersAIBatch}: the connection settings of `createWorkersAI`. */
export interface WorkersAIBatchSettings extends WorkersAIConnectionSettings {
  /** Id generator (tests). */
  generateId?: () => string;
}

/**
 * Experimental. Workers AI async batches (`queueRequest`) for the AI SDK's `experimental_startBatch`,
 * `experimental_getBatchStatus` and `experimental_getBatchResults` (text), and this package's
 * `experimental_startEmbeddingBatch` / `experimental_getEmbeddingBatchResults` (embeddings). A separate
 * factory rather than a provider method, so a Worker that does not batch does not carry batch code. It takes
 * the same settings as `createWorkersAI` (a binding, or REST credentials); requests always use `/ai/run`.
 *
 * @example
 * ```ts
 * import { experimental_startBatch } from "ai";
 * import { createWorkersAIBatch } from "workers-ai-provider";
 *
 * const batches = createWorkersAIBatch({ binding: env.AI });
 * const batch = await experimental_startBatch({
 *   provider: batches,
 *   requests: [{ id: "q1", type: "text", model: "@cf/meta/llama-3.3-70b-instruct-fp8-fast", prompt: "Hi" }],
 * });
 * ```
 */
export function createWorkersAIBatch(settings: WorkersAIBatchSettings = {}): WorkersAIBatch {
  return new WorkersAIBatch({
    provider: "workers-ai.batch",
    // the OpenAI-compatible endpoints have no queue: a shared settings object's `endpoint` does not apply
    transport: queued(createTransport({ ...settings, endpoint: "run" }, "createWorkersAIBatch")),
    generateId: settings.generateId ?? defaultGenerateId,
    currentDate: () => new Date(),
  });
}

/**
 * The transport with every request sent as an async-queue request: `queueRequest` travels as the binding
 * gets unknown run options and REST gets them (`?queueRequest=true`, spec 2.1), so queued requests fail
 * exactly like direct ones.
 */
function queued(transport: WorkersAITransport): WorkersAITransport {
  return {
    kind: transport.kind,
    urlFor: (model, gateway) => transport.urlFor(model, gateway),
    run: (request) =>
      transport.run({
        ...request,
        options: { ...request.options, passthrough: { ...request.options?.passthrough, queueRequest: true } },
      }),
  };
}
