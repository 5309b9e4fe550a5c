import { APICallError } from "@ai-sdk/provider";
import { generateSpeech } from "ai";
import { describe, expect, it } from "vitest";
import {
  bindingProvider,
  chunkedStream,
  envelope,
  errorEnvelope,
  FLAC_BYTES,
  gatewayPath,
  InferenceUpstreamError,
  mp3Frame,
  mp3WithId3,
  OGG_BYTES,
  restProvider,
  runPath,
  toBase64,
  wavBytes,
} from "./helpers";

const AURA_EN = "@cf/deepgram/aura-2-en";
const AURA_ES = "@cf/deepgram/aura-2-es";
const AURA_1 = "@cf/deepgram/aura-1";
const MELO = "@cf/myshell-ai/melotts";

function features(warnings: ReadonlyArray<{ type: string; feature?: string }>): string[] {
  return warnings.map((warning) => warning.feature ?? warning.type);
}

describe("Deepgram Aura", () => {
  it("maps voice to speaker and returns the streamed MP3 bytes", async () => {
    const mp3 = mp3WithId3();
    const { binding, workersai } = bindingProvider(() => chunkedStream(mp3, 64));
    const result = await generateSpeech({
      model: workersai.speech(AURA_EN),
      text: "Hello from Cloudflare Workers AI!",
      voice: "Asteria",
    });
    expect(binding.calls[0].inputs).toEqual({
      text: "Hello from Cloudflare Workers AI!",
      speaker: "asteria",
    });
    expect(result.audio.uint8Array).toEqual(mp3);
    expect(result.audio.mediaType).toBe("audio/mpeg");
    // 33 characters × $0.03 per 1,000 characters
    expect(result.providerMetadata["workers-ai"]).toEqual({
      requestId: "req-1",
      mediaType: "audio/mpeg",
      usage: { characters: 33 },
      costUsd: 0.00099,
      neurons: 90,
    });
    expect(result.warnings).toEqual([]);
  });

  it("warns about an unknown voice, lists the valid ones and does not send it", async () => {
    const { binding, workersai } = bindingProvider(() => mp3Frame());
    const result = await generateSpeech({ model: workersai.speech(AURA_ES), text: "Hola", voice: "asteria" });
    expect(binding.calls[0].inputs).toEqual({ text: "Hola" });
    expect(result.warnings).toEqual([
      expect.objectContaining({
        type: "unsupported",
        feature: "voice",
        details: expect.stringContaining("sirio, nestor, carina"),
      }),
    ]);
  });

  it("knows the aura-1 voices", async () => {
    const { binding, workersai } = bindingProvider(() => mp3Frame());
    await generateSpeech({ model: workersai.speech(AURA_1), text: "Hi", voice: "perseus" });
    expect(binding.calls[0].inputs.speaker).toBe("perseus");
  });

  it("turns outputFormat wav into linear16 in a wav container and reports the WAV media type", async () => {
    const wav = wavBytes();
    const { binding, workersai } = bindingProvider(() => wav);
    const result = await generateSpeech({
      model: workersai.speech(AURA_EN),
      text: "Testing",
      outputFormat: "wav",
      providerOptions: { "workers-ai": { sample_rate: 16000 } },
    });
    expect(binding.calls[0].inputs).toEqual({
      text: "Testing",
      encoding: "linear16",
      container: "wav",
      sample_rate: 16000,
    });
    expect(result.audio.mediaType).toBe("audio/wav");
    expect(result.providerMetadata["workers-ai"].mediaType).toBe("audio/wav");
  });

  it("maps opus and flac and lets explicit settings win", async () => {
    const { binding, workersai } = bindingProvider((_, index) => (index === 0 ? OGG_BYTES : FLAC_BYTES));
    const opus = await generateSpeech({ model: workersai.speech(AURA_EN), text: "a", outputFormat: "opus" });
    const flac = await generateSpeech({
      model: workersai.speech(AURA_EN, { encoding: "flac", bit_rate: 48000 }),
      text: "b",
      outputFormat: "mp3",
    });
    expect(binding.calls[0].inputs).toEqual({ text: "a", encoding: "opus", container: "ogg" });
    expect(binding.calls[1].inputs).toEqual({ text: "b", encoding: "flac", bit_rate: 48000 });
    expect(opus.audio.mediaType).toBe("audio/ogg");
    expect(flac.audio.mediaType).toBe("audio/flac");
  });

  it("reports headerless mulaw audio by the format it asked for", async () => {
    const raw = Uint8Array.from([0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x7a]);
    const { binding, workersai } = bindingProvider(() => raw);
    const result = await generateSpeech({
      model: workersai.speech(AURA_EN),
      text: "beep",
      outputFormat: "mulaw",
    });
    expect(binding.calls[0].inputs).toEqual({ text: "beep", encoding: "mulaw", container: "none" });
    expect(result.audio.uint8Array).toEqual(raw);
    expect(result.providerMetadata["workers-ai"].mediaType).toBe("audio/mulaw");
  });

  it("warns for formats, speed, instructions and language it cannot honour", async () => {
    const { binding, workersai } = bindingProvider(() => mp3Frame());
    const result = await generateSpeech({
      model: workersai.speech(AURA_EN),
      text: "x",
      outputFormat: "m4a",
      speed: 1.5,
      instructions: "whisper",
      language: "fr",
    });
    expect(binding.calls[0].inputs).toEqual({ text: "x" });
    expect(features(result.warnings)).toEqual(["outputFormat", "language", "speed", "instructions"]);
  });

  it("reads raw bytes over REST and through AI Gateway", async () => {
    const mp3 = mp3WithId3();
    const { server, workersai, viaGateway } = await restProvider(
      () => new Response(mp3, { headers: { "content-type": "audio/mpeg", "cf-ai-req-id": "tts-1" } }),
    );
    const direct = await generateSpeech({ model: workersai.speech(AURA_EN), text: "Hi", voice: "luna" });
    const gateway = await generateSpeech({ model: viaGateway.speech(AURA_EN), text: "Hi" });
    expect(server.requests[0].path).toBe(runPath(AURA_EN));
    expect(server.requests[0].json).toEqual({ text: "Hi", speaker: "luna" });
    expect(server.requests[1].path).toBe(gatewayPath(AURA_EN));
    for (const result of [direct, gateway]) {
      expect(result.audio.uint8Array).toEqual(mp3);
      expect(result.audio.mediaType).toBe("audio/mpeg");
      expect(result.providerMetadata["workers-ai"]).toMatchObject({ requestId: "tts-1" });
    }
  });
});

describe("MeloTTS", () => {
  it("sends prompt and lang and decodes {audio: base64}", async () => {
    const mp3 = mp3WithId3();
    const { binding, workersai } = bindingProvider(() => ({ audio: toBase64(mp3) }));
    const result = await generateSpeech({
      model: workersai.speech(MELO),
      text: "こんにちは",
      language: "ja",
    });
    expect(binding.calls[0].inputs).toEqual({ prompt: "こんにちは", lang: "jp" });
    expect(result.audio.uint8Array).toEqual(mp3);
    expect(result.audio.mediaType).toBe("audio/mpeg");
  });

  it("warns for voice, non-MP3 formats and Aura options", async () => {
    const { binding, workersai } = bindingProvider(() => ({ audio: toBase64(mp3Frame()) }));
    const result = await generateSpeech({
      model: workersai.speech(MELO, { lang: "fr" }),
      text: "Salut",
      voice: "luna",
      outputFormat: "wav",
      providerOptions: { "workers-ai": { speaker: "luna", encoding: "mp3" } },
    });
    expect(binding.calls[0].inputs).toEqual({ prompt: "Salut", lang: "fr" });
    expect(features(result.warnings)).toEqual(["voice", "outputFormat", "speaker", "encoding"]);
  });

  it("reads the REST envelope and binary MP3 replies", async () => {
    const mp3 = mp3WithId3();
    let count = 0;
    const { workersai } = await restProvider(() =>
      count++ === 0
        ? envelope({ audio: toBase64(mp3) })
        : new Response(mp3, { headers: { "content-type": "audio/mpeg" } }),
    );
    for (let i = 0; i < 2; i++) {
      const result = await generateSpeech({ model: workersai.speech(MELO), text: "Hello" });
      expect(result.audio.uint8Array).toEqual(mp3);
    }
  });
});

describe("speech errors and aborts", () => {
  it("retries 3040 over REST honouring Retry-After", async () => {
    let count = 0;
    const { server, workersai } = await restProvider(() =>
      count++ === 0
        ? errorEnvelope(429, 3040, "Capacity temporarily exceeded, please try again.", { "retry-after": "0" })
        : new Response(mp3Frame(), { headers: { "content-type": "audio/mpeg" } }),
    );
    const result = await generateSpeech({ model: workersai.speech(AURA_EN), text: "again" });
    expect(server.requests).toHaveLength(2);
    expect(result.audio.uint8Array).toEqual(mp3Frame());
  });

  it("maps binding errors to APICallError", async () => {
    const { workersai } = bindingProvider(() => {
      throw new InferenceUpstreamError("5004: Invalid data type for base64 input", "InvalidInput");
    });
    const error = await generateSpeech({ model: workersai.speech(AURA_EN), text: "x", maxRetries: 0 }).catch(
      (e: unknown) => e,
    );
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ isRetryable: false, data: { code: 5004 } });
  });

  it("fails with a typed error on an empty audio reply", async () => {
    const { workersai } = bindingProvider(() => new Uint8Array(0));
    await expect(
      generateSpeech({ model: workersai.speech(AURA_EN), text: "x", maxRetries: 0 }),
    ).rejects.toMatchObject({ name: "AI_InvalidResponseDataError" });
  });

  it("aborts a REST request in flight", async () => {
    const controller = new AbortController();
    const { workersai } = await restProvider(
      () => new Promise<Response>((resolve) => setTimeout(() => resolve(new Response(mp3Frame())), 5_000)),
    );
    const pending = generateSpeech({
      model: workersai.speech(AURA_EN),
      text: "x",
      abortSignal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });
});
