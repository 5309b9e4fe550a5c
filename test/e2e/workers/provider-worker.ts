/**
 * A test Worker run inside workerd by test/e2e/workerd.test.ts. Each route runs one scenario through
 * the public AI SDK functions with the provider on `env.AI` (the emulator as a wrapped binding) and
 * answers with JSON the test asserts on. `POST /<scenario>` takes `{ script?: [{ model, replies }] }`.
 */
import {
  embedMany,
  generateImage,
  generateSpeech,
  generateText,
  Output,
  rerank,
  stepCountIs,
  streamText,
  tool,
  transcribe,
} from "ai";
import { z } from "zod";
import {
  type AISearchBinding,
  createAISearch,
  createWorkersAI,
  type WorkersAIBinding,
} from "../../../src/index";
import { encodeWav, type ScriptedReply, type WorkersAIEmulator } from "../../../src/testing/index";

// The assertions live in the test; the SDK's console warnings would only add noise to its output.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

interface Env {
  AI: WorkersAIBinding & Pick<WorkersAIEmulator["binding"], "autorag" | "gateway">;
  EMULATOR: WorkersAIEmulator;
  /** An AI Search instance binding ("docs"), served by the same emulator. */
  AI_SEARCH: AISearchBinding;
}

interface ScenarioRequest {
  script?: Array<{ model: string; replies: ScriptedReply[] }>;
}

type Scenario = (env: Env, request: ScenarioRequest) => Promise<unknown>;

/** OpenAI-family chat model with reasoning and tools. */
const CHAT_MODEL = "@cf/moonshotai/kimi-k2.7-code";

const weatherTool = tool({
  description: "Get the current weather for a city.",
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, temperatureC: 18, condition: "Cloudy" }),
});

function hex(bytes: Uint8Array, count: number): string {
  return Array.from(bytes.subarray(0, count), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The request log without raw bodies (they do not survive JSON). */
function requestSummary(emulator: WorkersAIEmulator) {
  return emulator.requests.map((entry) => ({
    transport: entry.transport,
    model: entry.model,
    options: entry.options,
    inputKeys: entry.inputs !== null && typeof entry.inputs === "object" ? Object.keys(entry.inputs) : [],
    messages:
      entry.inputs !== null && typeof entry.inputs === "object" && "messages" in entry.inputs
        ? (entry.inputs as { messages: unknown }).messages
        : undefined,
    responseFormat:
      entry.inputs !== null && typeof entry.inputs === "object" && "response_format" in entry.inputs
        ? (entry.inputs as { response_format: unknown }).response_format
        : undefined,
  }));
}

/** A short 16 kHz mono WAV: a 440 Hz tone. */
function toneWav(seconds: number): Uint8Array {
  const rate = 16_000;
  const samples = Array.from(
    { length: Math.round(rate * seconds) },
    (_, i) => 0.3 * Math.sin((2 * Math.PI * 440 * i) / rate),
  );
  return encodeWav(samples, rate);
}

const scenarios: Record<string, Scenario> = {
  async "chat-generate"(env) {
    const workersai = createWorkersAI({ binding: env.AI });
    const result = await generateText({
      model: workersai(CHAT_MODEL),
      prompt: "What's the weather in Paris?",
      tools: { getWeather: weatherTool },
      stopWhen: stepCountIs(3),
    });
    return {
      text: result.text,
      finishReason: result.finishReason,
      steps: result.steps.map((step) => ({
        finishReason: step.finishReason,
        toolCalls: step.toolCalls.map((call) => ({ toolName: call.toolName, input: call.input })),
        toolResults: step.toolResults.map((toolResult) => ({
          toolName: toolResult.toolName,
          output: toolResult.output,
        })),
        reasoningText: step.reasoningText,
        text: step.text,
      })),
      usage: result.totalUsage,
      requests: requestSummary(env.EMULATOR),
    };
  },

  async "chat-stream"(env) {
    const workersai = createWorkersAI({ binding: env.AI });
    const result = streamText({
      model: workersai(CHAT_MODEL),
      prompt: "What's the weather in Lisbon?",
      tools: { getWeather: weatherTool },
      stopWhen: stepCountIs(3),
    });
    const partTypes: string[] = [];
    let textDeltas = 0;
    for await (const part of result.fullStream) {
      partTypes.push(part.type);
      if (part.type === "text-delta") textDeltas++;
    }
    const steps = await result.steps;
    return {
      partTypes,
      textDeltas,
      text: await result.text,
      finishReason: await result.finishReason,
      steps: steps.map((step) => ({
        finishReason: step.finishReason,
        toolCalls: step.toolCalls.map((call) => ({ toolName: call.toolName, input: call.input })),
        toolResults: step.toolResults.map((toolResult) => toolResult.output),
      })),
      requests: requestSummary(env.EMULATOR),
    };
  },

  async structured(env) {
    const workersai = createWorkersAI({ binding: env.AI });
    const { output } = await generateText({
      model: workersai(CHAT_MODEL),
      prompt: "Recipe for spaghetti bolognese",
      output: Output.object({
        schema: z.object({
          name: z.string(),
          ingredients: z.array(z.object({ name: z.string(), amount: z.string() })),
          steps: z.array(z.string()),
        }),
      }),
    });
    return { output, requests: requestSummary(env.EMULATOR) };
  },

  async embeddings(env) {
    const workersai = createWorkersAI({ binding: env.AI });
    const { embeddings, usage } = await embedMany({
      model: workersai.textEmbedding("@cf/baai/bge-base-en-v1.5"),
      values: ["sunny day at the beach", "rainy afternoon in the city", "sunny day at the beach"],
    });
    return { dimensions: embeddings.map((vector) => vector.length), embeddings, usage };
  },

  async image(env) {
    const workersai = createWorkersAI({ binding: env.AI });
    const { images, warnings } = await generateImage({
      model: workersai.image("@cf/black-forest-labs/flux-1-schnell"),
      prompt: "A mountain landscape at sunset",
    });
    return {
      count: images.length,
      mediaType: images[0]?.mediaType,
      byteLength: images[0]?.uint8Array.byteLength,
      magic: images[0] ? hex(images[0].uint8Array, 8) : undefined,
      warnings,
    };
  },

  async transcription(env) {
    const workersai = createWorkersAI({ binding: env.AI });
    const audio = toneWav(1.5);
    const whisper = await transcribe({
      model: workersai.transcription("@cf/openai/whisper-large-v3-turbo"),
      audio,
    });
    const nova = await transcribe({ model: workersai.transcription("@cf/deepgram/nova-3"), audio });
    return {
      whisper: {
        text: whisper.text,
        segments: whisper.segments.length,
        durationInSeconds: whisper.durationInSeconds,
      },
      nova: { text: nova.text },
      requests: requestSummary(env.EMULATOR),
    };
  },

  async speech(env) {
    const workersai = createWorkersAI({ binding: env.AI });
    const { audio, warnings } = await generateSpeech({
      model: workersai.speech("@cf/deepgram/aura-2-en"),
      text: "Hello from Cloudflare Workers AI!",
      voice: "asteria",
    });
    return {
      mediaType: audio.mediaType,
      byteLength: audio.uint8Array.byteLength,
      magic: hex(audio.uint8Array, 3),
      warnings,
    };
  },

  async rerank(env) {
    const workersai = createWorkersAI({ binding: env.AI });
    const documents = [
      "A cookie is a small piece of data stored in the browser.",
      "Cloudflare Workers lets you run JavaScript at the edge.",
      "Workers AI runs inference on Cloudflare's global network.",
    ];
    const { ranking } = await rerank({
      model: workersai.reranking("@cf/baai/bge-reranker-base"),
      query: "What is Cloudflare Workers?",
      documents,
      topN: 2,
    });
    return { ranking: ranking.map(({ originalIndex, score }) => ({ originalIndex, score })), documents };
  },

  async gateway(env) {
    const workersai = createWorkersAI({ binding: env.AI, gateway: { id: "my-gw", skipCache: true } });
    const result = await generateText({
      model: workersai(CHAT_MODEL),
      prompt: "Say hello through the gateway.",
    });
    const metadata = result.providerMetadata?.["workers-ai"] ?? {};
    const logId = typeof metadata.gatewayLogId === "string" ? metadata.gatewayLogId : undefined;
    const log = logId
      ? await (env.AI as unknown as WorkersAIEmulator["binding"]).gateway("my-gw").getLog(logId)
      : undefined;
    return {
      text: result.text,
      metadata,
      log: log ? { id: log.id, provider: log.provider, model: log.model } : undefined,
      requests: requestSummary(env.EMULATOR),
    };
  },

  async "ai-search"(env) {
    const aisearch = createAISearch({ binding: env.AI_SEARCH, name: "docs" });
    const question = "How do I set up AI Gateway caching?";
    const generated = await generateText({
      model: aisearch(),
      messages: [{ role: "user", content: question }],
    });
    const streamed = streamText({ model: aisearch(), messages: [{ role: "user", content: question }] });
    let textDeltas = 0;
    for await (const part of streamed.fullStream) if (part.type === "text-delta") textDeltas++;
    const legacy = createAISearch({ binding: env.AI.autorag("docs"), name: "docs" });
    const legacyResult = await generateText({ model: legacy(), prompt: question });
    const titles = (sources: Array<{ sourceType: string; title?: string }>) =>
      sources.map((source) => source.title ?? source.sourceType);
    return {
      generated: { text: generated.text, sources: titles(generated.sources) },
      streamed: { text: await streamed.text, textDeltas, sources: titles(await streamed.sources) },
      legacy: { text: legacyResult.text, sources: titles(legacyResult.sources) },
      requests: requestSummary(env.EMULATOR),
    };
  },

  async abort(env) {
    const workersai = createWorkersAI({ binding: env.AI });
    const controller = new AbortController();
    const result = streamText({
      model: workersai(CHAT_MODEL),
      prompt: "Tell me a long story.",
      abortSignal: controller.signal,
    });
    let received = "";
    let abortedAt = 0;
    const ended = (async () => {
      try {
        for await (const chunk of result.textStream) {
          received += chunk;
          if (!abortedAt) {
            abortedAt = Date.now();
            controller.abort();
          }
        }
        return { outcome: "closed" };
      } catch (error) {
        return { outcome: "threw", errorName: error instanceof Error ? error.name : String(error) };
      }
    })();
    const timeout = new Promise<{ outcome: string }>((resolve) =>
      setTimeout(() => resolve({ outcome: "still-open-after-5s" }), 5_000),
    );
    const end = await Promise.race([ended, timeout]);
    return { ...end, received, msAfterAbort: abortedAt ? Date.now() - abortedAt : undefined };
  },
};

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const name = new URL(request.url).pathname.slice(1);
    const scenario = scenarios[name];
    if (!scenario || request.method !== "POST")
      return Response.json({ error: `no scenario ${name}` }, { status: 404 });
    const body = (await request.json().catch(() => ({}))) as ScenarioRequest;
    env.EMULATOR.reset();
    for (const { model, replies } of body.script ?? []) env.EMULATOR.script(model, ...replies);
    try {
      return Response.json({ ok: true, result: await scenario(env, body) });
    } catch (error) {
      const failure =
        error instanceof Error ? { name: error.name, message: error.message } : { message: String(error) };
      return Response.json({ ok: false, error: failure }, { status: 500 });
    }
  },
};
