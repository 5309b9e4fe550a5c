import type { WorkersAIRequestSettings } from "../media-utils/request-settings";

/**
 * Image options of Workers AI models, in their wire names. Each can be set as a model setting or per
 * call in `providerOptions["workers-ai"]` (the per-call value wins); a model that lacks one warns.
 */
export interface WorkersAIImageOptions {
  /** Diffusion steps (sent under the model's own name: `steps` or `num_steps`). */
  num_steps?: number;
  /** Alias of `num_steps`. */
  steps?: number;
  /** How closely the image follows the prompt (lucid-origin, phoenix-1.0, SDXL, FLUX.2 dev). */
  guidance?: number;
  /** What to keep out of the image (phoenix-1.0, SDXL). */
  negative_prompt?: string;
  /** Image-to-image: how far to move away from the input image, 0–1 (SDXL). */
  strength?: number;
  /** Width in pixels; overrides `size`/`aspectRatio`. */
  width?: number;
  /** Height in pixels; overrides `size`/`aspectRatio`. */
  height?: number;
}

/** Settings of a Workers AI image model. */
export interface WorkersAIImageSettings extends WorkersAIImageOptions, WorkersAIRequestSettings {
  /**
   * Most requests this model instance sends at once (default 4). `generateImage({ n })` makes one
   * request per image; the rest wait their turn so a large `n` does not trip the rate limit.
   */
  maxConcurrentRequests?: number;
}
