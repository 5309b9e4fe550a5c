import { AISDKError } from "@ai-sdk/provider";

const PENDING_MARKER = "workers-ai-provider.error.WorkersAIBatchPendingError";
const PENDING_SYMBOL = /* @__PURE__ */ Symbol.for(PENDING_MARKER);

/**
 * Experimental. Batch results were asked for before Workers AI finished the batch: poll
 * `experimental_getBatchStatus` until it reports `completed`, then read the results.
 */
export class WorkersAIBatchPendingError extends AISDKError {
  /** The batch id (`batch.id` of the reference). */
  readonly batchId: string;
  /** What Workers AI reported, e.g. `queued` or `running`. */
  readonly rawStatus: string;

  constructor(options: { batchId: string; rawStatus: string }) {
    super({
      name: "WorkersAIBatchPendingError",
      message: `The Workers AI batch is still ${options.rawStatus}; wait until experimental_getBatchStatus reports "completed" before reading its results.`,
    });
    Object.defineProperty(this, PENDING_SYMBOL, { value: true, enumerable: false });
    this.batchId = options.batchId;
    this.rawStatus = options.rawStatus;
  }

  /** Whether `error` is a {@link WorkersAIBatchPendingError}. */
  static override isInstance(error: unknown): error is WorkersAIBatchPendingError {
    return AISDKError.hasMarker(error, PENDING_MARKER);
  }
}
