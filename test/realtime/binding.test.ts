/**
 * Realtime audio over the WebSocket form of the binding (spec 1.1): nova-3 streaming transcription and
 * aura-2 streaming speech through `experimental_streamTranscribe` / `experimental_streamSpeech`, against
 * the emulator's Deepgram-style sessions in Node (the same client runs in workerd: workerd.test.ts,
 * and over REST with a WebSocket client: rest.test.ts).
 */
import { experimental_streamSpeech, experimental_streamTranscribe, generateSpeech } from "ai";
import { describe, expect, it, vi } from "vitest";
import { createWorkersAI, type WorkersAIBinding, workersAIRealtime } from "../../src/index";
import { createWorkersAIEmulator } from "../../src/testing/index";
import { audioChunks, collectParts, SILENCE, SPEECH, trackedStream } from "./helpers";

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const NOVA = "@cf/deepgram/nova-3";
const AURA = "@cf/deepgram/aura-2-en";

function setup() {
  const emulator = createWorkersAIEmulator();
  return { emulator, workersai: createWorkersAI({ binding: emulator.binding, realtime: workersAIRealtime }) };
}

describe("streaming transcription (nova-3 over the binding WebSocket)", () => {
  it("streams interim results, finals and end-of-utterance, and finishes with the whole text", async () => {
    const { emulator, workersai } = setup();
    emulator.script(NOVA, { text: "hello there general kenobi you are bold" });
    const result = experimental_streamTranscribe({
      model: workersai.transcription(NOVA),
      audio: trackedStream(audioChunks([SPEECH, SPEECH, SPEECH, SPEECH, SILENCE, SPEECH, SPEECH])).stream,
      inputAudioFormat: { type: "audio/pcm", rate: 16000 },
    });
    const parts = await collectParts(result.fullStream);
    const types = parts.map((part) => part.type);
    expect(types).toContain("transcript-partial");
    const finals = parts.filter((part) => part.type === "transcript-final");
    expect(finals.map((part) => part.text)).toEqual(["hello there general", "kenobi", "you are"]);
    expect(finals[0]).toMatchObject({ id: "segment-0", startSecond: 0, endSecond: 0.3 });
    const partialOfFirst = parts.filter(
      (part) => part.type === "transcript-partial" && part.id === "segment-0",
    );
    expect(partialOfFirst.map((part) => (part as { text: string }).text)).toEqual([
      "hello",
      "hello there",
      "hello there general",
    ]);
    const ends = parts.filter(
      (part) =>
        part.type === "transcript-delta" &&
        (part.providerMetadata?.["workers-ai"] as { endOfUtterance?: boolean } | undefined)?.endOfUtterance,
    );
    expect(ends).toHaveLength(2);
    expect(ends[0]).toMatchObject({
      delta: "",
      providerMetadata: { "workers-ai": { reason: "speech_final" } },
    });
    expect(finals[1].providerMetadata).toMatchObject({
      "workers-ai": { speechFinal: true, utteranceId: "utterance-0" },
    });

    const session = emulator.requests.at(-1);
    expect(session).toMatchObject({
      transport: "binding",
      model: NOVA,
      options: { websocket: true },
      inputs: { encoding: "linear16", sample_rate: 16000, interim_results: true },
    });
  });

  it("resolves the result promises (text, segments, duration, request id)", async () => {
    const { emulator, workersai } = setup();
    emulator.script(NOVA, { text: "one two three four" });
    const result = experimental_streamTranscribe({
      model: workersai.transcription(NOVA, { punctuate: true }),
      audio: audioChunks([SPEECH, SPEECH, SPEECH, SPEECH]),
      inputAudioFormat: { type: "audio/pcm", rate: 16000 },
    });
    expect(await result.text).toBe("One two three Four");
    expect(await result.segments).toEqual([
      { text: "One two three", startSecond: 0, endSecond: 0.3 },
      { text: "Four", startSecond: 0.3, endSecond: 0.4 },
    ]);
    expect(await result.durationInSeconds).toBe(0.4);
    expect((await result.providerMetadata)["workers-ai"]).toMatchObject({ requestId: expect.any(String) });
  });

  it("reports UtteranceEnd as the end of an utterance when endpointing is off", async () => {
    const { emulator, workersai } = setup();
    emulator.script(NOVA, { text: "alpha beta" });
    const result = experimental_streamTranscribe({
      model: workersai.transcription(NOVA),
      audio: audioChunks([SPEECH, SPEECH, SILENCE, SILENCE]),
      inputAudioFormat: { type: "audio/pcm", rate: 16000 },
      providerOptions: {
        "workers-ai": { endpointing: false, utterance_end_ms: 1000, interim_results: false },
      },
    });
    const parts = await collectParts(result.fullStream);
    expect(parts.some((part) => part.type === "transcript-partial")).toBe(false);
    const end = parts.find((part) => part.type === "transcript-delta");
    expect(end).toMatchObject({
      providerMetadata: { "workers-ai": { endOfUtterance: true, reason: "UtteranceEnd", lastWordEnd: 0.2 } },
    });
    expect(emulator.requests.at(-1)?.inputs).toMatchObject({
      endpointing: false,
      utterance_end_ms: 1000,
      interim_results: false,
    });
  });

  it("maps mu-law input and base64 chunks, and warns about whole-file options", async () => {
    const { emulator, workersai } = setup();
    const mulaw = new Uint8Array(800).fill(0x12);
    const result = experimental_streamTranscribe({
      model: workersai.transcription(NOVA, { detect_language: true }),
      audio: audioChunks([btoa(String.fromCharCode(...mulaw))]),
      inputAudioFormat: { type: "audio/pcmu" },
    });
    expect((await result.text).length).toBeGreaterThan(0);
    expect(await result.warnings).toEqual([
      expect.objectContaining({ type: "unsupported", feature: "detect_language" }),
    ]);
    expect(emulator.requests.at(-1)?.inputs).toMatchObject({ encoding: "mulaw", sample_rate: 8000 });
  });

  it("aborts: the result rejects with the abort reason and the audio source is released", async () => {
    const { workersai } = setup();
    const controller = new AbortController();
    const audio = trackedStream(audioChunks([SPEECH]), { endless: true });
    const result = experimental_streamTranscribe({
      model: workersai.transcription(NOVA),
      audio: audio.stream,
      inputAudioFormat: { type: "audio/pcm", rate: 16000 },
      abortSignal: controller.signal,
    });
    const parts: string[] = [];
    const consumed = (async () => {
      for await (const part of result.fullStream) {
        parts.push(part.type);
        if (part.type === "transcript-partial") controller.abort();
      }
    })();
    await expect(consumed).rejects.toMatchObject({ name: "AbortError" });
    await audio.cancelled;
    expect(parts).toContain("transcript-partial");
  });

  it("an abort while the binding is still opening the session rejects at once; a session opened late is closed", async () => {
    let open: ((value: unknown) => void) | undefined;
    let closed = false;
    const binding: WorkersAIBinding = {
      run: () =>
        new Promise((resolve) => {
          open = resolve;
        }),
    };
    const workersai = createWorkersAI({ binding, realtime: workersAIRealtime });
    const controller = new AbortController();
    const result = experimental_streamTranscribe({
      model: workersai.transcription(NOVA),
      audio: trackedStream(audioChunks([SPEECH]), { endless: true }).stream,
      inputAudioFormat: { type: "audio/pcm", rate: 16000 },
      abortSignal: controller.signal,
    });
    const consumed = collectParts(result.fullStream);
    await vi.waitFor(() => expect(open).not.toBe(undefined));
    controller.abort();
    await expect(consumed).rejects.toMatchObject({ name: "AbortError" });
    const socket = { send() {}, addEventListener() {}, close: () => void (closed = true) };
    open?.({ webSocket: socket });
    await vi.waitFor(() => expect(closed).toBe(true));
  });

  it("stops the session and releases the audio when the consumer stops reading", async () => {
    const { workersai } = setup();
    const audio = trackedStream(audioChunks([SPEECH]), { endless: true });
    const result = experimental_streamTranscribe({
      model: workersai.transcription(NOVA),
      audio: audio.stream,
      inputAudioFormat: { type: "audio/pcm", rate: 16000 },
    });
    for await (const part of result.fullStream) if (part.type === "transcript-final") break;
    await audio.cancelled;
  });

  it("keeps the text received when the connection drops, and reports the break", async () => {
    const { emulator, workersai } = setup();
    emulator.script(NOVA, { text: "keep these words", dropAfterEvents: 1 });
    const result = experimental_streamTranscribe({
      model: workersai.transcription(NOVA),
      audio: trackedStream(audioChunks([SPEECH]), { endless: true }).stream,
      inputAudioFormat: { type: "audio/pcm", rate: 16000 },
      providerOptions: { "workers-ai": { interim_results: false } },
    });
    const parts = await collectParts(result.fullStream);
    const error = parts.find((part) => part.type === "error");
    expect(error).toMatchObject({ error: { name: "AI_APICallError", isRetryable: true } });
    expect(await result.text).toBe("keep these words");
  });

  it("sends KeepAlive while the audio source is quiet, and CloseStream when it ends", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"] });
    try {
      const emulator = createWorkersAIEmulator();
      const controls: string[] = [];
      const binding: WorkersAIBinding = {
        async run(model, inputs, options) {
          const reply = (await emulator.binding.run(model, inputs, options)) as { webSocket: WebSocket };
          const send = reply.webSocket.send.bind(reply.webSocket);
          reply.webSocket.send = (data) => {
            if (typeof data === "string") controls.push(JSON.parse(data).type);
            send(data);
          };
          return reply;
        },
      };
      let endAudio!: () => void;
      const quiet = new Promise<void>((resolve) => {
        endAudio = resolve;
      });
      const result = experimental_streamTranscribe({
        model: createWorkersAI({ binding, realtime: workersAIRealtime }).transcription(NOVA),
        audio: new ReadableStream<Uint8Array>({
          async pull(controller) {
            await quiet;
            controller.close();
          },
        }),
        inputAudioFormat: { type: "audio/pcm", rate: 16000 },
      });
      const done = Promise.resolve(result.text).catch((error: Error) => error.name);
      while (emulator.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setTimeout(resolve, 5));
      vi.advanceTimersByTime(5_000);
      expect(controls).toEqual(["KeepAlive"]);
      vi.advanceTimersByTime(5_000);
      expect(controls).toEqual(["KeepAlive", "KeepAlive"]);
      endAudio();
      // nothing was said: the SDK reports that no transcript was generated
      expect(await done).toBe("AI_NoTranscriptGeneratedError");
      expect(controls).toEqual(["KeepAlive", "KeepAlive", "CloseStream"]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("fails the call with the Workers AI error when the session is refused", async () => {
    const { emulator, workersai } = setup();
    emulator.script(NOVA, { error: { code: 3040 } });
    const audio = trackedStream(audioChunks([SPEECH]));
    const result = experimental_streamTranscribe({
      model: workersai.transcription(NOVA),
      audio: audio.stream,
      inputAudioFormat: { type: "audio/pcm", rate: 16000 },
    });
    await expect(result.text).rejects.toMatchObject({
      name: "AI_APICallError",
      isRetryable: true,
      statusCode: 429,
      data: { code: 3040 },
    });
    await audio.cancelled;
  });

  it("refuses models without a realtime session with UnsupportedFunctionalityError", async () => {
    const { workersai } = setup();
    const audio = trackedStream(audioChunks([SPEECH]));
    const result = experimental_streamTranscribe({
      model: workersai.transcription("@cf/openai/whisper-large-v3-turbo"),
      audio: audio.stream,
      inputAudioFormat: { type: "audio/pcm", rate: 16000 },
    });
    await expect(result.text).rejects.toMatchObject({
      name: "AI_UnsupportedFunctionalityError",
      functionality: "streaming transcription",
    });
    await audio.cancelled;
  });
});

describe("streaming speech (aura-2 over the binding WebSocket)", () => {
  async function* deltas(...pieces: string[]) {
    for (const piece of pieces) yield piece;
  }

  it("speaks streamed text: Speak per part, Flush per sentence, audio frames, Flushed markers, usage", async () => {
    const { emulator, workersai } = setup();
    const result = experimental_streamSpeech({
      model: workersai.speech(AURA),
      text: deltas("Hello there. ", "How are ", "you today?"),
      voice: "asteria",
    });
    const parts: Array<{
      type: string;
      audio?: Uint8Array;
      providerMetadata?: unknown;
      audioFormat?: unknown;
    }> = [];
    for await (const part of result.fullStream) parts.push(part);
    const audio = parts.filter((part) => part.type === "audio");
    expect(audio.length).toBeGreaterThan(2);
    expect(audio[0].audioFormat).toEqual({ type: "audio/pcm", rate: 24000 });
    const bytes = audio.reduce((sum, part) => sum + (part.audio?.length ?? 0), 0);
    expect(bytes % 2).toBe(0);
    expect(bytes).toBeGreaterThan(24000);
    const markers = audio.filter((part) => part.audio?.length === 0);
    expect(markers.map((part) => part.providerMetadata)).toEqual([
      { "workers-ai": { flushed: 0 } },
      { "workers-ai": { flushed: 1 } },
    ]);
    expect(await result.usage).toEqual({ inputCharacters: 31 });
    expect(emulator.requests.at(-1)).toMatchObject({
      model: AURA,
      options: { websocket: true },
      inputs: { speaker: "asteria", encoding: "linear16", sample_rate: 24000 },
    });
  });

  it("gives raw frames in the asked PCM format and warns about compressed formats and speed", async () => {
    const { workersai } = setup();
    const mulaw = experimental_streamSpeech({
      model: workersai.speech(AURA),
      text: "Short.",
      outputFormat: { type: "audio/pcmu", rate: 8000 },
    });
    const frames: Uint8Array[] = [];
    for await (const chunk of mulaw.audioStream) frames.push(chunk);
    expect(frames.reduce((sum, frame) => sum + frame.length, 0)).toBe(2400);

    const mp3 = experimental_streamSpeech({
      model: workersai.speech(AURA),
      text: "Short.",
      outputFormat: { type: "audio/mpeg" },
      speed: 1.2,
    });
    expect((await mp3.warnings).map((warning) => ("feature" in warning ? warning.feature : ""))).toEqual([
      "outputFormat",
      "speed",
    ]);
  });

  it("fails the stream when a text part asks for another voice (one voice per session)", async () => {
    const { workersai } = setup();
    const result = experimental_streamSpeech({
      model: workersai.speech(AURA),
      text: (async function* () {
        yield { type: "text" as const, text: "Hi.", voice: "zeus" };
      })(),
      voice: "luna",
    });
    await expect(result.usage).rejects.toMatchObject({ name: "AI_InvalidArgumentError", argument: "voice" });
  });

  it("aborts mid-stream and releases the text source", async () => {
    const { workersai } = setup();
    const controller = new AbortController();
    let released = false;
    const text = new ReadableStream<string>({
      start(streamController) {
        streamController.enqueue("The first sentence. ");
      },
      cancel() {
        released = true;
      },
    });
    const result = experimental_streamSpeech({
      model: workersai.speech(AURA),
      text,
      abortSignal: controller.signal,
    });
    const consumed = (async () => {
      for await (const part of result.fullStream) if (part.type === "audio") controller.abort();
    })();
    await expect(consumed).rejects.toMatchObject({ name: "AbortError" });
    await expect.poll(() => released).toBe(true);
  });

  it("refuses MeloTTS (no realtime session)", async () => {
    const { workersai } = setup();
    const result = experimental_streamSpeech({
      model: workersai.speech("@cf/myshell-ai/melotts"),
      text: "hi",
    });
    await expect(result.usage).rejects.toMatchObject({
      name: "AI_UnsupportedFunctionalityError",
      functionality: "streaming speech",
    });
  });
});

describe("realtime is opt-in (createWorkersAI({ realtime: workersAIRealtime }))", () => {
  const HOW_TO =
    'needs realtime audio, which is opt-in: add `import { workersAIRealtime } from "workers-ai-provider";` ' +
    "and pass createWorkersAI({ …, realtime: workersAIRealtime }).";

  it("streaming transcription without it says what to import and pass, opens no session and releases the audio", async () => {
    const emulator = createWorkersAIEmulator();
    const workersai = createWorkersAI({ binding: emulator.binding });
    const audio = trackedStream(audioChunks([SPEECH]));
    const result = experimental_streamTranscribe({
      model: workersai.transcription(NOVA),
      audio: audio.stream,
      inputAudioFormat: { type: "audio/pcm", rate: 16000 },
    });
    const error = await Promise.resolve(result.text).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      name: "AI_UnsupportedFunctionalityError",
      functionality: "streaming transcription",
      message: `experimental_streamTranscribe ${HOW_TO}`,
    });
    await audio.cancelled;
    expect(emulator.requests).toHaveLength(0);
  });

  it("streaming speech without it says what to import and pass, and releases the text", async () => {
    const emulator = createWorkersAIEmulator();
    const workersai = createWorkersAI({ binding: emulator.binding });
    let released = false;
    const text = new ReadableStream<string>({
      start(controller) {
        controller.enqueue("Hello.");
      },
      cancel() {
        released = true;
      },
    });
    const result = experimental_streamSpeech({ model: workersai.speech(AURA), text });
    await expect(result.usage).rejects.toMatchObject({
      name: "AI_UnsupportedFunctionalityError",
      functionality: "streaming speech",
      message: `experimental_streamSpeech ${HOW_TO}`,
    });
    await expect.poll(() => released).toBe(true);
    expect(emulator.requests).toHaveLength(0);
  });

  it("whole-file speech (generateSpeech) needs no opt-in", async () => {
    const emulator = createWorkersAIEmulator();
    const workersai = createWorkersAI({ binding: emulator.binding });
    const { audio } = await generateSpeech({ model: workersai.speech(AURA), text: "Hello." });
    expect(audio.uint8Array.length).toBeGreaterThan(0);
  });

  it("rejects a realtime value that is not workersAIRealtime at createWorkersAI", () => {
    const emulator = createWorkersAIEmulator();
    expect(() =>
      createWorkersAI({
        binding: emulator.binding,
        realtime: true as unknown as typeof workersAIRealtime,
      }),
    ).toThrow(
      'createWorkersAI: realtime must be workersAIRealtime (import { workersAIRealtime } from "workers-ai-provider").',
    );
  });
});
