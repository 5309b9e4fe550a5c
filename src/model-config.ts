import type { SharedV4Warning } from "@ai-sdk/provider";
import type { WorkersAITransport } from "./transport/types";

/** What every Workers AI model receives from the provider. */
export interface WorkersAIModelConfig {
  /** Provider id reported to the AI SDK, e.g. `"workersai.chat"` (the ids of workers-ai-provider 4.x). */
  provider: string;
  /** How requests travel (binding or REST, optionally through AI Gateway). */
  transport: WorkersAITransport;
  /** Id generator for response/tool-call ids. */
  generateId: () => string;
  /** Clock for response timestamps. */
  currentDate: () => Date;
}

/** An AI SDK warning that `feature` could not be honoured, and why. */
export function unsupported(feature: string, details: string): SharedV4Warning {
  return { type: "unsupported", feature, details };
}

/** The warnings without repeats (the same warning can come from a setting and from the call). */
export function uniqueWarnings(warnings: SharedV4Warning[]): SharedV4Warning[] {
  const seen = new Set<string>();
  return warnings.filter((warning) => {
    const key = JSON.stringify(warning);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Key of this provider in `providerOptions` and `providerMetadata`. */
export const PROVIDER_OPTIONS_KEY = "workers-ai";

/** A model's settings that it does not know, split by whether they can travel (see {@link splitUnknownSettings}). */
export interface UnknownSettings {
  /** Scalars, forwarded as binding run options / REST query parameters (as workers-ai-provider 4.x did). */
  passthrough: Record<string, string | number | boolean> | undefined;
  /** Warnings for the rest (objects, arrays): there is nowhere to send them. */
  unsent: SharedV4Warning[];
}

/** Splits `settings` the model does not know (not in `known`) once, at model creation. */
export function splitUnknownSettings(
  settings: object | undefined,
  known: ReadonlySet<string>,
  kind: string,
): UnknownSettings {
  const passthrough: Record<string, string | number | boolean> = {};
  const unsent: SharedV4Warning[] = [];
  for (const [key, value] of Object.entries(settings ?? {})) {
    if (value === undefined || known.has(key)) continue;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
      passthrough[key] = value;
    else
      unsent.push(
        unsupported(
          key,
          `${key} is not a Workers AI ${kind} setting, and only scalar unknown settings are forwarded (as run options); it was not sent. Use extraInputs for model inputs.`,
        ),
      );
  }
  return { passthrough: Object.keys(passthrough).length > 0 ? passthrough : undefined, unsent };
}
