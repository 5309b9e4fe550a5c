/** Scripted replies: the per-model FIFO queues and how a script's faults shape an outcome. */
import { defaultMessageForCode, httpStatusForCode } from "./errors";
import { errorOutcome, type Outcome } from "./outcome";
import type { ScriptedReply } from "./types";
import { textEncoder } from "./util";

/** Per-model FIFO queues of scripted replies (`"*"` = any model). */
export class ScriptQueue {
  private readonly queues = new Map<string, ScriptedReply[]>();

  /** Appends replies for `model`. */
  push(model: string, replies: ScriptedReply[]): void {
    const queue = this.queues.get(model) ?? [];
    queue.push(...replies);
    this.queues.set(model, queue);
  }

  /** Takes the next reply for `model` (its own queue first, then `"*"`). */
  take(model: string): ScriptedReply | undefined {
    for (const key of [model, "*"]) {
      const queue = this.queues.get(key);
      if (queue && queue.length > 0) return queue.shift();
    }
    return undefined;
  }

  /** Drops every queued reply. */
  clear(): void {
    this.queues.clear();
  }
}

/** The outcome of a script that fully decides the reply by itself (raw body or an up-front error). */
export function scriptShortCircuit(script: ScriptedReply, stream: boolean): Outcome | undefined {
  if (script.rawBody !== undefined) {
    const body = typeof script.rawBody === "string" ? textEncoder.encode(script.rawBody) : script.rawBody;
    const headers: Record<string, string> = lower(script.headers);
    return {
      kind: "raw",
      body,
      contentType: script.contentType ?? headers["content-type"],
      status: script.status ?? 200,
      headers,
      delayMs: script.delayMs ?? 0,
    };
  }
  const error = script.error;
  if (error && (error.afterEvents === undefined || !stream)) {
    const outcome = errorOutcome(
      error.code,
      error.message ?? defaultMessageForCode(error.code),
      error.status ?? httpStatusForCode(error.code),
    );
    outcome.headers = lower(script.headers);
    outcome.delayMs = script.delayMs ?? 0;
    return outcome;
  }
  return undefined;
}

function lower(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}

/** Applies a script's faults (delays, drops, stalls, mid-stream errors, content type, status, headers). */
export function applyScriptFaults(outcome: Outcome, script: ScriptedReply): Outcome {
  const out: Outcome = { ...outcome, headers: { ...outcome.headers, ...lower(script.headers) } };
  if (script.status !== undefined) out.status = script.status;
  if (out.kind === "sse") {
    out.plan = { ...out.plan };
    if (script.delayMs !== undefined) out.plan.delayMs = script.delayMs;
    if (script.dropAfterEvents !== undefined) out.plan.dropAfter = script.dropAfterEvents;
    if (script.stallAfterEvents !== undefined) out.plan.stallAfter = script.stallAfterEvents;
    if (script.error?.afterEvents !== undefined) {
      out.plan.errorAfter = {
        after: script.error.afterEvents,
        code: script.error.code,
        message: script.error.message ?? defaultMessageForCode(script.error.code),
      };
    }
    if (script.contentType !== undefined) out.contentType = script.contentType;
    return out;
  }
  if (script.delayMs !== undefined) out.delayMs = script.delayMs;
  if (script.stallAfterEvents !== undefined) out.stall = true;
  const relabel = script.contentType !== undefined && script.contentType !== "application/json";
  if (out.kind === "json" && (script.dropAfterEvents !== undefined || relabel)) {
    const text = JSON.stringify(out.body);
    const cut = script.dropAfterEvents !== undefined ? text.slice(0, Math.floor(text.length / 2)) : text;
    return {
      kind: "raw",
      body: textEncoder.encode(cut),
      contentType: script.contentType ?? "application/json",
      status: out.status,
      headers: out.headers,
      delayMs: out.delayMs,
      stall: out.stall,
    };
  }
  if (out.kind === "binary" && script.contentType !== undefined) out.contentType = script.contentType;
  return out;
}
