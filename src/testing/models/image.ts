/** Emulated text-to-image models: valid PNG/JPEG files of the requested size, coloured by the prompt. */
import type { CatalogModel } from "../catalog";
import { EmulatorError, invalidInput } from "../errors";
import { colourFromText, encodeJpeg, encodePng } from "../media";
import { publishedSchemasOf } from "../published-schemas";
import type { EmulatorModelReply } from "../types";
import { bytesToBase64, isRecord } from "../util";

/** Single-word prompts the emulator "flags" (a false positive, like the real filter's). */
export const NSFW_FALSE_POSITIVES = ["hamburger", "peach", "eggplant", "banana", "cherry"];

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
  const png = encodePng(width, height, colour);
  if (binaryType !== undefined) return { bytes: png, contentType: "image/png" };
  return { json: { image: bytesToBase64(png) } };
}
