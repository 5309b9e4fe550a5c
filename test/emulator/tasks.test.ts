import { describe, expect, it } from "vitest";
import { createWorkersAIEmulator, encodeWav } from "../../src/testing/index";
import { type Json, rejection, streamBytes } from "./helpers";

const dot = (a: number[], b: number[]) => a.reduce((sum, v, i) => sum + v * b[i], 0);

describe("embeddings", () => {
  it.each([
    ["@cf/baai/bge-small-en-v1.5", 384],
    ["@cf/baai/bge-base-en-v1.5", 768],
    ["@cf/baai/bge-large-en-v1.5", 1024],
    ["@cf/baai/bge-m3", 1024],
    ["@cf/google/embeddinggemma-300m", 768],
  ])("%s gives %i-dimensional unit vectors", async (model, dim) => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run(model, { text: ["hello world", "goodbye"] })) as Json;
    expect(result.shape).toEqual([2, dim]);
    expect(result.data).toHaveLength(2);
    for (const v of result.data) {
      expect(v).toHaveLength(dim);
      expect(dot(v, v)).toBeCloseTo(1, 4);
    }
  });

  it("gives equal vectors for equal texts and closer vectors for shared words", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run("@cf/baai/bge-base-en-v1.5", {
      text: ["the cat sat on the mat", "the cat sat on the mat", "a cat on a mat", "quantum tax policy"],
    })) as Json;
    const [a, b, c, d] = result.data as number[][];
    expect(a).toEqual(b);
    expect(dot(a, c)).toBeGreaterThan(dot(a, d) + 0.2);
    expect(result.pooling).toBe("mean");
  });

  it("gives different vectors for cls pooling", async () => {
    const emulator = createWorkersAIEmulator();
    const mean = (await emulator.binding.run("@cf/baai/bge-small-en-v1.5", { text: "same text" })) as Json;
    const cls = (await emulator.binding.run("@cf/baai/bge-small-en-v1.5", {
      text: "same text",
      pooling: "cls",
    })) as Json;
    expect(cls.pooling).toBe("cls");
    expect(cls.data[0]).not.toEqual(mean.data[0]);
  });

  it("enforces the batch maximum with 8001", async () => {
    const emulator = createWorkersAIEmulator();
    const error = await rejection(
      emulator.binding.run("@cf/baai/bge-m3", { text: Array.from({ length: 101 }, (_, i) => `t${i}`) }),
    );
    expect(error.message).toBe("8001: Invalid input: 'text' accepts at most 100 items, got 101");
    const qwen = await rejection(
      emulator.binding.run("@cf/qwen/qwen3-embedding-0.6b", {
        queries: Array.from({ length: 33 }, () => "q"),
      }),
    );
    expect(qwen.message).toMatch(/^8001: Invalid input: 'queries' accepts at most 32 items/);
  });

  it("embeds qwen3 queries and documents", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run("@cf/qwen/qwen3-embedding-0.6b", {
      queries: ["what is rain"],
      documents: ["rain is water", "snow is cold"],
    })) as Json;
    expect(result.shape).toEqual([3, 1024]);
    const text = (await emulator.binding.run("@cf/qwen/qwen3-embedding-0.6b", {
      text: "rain is water",
    })) as Json;
    expect(text.data[0]).toEqual(result.data[1]);
  });

  it("scores bge-m3 query + contexts", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run("@cf/baai/bge-m3", {
      query: "red apples",
      contexts: [{ text: "green pears" }, { text: "red apples are sweet" }],
    })) as Json;
    expect(result.response.map((r: Json) => r.id)).toEqual([0, 1]);
    expect(result.response[1].score).toBeGreaterThan(result.response[0].score);
  });
});

describe("reranking", () => {
  it("scores by word overlap, keeps input order and honours top_k", async () => {
    const emulator = createWorkersAIEmulator();
    const contexts = [
      { text: "Paris is in France" },
      { text: "The capital of France is Paris" },
      { text: "Bananas are yellow" },
    ];
    const all = (await emulator.binding.run("@cf/baai/bge-reranker-base", {
      query: "capital of France",
      contexts,
    })) as Json;
    expect(all.response.map((r: Json) => r.id)).toEqual([0, 1, 2]);
    const [a, b, c] = all.response.map((r: Json) => r.score);
    expect(b).toBeGreaterThan(a);
    expect(a).toBeGreaterThan(c);
    const top = (await emulator.binding.run("@cf/baai/bge-reranker-base", {
      query: "capital of France",
      contexts,
      top_k: 2,
    })) as Json;
    expect(top.response.map((r: Json) => r.id)).toEqual([0, 1]);
  });

  it("requires query and contexts", async () => {
    const emulator = createWorkersAIEmulator();
    const error = await rejection(
      emulator.binding.run("@cf/baai/bge-reranker-base", { contexts: [{ text: "x" }] }),
    );
    expect(error.message).toBe("8001: Invalid input: 'query' must be a non-empty string");
  });
});

describe("transcription", () => {
  const wav = new Uint8Array(encodeWav(new Float32Array(16000 * 3), 16000));

  it("whisper transcribes number[] audio with words and vtt (duration from the WAV header)", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run("@cf/openai/whisper", { audio: [...wav] })) as Json;
    expect(result.word_count).toBe(result.words.length);
    expect(result.text.split(" ")).toHaveLength(result.word_count);
    expect(result.words.at(-1).end).toBe(3);
    expect(result.vtt).toMatch(/^WEBVTT\n\n00:00:00\.000 --> 00:00:03\.000\n/);
    const again = (await emulator.binding.run("@cf/openai/whisper", { audio: [...wav] })) as Json;
    expect(again.text).toBe(result.text);
  });

  it("whisper falls back to bytes/16000 without a WAV header", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run("@cf/openai/whisper", {
      audio: new Array(8000).fill(7),
    })) as Json;
    expect(result.words.at(-1).end).toBe(0.5);
  });

  it("whisper-large-v3-turbo reflects task, language and initial_prompt", async () => {
    const emulator = createWorkersAIEmulator();
    const audio = Buffer.from(wav).toString("base64");
    const plain = (await emulator.binding.run("@cf/openai/whisper-large-v3-turbo", {
      audio,
      language: "fr",
    })) as Json;
    expect(plain.transcription_info).toMatchObject({ language: "fr", duration: 3, duration_after_vad: 3 });
    expect(plain.segments[0]).toMatchObject({ start: 0, end: 3, text: plain.text });
    expect(plain.word_count).toBe(plain.text.split(" ").length);
    const translated = (await emulator.binding.run("@cf/openai/whisper-large-v3-turbo", {
      audio,
      language: "fr",
      task: "translate",
      initial_prompt: "Meeting notes:",
    })) as Json;
    expect(translated.text).toBe(`[translated from fr] Meeting notes: ${plain.text}`);
    expect(translated.transcription_info.language).toBe("en");
  });

  it("whisper-large-v3-turbo rejects non-base64 audio with 5004", async () => {
    const emulator = createWorkersAIEmulator();
    const error = await rejection(
      emulator.binding.run("@cf/openai/whisper-large-v3-turbo", { audio: "***" }),
    );
    expect(error.message).toBe("5004: Invalid data type for base64 input");
  });

  it("nova-3 takes {body: ReadableStream, contentType} and adds speakers and language", async () => {
    const emulator = createWorkersAIEmulator();
    const body = new Response(wav).body;
    const result = (await emulator.binding.run("@cf/deepgram/nova-3", {
      audio: { body, contentType: "audio/wav" },
      diarize: true,
      detect_language: true,
      smart_format: true,
    })) as Json;
    const channel = result.results.channels[0];
    expect(channel.detected_language).toBe("en");
    const alt = channel.alternatives[0];
    expect(alt.transcript).toMatch(/^[A-Z].*\.$/);
    expect(alt.words.map((w: Json) => w.speaker)).toContain(1);
    expect(alt.words[0].speaker).toBe(0);
    expect(emulator.requests[0].headers["content-type"]).toBe("audio/wav");
    expect(emulator.requests[0].bodyBytes).toBe(wav.length);
  });

  it("nova-3 rejects a base64 string body: its published schema takes audio.body as an object (a stream)", async () => {
    const emulator = createWorkersAIEmulator();
    const error = await rejection(
      emulator.binding.run("@cf/deepgram/nova-3", {
        audio: { body: Buffer.from(wav).toString("base64"), contentType: "audio/wav" },
      }),
    );
    expect(error.message).toBe("8001: Invalid input: /audio/body must be object");
  });

  it("requires a content type for stream inputs", async () => {
    const emulator = createWorkersAIEmulator();
    const error = await rejection(
      emulator.binding.run("@cf/deepgram/nova-3", { audio: { body: new Response(wav).body } }),
    );
    expect(error.name).toBe("AiInternalError");
    expect(error.message).toBe("Content-Type is required with ReadableStream inputs");
  });
});

describe("speech", () => {
  it("aura-2-en returns an MP3 byte stream by default", async () => {
    const emulator = createWorkersAIEmulator();
    const bytes = await streamBytes(
      await emulator.binding.run("@cf/deepgram/aura-2-en", { text: "Hello there" }),
    );
    expect(bytes.length % 417).toBe(0);
    expect([bytes[0], bytes[1], bytes[417], bytes[418]]).toEqual([0xff, 0xfb, 0xff, 0xfb]);
  });

  it("aura returns WAV for linear16 + wav and the right content type", async () => {
    const emulator = createWorkersAIEmulator();
    const response = (await emulator.binding.run(
      "@cf/deepgram/aura-2-en",
      {
        text: "one two three four",
        speaker: "zeus",
        encoding: "linear16",
        container: "wav",
        sample_rate: 16000,
      },
      { returnRawResponse: true },
    )) as Response;
    expect(response.headers.get("content-type")).toBe("audio/wav");
    const wav = Buffer.from(await response.arrayBuffer());
    expect(wav.toString("latin1", 0, 4)).toBe("RIFF");
    expect(wav.readUInt32LE(24)).toBe(16000);
    expect(wav.readUInt32LE(40)).toBe(wav.length - 44);
    const flac = (await emulator.binding.run(
      "@cf/deepgram/aura-2-en",
      { text: "x", encoding: "flac" },
      { returnRawResponse: true },
    )) as Response;
    expect(flac.headers.get("content-type")).toBe("audio/flac");
    expect(Buffer.from(await flac.arrayBuffer()).toString("latin1", 0, 4)).toBe("fLaC");
  });

  it("rejects unknown speakers with 8001", async () => {
    const emulator = createWorkersAIEmulator();
    const error = await rejection(
      emulator.binding.run("@cf/deepgram/aura-2-es", { text: "hola", speaker: "luna" }),
    );
    expect(error.message).toBe('8001: Invalid input: unknown speaker "luna" for @cf/deepgram/aura-2-es');
    await expect(
      emulator.binding.run("@cf/deepgram/aura-2-es", { text: "hola", speaker: "javier" }),
    ).resolves.toBeInstanceOf(ReadableStream);
  });

  it("melotts answers JSON base64 MP3", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run("@cf/myshell-ai/melotts", {
      prompt: "Bonjour",
      lang: "fr",
    })) as Json;
    const bytes = Buffer.from(result.audio, "base64");
    expect([bytes[0], bytes[1], bytes[2]]).toEqual([0xff, 0xfb, 0x90]);
  });
});

describe("other tasks and the catalog", () => {
  it("translates, summarizes and classifies", async () => {
    const emulator = createWorkersAIEmulator();
    expect(await emulator.binding.run("@cf/meta/m2m100-1.2b", { text: "hello", target_lang: "fr" })).toEqual({
      translated_text: "[fr] hello",
    });
    const summary = (await emulator.binding.run("@cf/facebook/bart-large-cnn", {
      input_text: "one two three four five six",
    })) as Json;
    expect(summary.summary).toBe("one two");
    const sentiment = (await emulator.binding.run("@cf/huggingface/distilbert-sst-2-int8", {
      text: "I love this, great",
    })) as Json[];
    expect(sentiment[1].label).toBe("POSITIVE");
    expect(sentiment[1].score).toBeGreaterThan(0.9);
  });

  it("lists models with task and capability properties", async () => {
    const emulator = createWorkersAIEmulator();
    const all = await emulator.binding.models();
    const kimi = all.find((m) => m.name === "@cf/moonshotai/kimi-k2.7-code");
    expect(kimi?.task.name).toBe("Text Generation");
    const props = Object.fromEntries(kimi!.properties.map((p) => [p.property_id, p.value]));
    expect(props).toMatchObject({
      context_window: "262144",
      function_calling: "true",
      reasoning: "true",
      vision: "true",
    });
    const tasks = new Set(all.map((m) => m.task.name));
    for (const task of [
      "Text Generation",
      "Text Embeddings",
      "Text-to-Image",
      "Automatic Speech Recognition",
      "Text-to-Speech",
    ])
      expect(tasks).toContain(task);
    const llama = all.find((m) => m.name === "@cf/meta/llama-3.3-70b-instruct-fp8-fast")!;
    expect(llama.properties.find((p) => p.property_id === "reasoning")?.value).toBe("false");
    const page = await emulator.binding.models({ author: "deepgram", per_page: 2, page: 1 });
    expect(page).toHaveLength(2);
    expect(page.every((m) => m.name.startsWith("@cf/deepgram/"))).toBe(true);
  });
});
