import type { SharedV4Warning } from "@ai-sdk/provider";
import type { WorkersAIModelInfo } from "../catalog";
import { unsupported } from "../model-config";

/** What the catalog knows of an image model's size: whether it takes one, its limits and defaults. */
type ImageSizeInfo = Pick<
  NonNullable<WorkersAIModelInfo["image"]>,
  "size" | "minSize" | "maxSize" | "defaultWidth" | "defaultHeight"
>;

/** What the caller asked for. */
export interface ImageSizeRequest {
  size: `${number}x${number}` | undefined;
  aspectRatio: `${number}:${number}` | undefined;
  width: number | undefined;
  height: number | undefined;
}

/** Sizes derived from an aspect ratio snap to this grid, which every diffusion model accepts. */
const GRID = 16;

/** `"WIDTHxHEIGHT"` (`size`) or `"WIDTH:HEIGHT"` (`aspectRatio`) as two positive numbers; a warning otherwise. */
function parsePair(
  name: "size" | "aspectRatio",
  text: string,
  warnings: SharedV4Warning[],
): [number, number] | undefined {
  const separator = name === "size" ? "x" : ":";
  const pair = text.split(separator).map(Number);
  if (pair.length === 2 && pair.every((side) => Number.isFinite(side) && side > 0)) {
    return pair as [number, number];
  }
  warnings.push({
    type: "other",
    message: `${name} "${text}" is not "WIDTH${separator}HEIGHT"; it was ignored.`,
  });
  return undefined;
}

/** `value` moved into `min`–`max`, with a warning when it had to be moved (sizes and step counts). */
export function clampToRange(
  name: string,
  value: number,
  range: { min: number; max: number; modelId: string },
  warnings: SharedV4Warning[],
): number {
  const { min, max } = range;
  const clamped = Math.min(max, Math.max(min, value));
  if (clamped !== value) {
    warnings.push({
      type: "other",
      message: `${name} ${value} is outside ${range.modelId}'s range ${min}–${max}; ${clamped} was sent instead.`,
    });
  }
  return clamped;
}

/**
 * Turns `size`, `aspectRatio` and explicit `width`/`height` into the width/height to send:
 * explicit values win over `size`, which wins over `aspectRatio` (scaled to the model's default area);
 * values outside the model's range are clamped with a warning. Known models without size support warn;
 * unknown models (`info` undefined) get what was asked for.
 */
export function resolveImageSize(
  request: ImageSizeRequest,
  modelId: string,
  info: ImageSizeInfo | undefined,
  warnings: SharedV4Warning[],
): { width?: number; height?: number } {
  if (info && !info.size && info.maxSize === undefined) {
    const given = (["size", "aspectRatio", "width", "height"] as const).filter(
      (key) => request[key] !== undefined,
    );
    if (given.length > 0) {
      warnings.push(
        unsupported(
          given.join(", "),
          `${modelId} always generates its default size; the requested size was ignored.`,
        ),
      );
    }
    return {};
  }

  let width: number | undefined;
  let height: number | undefined;
  if (request.size !== undefined) {
    [width, height] = parsePair("size", request.size, warnings) ?? [];
    if (request.aspectRatio !== undefined) {
      warnings.push(unsupported("aspectRatio", "size is set, so aspectRatio was ignored."));
    }
  } else if (request.aspectRatio !== undefined) {
    const pair = parsePair("aspectRatio", request.aspectRatio, warnings);
    if (pair) {
      const area = (info?.defaultWidth ?? 1024) * (info?.defaultHeight ?? 1024);
      const ratio = pair[0] / pair[1];
      const sides = [Math.sqrt(area * ratio), Math.sqrt(area / ratio)];
      // Shrink both sides when the long side is too long, so the ratio survives the limits.
      const fit = Math.min(1, (info?.maxSize ?? Number.POSITIVE_INFINITY) / Math.max(...sides));
      [width, height] = sides.map((side) => Math.max(GRID, Math.floor((side * fit) / GRID) * GRID));
    }
  }
  if (
    (request.width !== undefined || request.height !== undefined) &&
    (request.size || request.aspectRatio)
  ) {
    warnings.push({
      type: "other",
      message: "providerOptions width/height override size/aspectRatio.",
    });
  }
  const range = { min: info?.minSize ?? 1, max: info?.maxSize ?? Number.POSITIVE_INFINITY, modelId };
  const result: { width?: number; height?: number } = {};
  width = request.width ?? width;
  height = request.height ?? height;
  if (width !== undefined) result.width = clampToRange("width", Math.round(width), range, warnings);
  if (height !== undefined) result.height = clampToRange("height", Math.round(height), range, warnings);
  return result;
}
