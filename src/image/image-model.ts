import {
  APICallError,
  type ImageModelV4,
  type ImageModelV4CallOptions,
  type ImageModelV4File,
  type ImageModelV4Result,
  InvalidArgumentError,
  type JSONObject,
  type SharedV4Warning,
} from "@ai-sdk/provider";
import { getModelInfo, type WorkersAICostUsage, type WorkersAIModelInfo } from "../catalog";
import { usageCostMetadata } from "../catalog/usage-metadata";
import { isInteger, isNumber, isString } from "../guards";
import { encodeBase64, fileDataToBytes } from "../media-utils/base64";
import { type ConcurrencyLimiter, createConcurrencyLimiter } from "../media-utils/limiter";
import { detectImageMediaType } from "../media-utils/media-type";
import { OptionReader } from "../media-utils/options";
import { readReplyMedia, replyMediaType } from "../media-utils/read-reply";
import { type ResolvedRequestSettings, resolveRequestSettings } from "../media-utils/request-settings";
import { replyHeaders, replyMetadata } from "../media-utils/response";
import {
  PROVIDER_OPTIONS_KEY,
  uniqueWarnings,
  unsupported,
  type WorkersAIModelConfig,
} from "../model-config";
import { workersAICodeOf } from "../transport/errors";
import type { WorkersAIReply, WorkersAIRunRequest } from "../transport/types";
import type { WorkersAIImageSettings } from "./image-settings";
import { resolveImageSize } from "./image-size";

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
  inputImages: InputImage[];
  mask: InputImage | undefined;
  seed: number | undefined;
  multipart: boolean;
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
    this.supportsFileInputs = this.info ? this.info.imageInput === true : undefined;
    this.supportsMaskInputs = this.info ? this.info.mask === true : undefined;
    this.limiter = createConcurrencyLimiter(
      this.settings.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS,
    );
  }

  async doGenerate(options: ImageModelV4CallOptions): Promise<ImageModelV4Result> {
    const warnings: SharedV4Warning[] = [];
    const plan = this.plan(options, warnings);
    const count = Math.max(1, Math.floor(options.n || 1));

    // One failed image stops the others: the AI SDK retries or reports the whole call.
    const controller = new AbortController();
    const onAbort = () => controller.abort(options.abortSignal?.reason);
    if (options.abortSignal?.aborted) onAbort();
    else options.abortSignal?.addEventListener("abort", onAbort, { once: true });
    let outcomes: Array<{
      bytes: Uint8Array;
      mediaType: string;
      reply: WorkersAIReply;
      seed: number | undefined;
    }>;
    try {
      outcomes = await Promise.all(
        Array.from({ length: count }, (_, index) => {
          const seed = plan.seed !== undefined ? plan.seed + index : undefined;
          // Abort inside the task, before its slot is released, so no queued image starts after a failure.
          const task = () =>
            this.generateOne(plan, seed, controller.signal).catch((error: unknown) => {
              if (!controller.signal.aborted) controller.abort(error);
              throw error;
            });
          return this.limiter.run(task, controller.signal).then((outcome) => ({ ...outcome, seed }));
        }),
      );
    } finally {
      options.abortSignal?.removeEventListener("abort", onAbort);
    }

    const last = outcomes[outcomes.length - 1].reply;
    const transportWarnings = outcomes.flatMap((outcome) => outcome.reply.warnings);
    const costUsage = this.costUsage(plan);
    const imageCost = usageCostMetadata(this.modelId, { ...costUsage, images: 1 });
    const images: JSONObject[] = outcomes.map((outcome) => {
      // Per-image request ids and cost survive generateImage(), which keeps only `images` when merging calls.
      const image: JSONObject = { ...replyMetadata(outcome.reply), mediaType: outcome.mediaType };
      if (outcome.seed !== undefined) image.seed = outcome.seed;
      if (typeof plan.fields.width === "number") image.width = plan.fields.width;
      if (typeof plan.fields.height === "number") image.height = plan.fields.height;
      return { ...image, ...imageCost };
    });
    const callCost = usageCostMetadata(this.modelId, { ...costUsage, images: outcomes.length });
    return {
      images: outcomes.map((outcome) => outcome.bytes),
      warnings: uniqueWarnings([...warnings, ...transportWarnings]),
      providerMetadata: { [PROVIDER_OPTIONS_KEY]: { ...replyMetadata(last), ...callCost, images } },
      response: {
        timestamp: this.config.currentDate(),
        modelId: this.modelId,
        headers: replyHeaders(last),
      },
    };
  }

  /**
   * What one image is priced by: the size and step count sent, else the catalog defaults the model applies,
   * plus input-image sizes (read from their PNG/JPEG headers) for models priced per input tile.
   */
  private costUsage(plan: ImagePlan): WorkersAICostUsage {
    const info = this.info;
    const { fields } = plan;
    const sent = (key: string) => (typeof fields[key] === "number" ? (fields[key] as number) : undefined);
    const steps = info?.fixedSteps
      ? info.defaultSteps
      : info?.stepsParameter
        ? (sent(info.stepsParameter) ?? info.defaultSteps)
        : info
          ? undefined
          : (sent("num_steps") ?? sent("steps"));
    const usage: WorkersAICostUsage = {
      width: sent("width") ?? info?.defaultWidth,
      height: sent("height") ?? info?.defaultHeight,
      steps,
    };
    if (
      plan.inputImages.length > 0 &&
      getModelInfo(this.modelId)?.price?.perInputTilePerStepUsd !== undefined
    ) {
      usage.inputImages = plan.inputImages.map((image) => {
        // An unreadable size stays NaN, which the cost estimate treats as unknown (no cost is given).
        return imageDimensions(image.bytes) ?? { width: Number.NaN, height: Number.NaN };
      });
    }
    return usage;
  }

  private async generateOne(
    plan: ImagePlan,
    seed: number | undefined,
    signal: AbortSignal,
  ): Promise<{ bytes: Uint8Array; mediaType: string; reply: WorkersAIReply }> {
    const request = this.buildRequest(plan, seed, signal);
    let reply: WorkersAIReply;
    try {
      reply = await this.config.transport.run(request);
    } catch (error) {
      throw explainContentFilter(error, this.modelId);
    }
    const media = await readReplyMedia(reply, {
      field: "image",
      what: "image",
      url: this.config.transport.urlFor(this.modelId, request.gateway),
    });
    const mediaType = replyMediaType(media.bytes, { kind: "image", what: "image" });
    return { bytes: media.bytes, mediaType, reply };
  }

  private buildRequest(plan: ImagePlan, seed: number | undefined, signal: AbortSignal): WorkersAIRunRequest {
    const { request } = plan;
    const base = {
      model: this.modelId,
      headers: request.headers,
      gateway: request.gateway,
      options: request.options,
      abortSignal: signal,
    };
    if (plan.multipart) {
      const form = new FormData();
      for (const [key, value] of Object.entries(plan.fields)) form.append(key, String(value));
      if (seed !== undefined) form.append("seed", String(seed));
      plan.inputImages.forEach((image, index) => {
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
      return { ...base, inputs: {}, rawBody: { key: "multipart", body: form } };
    }
    const inputs: Record<string, unknown> = { ...plan.fields };
    if (seed !== undefined) inputs.seed = seed;
    if (plan.inputImages.length > 0) inputs.image_b64 = encodeBase64(plan.inputImages[0].bytes);
    if (plan.mask) inputs.mask = Array.from(plan.mask.bytes);
    return { ...base, inputs: { ...inputs, ...request.extraInputs } };
  }

  /** Builds the inputs shared by every image of the call, collecting a warning per unusable option. */
  private plan(options: ImageModelV4CallOptions, warnings: SharedV4Warning[]): ImagePlan {
    const info = this.info;
    const reader = new OptionReader(this.settings, options.providerOptions);
    const prompt = options.prompt;
    if (typeof prompt !== "string" || prompt.trim() === "") {
      throw new InvalidArgumentError({
        argument: "prompt",
        message: "Workers AI image models need a text prompt.",
      });
    }
    const fields: Record<string, string | number> = { prompt };

    this.planSteps(reader, fields, warnings);

    const size = resolveImageSize(
      {
        size: options.size,
        aspectRatio: options.aspectRatio,
        width: reader.read("width", isInteger),
        height: reader.read("height", isInteger),
      },
      info
        ? {
            supported: info.size === true || info.maxSize !== undefined,
            minSize: info.minSize,
            maxSize: info.maxSize,
            defaultWidth: info.defaultWidth,
            defaultHeight: info.defaultHeight,
          }
        : { supported: true },
      warnings,
    );
    if (size.width !== undefined) fields.width = size.width;
    if (size.height !== undefined) fields.height = size.height;

    let seed: number | undefined;
    if (options.seed !== undefined) {
      if (info && !info.seed) {
        warnings.push(unsupported("seed", `${this.modelId} takes no seed; results are not reproducible.`));
      } else {
        seed = options.seed;
      }
    }

    const optional: Array<[key: "guidance" | "negative_prompt" | "strength", flag: boolean | undefined]> = [
      ["guidance", info?.guidance],
      ["negative_prompt", info?.negativePrompt],
      ["strength", info?.strength],
    ];
    for (const [key, flag] of optional) {
      const value = key === "negative_prompt" ? reader.read(key, isString) : reader.read(key, isNumber);
      if (value === undefined) continue;
      if (info && !flag) {
        warnings.push(unsupported(key, `${this.modelId} has no ${key} option.`));
      } else {
        fields[key] = value;
      }
    }

    const inputImages = this.planInputImages(options.files, warnings);
    const mask = this.planMask(options.mask, warnings);
    const request = resolveRequestSettings(reader, options.headers);
    return { fields, inputImages, mask, seed, multipart: info?.input === "multipart", request };
  }

  private planSteps(
    reader: OptionReader,
    fields: Record<string, string | number>,
    warnings: SharedV4Warning[],
  ) {
    const info = this.info;
    const numSteps = reader.read("num_steps", isInteger);
    const steps = reader.read("steps", isInteger);
    if (!info) {
      // Unknown model: send exactly what the caller asked for, under the name they used.
      if (numSteps !== undefined) fields.num_steps = numSteps;
      if (steps !== undefined) fields.steps = steps;
      return;
    }
    const requested = info.stepsParameter === "steps" ? (steps ?? numSteps) : (numSteps ?? steps);
    if (numSteps !== undefined && steps !== undefined && numSteps !== steps) {
      warnings.push({
        type: "other",
        message: `Both num_steps (${numSteps}) and steps (${steps}) were given; ${requested} was used.`,
      });
    }
    if (info.fixedSteps) {
      if (requested !== undefined && requested !== info.defaultSteps) {
        warnings.push(
          unsupported(
            "num_steps",
            `${this.modelId} always runs ${info.defaultSteps ?? "a fixed number of"} steps; the step count was ignored.`,
          ),
        );
      }
      return;
    }
    if (!info.stepsParameter) {
      if (requested !== undefined) {
        warnings.push(unsupported("num_steps", `${this.modelId} has no step count.`));
      }
      return;
    }
    const max = info.maxSteps ?? Number.POSITIVE_INFINITY;
    // A step count is always sent: several models fail with error 1000 without one.
    let value = requested ?? info.defaultSteps ?? Math.min(max, FALLBACK_STEPS);
    if (value < 1 || value > max) {
      const clamped = Math.min(max, Math.max(1, value));
      warnings.push({
        type: "other",
        message: `${info.stepsParameter} ${value} is outside ${this.modelId}'s range 1–${max}; ${clamped} was sent instead.`,
      });
      value = clamped;
    }
    fields[info.stepsParameter] = value;
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
  return { bytes, mediaType: detectImageMediaType(bytes) ?? file.mediaType ?? "image/png" };
}

/** Width and height from a PNG (IHDR) or JPEG (first SOF marker) header; undefined for anything else. */
function imageDimensions(bytes: Uint8Array): { width: number; height: number } | undefined {
  const u16 = (at: number) => (bytes[at] << 8) | bytes[at + 1];
  const isPng = bytes.length >= 24 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e;
  if (isPng) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { width: view.getUint32(16), height: view.getUint32(20) };
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
    message:
      `${modelId} refused the prompt: the Workers AI NSFW filter flagged it (error 3030). ` +
      'This filter often flags harmless short prompts such as a single word (e.g. "hamburger"); ' +
      'describe the subject, setting and style in a full sentence (e.g. "A photo of a hamburger on a plate ' +
      'with lettuce and tomato") and try again. ' +
      `Original error: ${error.message}`,
    url: error.url,
    requestBodyValues: error.requestBodyValues,
    statusCode: error.statusCode,
    responseHeaders: error.responseHeaders,
    responseBody: error.responseBody,
    cause: error,
    isRetryable: false,
    data: error.data,
  });
}
