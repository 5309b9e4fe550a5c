/**
 * The provider inside the real Workers runtime: test/e2e/workers/provider-worker.ts runs in workerd
 * (Miniflare) with the local emulator as the wrapped `AI` binding, and each route answers with JSON.
 * One workerd instance serves the whole file; no network beyond 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleWorker, type RunningWorker, startWorker } from "../../examples/lib/workers.mjs";

const CHAT_MODEL = "@cf/moonshotai/kimi-k2.7-code";

let worker: RunningWorker;

beforeAll(async () => {
  worker = await startWorker({
    script: await bundleWorker("test/e2e/workers/provider-worker.ts"),
    emulator: { controlBinding: "EMULATOR", aiSearchBindings: { AI_SEARCH: "docs" } },
  });
});

afterAll(async () => {
  await worker?.dispose();
});

interface ScenarioFailure {
  name?: string;
  message: string;
}

/** Runs one scenario route in workerd and returns its JSON result (throws with the Worker's error). */
async function runScenario<T>(name: string, body: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(new URL(`/${name}`, worker.url), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json: { ok: boolean; result?: T; error?: ScenarioFailure };
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(
      `scenario ${name}: workerd answered ${response.status} with non-JSON: ${text.slice(0, 300)}`,
    );
  }
  if (!json.ok)
    throw new Error(`scenario ${name} failed in workerd: ${json.error?.name}: ${json.error?.message}`);
  return json.result as T;
}

interface LoggedRequest {
  transport: string;
  model: string;
  options?: Record<string, unknown>;
  inputKeys: string[];
  messages?: Array<Record<string, unknown>>;
  responseFormat?: Record<string, unknown>;
}

describe("chat in workerd", () => {
  it("generateText runs a two-step tool loop (tool call, tool result, answer)", async () => {
    const result = await runScenario<{
      text: string;
      finishReason: string;
      steps: Array<{
        finishReason: string;
        toolCalls: Array<{ toolName: string; input: unknown }>;
        toolResults: Array<{ toolName: string; output: unknown }>;
        reasoningText?: string;
        text: string;
      }>;
      requests: LoggedRequest[];
    }>("chat-generate", {
      script: [
        {
          model: CHAT_MODEL,
          replies: [
            {
              reasoning: "The user wants the weather, so I call getWeather.",
              toolCalls: [{ name: "getWeather", arguments: { city: "Paris" } }],
            },
            { text: "It is 18°C and cloudy in Paris." },
          ],
        },
      ],
    });

    expect(result.steps).toHaveLength(2);
    expect(result.steps[0].finishReason).toBe("tool-calls");
    expect(result.steps[0].reasoningText).toBe("The user wants the weather, so I call getWeather.");
    expect(result.steps[0].toolCalls).toEqual([{ toolName: "getWeather", input: { city: "Paris" } }]);
    expect(result.steps[0].toolResults).toEqual([
      { toolName: "getWeather", output: { city: "Paris", temperatureC: 18, condition: "Cloudy" } },
    ]);
    expect(result.text).toBe("It is 18°C and cloudy in Paris.");
    expect(result.finishReason).toBe("stop");

    expect(result.requests.map((request) => [request.transport, request.model])).toEqual([
      ["binding", CHAT_MODEL],
      ["binding", CHAT_MODEL],
    ]);
    const history = result.requests[1].messages ?? [];
    const assistant = history.find((message) => message.role === "assistant");
    const toolMessage = history.find((message) => message.role === "tool");
    const [call] = (assistant?.tool_calls ?? []) as Array<{
      id: string;
      function: { name: string; arguments: string };
    }>;
    expect(call.function.name).toBe("getWeather");
    expect(JSON.parse(call.function.arguments)).toEqual({ city: "Paris" });
    expect(toolMessage?.tool_call_id).toBe(call.id);
    expect(JSON.parse(String(toolMessage?.content))).toEqual({
      city: "Paris",
      temperatureC: 18,
      condition: "Cloudy",
    });
  });

  it("streamText streams the tool call, its result and then the answer token by token", async () => {
    const result = await runScenario<{
      partTypes: string[];
      textDeltas: number;
      text: string;
      finishReason: string;
      steps: Array<{
        finishReason: string;
        toolCalls: Array<{ toolName: string; input: { city?: unknown } }>;
      }>;
      requests: LoggedRequest[];
    }>("chat-stream");

    expect(result.steps).toHaveLength(2);
    expect(result.steps[0].toolCalls).toHaveLength(1);
    expect(result.steps[0].toolCalls[0].toolName).toBe("getWeather");
    expect(typeof result.steps[0].toolCalls[0].input.city).toBe("string");
    expect(result.finishReason).toBe("stop");
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.textDeltas).toBeGreaterThan(1);
    const types = result.partTypes;
    expect(types.indexOf("tool-call")).toBeGreaterThan(-1);
    expect(types.indexOf("tool-result")).toBeGreaterThan(types.indexOf("tool-call"));
    expect(types.lastIndexOf("text-delta")).toBeGreaterThan(types.indexOf("tool-result"));
    expect(types.at(-1)).toBe("finish");
    expect(result.requests).toHaveLength(2);
  });

  it("structured output (Output.object) sends a JSON schema and parses the reply", async () => {
    const recipe = {
      name: "Spaghetti bolognese",
      ingredients: [
        { name: "spaghetti", amount: "400 g" },
        { name: "minced beef", amount: "500 g" },
      ],
      steps: ["Brown the beef.", "Simmer the sauce.", "Cook the pasta."],
    };
    const result = await runScenario<{ output: unknown; requests: LoggedRequest[] }>("structured", {
      script: [{ model: CHAT_MODEL, replies: [{ json: recipe }] }],
    });
    expect(result.output).toEqual(recipe);
    expect(result.requests[0].responseFormat?.type).toBe("json_schema");
  });

  it("a gateway route reaches the binding with gateway options and reports the gateway log id", async () => {
    const result = await runScenario<{
      text: string;
      metadata: Record<string, unknown>;
      log?: { id: string; provider: string; model: string };
      requests: LoggedRequest[];
    }>("gateway");
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.requests).toHaveLength(1);
    expect(result.requests[0].options?.gateway).toMatchObject({ id: "my-gw", skipCache: true });
    expect(typeof result.metadata.gatewayLogId).toBe("string");
    expect(result.log?.id).toBe(result.metadata.gatewayLogId);
    expect(result.log?.model).toBe(CHAT_MODEL);
  });

  it("aborting a stalled stream ends it promptly and keeps the text received so far", async () => {
    const story = "Once upon a time there was a very long story that never finished.";
    const result = await runScenario<{
      outcome: string;
      errorName?: string;
      received: string;
      msAfterAbort?: number;
    }>("abort", {
      script: [{ model: CHAT_MODEL, replies: [{ text: story, chunkSize: 4, stallAfterEvents: 4 }] }],
    });
    // streamText ends its text stream on abort (the fullStream carries an `abort` part)
    expect(result.outcome).toBe("closed");
    expect(result.received.length).toBeGreaterThan(0);
    expect(story.startsWith(result.received)).toBe(true);
    expect(result.msAfterAbort).toBeLessThan(2_000);
  });
});

describe("other model kinds in workerd", () => {
  it("embedMany returns stable vectors of the model's dimension", async () => {
    const result = await runScenario<{ dimensions: number[]; embeddings: number[][] }>("embeddings");
    expect(result.dimensions).toEqual([768, 768, 768]);
    expect(result.embeddings[2]).toEqual(result.embeddings[0]);
    expect(result.embeddings[1]).not.toEqual(result.embeddings[0]);
  });

  it("generateImage returns a real image", async () => {
    const result = await runScenario<{ count: number; mediaType: string; byteLength: number; magic: string }>(
      "image",
    );
    expect(result.count).toBe(1);
    expect(result.byteLength).toBeGreaterThan(100);
    if (result.mediaType === "image/png") expect(result.magic).toBe("89504e470d0a1a0a");
    else expect([result.mediaType, result.magic.slice(0, 6)]).toEqual(["image/jpeg", "ffd8ff"]);
  });

  it("transcribe sends audio through the binding (Whisper as base64, Nova-3 as a raw body)", async () => {
    const result = await runScenario<{
      whisper: { text: string; segments: number };
      nova: { text: string };
      requests: LoggedRequest[];
    }>("transcription");
    expect(result.whisper.text.trim().length).toBeGreaterThan(0);
    expect(result.whisper.segments).toBeGreaterThan(0);
    expect(result.nova.text.trim().length).toBeGreaterThan(0);
    expect(result.requests.map((request) => request.model)).toEqual([
      "@cf/openai/whisper-large-v3-turbo",
      "@cf/deepgram/nova-3",
    ]);
  });

  it("generateSpeech returns MP3 audio", async () => {
    const result = await runScenario<{ mediaType: string; byteLength: number; magic: string }>("speech");
    expect(result.mediaType).toBe("audio/mpeg");
    expect(result.byteLength).toBeGreaterThan(100);
    expect(result.magic === "494433" || result.magic.startsWith("fff")).toBe(true);
  });

  it("rerank orders documents by relevance and keeps topN", async () => {
    const result = await runScenario<{ ranking: Array<{ originalIndex: number; score: number }> }>("rerank");
    expect(result.ranking).toHaveLength(2);
    expect(result.ranking[0].originalIndex).toBe(1);
    expect(result.ranking[0].score).toBeGreaterThanOrEqual(result.ranking[1].score);
  });

  it("AI Search (createAISearch) answers from the emulated index, streamed and legacy AutoRAG too", async () => {
    type Answer = { text: string; sources: string[] };
    const result = await runScenario<{
      generated: Answer;
      streamed: Answer & { textDeltas: number };
      legacy: Answer;
      requests: LoggedRequest[];
    }>("ai-search");
    for (const answer of [result.generated, result.streamed, result.legacy]) {
      expect(answer.text.trim().length).toBeGreaterThan(0);
      expect(answer.sources[0]).toBe("docs/ai-gateway.md");
    }
    expect(result.streamed.textDeltas).toBeGreaterThan(1);
    expect(result.requests.map((request) => request.model)).toEqual([
      "aisearch:docs",
      "aisearch:docs",
      "aisearch:docs",
    ]);
  });
});
