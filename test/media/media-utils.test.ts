import { InvalidArgumentError, type SharedV4Warning } from "@ai-sdk/provider";
import { convertUint8ArrayToBase64 } from "@ai-sdk/provider-utils";
import { describe, expect, it } from "vitest";
import {
  isBoolean,
  isInteger,
  isIntegerOrFalse,
  isNumber,
  isString,
  isStrings,
  oneOf,
} from "../../src/guards";
import { resolveImageSize } from "../../src/image/image-size";
import { decodeBase64, fileDataToBytes } from "../../src/media-utils/base64";
import { createConcurrencyLimiter } from "../../src/media-utils/limiter";
import { detectAudioMediaType, detectImageMediaType } from "../../src/media-utils/media-type";
import { OptionReader } from "../../src/media-utils/options";
import { readReplyJson, readReplyMedia } from "../../src/media-utils/read-reply";
import type { WorkersAIReply } from "../../src/transport/types";
import {
  chunkedStream,
  FLAC_BYTES,
  JPEG_BYTES,
  mp3Frame,
  mp3WithId3,
  OGG_BYTES,
  PNG_BYTES,
  toBase64,
  WEBP_BYTES,
  wavBytes,
} from "./helpers";

const SOURCE = { url: "workers-ai-binding://run/@cf/test/model" };
const json = (value: unknown): WorkersAIReply => ({ type: "json", value, headers: {}, warnings: [] });
const bytes = (data: Uint8Array, contentType?: string): WorkersAIReply => ({
  type: "bytes",
  bytes: data,
  contentType,
  headers: {},
  warnings: [],
});
const stream = (data: Uint8Array, contentType?: string): WorkersAIReply => ({
  type: "stream",
  stream: chunkedStream(data, 3),
  contentType,
  headers: {},
  warnings: [],
});

describe("media type detection", () => {
  it("detects images from their bytes", () => {
    expect(detectImageMediaType(PNG_BYTES)).toBe("image/png");
    expect(detectImageMediaType(JPEG_BYTES)).toBe("image/jpeg");
    expect(detectImageMediaType(WEBP_BYTES)).toBe("image/webp");
    expect(detectImageMediaType(new TextEncoder().encode("GIF89a\x01\x00\x01\x00"))).toBe("image/gif");
    expect(detectImageMediaType(Uint8Array.from([1, 2, 3]))).toBeUndefined();
  });

  it("detects audio from its bytes, including MP3 by ID3 tag or any frame sync and AAC by ADTS", () => {
    expect(detectAudioMediaType(mp3WithId3())).toBe("audio/mpeg");
    expect(detectAudioMediaType(mp3Frame())).toBe("audio/mpeg");
    expect(detectAudioMediaType(Uint8Array.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0, 0]))).toBe(
      "audio/mpeg",
    );
    // MPEG-2 Layer III at 24 kHz (0xFF 0xF3 is in the table; 0xFF 0xE3 with other bits is not)
    expect(detectAudioMediaType(Uint8Array.from([0xff, 0xe7, 0x10, 0x00]))).toBe("audio/mpeg");
    expect(detectAudioMediaType(Uint8Array.from([0xff, 0xf1, 0x50, 0x80]))).toBe("audio/aac");
    expect(detectAudioMediaType(Uint8Array.from([0xff, 0xf9, 0x50, 0x80]))).toBe("audio/aac");
    expect(detectAudioMediaType(wavBytes())).toBe("audio/wav");
    expect(detectAudioMediaType(OGG_BYTES)).toBe("audio/ogg");
    expect(detectAudioMediaType(FLAC_BYTES)).toBe("audio/flac");
    expect(detectAudioMediaType(Uint8Array.from([0x1a, 0x45, 0xdf, 0xa3, 0, 0]))).toBe("audio/webm");
    expect(detectAudioMediaType(Uint8Array.from([0x7f, 0x7e]))).toBeUndefined();
  });
});

describe("base64", () => {
  it("decodes standard, URL-safe, data-URL and wrapped base64 and rejects garbage", () => {
    const data = Uint8Array.from([251, 255, 0, 1, 2]);
    const standard = convertUint8ArrayToBase64(data);
    expect(decodeBase64(standard)).toEqual(data);
    expect(decodeBase64(standard.replace(/\+/g, "-").replace(/\//g, "_"))).toEqual(data);
    expect(decodeBase64(`data:image/png;base64,${standard}`)).toEqual(data);
    expect(decodeBase64(`${standard.slice(0, 4)}\n${standard.slice(4)}`)).toEqual(data);
    expect(decodeBase64("not base64!")).toBeUndefined();
    expect(decodeBase64("abcde")).toBeUndefined();
    expect(fileDataToBytes(data)).toBe(data);
    expect(fileDataToBytes(standard)).toEqual(data);
  });
});

describe("readReplyMedia", () => {
  it("reads every reply form", async () => {
    const b64 = toBase64(PNG_BYTES);
    const forms: WorkersAIReply[] = [
      bytes(PNG_BYTES, "image/png"),
      stream(PNG_BYTES),
      json({ image: b64 }),
      json(b64),
      json({ result: { image: b64 }, success: true }),
      json(PNG_BYTES),
      bytes(new TextEncoder().encode(JSON.stringify({ image: b64 })), "application/json; charset=utf-8"),
      stream(new TextEncoder().encode(` {"image":"${b64}"}`)),
    ];
    for (const reply of forms) {
      const media = await readReplyMedia(reply, { field: "image", what: "image", url: SOURCE.url });
      expect(media.bytes).toEqual(PNG_BYTES);
    }
  });

  it("turns a stream that breaks mid-way into a retryable APICallError, but lets aborts through", async () => {
    const broken = (error: unknown): WorkersAIReply => ({
      type: "stream",
      stream: new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(PNG_BYTES.slice(0, 8));
          controller.error(error);
        },
      }),
      contentType: "image/png",
      headers: { "cf-ai-req-id": "r1" },
      warnings: [],
    });
    const options = { field: "image" as const, what: "image", url: SOURCE.url };
    await expect(readReplyMedia(broken(new TypeError("terminated")), options)).rejects.toMatchObject({
      name: "AI_APICallError",
      isRetryable: true,
      url: SOURCE.url,
      responseHeaders: { "cf-ai-req-id": "r1" },
    });
    const abort = new DOMException("stopped", "AbortError");
    await expect(readReplyMedia(broken(abort), options)).rejects.toBe(abort);
  });

  it("keeps raw audio that merely starts with a brace byte", async () => {
    const raw = Uint8Array.from([0x7b, 0x00, 0xff, 0x10]);
    const media = await readReplyMedia(bytes(raw), {
      field: "audio",
      what: "speech",
      headerless: "audio/pcm",
      url: SOURCE.url,
    });
    expect(media).toEqual({ bytes: raw, mediaType: "audio/pcm" });
  });

  it("fails with InvalidResponseDataError for missing, invalid or empty media", async () => {
    for (const reply of [
      json({ image: 42 }),
      json({ other: "x" }),
      json({ image: "%%%" }),
      json({ image: "" }),
      bytes(new Uint8Array(0)),
      bytes(new TextEncoder().encode("{not json"), "application/json"),
    ]) {
      await expect(
        readReplyMedia(reply, { field: "image", what: "image", url: SOURCE.url }),
      ).rejects.toMatchObject({
        name: "AI_InvalidResponseDataError",
      });
    }
  });
});

describe("readReplyJson", () => {
  it("parses JSON from bytes and streams and rejects non-JSON", async () => {
    const text = new TextEncoder().encode('{"a":1}');
    expect(await readReplyJson(json({ a: 1 }), "x", SOURCE)).toEqual({ a: 1 });
    expect(await readReplyJson(bytes(text), "x", SOURCE)).toEqual({ a: 1 });
    expect(await readReplyJson(stream(text), "x", SOURCE)).toEqual({ a: 1 });
    await expect(readReplyJson(bytes(PNG_BYTES), "x", SOURCE)).rejects.toMatchObject({
      name: "AI_InvalidResponseDataError",
    });
  });
});

describe("concurrency limiter", () => {
  it("runs at most max tasks at once and releases slots after failures", async () => {
    const limiter = createConcurrencyLimiter(2);
    let active = 0;
    let peak = 0;
    const task = (fail: boolean) => async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      active--;
      if (fail) throw new Error("boom");
      return "ok";
    };
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((i) => limiter.run(task(i === 2))));
    expect(peak).toBe(2);
    expect(results.map((result) => result.status)).toEqual([
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
      "fulfilled",
    ]);
  });

  it("drops a queued task when its signal aborts, without running it", async () => {
    const limiter = createConcurrencyLimiter(1);
    let release: () => void = () => {};
    const first = limiter.run(() => new Promise<void>((resolve) => (release = resolve)));
    const controller = new AbortController();
    let ran = false;
    const queued = limiter.run(async () => {
      ran = true;
    }, controller.signal);
    controller.abort(new DOMException("stop", "AbortError"));
    await expect(queued).rejects.toMatchObject({ name: "AbortError" });
    release();
    await first;
    expect(ran).toBe(false);
    await expect(limiter.run(async () => "next")).resolves.toBe("next");
  });

  it("leaves no abort listener behind on a signal shared by many queued tasks", async () => {
    const limiter = createConcurrencyLimiter(2);
    const signal = new AbortController().signal;
    let listeners = 0;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = (...args: Parameters<AbortSignal["addEventListener"]>) => {
      listeners++;
      add(...args);
    };
    signal.removeEventListener = (...args: Parameters<AbortSignal["removeEventListener"]>) => {
      listeners--;
      remove(...args);
    };
    const tick = () => new Promise((resolve) => setTimeout(resolve, 1));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => limiter.run(() => tick().then(() => i), signal)),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(listeners).toBe(0);
  });

  it("starts queued tasks in queue order: a call made when a slot frees waits behind them", async () => {
    const limiter = createConcurrencyLimiter(1);
    const started: string[] = [];
    const task = (name: string) => async () => {
      started.push(name);
      await new Promise((resolve) => setTimeout(resolve, 1));
    };
    const first = limiter.run(task("a"));
    const queued = ["b", "c"].map((name) => limiter.run(task(name)));
    await first;
    await limiter.run(task("late"));
    await Promise.all(queued);
    expect(started).toEqual(["a", "b", "c", "late"]);
  });

  it("wakes only the task whose turn it is: each queued task subscribes to its signal once", async () => {
    const limiter = createConcurrencyLimiter(1);
    const signal = new AbortController().signal;
    let subscriptions = 0;
    const add = signal.addEventListener.bind(signal);
    signal.addEventListener = (...args: Parameters<AbortSignal["addEventListener"]>) => {
      subscriptions++;
      add(...args);
    };
    const tick = () => new Promise((resolve) => setTimeout(resolve, 1));
    await Promise.all(Array.from({ length: 10 }, () => limiter.run(tick, signal)));
    expect(subscriptions).toBe(9);
  });

  it("rejects at once for an already aborted signal", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(createConcurrencyLimiter(1).run(async () => 1, controller.signal)).rejects.toMatchObject({
      name: "AbortError",
    });
  });
});

describe("resolveImageSize", () => {
  const limits = { size: true, minSize: 256, maxSize: 2048, defaultWidth: 1024, defaultHeight: 1024 };
  const noSize = {};
  const none = { size: undefined, aspectRatio: undefined, width: undefined, height: undefined };

  it("uses size, warns that aspectRatio is then ignored, and lets explicit width/height win", () => {
    const warnings: SharedV4Warning[] = [];
    expect(
      resolveImageSize({ ...none, size: "800x600", aspectRatio: "1:1", height: 512 }, "m", limits, warnings),
    ).toEqual({
      width: 800,
      height: 512,
    });
    expect(warnings.map((warning) => warning.type)).toEqual(["unsupported", "other"]);
  });

  it("keeps the ratio when an aspect ratio would exceed the maximum", () => {
    const warnings: SharedV4Warning[] = [];
    const size = resolveImageSize({ ...none, aspectRatio: "4:1" }, "m", limits, warnings);
    expect(size).toEqual({ width: 2048, height: 512 });
    expect(warnings).toEqual([]);
  });

  it("warns about malformed sizes and models without size support", () => {
    const warnings: SharedV4Warning[] = [];
    expect(
      resolveImageSize({ ...none, size: "bigxsmall" as `${number}x${number}` }, "m", limits, warnings),
    ).toEqual({});
    expect(resolveImageSize({ ...none, aspectRatio: "16:9" }, "m", noSize, warnings)).toEqual({});
    expect(resolveImageSize(none, "m", noSize, warnings)).toEqual({});
    expect(warnings).toHaveLength(2);
  });
});

describe("OptionReader", () => {
  it("prefers per-call options over settings and treats null as unset", () => {
    const reader = new OptionReader({ a: 1, b: "s" }, { "workers-ai": { a: 2, b: null } });
    expect(reader.read("a", isNumber)).toBe(2);
    expect(reader.read("b", isString)).toBe("s");
    expect(reader.has("c")).toBe(false);
  });

  it("rejects a provider options namespace that is not an object", () => {
    expect(() => new OptionReader({}, { "workers-ai": [] as never })).toThrow(/must be an object/);
  });

  it("rejects values of the wrong type", () => {
    const reader = new OptionReader({}, { "workers-ai": { n: 1.5, s: 3, l: [1], inf: Number.NaN } });
    expect(() => reader.read("n", isInteger)).toThrow(/integer/);
    expect(() => reader.read("s", isString)).toThrow(/string/);
    expect(() => reader.read("l", isStrings)).toThrow(/array of strings/);
    expect(() => reader.read("inf", isNumber)).toThrow(/finite/);
  });

  it("checks every kind: booleans, allowed strings, integer or false, a string or a list of them", () => {
    const good = new OptionReader(
      { flag: true, mode: "cls", off: false, count: 3, one: "a", many: ["a", "b"] },
      undefined,
    );
    expect(good.read("flag", isBoolean)).toBe(true);
    const mode: "mean" | "cls" | undefined = good.read("mode", oneOf(["mean", "cls"]));
    expect(mode).toBe("cls");
    expect(good.read("off", isIntegerOrFalse)).toBe(false);
    expect(good.read("count", isIntegerOrFalse)).toBe(3);
    expect(good.read("one", isStrings)).toBe("a");
    expect(good.read("many", isStrings)).toEqual(["a", "b"]);
    expect(good.read("unset", isBoolean)).toBeUndefined();

    const bad = new OptionReader({ flag: "yes", mode: "max", on: true, count: 1 }, undefined);
    expect(() => bad.read("flag", isBoolean)).toThrow(
      'Workers AI option "flag" must be a boolean, got "yes".',
    );
    expect(() => bad.read("mode", oneOf(["mean", "cls"]))).toThrow('must be one of "mean", "cls", got "max"');
    expect(() => bad.read("on", isIntegerOrFalse)).toThrow("must be an integer or false, got true");
    expect(() => bad.read("count", oneOf(["1"]))).toThrow(InvalidArgumentError);
  });
});
