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

  private fail(key: string, expected: string, value: unknown): never {
    throw new InvalidArgumentError({
      argument: key,
      message: `Workers AI option "${key}" must be ${expected}, got ${JSON.stringify(value) ?? String(value)}.`,
    });
  }

  /** A finite number, or `undefined` when unset. */
  number(key: string): number | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== "number" || !Number.isFinite(value)) this.fail(key, "a finite number", value);
    return value;
  }

  /** An integer, or `undefined` when unset. */
  integer(key: string): number | undefined {
    const value = this.number(key);
    if (value !== undefined && !Number.isInteger(value)) this.fail(key, "an integer", value);
    return value;
  }

  /** A string, or `undefined` when unset. */
  string(key: string): string | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== "string") this.fail(key, "a string", value);
    return value;
  }

  /** A boolean, or `undefined` when unset. */
  boolean(key: string): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== "boolean") this.fail(key, "a boolean", value);
    return value;
  }

  /** One of the `allowed` strings, or `undefined` when unset. */
  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
      this.fail(key, `one of ${allowed.map((entry) => `"${entry}"`).join(", ")}`, value);
    }
    return value as T;
  }

  /** A string or a list of strings (e.g. nova-3 `keyterm`). */
  strings(key: string): string | string[] | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value === "string") return value;
    if (Array.isArray(value) && value.every((entry) => typeof entry === "string")) return value as string[];
    return this.fail(key, "a string or an array of strings", value);
  }

  /** A scalar (string, number, boolean) or a list of scalars, for pass-through options. */
  scalar(key: string): string | number | boolean | Array<string | number | boolean> | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    const isScalar = (entry: unknown) =>
      typeof entry === "string" ||
      typeof entry === "boolean" ||
      (typeof entry === "number" && Number.isFinite(entry));
    if (isScalar(value)) return value as string | number | boolean;
    if (Array.isArray(value) && value.every(isScalar)) return value as Array<string | number | boolean>;
    return this.fail(key, "a string, number, boolean or an array of them", value);
  }
}

/**
 * How {@link readOption} checks a value: a JSON type, `"strings"` (a string or a list of them),
 * `"integer-or-false"` (an integer, or `false` to turn a feature off) or the list of allowed strings.
 */
export type OptionKind =
  | "string"
  | "boolean"
  | "number"
  | "integer"
  | "strings"
  | "integer-or-false"
  | readonly string[];

/** The value of `key` checked as `kind` (throws `InvalidArgumentError` on the wrong type), or `undefined` when unset. */
export function readOption(reader: OptionReader, key: string, kind: OptionKind): unknown {
  if (typeof kind !== "string") return reader.oneOf(key, kind);
  switch (kind) {
    case "string":
      return reader.string(key);
    case "boolean":
      return reader.boolean(key);
    case "number":
      return reader.number(key);
    case "integer":
      return reader.integer(key);
    case "strings":
      return reader.strings(key);
    case "integer-or-false":
      return reader.raw(key) === false ? false : reader.integer(key);
  }
}
