import { InvalidResponseDataError, type JSONObject } from "@ai-sdk/provider";
import { isRecord } from "../guards";

/** One result of a finished queue (`responses[]`). */
export interface QueueResponse {
  /** Index of the request in the queue (as Workers AI numbers them). */
  index: number | undefined;
  externalReference: string | undefined;
  success: boolean;
  result: unknown;
}

/** What a poll of one queue said. */
export type QueuePoll =
  | { state: "pending"; rawStatus: string }
  | { state: "failed"; rawStatus: string; message: string; code?: number }
  | { state: "completed"; responses: QueueResponse[]; usage: JSONObject | undefined };

const FAILED_STATUSES = new Set(["failed", "error", "errored", "cancelled", "canceled", "expired"]);

/** The `request_id` of a queue that was just submitted (`{status: "queued", request_id, model}`). */
export function readQueueStart(value: unknown): { requestId: string; rawStatus: string } {
  const record = isRecord(value) ? value : undefined;
  const requestId = record?.request_id ?? record?.requestId ?? record?.id;
  if (typeof requestId !== "string" || requestId === "") {
    throw new InvalidResponseDataError({
      data: value,
      message: "Workers AI accepted the batch but returned no request_id to poll it with.",
    });
  }
  return { requestId, rawStatus: typeof record?.status === "string" ? record.status : "queued" };
}

/** Reads a poll reply: a status while the queue runs, or its `responses` once it is done. */
export function readQueuePoll(value: unknown): QueuePoll {
  if (!isRecord(value)) {
    throw new InvalidResponseDataError({
      data: value,
      message: "Workers AI answered a batch poll with no object.",
    });
  }
  const responses = value.responses;
  if (Array.isArray(responses)) {
    return {
      state: "completed",
      responses: responses.map(readResponse),
      usage: isRecord(value.usage) ? (value.usage as JSONObject) : undefined,
    };
  }
  const status = typeof value.status === "string" ? value.status.toLowerCase() : undefined;
  if (status !== undefined && FAILED_STATUSES.has(status)) {
    const failure = failureOf(value);
    return {
      state: "failed",
      rawStatus: status,
      message: failure.message ?? `the batch ${status}`,
      code: failure.code,
    };
  }
  if (status !== undefined) return { state: "pending", rawStatus: status };
  throw new InvalidResponseDataError({
    data: value,
    message: "Workers AI answered a batch poll with neither a status nor responses.",
  });
}

function readResponse(entry: unknown): QueueResponse {
  const record = isRecord(entry) ? entry : {};
  const index =
    typeof record.id === "number"
      ? record.id
      : typeof record.id === "string" && /^\d+$/.test(record.id)
        ? Number(record.id)
        : undefined;
  const reference = record.external_reference;
  const result = record.result ?? record.response;
  const success =
    typeof record.success === "boolean" ? record.success : result !== undefined && !isRecord(record.error);
  return {
    index,
    externalReference: typeof reference === "string" ? reference : undefined,
    success,
    result: success ? result : (result ?? record.error ?? record.errors),
  };
}

/** Message and Workers AI code of a failed request or queue, from any of the error shapes seen. */
export function failureOf(value: unknown): { message?: string; code?: number } {
  if (typeof value === "string") return { message: value };
  if (Array.isArray(value)) return failureOf(value[0]);
  if (!isRecord(value)) return {};
  if (Array.isArray(value.errors) && value.errors.length > 0) return failureOf(value.errors[0]);
  if (value.error !== undefined && value.error !== null) return failureOf(value.error);
  const message =
    typeof value.message === "string"
      ? value.message
      : typeof value.description === "string"
        ? value.description
        : undefined;
  const rawCode = value.code ?? value.internalCode;
  const code =
    typeof rawCode === "number"
      ? rawCode
      : typeof rawCode === "string" && /^\d+$/.test(rawCode)
        ? Number(rawCode)
        : undefined;
  return { ...(message !== undefined ? { message } : {}), ...(code !== undefined ? { code } : {}) };
}
