import { inflateSync, crc32 as nodeCrc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  createWorkersAIEmulator,
  encodeJpeg,
  encodeMp3,
  encodePng,
  encodeWav,
} from "../../src/testing/index";
import { type Json, rejection, streamBytes } from "./helpers";

/** Parses a PNG: checks signature and every chunk CRC, inflates IDAT. */
function parsePng(bytes: Uint8Array) {
  expect([...bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: string[] = [];
  const idat: Buffer[] = [];
  let width = 0;
  let height = 0;
  let colourType = -1;
  for (let o = 8; o < view.length; ) {
    const length = view.readUInt32BE(o);
    const type = view.toString("latin1", o + 4, o + 8);
    const data = view.subarray(o + 8, o + 8 + length);
    expect(view.readUInt32BE(o + 8 + length)).toBe(nodeCrc32(view.subarray(o + 4, o + 8 + length)));
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      colourType = data[9];
    }
    if (type === "IDAT") idat.push(data);
    chunks.push(type);
    o += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  return { chunks, width, height, colourType, raw };
}

/** Decodes the JPEG headers and the whole entropy-coded scan (baseline, Huffman). */
function parseJpeg(bytes: Uint8Array) {
  expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
  expect([bytes.at(-2), bytes.at(-1)]).toEqual([0xff, 0xd9]);
  let o = 2;
  let width = 0;
  let height = 0;
  let components = 0;
  const tables = new Map<number, Map<string, number>>();
  let scanStart = -1;
  while (o < bytes.length && scanStart < 0) {
    expect(bytes[o]).toBe(0xff);
    const marker = bytes[o + 1];
    const length = (bytes[o + 2] << 8) | bytes[o + 3];
    const seg = bytes.subarray(o + 4, o + 2 + length);
    if (marker === 0xc0) {
      height = (seg[1] << 8) | seg[2];
      width = (seg[3] << 8) | seg[4];
      components = seg[5];
    }
    if (marker === 0xc4) {
      let p = 0;
      while (p < seg.length) {
        const id = seg[p];
        const counts = seg.subarray(p + 1, p + 17);
        let k = p + 17;
        const map = new Map<string, number>();
        let code = 0;
        for (let len = 1; len <= 16; len++) {
          for (let i = 0; i < counts[len - 1]; i++) {
            map.set(code.toString(2).padStart(len, "0"), seg[k++]);
            code++;
          }
          code <<= 1;
        }
        tables.set(id, map);
        p = k;
      }
    }
    if (marker === 0xda) scanStart = o + 2 + length;
    o += 2 + length;
  }
  let bit = 0;
  const data: number[] = [];
  for (let i = scanStart; i < bytes.length - 2; i++) {
    data.push(bytes[i]);
    if (bytes[i] === 0xff) {
      expect(bytes[i + 1]).toBe(0x00);
      i++;
    }
  }
  const readBit = () => (data[bit >> 3] >> (7 - (bit++ & 7))) & 1;
  const decode = (table: Map<string, number>) => {
    let code = "";
    for (;;) {
      code += readBit();
      const value = table.get(code);
      if (value !== undefined) return value;
      if (code.length > 16) throw new Error("bad huffman code");
    }
  };
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8) * components;
  const dc = [0, 0, 0];
  const firstDc: number[] = [];
  for (let b = 0; b < blocks; b++) {
    const c = b % components;
    const category = decode(tables.get(0x00)!);
    let diff = 0;
    for (let i = 0; i < category; i++) diff = (diff << 1) | readBit();
    if (category > 0 && diff < 1 << (category - 1)) diff -= (1 << category) - 1;
    dc[c] += diff;
    if (b < components) firstDc.push(dc[c]);
    let k = 1;
    while (k < 64) {
      const symbol = decode(tables.get(0x10)!);
      if (symbol === 0) break;
      k += (symbol >> 4) + 1;
    }
  }
  expect(Math.ceil(bit / 8)).toBe(data.length);
  return { width, height, components, firstDc, finalDc: dc };
}

describe("media encoders", () => {
  it("writes valid PNG files of the requested size", () => {
    const png = parsePng(encodePng(300, 7, [200, 10, 30]));
    expect(png.chunks).toEqual(["IHDR", "PLTE", "IDAT", "IEND"]);
    expect([png.width, png.height, png.colourType]).toEqual([300, 7, 3]);
    expect(png.raw.length).toBe(7 * 301);
    for (let y = 0; y < 7; y++) expect(png.raw[y * 301]).toBe(0);
  });

  it("splits large images into several stored deflate blocks", () => {
    const png = parsePng(encodePng(400, 400, [1, 2, 3]));
    expect(png.raw.length).toBe(400 * 401);
  });

  it("writes baseline JPEG files whose scan decodes completely", () => {
    const jpeg = parseJpeg(encodeJpeg(70, 33, [255, 0, 0]));
    expect([jpeg.width, jpeg.height, jpeg.components]).toEqual([70, 33, 3]);
    const [y, cb, cr] = jpeg.firstDc.map((v) => v / 8 + 128);
    expect(y).toBeCloseTo(76, 0);
    expect(cb).toBeCloseTo(85, 0);
    expect(cr).toBeCloseTo(255, 0);
    expect(jpeg.finalDc).toEqual(jpeg.firstDc);
  });

  it("writes MPEG-1 Layer III frames", () => {
    const mp3 = encodeMp3(5);
    expect(mp3.length).toBe(5 * 417);
    for (let f = 0; f < 5; f++) {
      const o = f * 417;
      expect(mp3[o]).toBe(0xff);
      expect(mp3[o + 1] & 0xe0).toBe(0xe0);
      expect((mp3[o + 1] >> 3) & 3).toBe(3);
      expect((mp3[o + 1] >> 1) & 3).toBe(1);
      const bitrate =
        [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320][mp3[o + 2] >> 4] * 1000;
      const sampleRate = [44100, 48000, 32000][(mp3[o + 2] >> 2) & 3];
      const padding = (mp3[o + 2] >> 1) & 1;
      expect(Math.floor((144 * bitrate) / sampleRate) + padding).toBe(417);
    }
  });

  it("writes RIFF/WAVE PCM16", () => {
    const wav = Buffer.from(encodeWav([0, 0.5, -0.5, 1], 8000));
    expect(wav.toString("latin1", 0, 4)).toBe("RIFF");
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.toString("latin1", 8, 16)).toBe("WAVEfmt ");
    expect(wav.readUInt16LE(20)).toBe(1);
    expect(wav.readUInt32LE(24)).toBe(8000);
    expect(wav.toString("latin1", 36, 40)).toBe("data");
    expect(wav.readUInt32LE(40)).toBe(8);
    expect(wav.readInt16LE(46)).toBe(16384);
    expect(wav.readInt16LE(50)).toBe(32767);
  });
});

describe("image models", () => {
  it("flux-1-schnell answers JSON with a base64 1024×1024 PNG", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run("@cf/black-forest-labs/flux-1-schnell", {
      prompt: "a cat",
      steps: 4,
    })) as Json;
    const png = parsePng(new Uint8Array(Buffer.from(result.image, "base64")));
    expect([png.width, png.height]).toEqual([1024, 1024]);
  });

  it("flux-1-schnell rejects steps > 8", async () => {
    const emulator = createWorkersAIEmulator();
    const error = await rejection(
      emulator.binding.run("@cf/black-forest-labs/flux-1-schnell", { prompt: "a cat", steps: 9 }),
    );
    expect(error.message).toBe("8001: Invalid input: steps must be between 1 and 8");
  });

  it("flags single-word false positives with 3030", async () => {
    const emulator = createWorkersAIEmulator();
    const error = await rejection(
      emulator.binding.run("@cf/black-forest-labs/flux-1-schnell", { prompt: "Hamburger" }),
    );
    expect(error.message).toBe("3030: Input prompt contains NSFW content");
    await expect(
      emulator.binding.run("@cf/black-forest-labs/flux-1-schnell", { prompt: "a hamburger on a plate" }),
    ).resolves.toHaveProperty("image");
  });

  it("lucid-origin defaults to 1120×1120", async () => {
    const emulator = createWorkersAIEmulator();
    const result = (await emulator.binding.run("@cf/leonardo/lucid-origin", { prompt: "a hill" })) as Json;
    const png = parsePng(new Uint8Array(Buffer.from(result.image, "base64")));
    expect([png.width, png.height]).toEqual([1120, 1120]);
  });

  it("phoenix returns a JPEG byte stream of the requested size", async () => {
    const emulator = createWorkersAIEmulator();
    const stream = await emulator.binding.run("@cf/leonardo/phoenix-1.0", {
      prompt: "a boat",
      width: 640,
      height: 360,
    });
    const jpeg = parseJpeg(await streamBytes(stream));
    expect([jpeg.width, jpeg.height]).toEqual([640, 360]);
  });

  it("SDXL returns a PNG byte stream without num_steps", async () => {
    const emulator = createWorkersAIEmulator();
    const stream = await emulator.binding.run("@cf/stabilityai/stable-diffusion-xl-base-1.0", {
      prompt: "a tree",
      width: 512,
      height: 256,
    });
    const png = parsePng(await streamBytes(stream));
    expect([png.width, png.height]).toEqual([512, 256]);
    const error = await rejection(
      emulator.binding.run("@cf/stabilityai/stable-diffusion-xl-base-1.0", {
        prompt: "a tree",
        num_steps: 30,
      }),
    );
    expect(error.message).toMatch(/^8001: /);
  });

  it("flux-2 takes multipart input through the binding", async () => {
    const emulator = createWorkersAIEmulator();
    const form = new FormData();
    form.append("prompt", "a lighthouse at dusk");
    form.append("width", "256");
    form.append("height", "128");
    const wrapped = new Response(form);
    const result = (await emulator.binding.run("@cf/black-forest-labs/flux-2-dev", {
      multipart: { body: wrapped.body, contentType: wrapped.headers.get("content-type") },
    })) as Json;
    const png = parsePng(new Uint8Array(Buffer.from(result.image, "base64")));
    expect([png.width, png.height]).toEqual([256, 128]);
    expect(emulator.requests[0].headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(emulator.requests[0].bodyBytes).toBeGreaterThan(100);
  });

  it("flux-2 accepts a FormData body directly and rejects JSON prompts", async () => {
    const emulator = createWorkersAIEmulator();
    const form = new FormData();
    form.append("prompt", "a dog");
    const result = (await emulator.binding.run("@cf/black-forest-labs/flux-2-klein-9b", {
      multipart: { body: form },
    })) as Json;
    expect(typeof result.image).toBe("string");
    const error = await rejection(
      emulator.binding.run("@cf/black-forest-labs/flux-2-klein-9b", { prompt: "a dog" }),
    );
    expect(error.message).toMatch(/^8001: Invalid input: this model takes multipart form data/);
  });

  it("gives different prompts different colours and equal prompts equal images", async () => {
    const emulator = createWorkersAIEmulator();
    const run = async (prompt: string) =>
      ((await emulator.binding.run("@cf/leonardo/lucid-origin", { prompt, width: 64, height: 64 })) as Json)
        .image;
    expect(await run("red")).toBe(await run("red"));
    expect(await run("red")).not.toBe(await run("blue"));
  });
});
