import { abortReason } from "../transport/streams";

/** Runs async tasks with at most `max` in flight; queued tasks leave the queue when their signal aborts. */
export interface ConcurrencyLimiter {
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** A limiter for `max` concurrent tasks (`max` below 1 is treated as 1); queued tasks start in queue order. */
export function createConcurrencyLimiter(max: number): ConcurrencyLimiter {
  const limit = Math.max(1, Math.floor(Number.isFinite(max) ? max : 1));
  let active = 0;
  const waiting: Array<() => void> = [];
  return {
    async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      signal?.throwIfAborted();
      if (active < limit) active++;
      else {
        // a finishing task hands its slot to the first queued one, so a later call cannot take it first
        await new Promise<void>((resolve, reject) => {
          const start = () => {
            signal?.removeEventListener("abort", leave);
            resolve();
          };
          const leave = () => {
            waiting.splice(waiting.indexOf(start), 1);
            reject(abortReason(signal as AbortSignal));
          };
          waiting.push(start);
          signal?.addEventListener("abort", leave, { once: true });
        });
      }
      try {
        return await task();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else active--;
      }
    },
  };
}
