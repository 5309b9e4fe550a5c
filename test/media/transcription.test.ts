import { APICallError } from "@ai-sdk/provider";
import { transcribe } from "ai";
import { describe, expect, it } from "vitest";
import { readAllBytes } from "../../src/transport/streams";
import {
  bindingProvider,
  chunkedStream,
  envelope,
  errorEnvelope,
  gatewayPath,
  InferenceUpstreamError,
  mp3WithId3,
  restProvider,
  runPath,
  toBase64,
  wavBytes,
} from "./helpers";

const WHISPER = "@cf/openai/whisper";
const TURBO = "@cf/openai/whisper-large-v3-turbo";
const NOVA = "@cf/deepgram/nova-3";

const whisperReply = {
  text: "Hello world",
  word_count: 2,
  words: [
    { word: "Hello", start: 0, end: 0.4 },
    { word: "world", start: 0.5, end: 0.9 },
  ],
  vtt: "WEBVTT\n\n00:00.000 --> 00:00.900\nHello world",
};

const turboReply = {
  transcription_info: { language: "fr", language_probability: 0.98, duration: 3.2, duration_after_vad: 3 },
  text: " Bonjour le monde. Ça va ?",
  word_count: 5,
  segments: [
    {
      start: 0,
      end: 1.5,
      text: " Bonjour le monde.",
      temperature: 0,
      avg_logprob: -0.2,
      compression_ratio: 1,
      no_speech_prob: 0.01,
      words: [
        { word: " Bonjour", start: 0, end: 0.6 },
        { word: " le", start: 0.6, end: 0.8 },
        { word: " monde.", start: 0.8, end: 1.5 },
      ],
    },
    { start: 1.6, end: 3.2, text: " Ça va ?", words: [{ word: " Ça", start: 1.6, end: 2 }] },
  ],
};

const novaReply = {
  metadata: { duration: 2.5, channels: 1, request_id: "dg-1" },
  results: {
    channels: [
      {
        detected_language: "en",
        language_confidence: 0.99,
        alternatives: [
          {
            transcript: "hello there. general kenobi",
            confidence: 0.97,
            words: [
              { word: "hello", punctuated_word: "Hello", start: 0.1, end: 0.4, confidence: 0.9, speaker: 0 },
              { word: "there", punctuated_word: "there.", start: 0.4, end: 0.8, confidence: 0.9, speaker: 0 },
              {
                word: "general",
                punctuated_word: "General",
                start: 1.2,
                end: 1.6,
                confidence: 0.9,
                speaker: 1,
              },
              {
                word: "kenobi",
                punctuated_word: "Kenobi.",
                start: 1.6,
                end: 2.2,
                confidence: 0.9,
                speaker: 1,
              },
            ],
            paragraphs: {
              transcript: "Hello there.\n\nGeneral Kenobi.",
              paragraphs: [
                { sentences: [{ text: "Hello there.", start: 0.1, end: 0.8 }], speaker: 0 },
                { sentences: [{ text: "General Kenobi.", start: 1.2, end: 2.2 }], speaker: 1 },
              ],
            },
          },
        ],
      },
    ],
  },
};

describe("whisper (byte array)", () => {
  it("sends the audio as a number array and turns words into segments", async () => {
    const audio = wavBytes();
    const { binding, workersai } = bindingProvider(() => whisperReply);
    const result = await transcribe({ model: workersai.transcription(WHISPER), audio });
    expect(binding.calls[0].inputs).toEqual({ audio: Array.from(audio) });
    expect(result.text).toBe("Hello world");
    expect(result.segments).toEqual([
      { text: "Hello", startSecond: 0, endSecond: 0.4 },
      { text: "world", startSecond: 0.5, endSecond: 0.9 },
    ]);
    expect(result.words).toEqual(result.segments);
    expect(result.language).toBeUndefined();
    expect(result.providerMetadata["workers-ai"]).toMatchObject({
      requestId: "req-1",
      wordCount: 2,
      vtt: expect.stringContaining("WEBVTT"),
    });
    expect(result.warnings).toEqual([]);
  });

  it("warns for options whisper does not take and does not send them", async () => {
    const { binding, workersai } = bindingProvider(() => whisperReply);
    const result = await transcribe({
      model: workersai.transcription(WHISPER, { language: "en" }),
      audio: wavBytes(),
      providerOptions: { "workers-ai": { prompt: "names: Kenobi", diarize: true } },
    });
    expect(Object.keys(binding.calls[0].inputs)).toEqual(["audio"]);
    expect(result.warnings.map((warning) => (warning as { feature: string }).feature)).toEqual([
      "prompt",
      "language",
      "diarize",
    ]);
  });
});

describe("whisper-large-v3-turbo (base64)", () => {
  it("sends base64 audio with its options and maps segments, words, language and duration", async () => {
    const audio = mp3WithId3();
    const { binding, workersai } = bindingProvider(() => turboReply);
    const result = await transcribe({
      model: workersai.transcription(TURBO, { language: "fr", vad_filter: true }),
      audio,
      providerOptions: { "workers-ai": { prompt: "Bonjour", task: "translate", beam_size: 5 } },
    });
    expect(binding.calls[0].inputs).toEqual({
      initial_prompt: "Bonjour",
      language: "fr",
      task: "translate",
      vad_filter: true,
      beam_size: 5,
      audio: toBase64(audio),
    });
    expect(result.text).toBe("Bonjour le monde. Ça va ?");
    expect(result.segments).toEqual([
      { text: "Bonjour le monde.", startSecond: 0, endSecond: 1.5 },
      { text: "Ça va ?", startSecond: 1.6, endSecond: 3.2 },
    ]);
    expect(result.words?.map((word) => word.text)).toEqual(["Bonjour", "le", "monde.", "Ça"]);
    expect(result.language).toBe("fr");
    expect(result.durationInSeconds).toBe(3.2);
    expect(result.providerMetadata["workers-ai"]).toMatchObject({
      languageProbability: 0.98,
      durationAfterVad: 3,
    });
  });

  it("lets an explicit initial_prompt win over the prompt alias", async () => {
    const { binding, workersai } = bindingProvider(() => turboReply);
    await transcribe({
      model: workersai.transcription(TURBO),
      audio: wavBytes(),
      providerOptions: { "workers-ai": { prompt: "a", initial_prompt: "b" } },
    });
    expect(binding.calls[0].inputs.initial_prompt).toBe("b");
  });

  it("posts JSON over REST and reads the envelope", async () => {
    const audio = wavBytes(32);
    const { server, workersai } = await restProvider(() => envelope(turboReply));
    const result = await transcribe({ model: workersai.transcription(TURBO), audio });
    expect(server.requests[0].path).toBe(runPath(TURBO));
    expect(server.requests[0].json).toEqual({ audio: toBase64(audio) });
    expect(result.segments).toHaveLength(2);
    expect(result.responses[0].headers?.["cf-ai-req-id"]).toBe("rest-req");
  });

  it("rejects a bad option type before calling the model", async () => {
    const { binding, workersai } = bindingProvider(() => turboReply);
    await expect(
      transcribe({
        model: workersai.transcription(TURBO),
        audio: wavBytes(),
        providerOptions: { "workers-ai": { task: "summarize" } },
      }),
    ).rejects.toMatchObject({ name: "AI_InvalidArgumentError" });
    expect(binding.calls).toHaveLength(0);
  });
});

describe("nova-3 (raw audio body)", () => {
  it("sends {body, contentType} over the binding with the options as inputs", async () => {
    const audio = wavBytes();
    const { binding, workersai } = bindingProvider(() => novaReply);
    const result = await transcribe({
      model: workersai.transcription(NOVA, { detect_language: true, smart_format: true }),
      audio,
      providerOptions: { "workers-ai": { diarize: true, paragraphs: true, keyterm: ["Kenobi"] } },
    });
    const inputs = binding.calls[0].inputs;
    const sent = inputs.audio as { body: ReadableStream<Uint8Array>; contentType: string };
    expect(sent.contentType).toBe("audio/wav");
    expect(await readAllBytes(sent.body)).toEqual(audio);
    expect({ ...inputs, audio: undefined }).toEqual({
      audio: undefined,
      detect_language: true,
      smart_format: true,
      diarize: true,
      paragraphs: true,
      keyterm: "Kenobi",
    });
    expect(result.text).toBe("hello there. general kenobi");
    expect(result.segments).toEqual([
      { text: "Hello there.", startSecond: 0.1, endSecond: 0.8 },
      { text: "General Kenobi.", startSecond: 1.2, endSecond: 2.2 },
    ]);
    expect(result.words?.map((word) => word.text)).toEqual(["Hello", "there.", "General", "Kenobi."]);
    expect(result.language).toBe("en");
    expect(result.durationInSeconds).toBe(2.5);
    expect(result.providerMetadata["workers-ai"]).toMatchObject({ confidence: 0.97, speakers: [0, 1] });
  });

  it("posts the raw bytes over REST with their content type and the options in the query string", async () => {
    const audio = mp3WithId3();
    const { server, workersai } = await restProvider(() =>
      envelope({
        ...novaReply,
        results: {
          ...novaReply.results,
          utterances: [{ start: 0.1, end: 2.2, transcript: "Hello there. General Kenobi." }],
        },
      }),
    );
    const result = await transcribe({
      model: workersai.transcription(NOVA),
      audio,
      providerOptions: { "workers-ai": { smart_format: true, language: "en", utterances: true } },
    });
    const request = server.requests[0];
    const url = new URL(request.url);
    expect(url.pathname).toBe(runPath(NOVA));
    expect(url.searchParams.get("smart_format")).toBe("true");
    expect(url.searchParams.get("language")).toBe("en");
    expect(request.headers["content-type"]).toBe("audio/mpeg");
    expect(request.body).toEqual(audio);
    expect(result.segments).toEqual([
      { text: "Hello there. General Kenobi.", startSecond: 0.1, endSecond: 2.2 },
    ]);
  });

  it("goes through AI Gateway over REST", async () => {
    const { server, viaGateway } = await restProvider(() => envelope(novaReply));
    const result = await transcribe({ model: viaGateway.transcription(NOVA), audio: wavBytes() });
    expect(new URL(server.requests[0].url).pathname).toBe(gatewayPath(NOVA));
    expect(result.text).toBe("hello there. general kenobi");
  });

  it("reads a JSON reply that arrives as a byte stream", async () => {
    const bytes = new TextEncoder().encode(JSON.stringify(novaReply));
    const { workersai } = bindingProvider(() => chunkedStream(bytes, 11));
    const result = await transcribe({ model: workersai.transcription(NOVA), audio: wavBytes() });
    expect(result.text).toBe("hello there. general kenobi");
  });

  it("warns for whisper options and for timings the reply lacks", async () => {
    const { binding, workersai } = bindingProvider(() => ({
      results: { channels: [{ alternatives: [{ transcript: "hi" }] }] },
    }));
    const result = await transcribe({
      model: workersai.transcription(NOVA),
      audio: wavBytes(),
      timestampGranularities: ["word"],
      providerOptions: { "workers-ai": { initial_prompt: "x", vad_filter: true } },
    });
    expect(Object.keys(binding.calls[0].inputs)).toEqual(["audio"]);
    expect(result.warnings.map((warning) => (warning as { feature: string }).feature).sort()).toEqual([
      "initial_prompt",
      "timestampGranularities",
      "vad_filter",
    ]);
  });
});

describe("transcription errors and aborts", () => {
  it("maps a REST error envelope to a non-retryable APICallError", async () => {
    const { server, workersai } = await restProvider(() => errorEnvelope(413, 3006, "Request too large"));
    const error = await transcribe({ model: workersai.transcription(TURBO), audio: wavBytes() }).catch(
      (e: unknown) => e,
    );
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 413, isRetryable: false, data: { code: 3006 } });
    expect(server.requests).toHaveLength(1);
  });

  it("retries 3040 from the binding when asked to", async () => {
    const { binding, workersai } = bindingProvider((_, index) => {
      if (index === 0)
        throw new InferenceUpstreamError("3040: Capacity temporarily exceeded, please try again.");
      return whisperReply;
    });
    const error = await transcribe({
      model: workersai.transcription(WHISPER),
      audio: wavBytes(),
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ isRetryable: true, data: { code: 3040 } });
    expect(binding.calls).toHaveLength(1);
  });

  it("fails with a typed error when the reply has no transcript", async () => {
    const { workersai } = bindingProvider(() => ({ words: [] }));
    await expect(
      transcribe({ model: workersai.transcription(WHISPER), audio: wavBytes(), maxRetries: 0 }),
    ).rejects.toMatchObject({ name: "AI_InvalidResponseDataError" });
  });

  it("aborts a pending call", async () => {
    const controller = new AbortController();
    const { workersai } = bindingProvider(
      (call) =>
        new Promise((_, reject) => {
          const signal = call.options?.signal as AbortSignal;
          signal.addEventListener("abort", () => reject(signal.reason));
        }),
    );
    const pending = transcribe({
      model: workersai.transcription(NOVA),
      audio: wavBytes(),
      abortSignal: controller.signal,
    });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });
});
