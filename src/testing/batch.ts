/**
 * Async batches (spec 2.1 "Batch"): `{requests: [...]}` with `queueRequest` answers `{status: "queued",
 * request_id, model}`; polling with `{request_id}` answers `{status: "queued" | "running", …}` until the
 * batch is done, then `{responses: [{id, result, success, external_reference}], usage}`. Every request is
 * run through the engine when the batch is queued (scripts are consumed in order), and revealed after a
 * fixed number of polls or a delay, so tests are deterministic.
 */
import type { EmulatorCore } from "./core";
import { runEngine } from "./engine";
import { EmulatorError } from "./errors";
import { errorOutcome, jsonOutcome, type Outcome } from "./outcome";
import type { EmulatorBatchOptions, EmulatorTransport } from "./types";
import { isRecord, randomUuid } from "./util";

interface BatchItem {
  id: number;
  result: unknown;
  success: boolean;
  external_reference: unknown;
}

interface QueuedBatch {
  model: string;
  items: BatchItem[];
  usage: Record<string, number>;
  polls: number;
  readyAt: number;
}

const batchesByCore = new WeakMap<EmulatorCore, Map<string, QueuedBatch>>();
const optionsByCore = new WeakMap<EmulatorCore, EmulatorBatchOptions>();

function batchesOf(core: EmulatorCore): Map<string, QueuedBatch> {
  let batches = batchesByCore.get(core);
  if (!batches) {
    batches = new Map();
    batchesByCore.set(core, batches);
  }
  return batches;
}

/** Sets how batches of this emulator complete. */
export function configureBatches(core: EmulatorCore, options: EmulatorBatchOptions | undefined): void {
  optionsByCore.set(core, options ?? {});
}

/** Forgets every queued batch (`emulator.reset()`). */
export function clearBatches(core: EmulatorCore): void {
  batchesOf(core).clear();
}

/** One queued request's reply, as the batch reports it. */
async function runItem(
  core: EmulatorCore,
  model: string,
  request: unknown,
  index: number,
  transport: EmulatorTransport,
  headers: Record<string, string>,
): Promise<BatchItem> {
  const reference = isRecord(request) ? (request.external_reference ?? null) : null;
  if (!isRecord(request)) {
    return {
      id: index,
      result: { errors: [{ code: 8001, message: "Invalid input: a request must be an object" }] },
      success: false,
      external_reference: reference,
    };
  }
  const { external_reference: _reference, stream: _stream, ...inputs } = request;
  const outcome = await runEngine(core.engine, {
    model,
    inputs,
    transport,
    endpoint: "run",
    headers,
    viaGateway: false,
  });
  return itemOf(outcome, index, reference);
}

function itemOf(outcome: Outcome, index: number, reference: unknown): BatchItem {
  if (outcome.kind === "json" && outcome.status < 400)
    return { id: index, result: outcome.body, success: true, external_reference: reference };
  if (outcome.kind === "error") {
    return {
      id: index,
      result: { errors: [{ code: outcome.code, message: outcome.message }] },
      success: false,
      external_reference: reference,
    };
  }
  const message = `Invalid input: a queued request must produce JSON (got ${outcome.kind})`;
  return {
    id: index,
    result: { errors: [{ code: 8001, message }] },
    success: false,
    external_reference: reference,
  };
}

function addUsage(total: Record<string, number>, result: unknown): void {
  const usage = isRecord(result) ? result.usage : undefined;
  if (!isRecord(usage)) return;
  for (const key of ["prompt_tokens", "completion_tokens", "total_tokens"]) {
    const value = usage[key];
    if (typeof value === "number") total[key] = (total[key] ?? 0) + value;
  }
}

/** Arguments of one `queueRequest` call. */
interface QueueCall {
  model: string;
  inputs: Record<string, unknown>;
  transport: EmulatorTransport;
  headers: Record<string, string>;
}

/**
 * Answers a `queueRequest` call: queues `{requests}` or reports on `{request_id}` (bad shapes are an 8001
 * error outcome, which each transport renders its own way).
 */
export async function queueOutcome(core: EmulatorCore, call: QueueCall): Promise<Outcome> {
  try {
    return jsonOutcome(await handleQueueRequest(core, call));
  } catch (error) {
    if (error instanceof EmulatorError) return errorOutcome(error.code, error.message, error.status);
    throw error;
  }
}

async function handleQueueRequest(core: EmulatorCore, args: QueueCall): Promise<unknown> {
  const { model, inputs } = args;
  const batches = batchesOf(core);
  if (typeof inputs.request_id === "string") {
    const batch = batches.get(inputs.request_id);
    if (!batch || batch.model !== model)
      throw new EmulatorError(8001, `Invalid input: no queued request ${inputs.request_id} for ${model}`);
    batch.polls++;
    const options = optionsByCore.get(core) ?? {};
    const pendingPolls = Math.max(0, options.pendingPolls ?? 1);
    if (batch.polls <= pendingPolls || Date.now() < batch.readyAt) {
      return { status: batch.polls <= 1 ? "queued" : "running", request_id: inputs.request_id, model };
    }
    return { responses: batch.items, usage: batch.usage };
  }
  if (!Array.isArray(inputs.requests) || inputs.requests.length === 0)
    throw new EmulatorError(8001, "Invalid input: queueRequest needs { requests: [...] } or { request_id }");
  const items: BatchItem[] = [];
  const usage: Record<string, number> = {};
  for (const [index, request] of inputs.requests.entries()) {
    const item = await runItem(core, model, request, index, args.transport, args.headers);
    if (item.success) addUsage(usage, item.result);
    items.push(item);
  }
  const requestId = randomUuid();
  const delayMs = optionsByCore.get(core)?.delayMs ?? 0;
  batches.set(requestId, { model, items, usage, polls: 0, readyAt: Date.now() + delayMs });
  return { status: "queued", request_id: requestId, model };
}
