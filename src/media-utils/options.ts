import { InvalidArgumentError, type SharedV4ProviderOptions } from "@ai-sdk/provider";
import type { Check } from "../guards";
import { PROVIDER_OPTIONS_KEY } from "../model-config";

const NO_LAYERS: [settings: unknown, call: unknown] = [undefined, undefined];

function hasKeys(value: object): boolean {
  for (const _ in value) return true;
  return false;
}

/**
 * Reads typed values from model settings and `providerOptions["workers-ai"]`; the per-call value wins.
 * A value of the wrong type is a caller bug, so it throws `InvalidArgumentError` instead of being dropped.
 */
export class OptionReader {
  private readonly call: Record<string, unknown>;
  private readonly settings: Record<string, unknown>;
  /** Neither layer has a key (the common call): every read is then `undefined` without a lookup. */
  readonly empty: boolean;

  constructor(settings: object | undefined, providerOptions: SharedV4ProviderOptions | undefined) {
    this.settings = (settings ?? {}) as Record<string, unknown>;
    const call = providerOptions?.[PROVIDER_OPTIONS_KEY];
    if (call !== undefined && (call === null || typeof call !== "object" || Array.isArray(call))) {
      throw new InvalidArgumentError({
        argument: `providerOptions.${PROVIDER_OPTIONS_KEY}`,
        message: `providerOptions["${PROVIDER_OPTIONS_KEY}"] must be an object.`,
      });
    }
    this.call = (call ?? {}) as Record<string, unknown>;
    this.empty = !hasKeys(this.settings) && !hasKeys(this.call);
  }

  /** The raw value of `key` (per-call first, then settings), `undefined`/`null` meaning unset. */
  raw(key: string): unknown {
    if (this.empty) return undefined;
    const value = this.call[key] ?? this.settings[key];
    return value === null ? undefined : value;
  }

  /** The settings value and the per-call value of `key`, each `undefined` when unset (for key-by-key merges). */
  layers(key: string): [settings: unknown, call: unknown] {
    if (this.empty) return NO_LAYERS;
    const settings = this.settings[key];
    const call = this.call[key];
    return [settings === null ? undefined : settings, call === null ? undefined : call];
  }

  /** `true` when `key` is set per call or in settings. */
  has(key: string): boolean {
    return this.raw(key) !== undefined;
  }

  /**
   * The value of `key` checked by `check` (from `guards.ts`), or `undefined` when unset. A value of the wrong
   * type is a caller bug, so it throws `InvalidArgumentError` instead of being dropped.
   */
  read<T>(key: string, check: Check<T>): T | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    const problem = check(value);
    if (problem) {
      throw new InvalidArgumentError({
        argument: key,
        message: `Workers AI option "${key}" ${problem}, got ${JSON.stringify(value) ?? String(value)}.`,
      });
    }
    return value as T;
  }
}
