import { createWorkersAI, type WorkersAIProvider } from "../../../src/provider";
import { startTestServer, type TestServer } from "../../helpers/http-server";

/** One scripted Workers AI answer, served the same way over the binding and over REST. */
export type Step =
  | { sse: readonly string[] }
  | { json: unknown }
  | { stall: readonly string[] }
  | { error: { code: number; message: string; status: number } };

/** A request as the fake Workers AI saw it. */
interface SeenRequest {
  model: string;
  inputs: Record<string, unknown>;
  headers: Record<string, string>;
}

/** A provider wired to scripted answers, with the requests it sent. */
export interface Setup {
  workersai: WorkersAIProvider;
  requests: SeenRequest[];
  close(): Promise<void>;
}

const encoder = new TextEncoder();

function sseBody(lines: readonly string[], close: boolean): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const line of lines) controller.enqueue(encoder.encode(`${line}\n\n`));
      if (close) controller.close();
    },
  });
}

/** `createWorkersAI({ binding })` over a fake `env.AI` that answers with the steps in order. */
function bindingSetup(steps: Step[]): Setup {
  const requests: SeenRequest[] = [];
  const binding = {
    async run(model: string, inputs: Record<string, unknown>, options?: Record<string, unknown>) {
      requests.push({ model, inputs, headers: (options?.extraHeaders as Record<string, string>) ?? {} });
      const step = steps.shift();
      if (!step) throw new Error("no scripted answer left");
      if ("error" in step) throw new Error(`${step.error.code}: ${step.error.message}`);
      if ("json" in step) return step.json;
      return "sse" in step ? sseBody(step.sse, true) : sseBody(step.stall, false);
    },
  };
  return { workersai: createWorkersAI({ binding }), requests, close: async () => {} };
}

/** `createWorkersAI({ accountId, apiKey, baseURL })` against a real HTTP server on 127.0.0.1. */
async function restSetup(steps: Step[]): Promise<Setup> {
  const requests: SeenRequest[] = [];
  const server: TestServer = await startTestServer((_request, recorded) => {
    const model = decodeURIComponent(recorded.path.split("/ai/run/")[1] ?? "");
    requests.push({ model, inputs: recorded.json as Record<string, unknown>, headers: recorded.headers });
    const step = steps.shift();
    if (!step) return new Response("no scripted answer left", { status: 500 });
    if ("error" in step) {
      return Response.json(
        {
          result: null,
          success: false,
          errors: [{ code: step.error.code, message: step.error.message }],
          messages: [],
        },
        { status: step.error.status },
      );
    }
    if ("json" in step) return Response.json({ result: step.json, success: true, errors: [], messages: [] });
    const body = "sse" in step ? sseBody(step.sse, true) : sseBody(step.stall, false);
    return new Response(body, {
      headers: { "content-type": "text/event-stream", "cf-ai-req-id": "rest-req-1" },
    });
  });
  const workersai = createWorkersAI({
    accountId: "acct",
    apiKey: "test-token",
    baseURL: `${server.url}/client/v4`,
  });
  return { workersai, requests, close: () => server.close() };
}

/** Both transports, for `describe.each`. */
export const transports: Array<{ name: string; setup: (steps: Step[]) => Setup | Promise<Setup> }> = [
  { name: "binding", setup: bindingSetup },
  { name: "REST", setup: restSetup },
];
