/**
 * Emulated text-to-image models: valid PNG/JPEG files of the requested size. PNGs are placeholder
 * pictures of the colours and shapes the prompt names (sun, moon, mountains, sea, trees, a tower) over a
 * sky gradient, with an "EMULATOR" badge; JPEGs (phoenix) are one colour from the prompt.
 */
import type { CatalogModel } from "../catalog";
import { EmulatorError, invalidInput } from "../errors";
import { colourFromText, encodeJpeg, encodePalettePng, type Rgb } from "../media";
import { publishedSchemasOf } from "../published-schemas";
import type { EmulatorModelReply } from "../types";
import { bytesToBase64, isRecord } from "../util";

/** Single-word prompts the emulator "flags" (a false positive, like the real filter's). */
const NSFW_FALSE_POSITIVES = ["hamburger", "peach", "eggplant", "banana", "cherry"];

interface ImageLimits {
  defaultSize: number;
  minSize: number;
  maxSize: number;
  maxSteps?: number;
  stepsField: "steps" | "num_steps" | "either";
}

const LIMITS: Record<string, ImageLimits> = {
  "flux-1-schnell": { defaultSize: 1024, minSize: 64, maxSize: 2048, maxSteps: 8, stepsField: "steps" },
  "flux-2-klein-4b": { defaultSize: 1024, minSize: 64, maxSize: 2048, stepsField: "steps" },
  "flux-2-klein-9b": { defaultSize: 1024, minSize: 64, maxSize: 2048, stepsField: "steps" },
  "flux-2-dev": { defaultSize: 1024, minSize: 64, maxSize: 2048, maxSteps: 50, stepsField: "steps" },
  "lucid-origin": { defaultSize: 1120, minSize: 0, maxSize: 2500, maxSteps: 40, stepsField: "either" },
  "phoenix-1.0": { defaultSize: 1024, minSize: 0, maxSize: 2048, maxSteps: 50, stepsField: "num_steps" },
  "stable-diffusion-xl-base-1.0": {
    defaultSize: 1024,
    minSize: 256,
    maxSize: 2048,
    maxSteps: 20,
    stepsField: "num_steps",
  },
};

function numberField(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const n = typeof value === "string" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n)) throw invalidInput(`'${field}' must be a number`);
  return n;
}

async function multipartFields(inputs: Record<string, unknown>): Promise<Record<string, unknown>> {
  const part = inputs.multipart;
  if (!isRecord(part) || part.body === undefined)
    throw invalidInput("this model takes multipart form data ({ multipart: { body, contentType } })");
  const body = part.body;
  const contentType = typeof part.contentType === "string" ? part.contentType : "";
  let form: FormData;
  try {
    form = await new Response(body as BodyInit, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw invalidInput("multipart body could not be parsed as form data");
  }
  const fields: Record<string, unknown> = {};
  let images = 0;
  form.forEach((value, key) => {
    if (typeof value !== "string" || key.startsWith("input_image")) images++;
    else fields[key] = value;
  });
  if (images > 4) throw invalidInput("at most 4 input images are accepted");
  return fields;
}

/** Runs an image model. */
export async function runImage(
  model: CatalogModel,
  inputs: Record<string, unknown>,
): Promise<EmulatorModelReply> {
  const short = model.id.split("/").pop() ?? model.id;
  const limits = LIMITS[short] ?? LIMITS["flux-1-schnell"];
  const fields = short.startsWith("flux-2") ? await multipartFields(inputs) : inputs;
  const prompt = fields.prompt;
  if (typeof prompt !== "string" || prompt.trim() === "")
    throw invalidInput("'prompt' must be a non-empty string");
  if (prompt.length > 2048) throw invalidInput("'prompt' must be at most 2048 characters");
  if (NSFW_FALSE_POSITIVES.includes(prompt.trim().toLowerCase()))
    throw new EmulatorError(3030, "Input prompt contains NSFW content");
  const size = (field: "width" | "height") => {
    const value = numberField(fields[field], field);
    if (value === undefined || value === 0) return limits.defaultSize;
    if (value < limits.minSize || value > limits.maxSize)
      throw invalidInput(`'${field}' must be between ${limits.minSize} and ${limits.maxSize}`);
    return Math.floor(value);
  };
  const width = size("width");
  const height = size("height");
  const steps =
    limits.stepsField === "steps"
      ? numberField(fields.steps, "steps")
      : limits.stepsField === "num_steps"
        ? numberField(fields.num_steps, "num_steps")
        : (numberField(fields.num_steps, "num_steps") ?? numberField(fields.steps, "steps"));
  if (steps !== undefined && limits.maxSteps !== undefined && (steps < 1 || steps > limits.maxSteps))
    throw invalidInput(`steps must be between 1 and ${limits.maxSteps}`);
  const seed = numberField(fields.seed, "seed");
  const colour = colourFromText(`${prompt}|${seed ?? ""}`);
  // The published output schema says whether the image comes as raw bytes (and which) or as base64 JSON.
  const output = publishedSchemasOf(model.id)?.output;
  const binaryType = output?.format === "binary" ? output.contentType : undefined;
  if (binaryType === "image/jpeg")
    return { bytes: encodeJpeg(width, height, colour), contentType: "image/jpeg" };
  const png = placeholderPng(width, height, prompt, colour);
  if (binaryType !== undefined) return { bytes: png, contentType: "image/png" };
  return { json: { image: bytesToBase64(png) } };
}

const COLOURS: Record<string, Rgb> = {
  red: [214, 48, 49],
  orange: [243, 140, 40],
  yellow: [250, 210, 60],
  gold: [230, 180, 50],
  green: [60, 160, 80],
  blue: [50, 110, 210],
  teal: [30, 150, 150],
  purple: [130, 70, 180],
  violet: [140, 90, 200],
  pink: [240, 130, 180],
  white: [245, 245, 245],
  grey: [150, 150, 155],
  gray: [150, 150, 155],
  black: [25, 25, 30],
  brown: [130, 85, 50],
};

/** Shapes the prompt can name, with the words that name them. */
const SHAPES = {
  sun: /\b(sun|sunny|sunset|sunrise|dawn|dusk)\b/,
  moon: /\b(moon|night|stars?|midnight)\b/,
  mountains: /\b(mountains?|hills?|peaks?|alps|volcano)\b/,
  sea: /\b(sea|ocean|lake|water|beach|river|waves?|bay|harbou?r)\b/,
  trees: /\b(trees?|forest|woods?|park|garden|jungle)\b/,
  tower: /\b(lighthouse|tower|building|city|castle|skyscraper|house)\b/,
};

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [
  Math.round(a[0] + (b[0] - a[0]) * t),
  Math.round(a[1] + (b[1] - a[1]) * t),
  Math.round(a[2] + (b[2] - a[2]) * t),
];

/** The colour named right before `noun` ("a red sun"), if any. */
function colourBefore(prompt: string, noun: RegExp): Rgb | undefined {
  const words = prompt.toLowerCase().match(/[a-z]+/g) ?? [];
  const at = words.findIndex((w) => noun.test(w));
  return at > 0 ? COLOURS[words[at - 1]] : undefined;
}

/** 3×5 glyphs of the badge text, rows top to bottom, 3 bits each. */
const GLYPHS: Record<string, number[]> = {
  E: [7, 4, 6, 4, 7],
  M: [5, 7, 7, 5, 5],
  U: [5, 5, 5, 5, 7],
  L: [4, 4, 4, 4, 7],
  A: [2, 5, 7, 5, 5],
  T: [7, 2, 2, 2, 2],
  O: [7, 5, 5, 5, 7],
  R: [6, 5, 6, 5, 5],
};

/** A placeholder picture of what the prompt names: a deterministic scene, palette PNG. */
function placeholderPng(width: number, height: number, prompt: string, base: Rgb): Uint8Array {
  const text = prompt.toLowerCase();
  const has = (shape: keyof typeof SHAPES) => SHAPES[shape].test(text);
  const night = /\b(night|midnight|stars?)\b/.test(text);
  const warm = /\b(sunset|sunrise|dawn|dusk)\b/.test(text);
  // a colour word that does not colour a named shape ("a red sun") colours the sky
  const words = text.match(/[a-z]+/g) ?? [];
  const named = words.find(
    (w, i) => COLOURS[w] && !Object.values(SHAPES).some((re) => re.test(words[i + 1] ?? "")),
  );
  const skyTop: Rgb = night
    ? [10, 20, 60]
    : warm
      ? [250, 150, 80]
      : named
        ? mix(COLOURS[named], [255, 255, 255], 0.2)
        : base;
  const skyBottom: Rgb = night ? [40, 50, 110] : warm ? [250, 200, 170] : mix(skyTop, [255, 255, 255], 0.6);
  // palette: 0-15 sky gradient, then one colour per element
  const palette: Rgb[] = Array.from({ length: 16 }, (_, i) => mix(skyTop, skyBottom, i / 15));
  const add = (c: Rgb) => palette.push(c) - 1;
  const sunColour = add(colourBefore(text, SHAPES.sun) ?? (warm ? [255, 120, 40] : [255, 205, 60]));
  const moonColour = add([235, 235, 215]);
  const mountainColour = add(colourBefore(text, SHAPES.mountains) ?? [95, 100, 120]);
  const snowColour = add([245, 245, 250]);
  const seaColour = add(colourBefore(text, SHAPES.sea) ?? [40, 100, 170]);
  const waveColour = add(mix(palette[seaColour], [255, 255, 255], 0.35));
  const groundColour = add([90, 140, 70]);
  const treeColour = add(colourBefore(text, SHAPES.trees) ?? [40, 110, 60]);
  const trunkColour = add([100, 70, 40]);
  const towerColour = add(colourBefore(text, SHAPES.tower) ?? [235, 235, 235]);
  const stripeColour = add([200, 50, 50]);
  const badgeColour = add([20, 20, 25]);
  const badgeText = add([255, 255, 255]);

  const w = width;
  const h = height;
  const px = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) px.fill(Math.min(15, Math.floor((y / h) * 16)), y * w, (y + 1) * w);
  const set = (x: number, y: number, c: number) => {
    if (x >= 0 && y >= 0 && x < w && y < h) px[y * w + x] = c;
  };
  const rect = (x0: number, y0: number, x1: number, y1: number, c: number) => {
    for (let y = Math.max(0, Math.floor(y0)); y < Math.min(h, y1); y++)
      for (let x = Math.max(0, Math.floor(x0)); x < Math.min(w, x1); x++) px[y * w + x] = c;
  };
  const disc = (cx: number, cy: number, r: number, c: number) => {
    for (let y = Math.floor(cy - r); y <= cy + r; y++)
      for (let x = Math.floor(cx - r); x <= cx + r; x++)
        if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) set(x, y, c);
  };
  const triangle = (cx: number, top: number, half: number, bottom: number, c: number, cap?: number) => {
    for (let y = Math.max(0, Math.floor(top)); y < Math.min(h, bottom); y++) {
      const spread = ((y - top) / (bottom - top)) * half;
      const colour = cap !== undefined && y - top < (bottom - top) * 0.22 ? cap : c;
      for (let x = Math.floor(cx - spread); x <= cx + spread; x++) set(x, y, colour);
    }
  };
  const horizon = has("sea") ? h * 0.62 : h * 0.72;
  const unit = Math.min(w, h);
  const nothingNamed = !Object.values(SHAPES).some((re) => re.test(text));

  if (has("sun") || nothingNamed) disc(w * 0.72, h * 0.28, unit * 0.11, sunColour);
  if (has("moon")) disc(w * 0.25, h * 0.2, unit * 0.07, moonColour);
  if (night)
    for (let i = 0; i < 40; i++)
      set(Math.floor(((i * 73) % 97) * (w / 97)), Math.floor(((i * 37) % 41) * (h / 90)), moonColour);
  if (has("mountains")) {
    triangle(w * 0.3, h * 0.3, w * 0.32, horizon, mountainColour, snowColour);
    triangle(w * 0.68, h * 0.4, w * 0.3, horizon, mountainColour, snowColour);
  }
  if (has("sea")) {
    rect(0, horizon, w, h, seaColour);
    for (let y = Math.floor(horizon + unit * 0.04); y < h; y += Math.max(4, Math.floor(unit * 0.05)))
      for (let x = 0; x < w; x++) if (Math.sin((x / unit) * 40 + y) > 0.6) set(x, y, waveColour);
  } else rect(0, horizon, w, h, groundColour);
  if (has("tower")) {
    const tw = unit * 0.07;
    const top = h * 0.38;
    rect(w * 0.18 - tw / 2, top, w * 0.18 + tw / 2, horizon + unit * 0.02, towerColour);
    for (let y = top; y < horizon; y += unit * 0.08)
      rect(w * 0.18 - tw / 2, y, w * 0.18 + tw / 2, y + unit * 0.03, stripeColour);
    disc(w * 0.18, top, tw * 0.6, sunColour);
  }
  if (has("trees"))
    for (let i = 0; i < 5; i++) {
      const cx = w * (0.1 + i * 0.2);
      rect(cx - unit * 0.012, horizon - unit * 0.02, cx + unit * 0.012, horizon + unit * 0.05, trunkColour);
      triangle(cx, horizon - unit * 0.2, unit * 0.06, horizon, treeColour);
    }
  // the badge: "EMULATOR" in the bottom-right corner
  const scale = Math.max(1, Math.floor(unit / 160));
  const label = "EMULATOR";
  const bw = (label.length * 4 + 1) * scale;
  const bh = 7 * scale;
  const bx = w - bw - 2 * scale;
  const by = h - bh - 2 * scale;
  if (bx >= 0 && by >= 0) {
    rect(bx, by, bx + bw, by + bh, badgeColour);
    [...label].forEach((char, i) => {
      GLYPHS[char].forEach((row, gy) => {
        for (let gx = 0; gx < 3; gx++)
          if (row & (4 >> gx))
            rect(
              bx + (1 + i * 4 + gx) * scale,
              by + (1 + gy) * scale,
              bx + (2 + i * 4 + gx) * scale,
              by + (2 + gy) * scale,
              badgeText,
            );
      });
    });
  }
  return encodePalettePng(w, h, palette, px);
}
