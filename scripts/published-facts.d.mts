import type { PublishedModelFile } from "../src/testing/model-schemas/types";

/** Facts of one published model file (see published-facts.mjs); a fact the file does not state is undefined. */
export interface PublishedFacts {
  id: string;
  task: string | undefined;
  contextWindow?: number;
  price?: Record<string, number>;
  beta?: true;
  partner?: true;
  realtime?: true;
  asyncQueue?: true;
  requiresPaid?: true;
  lora?: true;
  plannedDeprecationDate?: string;
  embeddingDimensions?: number;
  schemaKnown: boolean;
  tools?: true;
  toolsSchemaOnly?: true;
  vision?: true;
  visionInput?: "content-parts" | "image-field";
  stringContentOnly?: true;
  maxPromptCharacters?: number;
  toolCallIdPattern?: string;
  jsonMode?: boolean;
  jsonSchemaForm?: "named" | "bare";
  guidedJson?: true;
  thinking?: true;
  reasoning?: {
    efforts?: string[];
    defaultEffort?: string;
    mandatory?: true;
    canDisable: boolean;
    disableWith?: "none-effort" | "enable-thinking-false";
    effortAliases?: Record<string, string>;
    chatTemplateKwargs?: string[];
  };
  publishedEfforts?: string[];
  samplingParameters?: string[];
  samplingRanges?: Record<string, { min?: number; max?: number; default?: number }>;
  platformDefaultMaxTokens?: number;
}

export const TASKS: Readonly<Record<string, string>>;
export const PRICE_UNITS: Readonly<Record<string, string>>;
export const SAMPLING_WIRE_NAMES: readonly string[];
export function publishedProperties(published: PublishedModelFile["published"]): Record<string, unknown>;
export function publishedFacts(file: PublishedModelFile): PublishedFacts;

/** Facts the catalog knowingly states although the published file does not, with the reason. */
export const KNOWN_DIFFERENCES: Readonly<Record<string, Readonly<Record<string, string>>>>;
/** `[field, catalog value, published value]` for every fact the file states. */
export function factPairs(
  info: import("../src/catalog").WorkersAIModelInfo,
  facts: PublishedFacts,
): Array<[field: string, catalog: unknown, published: unknown]>;
/** Differences between a catalog row and a published file, as `field catalog → published` lines. */
export function rowDifferences(
  info: import("../src/catalog").WorkersAIModelInfo,
  facts: PublishedFacts,
): string[];
