/**
 * Runs inside workerd (test/realtime/workerd.test.ts): the provider's realtime sessions over the
 * `env.AI` binding, served by the emulator as a wrapped binding that answers with a real `WebSocketPair`.
 */
import { experimental_streamSpeech, experimental_streamTranscribe } from "ai";
import { createWorkersAI, type WorkersAIBinding, workersAIRealtime } from "../../../src/index";
import type { WorkersAIEmulator } from "../../../src/testing/index";

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

interface Env {
  AI: WorkersAIBinding;
  EMULATOR: WorkersAIEmulator;
}

const SPEECH = new Uint8Array(3200).map((_, i) => (i % 251) + 1);
const SILENCE = new Uint8Array(3200);

function audio(chunks: Uint8Array[], endless = false): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (index < chunks.length) controller.enqueue(chunks[index++]);
      else if (!endless) controller.close();
      else {
        await new Promise((resolve) => setTimeout(resolve, 10));
        controller.enqueue(SPEECH);
      }
    },
  });
}

const scenarios: Record<string, (env: Env) => Promise<unknown>> = {
  async transcribe(env) {
    env.EMULATOR.script("@cf/deepgram/nova-3", { text: "hello from inside workerd" });
    let upgrade: { isResponse: boolean; status: number; webSocketIsNative: boolean } | undefined;
    const binding: WorkersAIBinding = {
      async run(model, inputs, options) {
        const reply = (await env.AI.run(model, inputs, options)) as Response & { webSocket: unknown };
        upgrade = {
          isResponse: reply instanceof Response,
          status: reply.status,
          webSocketIsNative: reply.webSocket instanceof WebSocket,
        };
        return reply;
      },
    };
    const workersai = createWorkersAI({ binding, realtime: workersAIRealtime });
    const result = experimental_streamTranscribe({
      model: workersai.transcription("@cf/deepgram/nova-3"),
      audio: audio([SPEECH, SPEECH, SPEECH, SPEECH, SILENCE, SPEECH]),
      inputAudioFormat: { type: "audio/pcm", rate: 16000 },
    });
    const types: string[] = [];
    const finals: string[] = [];
    let endsOfUtterance = 0;
    for await (const part of result.fullStream) {
      types.push(part.type);
      if (part.type === "transcript-final") finals.push(part.text);
      if (part.type === "transcript-delta" && part.providerMetadata?.["workers-ai"]?.endOfUtterance)
        endsOfUtterance++;
    }
    return {
      text: await result.text,
      finals,
      endsOfUtterance,
      partials: types.filter((t) => t === "transcript-partial").length,
      upgrade,
    };
  },
  async "transcribe-abort"(env) {
    const workersai = createWorkersAI({ binding: env.AI, realtime: workersAIRealtime });
    const controller = new AbortController();
    const result = experimental_streamTranscribe({
      model: workersai.transcription("@cf/deepgram/nova-3"),
      audio: audio([SPEECH], true),
      inputAudioFormat: { type: "audio/pcm", rate: 16000 },
      abortSignal: controller.signal,
    });
    try {
      for await (const part of result.fullStream) if (part.type === "transcript-partial") controller.abort();
      return { error: "none" };
    } catch (error) {
      return { error: (error as Error).name };
    }
  },
  async speech(env) {
    const workersai = createWorkersAI({ binding: env.AI, realtime: workersAIRealtime });
    const result = experimental_streamSpeech({
      model: workersai.speech("@cf/deepgram/aura-2-en"),
      text: (async function* () {
        yield "Hello from workerd. ";
        yield "Streaming speech works.";
      })(),
      voice: "luna",
    });
    let bytes = 0;
    let frames = 0;
    const markers: unknown[] = [];
    for await (const part of result.fullStream) {
      if (part.type !== "audio") continue;
      if (part.audio.length === 0) markers.push(part.providerMetadata);
      else {
        frames++;
        bytes += part.audio.length;
      }
    }
    return { bytes, frames, markers, usage: await result.usage };
  },
  async refused(env) {
    env.EMULATOR.script("@cf/deepgram/nova-3", { error: { code: 3040 } });
    const workersai = createWorkersAI({ binding: env.AI, realtime: workersAIRealtime });
    const result = experimental_streamTranscribe({
      model: workersai.transcription("@cf/deepgram/nova-3"),
      audio: audio([SPEECH]),
      inputAudioFormat: { type: "audio/pcm", rate: 16000 },
    });
    try {
      await result.text;
      return { error: "none" };
    } catch (error) {
      const { name, statusCode, isRetryable } = error as {
        name: string;
        statusCode?: number;
        isRetryable?: boolean;
      };
      return { error: name, statusCode, isRetryable };
    }
  },
};

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const name = new URL(request.url).pathname.slice(1);
    const scenario = scenarios[name];
    if (!scenario) return new Response("not found", { status: 404 });
    try {
      return Response.json({ ok: true, result: await scenario(env) });
    } catch (error) {
      return Response.json({
        ok: false,
        error: { name: (error as Error).name, message: (error as Error).message },
      });
    }
  },
};
