/** SSE framing and the fault-injecting event stream behind every streamed reply. */
import { abortError, sleep, textEncoder } from "./util";

/** A planned SSE reply: the data payloads and the faults to inject on the first delivery. */
export interface SsePlan {
  /** Data payloads in order (already JSON-encoded, or `[DONE]`). */
  events: string[];
  /** Delay before each event, in ms (also before the first byte). */
  delayMs: number;
  /** Close the stream abruptly after this many events. */
  dropAfter?: number;
  /** Stop sending after this many events and never close (until cancelled or aborted). */
  stallAfter?: number;
  /** Emit an `{"error": {code, message}}` event after this many events, then close. */
  errorAfter?: { after: number; code: number; message: string };
}

/** Encodes one payload as an SSE `data:` event. */
function sseFrame(data: string): Uint8Array {
  return textEncoder.encode(`data: ${data}\n\n`);
}

/** JSON-encodes a payload for an event. */
export function sseJson(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * Turns a plan into a byte stream. Aborting `signal` errors the stream with an `AbortError`;
 * cancelling the stream stops it quietly.
 */
export function createSseStream(plan: SsePlan, signal?: AbortSignal): ReadableStream<Uint8Array> {
  let index = 0;
  let finished = false;
  let wake: (() => void) | undefined;
  let onAbort: (() => void) | undefined;
  const stop = () => {
    finished = true;
    if (onAbort) signal?.removeEventListener("abort", onAbort);
    wake?.();
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (!signal) return;
        onAbort = () => {
          if (finished) return;
          stop();
          try {
            controller.error(abortError(signal));
          } catch {
            // already closed
          }
        };
        if (signal.aborted) onAbort();
        else signal.addEventListener("abort", onAbort, { once: true });
      },
      async pull(controller) {
        if (finished) return;
        if (plan.stallAfter !== undefined && index >= plan.stallAfter) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          return;
        }
        if (plan.delayMs > 0) {
          try {
            await sleep(plan.delayMs, signal);
          } catch {
            return;
          }
          if (finished) return;
        }
        if (plan.errorAfter && index >= plan.errorAfter.after) {
          const { code, message } = plan.errorAfter;
          controller.enqueue(sseFrame(sseJson({ error: { code, message } })));
          stop();
          controller.close();
          return;
        }
        if ((plan.dropAfter !== undefined && index >= plan.dropAfter) || index >= plan.events.length) {
          stop();
          controller.close();
          return;
        }
        controller.enqueue(sseFrame(plan.events[index]));
        index++;
        if (index >= plan.events.length && !plan.errorAfter && plan.stallAfter === undefined) {
          stop();
          controller.close();
        }
      },
      cancel() {
        stop();
      },
    },
    { highWaterMark: 0 },
  );
}

/** Parses SSE text into its `data:` payloads (helper for tests and the resume buffer). */
export function parseSseData(text: string): string[] {
  const out: string[] = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    const lines = block.split(/\r?\n/).filter((l) => l.startsWith("data:"));
    if (lines.length === 0) continue;
    out.push(lines.map((l) => l.slice(5).replace(/^ /, "")).join("\n"));
  }
  return out;
}
