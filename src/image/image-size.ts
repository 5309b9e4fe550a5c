import type { SharedV4Warning } from "@ai-sdk/provider";
import { unsupported } from "../model-config";

/** Size limits of a model; `supported: false` means the model takes no width/height at all. */
export interface ImageSizeLimits {
  supported: boolean;
  minSize?: number;
  maxSize?: number;
  defaultWidth?: number;
  defaultHeight?: number;
}

/** What the caller asked for. */
export interface ImageSizeRequest {
  size: `${number}x${number}` | undefined;
  aspectRatio: `${number}:${number}` | undefined;
  width: number | undefined;
  height: number | undefined;
}

/** Sizes derived from an aspect ratio snap to this grid, which every diffusion model accepts. */
const GRID = 16;

function parsePair(text: string, separator: string): [number, number] | undefined {
  const parts = text.split(separator);
  if (parts.length !== 2) return undefined;
  const a = Number(parts[0]);
  const b = Number(parts[1]);
  return Number.isFinite(a) && Number.isFinite(b) && a > 0 && b > 0 ? [a, b] : undefined;
}

function clamp(
  name: "width" | "height",
  value: number,
  limits: ImageSizeLimits,
  warnings: SharedV4Warning[],
): number {
  const min = limits.minSize ?? 1;
  const max = limits.maxSize ?? Number.POSITIVE_INFINITY;
  const rounded = Math.round(value);
  const clamped = Math.min(max, Math.max(min, rounded));
  if (clamped !== rounded) {
    warnings.push({
      type: "other",
      message: `${name} ${rounded} is outside this model's range ${min}–${max}; ${clamped} was sent instead.`,
    });
  }
  return clamped;
}

/**
 * Turns `size`, `aspectRatio` and explicit `width`/`height` into the width/height to send:
 * explicit values win over `size`, which wins over `aspectRatio` (scaled to the model's default area);
 * values outside the model's range are clamped with a warning. Models without size support warn.
 */
export function resolveImageSize(
  request: ImageSizeRequest,
  limits: ImageSizeLimits,
  warnings: SharedV4Warning[],
): { width?: number; height?: number } {
  const asked =
    request.size !== undefined ||
    request.aspectRatio !== undefined ||
    request.width !== undefined ||
    request.height !== undefined;
  if (!limits.supported) {
    if (asked) {
      const given = ["size", "aspectRatio", "width", "height"].filter(
        (key) => request[key as keyof ImageSizeRequest] !== undefined,
      );
      warnings.push(
        unsupported(
          given.join(", "),
          "This model always generates its default size; the requested size was ignored.",
        ),
      );
    }
    return {};
  }

  let width: number | undefined;
  let height: number | undefined;
  if (request.size !== undefined) {
    const pair = parsePair(request.size, "x");
    if (pair) [width, height] = pair;
    else
      warnings.push({
        type: "other",
        message: `size "${request.size}" is not "WIDTHxHEIGHT"; it was ignored.`,
      });
    if (request.aspectRatio !== undefined) {
      warnings.push(unsupported("aspectRatio", "size is set, so aspectRatio was ignored."));
    }
  } else if (request.aspectRatio !== undefined) {
    const pair = parsePair(request.aspectRatio, ":");
    if (pair) {
      const area = (limits.defaultWidth ?? 1024) * (limits.defaultHeight ?? 1024);
      const ratio = pair[0] / pair[1];
      let w = Math.sqrt(area * ratio);
      let h = Math.sqrt(area / ratio);
      // Shrink both sides when the long side is too long, so the ratio survives the limits.
      const fit = Math.min(1, (limits.maxSize ?? Number.POSITIVE_INFINITY) / Math.max(w, h));
      w *= fit;
      h *= fit;
      width = Math.max(GRID, Math.floor(w / GRID) * GRID);
      height = Math.max(GRID, Math.floor(h / GRID) * GRID);
    } else {
      warnings.push({
        type: "other",
        message: `aspectRatio "${request.aspectRatio}" is not "WIDTH:HEIGHT"; it was ignored.`,
      });
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
  width = request.width ?? width;
  height = request.height ?? height;

  const result: { width?: number; height?: number } = {};
  if (width !== undefined) result.width = clamp("width", width, limits, warnings);
  if (height !== undefined) result.height = clamp("height", height, limits, warnings);
  return result;
}
