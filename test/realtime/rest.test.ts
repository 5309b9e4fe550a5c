/**
 * Realtime over REST: the documented WebSocket form of the run endpoint (and its AI Gateway form) against
 * the emulator's real HTTP server (`listen()` upgrades to a WebSocket), with the `ws` package as client.
 */
import { createRequire } from "node:module";
import type { WebSocketConstructor } from "@ai-sdk/provider-utils";
import { experimental_streamSpeech, experimental_streamTranscribe } from "ai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createWorkersAI, workersAIRealtime } from "../../src/index";
import { createWorkersAIEmulator, type EmulatorServer } from "../../src/testing/index";
import { audioChunks, SILENCE, SPEECH, trackedStream } from "./helpers";

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

// `ws` comes with Miniflare; it sends the Authorization header that browser-style WebSocket clients cannot
const WebSocket = createRequire(import.meta.url)("ws") as WebSocketConstructor;

const emulator = createWorkersAIEmulator({ apiToken: "rest-secret-token", gatewayToken: "gw-secret-token" });
let server: EmulatorServer;

beforeAll(async () => {
  server = await emulator.listen();
});
afterAll(() => server.close());

function provider(options: { apiKey?: string; gateway?: { id: string; authToken?: string } } = {}) {
  return createWorkersAI({
    accountId: "emulator-account",
    apiKey: options.apiKey ?? "rest-secret-token",
    baseURL: `${server.url}/client/v4`,
    gatewayBaseURL: `${server.url}/v1`,
    realtime: workersAIRealtime,
    webSocket: WebSocket,
    ...(options.gateway ? { gateway: options.gateway } : {}),
  });
}

describe("realtime over REST (WebSocket upgrade of /ai/run)", () => {
  it("transcribes live audio with the token in the Authorization header and options in the query", async () => {
    emulator.script("@cf/deepgram/nova-3", { text: "over the rest api" });
    const result = experimental_streamTranscribe({
      model: provider().transcription("@cf/deepgram/nova-3", { smart_format: true }),
      audio: audioChunks([SPEECH, SPEECH, SPEECH, SILENCE, SPEECH]),
      inputAudioFormat: { type: "audio/pcm", rate: 16000 },
    });
    expect(await result.text).toBe("Over the rest Api");
    const session = emulator.requests.at(-1);
    expect(session).toMatchObject({
      transport: "rest",
      model: "@cf/deepgram/nova-3",
      options: { websocket: true },
      inputs: { encoding: "linear16", sample_rate: 16000, interim_results: true, smart_format: true },
      headers: { authorization: "Bearer rest-secret-token" },
    });
    expect(new URL(session?.url ?? "").pathname).toBe(
      "/client/v4/accounts/emulator-account/ai/run/@cf/deepgram/nova-3",
    );
  });

  it("speaks through the AI Gateway WebSocket form with cf-aig-authorization", async () => {
    const result = experimental_streamSpeech({
      model: provider({ gateway: { id: "voice-gw", authToken: "gw-secret-token" } }).speech(
        "@cf/deepgram/aura-2-en",
      ),
      text: "Hello over the gateway.",
      voice: "orion",
    });
    let bytes = 0;
    for await (const chunk of result.audioStream) bytes += chunk.length;
    expect(bytes).toBe(4 * 0.3 * 24000 * 2);
    // the Metadata message the server sends right after the upgrade is not lost
    expect((await result.providerMetadata)["workers-ai"]).toMatchObject({
      requestId: expect.any(String),
      modelName: "aura-2-orion-en",
      flushes: 1,
    });
    const session = emulator.requests.at(-1);
    expect(session).toMatchObject({
      transport: "gateway",
      model: "@cf/deepgram/aura-2-en",
      inputs: { speaker: "orion", encoding: "linear16", sample_rate: 24000 },
      headers: { "cf-aig-authorization": "Bearer gw-secret-token" },
    });
    expect(new URL(session?.url ?? "").pathname).toBe("/v1/emulator-account/voice-gw/workers-ai");
  });

  it("reports a refused handshake as a non-retryable APICallError without the token", async () => {
    const audio = trackedStream(audioChunks([SPEECH]));
    const result = experimental_streamTranscribe({
      model: provider({ apiKey: "wrong-secret-token" }).transcription("@cf/deepgram/nova-3"),
      audio: audio.stream,
      inputAudioFormat: { type: "audio/pcm", rate: 16000 },
    });
    const error = (await Promise.resolve(result.text).then(
      () => undefined,
      (caught: unknown) => caught,
    )) as Error & { isRetryable: boolean; url: string };
    expect(error).toMatchObject({ name: "AI_APICallError", isRetryable: false });
    expect(JSON.stringify({ message: error.message, url: error.url })).not.toContain("secret");
    await audio.cancelled;
  });

  it("says what to do when the runtime has no WebSocket client", async () => {
    vi.stubGlobal("WebSocket", undefined);
    try {
      const workersai = createWorkersAI({
        accountId: "emulator-account",
        apiKey: "x",
        baseURL: `${server.url}/client/v4`,
        realtime: workersAIRealtime,
      });
      const result = experimental_streamSpeech({
        model: workersai.speech("@cf/deepgram/aura-2-en"),
        text: "hi",
      });
      await expect(result.usage).rejects.toMatchObject({
        name: "AI_UnsupportedFunctionalityError",
        message: expect.stringContaining("createWorkersAI({ webSocket })"),
      });
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
