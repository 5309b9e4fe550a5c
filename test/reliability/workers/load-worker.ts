/**
 * Runs N `streamText` calls at once inside workerd against `env.AI` (the emulator, as a wrapped
 * binding) and answers with every text, so test/reliability/load.test.ts can check each one.
 * `POST /` with `{ n, model }`.
 */
import { streamText } from "ai";
import { createWorkersAI, type WorkersAIBinding } from "../../../src/index";

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

interface Env {
  AI: WorkersAIBinding;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const { n, model } = (await request.json()) as { n: number; model: string };
    const workersai = createWorkersAI({ binding: env.AI });
    const started = Date.now();
    let inFlight = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: n }, async (_, index) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        try {
          const result = streamText({ model: workersai(model), prompt: `Repeat: stream number ${index}` });
          let text = "";
          let deltas = 0;
          for await (const delta of result.textStream) {
            text += delta;
            deltas++;
          }
          return { text, deltas, finishReason: await result.finishReason };
        } catch (error) {
          return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
        } finally {
          inFlight--;
        }
      }),
    );
    return Response.json({ results, peak, ms: Date.now() - started });
  },
};
