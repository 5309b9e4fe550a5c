/** Runs async tasks with at most `max` in flight; queued tasks leave the queue when their signal aborts. */
export interface ConcurrencyLimiter {
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** A limiter for `max` concurrent tasks (`max` below 1 is treated as 1). */
export function createConcurrencyLimiter(max: number): ConcurrencyLimiter {
  const limit = Math.max(1, Math.floor(Number.isFinite(max) ? max : 1));
  let active = 0;
  let waiting: Array<() => void> = [];
  return {
    async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      // A queued task wakes when a slot frees (every queued task does, in queue order) or its signal
      // aborts, then looks again: the first to look takes the slot, the others queue again.
      for (;;) {
        signal?.throwIfAborted();
        if (active < limit) break;
        await new Promise<void>((resolve) => {
          const wake = () => {
            signal?.removeEventListener("abort", wake);
            resolve();
          };
          waiting.push(wake);
          signal?.addEventListener("abort", wake, { once: true });
        });
      }
      active++;
      try {
        return await task();
      } finally {
        active--;
        const queued = waiting;
        waiting = [];
        for (const wake of queued) wake();
      }
    },
  };
}
