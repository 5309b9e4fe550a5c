import { createWorkersAI } from "../../../src/provider";

/** One `binding.run` call as the fake binding saw it. */
interface RecordedRun {
  model: string;
  inputs: Record<string, unknown>;
  options: Record<string, unknown>;
}

/**
 * A provider over a fake `env.AI` binding that records every `run` and answers with the replies given
 * (the last one repeats), `{ response: "ok" }` by default.
 */
export function recordingProvider(...replies: unknown[]) {
  const runs: RecordedRun[] = [];
  const binding = {
    run: async (model: string, inputs: Record<string, unknown>, options?: Record<string, unknown>) => {
      runs.push({ model, inputs: structuredClone(inputs), options: { ...options } });
      return replies.length === 0
        ? { response: "ok" }
        : replies[Math.min(runs.length - 1, replies.length - 1)];
    },
  };
  return { workersai: createWorkersAI({ binding }), runs };
}
