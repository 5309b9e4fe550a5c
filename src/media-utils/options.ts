import { InvalidArgumentError, type SharedV4ProviderOptions } from "@ai-sdk/provider";
import { type Check, isRecord, splitProblem } from "../guards";
import { PROVIDER_OPTIONS_KEY } from "../model-config";

const NO_LAYERS: [settings: undefined, call: undefined] = [undefined, undefined];

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
    if (call !== undefined && !isRecord(call)) {
      throw new InvalidArgumentError({
        argument: `providerOptions.${PROVIDER_OPTIONS_KEY}`,
        message: `providerOptions["${PROVIDER_OPTIONS_KEY}"] must be an object.`,
      });
    }
    this.call = call ?? {};
    this.empty = !hasKeys(this.settings) && !hasKeys(this.call);
  }

  /** `true` when `key` is set per call or in settings (`null` meaning unset). */
  has(key: string): boolean {
    return !this.empty && (this.call[key] ?? this.settings[key]) != null;
  }

  /**
   * The value of `key` checked by `check` (from `guards.ts`), or `undefined` when unset (`null` too). A value
   * of the wrong type is a caller bug, so it throws `InvalidArgumentError` quoting it instead of being dropped.
   */
  read<T>(key: string, check: Check<T>): T | undefined {
    if (this.empty) return undefined;
    return checked(key, this.call[key] ?? this.settings[key], check, true);
  }

  /**
   * The settings value and the per-call value of an object option (for key-by-key merges), each checked by
   * `check` and `undefined` when unset. A bad value throws without quoting it: these objects (`gateway`,
   * `extraHeaders`) may hold credentials.
   */
  layers<T>(key: string, check: Check<T>): [settings: T | undefined, call: T | undefined] {
    if (this.empty) return NO_LAYERS;
    return [checked(key, this.settings[key], check), checked(key, this.call[key], check)];
  }
}

/** `value` (`undefined` when unset or `null`) if it passes `check`; otherwise an error, quoting it when `quote`. */
function checked<T>(key: string, value: unknown, check: Check<T>, quote = false): T | undefined {
  if (value == null) return undefined;
  const problem = check(value);
  if (problem) {
    const [path, what] = splitProblem(problem);
    throw new InvalidArgumentError({
      argument: key,
      message: `Workers AI option "${key}${path}" ${what}${quote ? `, got ${JSON.stringify(value) ?? String(value)}` : ""}.`,
    });
  }
  return value as T;
}
