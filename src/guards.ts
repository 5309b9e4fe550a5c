/** A plain object (not `null`, not an array): the shape every JSON reply and option record is read as. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

declare const passes: unique symbol;

/**
 * A hand-written option check: `undefined` when the value is fine, otherwise the problem (`"must be a string"`,
 * `".retries.backoff must be one of …"`). `T` is the type of a value that passes (for typed reads; type-level
 * only). Hand-written rather than a schema library so that a Worker does not carry one in its bundle.
 */
export type Check<T = unknown> = ((value: unknown) => string | undefined) & { readonly [passes]?: T };

/** The type of a value that passes `C`. */
type Passing<C> = C extends Check<infer T> ? T : never;

/** `problem` of the value at `path`: nested paths join (`.a.b must be …`), a direct problem after a space. */
export const at = (path: string, problem: string): string =>
  problem.startsWith(".") || problem.startsWith("[") ? `${path}${problem}` : `${path} ${problem}`;

/** A problem split into the path it starts with (`.retries.backoff`, `[2]`; `""` for the whole value) and what is wrong. */
export function splitProblem(problem: string): [path: string, what: string] {
  const match = /^([.[]\S*) (.*)$/s.exec(problem);
  return match ? [match[1], match[2]] : ["", problem];
}

const typeCheck =
  <T>(type: "string" | "number" | "boolean", label = `a ${type}`): Check<T> =>
  (value) =>
    typeof value === type && (type !== "number" || Number.isFinite(value)) ? undefined : `must be ${label}`;
export const isString: Check<string> = typeCheck("string");
export const isNumber: Check<number> = typeCheck("number", "a finite number");
export const isBoolean: Check<boolean> = typeCheck("boolean");
export const isInteger: Check<number> = (value) =>
  Number.isInteger(value) ? undefined : "must be an integer";

/** A finite number from `min` to `max` (an integer when `integer`). */
export const numberIn =
  (min: number, max = Infinity, integer = false): Check =>
  (value) =>
    typeof value === "number" &&
    (integer ? Number.isInteger(value) : Number.isFinite(value)) &&
    value >= min &&
    value <= max
      ? undefined
      : `must be ${integer ? "an integer" : "a number"} ${max === Infinity ? `>= ${min}` : `from ${min} to ${max}`}`;

/** An integer from `min` to `max` (unbounded above by default). */
export const integerIn = (min: number, max = Infinity): Check => numberIn(min, max, true);

export const oneOf =
  <const T extends readonly unknown[]>(values: T): Check<T[number]> =>
  (value) =>
    values.includes(value) ? undefined : `must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}`;

/** `check` with its problem told as `must be <expected>` (for a union whose last part's problem would mislead). */
const described =
  <T>(expected: string, check: Check<T>): Check<T> =>
  (value) =>
    check(value) && `must be ${expected}`;

/** An object whose every value passes `entry` (any values without it). */
export const recordOf =
  (entry?: Check): Check =>
  (value) => {
    if (!isRecord(value)) return "must be an object";
    if (!entry) return undefined;
    for (const [key, item] of Object.entries(value)) {
      const problem = entry(item);
      if (problem) return at(`.${key}`, problem);
    }
    return undefined;
  };

/** An object with known fields (unknown keys pass: callers warn about them); `required` fields must be set. */
export const shape =
  (fields: Record<string, Check>, required: readonly string[] = []): Check =>
  (value) => {
    if (!isRecord(value)) return "must be an object";
    for (const key of required) if (value[key] === undefined) return `.${key} is required`;
    for (const [key, item] of Object.entries(value)) {
      const check = Object.hasOwn(fields, key) ? fields[key] : undefined;
      const problem = item === undefined || !check ? undefined : check(item);
      if (problem) return at(`.${key}`, problem);
    }
    return undefined;
  };

/** A value that passes any of `checks`; the problem of the last one otherwise. */
export const anyOf =
  <C extends Check[]>(...checks: C): Check<Passing<C[number]>> =>
  (value) => {
    let problem: string | undefined;
    for (const check of checks) {
      problem = check(value);
      if (!problem) return undefined;
    }
    return problem;
  };

/** An array whose every item passes `item`. */
export const arrayOf =
  <T>(item: Check<T>): Check<T[]> =>
  (value) => {
    if (!Array.isArray(value)) return "must be an array";
    for (const [index, entry] of value.entries()) {
      const problem = item(entry);
      if (problem) return at(`[${index}]`, problem);
    }
    return undefined;
  };

/** A string or a list of strings (Deepgram's `keyterm`, a request's `tags`). */
export const isStrings = /* @__PURE__ */ described(
  "a string or an array of strings",
  /* @__PURE__ */ anyOf(isString, /* @__PURE__ */ arrayOf(isString)),
);

/** An integer, or `false` to turn a feature off (Deepgram's `endpointing`). */
export const isIntegerOrFalse = /* @__PURE__ */ described(
  "an integer or false",
  /* @__PURE__ */ anyOf(/* @__PURE__ */ oneOf([false]), isInteger),
);
