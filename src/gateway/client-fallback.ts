import type { LanguageModelV4, LanguageModelV4CallOptions } from "@ai-sdk/provider";
import { isAbort } from "../transport/streams";
import {
  GatewayDelegateError,
  type GatewayFallbackAttempt,
  WorkersAIFallbackError,
  WorkersAIGatewayError,
} from "./errors";
import type { GatewayTransportKind } from "./types";

/** One model of {@link createClientFallbackModel}'s chain. */
export interface ClientFallbackLeg {
  /** The model's slug (reported in the attempts). */
  slug: string;
  /** The built model. */
  model: LanguageModelV4;
  /** Path the model's requests take (reported in the attempts). */
  transport: GatewayTransportKind;
}

/**
 * A model that tries `legs` in order: a leg whose `doGenerate`/`doStream` rejects (before any stream
 * part) hands over to the next; when every leg failed, a {@link WorkersAIFallbackError} lists them all.
 * An error after a stream began belongs to that stream. Aborts are never retried.
 *
 * @example
 * ```ts
 * const model = createClientFallbackModel([
 *   { slug: "openai/gpt-5", model: workersai("openai/gpt-5"), transport: "run" },
 *   { slug: "anthropic/claude-sonnet-4-5", model: workersai("anthropic/claude-sonnet-4-5"), transport: "run" },
 * ]);
 * ```
 */
export function createClientFallbackModel(legs: readonly ClientFallbackLeg[]): LanguageModelV4 {
  if (!Array.isArray(legs) || legs.length === 0) {
    throw new GatewayDelegateError(
      "config",
      "createClientFallbackModel needs at least one model leg ({ slug, model, transport }).",
    );
  }
  const first = legs[0].model;
  const inOrder = async <RESULT>(
    options: LanguageModelV4CallOptions,
    call: (model: LanguageModelV4) => PromiseLike<RESULT>,
  ): Promise<RESULT> => {
    const attempts: GatewayFallbackAttempt[] = [];
    for (const leg of legs) {
      try {
        return await call(leg.model);
      } catch (error) {
        if (isAbort(error, options.abortSignal)) throw error;
        const classified = WorkersAIGatewayError.fromUnknown(error);
        attempts.push({
          model: leg.slug,
          transport: leg.transport,
          ok: false,
          status: classified.status,
          code: classified.code,
          message: classified.message,
          error: classified,
        });
      }
    }
    throw new WorkersAIFallbackError(attempts);
  };
  return {
    specificationVersion: "v4",
    provider: first.provider,
    modelId: first.modelId,
    supportedUrls: first.supportedUrls,
    doGenerate: (options) => inOrder(options, (model) => model.doGenerate(options)),
    doStream: (options) => inOrder(options, (model) => model.doStream(options)),
  };
}
