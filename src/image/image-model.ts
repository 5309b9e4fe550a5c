import {
  APICallError,
  type ImageModelV4,
  type ImageModelV4CallOptions,
  type ImageModelV4File,
  type ImageModelV4Result,
  InvalidArgumentError,
  type SharedV4Warning,
} from "@ai-sdk/provider";
import { convertUint8ArrayToBase64 } from "@ai-sdk/provider-utils";
import { getModelInfo, type WorkersAICostUsage, type WorkersAIModelInfo } from "../catalog";
import { usageCostMetadata } from "../catalog/usage-metadata";
import { isInteger, isNumber, isString } from "../guards";
import { fileDataToBytes } from "../media-utils/base64";
import { type ConcurrencyLimiter, createConcurrencyLimiter } from "../media-utils/limiter";
import { detectImageMediaType } from "../media-utils/media-type";
import { OptionReader } from "../media-utils/options";
import { readReplyMedia } from "../media-utils/read-reply";
import {
  type ResolvedRequestSettings,
  resolveRequestSettings,
  sendRequest,
} from "../media-utils/request-settings";
import { replyMetadata, replyResult } from "../media-utils/response";
import { unsupported, type WorkersAIModelConfig } from "../model-config";
import { workersAICodeOf } from "../transport/errors";
import type { WorkersAIRunRequest } from "../transport/types";
import type { WorkersAIImageSettings } from "./image-settings";
import { clampToRange, resolveImageSize } from "./image-size";

type ImageInfo = NonNullable<WorkersAIModelInfo["image"]>;

/** Steps sent to a model whose schema states no default (lucid-origin, FLUX.2 dev), so error 1000 cannot happen. */
const FALLBACK_STEPS = 20;

/** Requests in flight per model instance unless `maxConcurrentRequests` says otherwise. */
const DEFAULT_MAX_CONCURRENT_REQUESTS = 4;

/** An input image, decoded. */
interface InputImage {
  bytes: Uint8Array;
  mediaType: string;
}

/** Everything one request needs except the per-image seed. */
interface ImagePlan {
  /** Scalar inputs (JSON fields or form fields). */
  fields: Record<string, string | number>;
  /** Steps the model runs (for the cost estimate), when known. */
  steps: number | undefined;
  inputImages: InputImage[];
  mask: InputImage | undefined;
  seed: number | undefined;
  request: ResolvedRequestSettings;
}

/**
 * A Workers AI text-to-image model: flux-1-schnell, FLUX.2 klein/dev (multipart), leonardo
 * lucid-origin and phoenix-1.0, stable-diffusion-xl-base-1.0, and unknown models (prompt plus
 * whatever options the caller gives). One request per image (`maxImagesPerCall: 1`).
 */
export class WorkersAIImageModel implements ImageModelV4 {
  readonly specificationVersion = "v4";
  readonly provider: string;
  readonly modelId: string;
  /** Workers AI makes one image per request; the AI SDK then calls once per image. */
  readonly maxImagesPerCall = 1;
  readonly supportsFileInputs: boolean | undefined;
  readonly supportsMaskInputs: boolean | undefined;

  private readonly settings: WorkersAIImageSettings;
  private readonly config: WorkersAIModelConfig;
  private readonly info: ImageInfo | undefined;
  private readonly limiter: ConcurrencyLimiter;

  constructor(modelId: string, settings: WorkersAIImageSettings, config: WorkersAIModelConfig) {
    this.provider = config.provider;
    this.modelId = modelId;
    this.settings = settings ?? {};
    this.config = config;
    this.info = getModelInfo(modelId)?.image;
    this.supportsFileInputs = this.info && this.info.imageInput === true;
    this.supportsMaskInputs = this.info && this.info.mask === true;
    this.limiter = createConcurrencyLimiter(
      this.settings.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS,
    );
  }

  async doGenerate(options: ImageModelV4CallOptions): Promise<ImageModelV4Result> {
    const warnings: SharedV4Warning[] = [];
    const plan = this.plan(options, warnings);
    const count = Math.max(1, Math.floor(options.n || 1));

    // One failed image stops the others: the AI SDK retries or reports the whole call.
    const failure = new AbortController();
    const signal = options.abortSignal
      ? AbortSignal.any([options.abortSignal, failure.signal])
      : failure.signal;
    const outcomes = await Promise.all(
      Array.from({ length: count }, (_, index) => {
        const seed = plan.seed !== undefined ? plan.seed + index : undefined;
        // Abort inside the task, before its slot is released, so no queued image starts after a failure.
        const task = () =>
          this.generateOne(plan, seed, signal).catch((error: unknown) => {
            failure.abort(error);
            throw error;
          });
        return this.limiter.run(task, signal).then((outcome) => ({ ...outcome, seed }));
      }),
    );

    const { width, height } = plan.fields;
    const usage = this.costUsage(plan);
    const imageCost = usageCostMetadata(this.modelId, { ...usage, images: 1 });
    // Per-image request ids and cost survive generateImage(), which keeps only `images` when merging calls.
    const images = outcomes.map(({ reply, mediaType, seed }) =>
      replyMetadata(reply, { mediaType, seed, width, height, ...imageCost }),
    );
    return {
      images: outcomes.map((outcome) => outcome.bytes),
      ...replyResult(
        outcomes[outcomes.length - 1].reply,
        [...warnings, ...outcomes.flatMap((outcome) => outcome.reply.warnings)],
        { modelId: this.modelId, timestamp: this.config.currentDate() },
        { ...usageCostMetadata(this.modelId, { ...usage, images: outcomes.length }), images },
      ),
    };
  }

  /**
   * What one image is priced by: the size and step count sent, else the catalog defaults the model applies,
   * plus input-image sizes (read from their PNG/JPEG headers) for models priced per input tile.
   */
  private costUsage({ fields, steps, inputImages }: ImagePlan): WorkersAICostUsage {
    const usage: WorkersAICostUsage = {
      width: (fields.width as number | undefined) ?? this.info?.defaultWidth,
      height: (fields.height as number | undefined) ?? this.info?.defaultHeight,
      steps,
    };
    if (inputImages.length > 0 && getModelInfo(this.modelId)?.price?.perInputTilePerStepUsd !== undefined) {
      // An unreadable size stays NaN, which the cost estimate treats as unknown (no cost is given).
      usage.inputImages = inputImages.map(
        (image) => imageDimensions(image.bytes) ?? { width: Number.NaN, height: Number.NaN },
      );
    }
    return usage;
  }

  private async generateOne(
    { fields, inputImages, mask, request }: ImagePlan,
    seed: number | undefined,
    signal: AbortSignal,
  ) {
    const values: Record<string, unknown> = seed === undefined ? { ...fields } : { ...fields, seed };
    let body: Pick<WorkersAIRunRequest, "inputs" | "rawBody">;
    if (this.info?.input === "multipart") {
      const form = new FormData();
      for (const [key, value] of Object.entries(values)) form.append(key, String(value));
      inputImages.forEach((image, index) => {
        // Field names input_image_0…3 follow the FLUX.2 docs' naming (exact names unconfirmed in the schema).
        form.append(
          `input_image_${index}`,
          new Blob([image.bytes as Uint8Array<ArrayBuffer>], { type: image.mediaType }),
          `input_image_${index}.${extensionOf(image.mediaType)}`,
        );
      });
      for (const [key, value] of Object.entries(request.extraInputs ?? {})) {
        form.set(key, typeof value === "string" ? value : JSON.stringify(value));
      }
      body = { inputs: {}, rawBody: { key: "multipart", body: form } };
    } else {
      if (inputImages.length > 0) values.image_b64 = convertUint8ArrayToBase64(inputImages[0].bytes);
      if (mask) values.mask = Array.from(mask.bytes);
      body = { inputs: { ...values, ...request.extraInputs } };
    }
    let sent: Awaited<ReturnType<typeof sendRequest>>;
    try {
      sent = await sendRequest(this.config, { model: this.modelId, ...body, abortSignal: signal }, request);
    } catch (error) {
      throw explainContentFilter(error, this.modelId);
    }
    const { bytes, mediaType } = await readReplyMedia(sent.reply, {
      field: "image",
      what: "image",
      url: sent.url,
    });
    return { bytes, mediaType, reply: sent.reply };
  }

  /** Builds the inputs shared by every image of the call, collecting a warning per unusable option. */
  private plan(options: ImageModelV4CallOptions, warnings: SharedV4Warning[]): ImagePlan {
    const info = this.info;
    const reader = new OptionReader(this.settings, options.providerOptions);
    const prompt = options.prompt;
    if (!prompt?.trim()) {
      throw new InvalidArgumentError({
        argument: "prompt",
        message: "Workers AI image models need a text prompt.",
      });
    }
    const fields: Record<string, string | number> = { prompt };
    const steps = this.planSteps(reader, fields, warnings);
    const size = {
      size: options.size,
      aspectRatio: options.aspectRatio,
      width: reader.read("width", isInteger),
      height: reader.read("height", isInteger),
    };
    Object.assign(fields, resolveImageSize(size, this.modelId, info, warnings));

    let seed = options.seed;
    if (seed !== undefined && info && !info.seed) {
      warnings.push(unsupported("seed", `${this.modelId} takes no seed; results are not reproducible.`));
      seed = undefined;
    }

    for (const [key, flag] of [
      ["guidance", info?.guidance],
      ["negative_prompt", info?.negativePrompt],
      ["strength", info?.strength],
    ] as const) {
      const value = reader.read<string | number>(key, key === "negative_prompt" ? isString : isNumber);
      if (value === undefined) continue;
      if (info && !flag) {
        warnings.push(unsupported(key, `${this.modelId} has no ${key} option.`));
      } else {
        fields[key] = value;
      }
    }

    return {
      fields,
      steps,
      inputImages: this.planInputImages(options.files, warnings),
      mask: this.planMask(options.mask, warnings),
      seed,
      request: resolveRequestSettings(reader, options.headers),
    };
  }

  /** Puts the step count into `fields` under the model's own name; returns the steps the model runs, when known. */
  private planSteps(
    reader: OptionReader,
    fields: Record<string, string | number>,
    warnings: SharedV4Warning[],
  ): number | undefined {
    const info = this.info;
    const numSteps = reader.read("num_steps", isInteger);
    const steps = reader.read("steps", isInteger);
    if (!info) {
      // Unknown model: send exactly what the caller asked for, under the name they used.
      if (numSteps !== undefined) fields.num_steps = numSteps;
      if (steps !== undefined) fields.steps = steps;
      return numSteps ?? steps;
    }
    const parameter = info.stepsParameter;
    const requested = parameter === "steps" ? (steps ?? numSteps) : (numSteps ?? steps);
    if (numSteps !== undefined && steps !== undefined && numSteps !== steps) {
      warnings.push({
        type: "other",
        message: `Both num_steps (${numSteps}) and steps (${steps}) were given; ${requested} was used.`,
      });
    }
    if (info.fixedSteps || !parameter) {
      // No step count to send: the model runs its own (FLUX.2 klein always runs 4).
      if (requested !== undefined && requested !== info.defaultSteps) {
        warnings.push(
          unsupported(
            "num_steps",
            `${this.modelId} always runs ${info.defaultSteps ?? "a fixed number of"} steps; the step count was ignored.`,
          ),
        );
      }
      return info.defaultSteps;
    }
    const max = info.maxSteps ?? Number.POSITIVE_INFINITY;
    // A step count is always sent: several models fail with error 1000 without one.
    const value = requested ?? info.defaultSteps ?? Math.min(max, FALLBACK_STEPS);
    fields[parameter] = clampToRange(parameter, value, { min: 1, max, modelId: this.modelId }, warnings);
    return fields[parameter] as number;
  }

  private planInputImages(files: ImageModelV4File[] | undefined, warnings: SharedV4Warning[]): InputImage[] {
    if (!files || files.length === 0) return [];
    const info = this.info;
    if (!info?.imageInput) {
      warnings.push(
        unsupported(
          "files",
          info
            ? `${this.modelId} does not take input images; they were ignored and a new image was generated.`
            : `${this.modelId} is not a model this provider knows to take input images; they were ignored.`,
        ),
      );
      return [];
    }
    const max = info.maxInputImages ?? 1;
    if (files.length > max) {
      warnings.push(
        unsupported(
          "files",
          `${this.modelId} takes at most ${max} input image(s); the extra ${files.length - max} were ignored.`,
        ),
      );
    }
    return files.slice(0, max).map((file, index) => decodeFile(file, `files[${index}]`));
  }

  private planMask(mask: ImageModelV4File | undefined, warnings: SharedV4Warning[]): InputImage | undefined {
    if (!mask) return undefined;
    if (!this.info?.mask) {
      warnings.push(unsupported("mask", `${this.modelId} does not take a mask; it was ignored.`));
      return undefined;
    }
    return decodeFile(mask, "mask");
  }
}

function decodeFile(file: ImageModelV4File, argument: string): InputImage {
  if (file.type === "url") {
    throw new InvalidArgumentError({
      argument,
      message: "Workers AI image models take image bytes, not URLs: download the image and pass its bytes.",
    });
  }
  const bytes = fileDataToBytes(file.data);
  if (!bytes || bytes.length === 0) {
    throw new InvalidArgumentError({
      argument,
      message: `${argument} is not valid image data (bytes or base64).`,
    });
  }
  // the bytes tell the type even when the declared one is wrong (the AI SDK always declares one)
  return { bytes, mediaType: detectImageMediaType(bytes) ?? file.mediaType };
}

/** Width and height from a PNG (IHDR) or JPEG (first SOF marker) header; undefined for anything else. */
function imageDimensions(bytes: Uint8Array): { width: number; height: number } | undefined {
  // big-endian 16- and 32-bit numbers
  const u16 = (at: number) => (bytes[at] << 8) | bytes[at + 1];
  const u32 = (at: number) => u16(at) * 0x10000 + u16(at + 2);
  if (bytes.length >= 24 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e) {
    return { width: u32(16), height: u32(20) };
  }
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1];
    // Fill bytes (0xff) may pad between markers.
    if (marker === 0xff) {
      at++;
      continue;
    }
    // SOF0–SOF15 except DHT (c4), JPG (c8) and DAC (cc) hold the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { width: u16(at + 7), height: u16(at + 5) };
    }
    at += 2 + u16(at + 2);
  }
  return undefined;
}

function extensionOf(mediaType: string): string {
  const subtype = mediaType.split("/")[1] ?? "png";
  return subtype === "jpeg" ? "jpg" : subtype;
}

/**
 * Error 3030 is the NSFW filter, which often rejects harmless short prompts: say so in the
 * message, keeping everything else of the original error (`isRetryable: false`, code, headers).
 */
function explainContentFilter(error: unknown, modelId: string): unknown {
  if (!APICallError.isInstance(error) || workersAICodeOf(error) !== 3030) return error;
  return new APICallError({
    ...error,
    message:
      `${modelId} refused the prompt: the Workers AI NSFW filter (error 3030) often flags harmless short prompts; ` +
      'describe the subject, setting and style in a full sentence (e.g. "A photo of a hamburger on a plate") ' +
      `and try again. Original error: ${error.message}`,
    cause: error,
    isRetryable: false,
  });
}
