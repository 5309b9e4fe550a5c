/**
 * Tiny, dependency-free encoders for the media the emulated models return: PNG (stored deflate),
 * baseline JPEG (solid colour), MP3 (silent MPEG-1 Layer III frames) and WAV (PCM16).
 */
import { hashString } from "./util";

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE, as used by PNG chunks) of `bytes[start, end)`. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Adler-32 checksum (zlib trailer). */
function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  const MOD = 65521;
  for (let i = 0; i < bytes.length; ) {
    const end = Math.min(i + 3800, bytes.length);
    for (; i < end; i++) {
      a += bytes[i];
      b += a;
    }
    a %= MOD;
    b %= MOD;
  }
  return ((b << 16) | a) >>> 0;
}

/** An RGB colour. */
export type Rgb = readonly [number, number, number];

/** A stable, fairly saturated colour derived from a text (e.g. an image prompt). */
export function colourFromText(text: string): Rgb {
  const h = hashString(text);
  return [64 + (h & 0x7f), 64 + ((h >>> 8) & 0x7f), 64 + ((h >>> 16) & 0x7f)];
}

function writeU32(out: Uint8Array, offset: number, value: number): void {
  out[offset] = (value >>> 24) & 0xff;
  out[offset + 1] = (value >>> 16) & 0xff;
  out[offset + 2] = (value >>> 8) & 0xff;
  out[offset + 3] = value & 0xff;
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  writeU32(out, 0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  writeU32(out, 8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

/** Wraps raw bytes in a zlib stream made of stored (uncompressed) deflate blocks. */
function zlibStored(raw: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(raw.length / 65535));
  const out = new Uint8Array(2 + raw.length + blocks * 5 + 4);
  out[0] = 0x78;
  out[1] = 0x01;
  let o = 2;
  for (let b = 0; b < blocks; b++) {
    const start = b * 65535;
    const len = Math.min(65535, raw.length - start);
    out[o++] = b === blocks - 1 ? 1 : 0;
    out[o++] = len & 0xff;
    out[o++] = (len >>> 8) & 0xff;
    out[o++] = ~len & 0xff;
    out[o++] = (~len >>> 8) & 0xff;
    out.set(raw.subarray(start, start + len), o);
    o += len;
  }
  writeU32(out, o, adler32(raw));
  return out;
}

/**
 * Encodes a valid `width`×`height` PNG (8-bit palette) painted in `colour` with diagonal stripes of a
 * darker shade, so different prompts give visibly different images.
 */
export function encodePng(width: number, height: number, colour: Rgb): Uint8Array {
  const w = Math.max(1, Math.floor(width));
  const h = Math.max(1, Math.floor(height));
  const pixels = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) pixels[y * w + x] = ((x + y) >> 5) & 1;
  return encodePalettePng(w, h, [colour, [colour[0] >> 1, colour[1] >> 1, colour[2] >> 1]], pixels);
}

/** Encodes a valid PNG from palette indexes (`pixels`, row by row, `width`×`height`) and ≤ 256 colours. */
export function encodePalettePng(
  width: number,
  height: number,
  palette: readonly Rgb[],
  pixels: Uint8Array,
): Uint8Array {
  const w = width;
  const h = height;
  const ihdr = new Uint8Array(13);
  writeU32(ihdr, 0, w);
  writeU32(ihdr, 4, h);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 3; // palette colour
  const plte = new Uint8Array(palette.length * 3);
  palette.forEach((c, i) => {
    plte.set(c, i * 3);
  });
  const raw = new Uint8Array(h * (w + 1));
  for (let y = 0; y < h; y++) raw.set(pixels.subarray(y * w, (y + 1) * w), y * (w + 1) + 1);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("PLTE", plte),
    pngChunk("IDAT", zlibStored(raw)),
    pngChunk("IEND", new Uint8Array(0)),
  ];
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

class BitWriter {
  private bytes: number[] = [];
  private acc = 0;
  private count = 0;

  write(bits: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((bits >>> i) & 1);
      this.count++;
      if (this.count === 8) this.flushByte();
    }
  }

  private flushByte(): void {
    this.bytes.push(this.acc);
    if (this.acc === 0xff) this.bytes.push(0x00); // byte stuffing
    this.acc = 0;
    this.count = 0;
  }

  finish(): number[] {
    if (this.count > 0) {
      while (this.count > 0) {
        this.acc = (this.acc << 1) | 1;
        this.count++;
        if (this.count === 8) this.flushByte();
      }
    }
    return this.bytes;
  }
}

// Standard JPEG luminance DC table (Annex K.3); the AC table only needs the end-of-block symbol.
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const AC_BITS = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const AC_VALUES = [0x00];

function huffmanCodes(bits: number[], values: number[]): Map<number, { code: number; length: number }> {
  const codes = new Map<number, { code: number; length: number }>();
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    for (let i = 0; i < bits[length - 1]; i++) codes.set(values[k++], { code: code++, length });
    code <<= 1;
  }
  return codes;
}

function segment(marker: number, payload: number[]): number[] {
  const length = payload.length + 2;
  return [0xff, marker, (length >> 8) & 0xff, length & 0xff, ...payload];
}

/**
 * Encodes a valid baseline JPEG (JFIF, 3 components, 4:4:4, one solid colour) of `width`×`height`.
 * Every 8×8 block holds only a DC coefficient, which keeps the encoder tiny.
 */
export function encodeJpeg(width: number, height: number, colour: Rgb): Uint8Array {
  const w = Math.min(65535, Math.max(1, Math.floor(width)));
  const h = Math.min(65535, Math.max(1, Math.floor(height)));
  const [r, g, b] = colour;
  const yy = 0.299 * r + 0.587 * g + 0.114 * b;
  const cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
  const cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
  const dcs = [yy, cb, cr].map((v) => Math.round(8 * (Math.min(255, Math.max(0, v)) - 128)));
  const dc = huffmanCodes(DC_BITS, DC_VALUES);
  const ac = huffmanCodes(AC_BITS, AC_VALUES);
  const eob = ac.get(0)!;
  const writer = new BitWriter();
  const mcus = Math.ceil(w / 8) * Math.ceil(h / 8);
  const previous = [0, 0, 0];
  for (let m = 0; m < mcus; m++) {
    for (let c = 0; c < 3; c++) {
      const diff = dcs[c] - previous[c];
      previous[c] = dcs[c];
      const magnitude = Math.abs(diff);
      const category = magnitude === 0 ? 0 : Math.floor(Math.log2(magnitude)) + 1;
      const symbol = dc.get(category)!;
      writer.write(symbol.code, symbol.length);
      if (category > 0) writer.write(diff < 0 ? diff + (1 << category) - 1 : diff, category);
      writer.write(eob.code, eob.length);
    }
  }
  const bytes: number[] = [0xff, 0xd8];
  bytes.push(
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0, 0]),
  );
  bytes.push(...segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]));
  bytes.push(
    ...segment(0xc0, [8, h >> 8, h & 0xff, w >> 8, w & 0xff, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]),
  );
  bytes.push(...segment(0xc4, [0x00, ...DC_BITS, ...DC_VALUES, 0x10, ...AC_BITS, ...AC_VALUES]));
  bytes.push(...segment(0xda, [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0]));
  const data = writer.finish();
  const out = new Uint8Array(bytes.length + data.length + 2);
  out.set(bytes, 0);
  out.set(data, bytes.length);
  out[out.length - 2] = 0xff;
  out[out.length - 1] = 0xd9;
  return out;
}

/** Length in bytes of one MPEG-1 Layer III frame at 128 kbit/s, 44.1 kHz, no padding. */
const MP3_FRAME_BYTES = 417;
/** Samples per MPEG-1 Layer III frame. */
export const MP3_FRAME_SAMPLES = 1152;

/**
 * Encodes `frames` silent MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, mono): each starts with the
 * header `FF FB 90 C4` and carries zero side information, which decoders play as silence.
 */
export function encodeMp3(frames: number): Uint8Array {
  const count = Math.max(1, Math.floor(frames));
  const out = new Uint8Array(count * MP3_FRAME_BYTES);
  for (let f = 0; f < count; f++) {
    const o = f * MP3_FRAME_BYTES;
    out[o] = 0xff;
    out[o + 1] = 0xfb;
    out[o + 2] = 0x90;
    out[o + 3] = 0xc4;
  }
  return out;
}

/** Encodes mono 16-bit PCM `samples` (−1..1) as a RIFF/WAVE file. */
export function encodeWav(samples: Float32Array | readonly number[], sampleRate: number): Uint8Array {
  const n = samples.length;
  const out = new Uint8Array(44 + n * 2);
  const view = new DataView(out.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) out[offset + i] = text.charCodeAt(i);
  };
  ascii(0, "RIFF");
  view.setUint32(4, 36 + n * 2, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, "data");
  view.setUint32(40, n * 2, true);
  for (let i = 0; i < n; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]));
    view.setInt16(44 + i * 2, Math.round(s * 32767), true);
  }
  return out;
}

/** A quiet sine tone of `seconds` at `sampleRate`, frequency picked from `seed`. */
export function toneSamples(seconds: number, sampleRate: number, seed: number): Float32Array {
  const n = Math.max(1, Math.round(seconds * sampleRate));
  const frequency = 220 + (seed % 440);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = 0.2 * Math.sin((2 * Math.PI * frequency * i) / sampleRate);
  return out;
}

/** Duration in seconds read from a WAV header, or `undefined` when `bytes` is not a WAV file. */
export function wavDurationSeconds(bytes: Uint8Array): number | undefined {
  if (bytes.length < 44) return undefined;
  const tag = (o: number) => String.fromCharCode(bytes[o], bytes[o + 1], bytes[o + 2], bytes[o + 3]);
  if (tag(0) !== "RIFF" || tag(8) !== "WAVE") return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let byteRate = 0;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    if (id === "fmt " && offset + 16 <= bytes.length) byteRate = view.getUint32(offset + 16, true);
    if (id === "data") {
      if (byteRate === 0) return undefined;
      const available = Math.min(size, bytes.length - offset - 8);
      return available / byteRate;
    }
    offset += 8 + size + (size & 1);
  }
  return undefined;
}
