import { InvalidArgumentError, type SharedV4ProviderOptions } from "@ai-sdk/provider";
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
   * The value of `key` checked as `kind`, or `undefined` when unset. A value of the wrong type is a caller
   * bug, so it throws `InvalidArgumentError` instead of being dropped.
   */
  read<K extends OptionKind>(key: string, kind: K): OptionValue<K> | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    const named = typeof kind === "string" ? KINDS[kind as NamedKind] : undefined;
    if (named ? !named[0](value) : !(kind as readonly string[]).includes(value as string)) {
      const expected =
        named?.[1] ?? `one of ${(kind as readonly string[]).map((entry) => `"${entry}"`).join(", ")}`;
      throw new InvalidArgumentError({
        argument: key,
        message: `Workers AI option "${key}" must be ${expected}, got ${JSON.stringify(value) ?? String(value)}.`,
      });
    }
    return value as OptionValue<K>;
  }
}

/**
 * How {@link OptionReader.read} checks a value: a JSON type, `"integer"`, `"strings"` (a string or a list
 * of them), `"integer-or-false"` (an integer, or `false` to turn a feature off) or the list of allowed strings.
 */
export type OptionKind =
  | "string"
  | "boolean"
  | "number"
  | "integer"
  | "strings"
  | "integer-or-false"
  | readonly string[];

/** The type of a value read as `K`. */
type OptionValue<K extends OptionKind> = K extends "string"
  ? string
  : K extends "boolean"
    ? boolean
    : K extends "number" | "integer"
      ? number
      : K extends "strings"
        ? string | string[]
        : K extends "integer-or-false"
          ? number | false
          : K extends readonly (infer T)[]
            ? T
            : never;

const isString = (value: unknown) => typeof value === "string";

type NamedKind = Exclude<OptionKind, readonly string[]>;

/** Each named kind's test, and how an error message names it. */
const KINDS: Record<NamedKind, [test: (value: unknown) => boolean, expected: string]> = {
  string: [isString, "a string"],
  boolean: [(value) => typeof value === "boolean", "a boolean"],
  number: [Number.isFinite, "a finite number"],
  integer: [Number.isInteger, "an integer"],
  strings: [
    (value) => isString(value) || (Array.isArray(value) && value.every(isString)),
    "a string or an array of strings",
  ],
  "integer-or-false": [(value) => value === false || Number.isInteger(value), "an integer or false"],
};
