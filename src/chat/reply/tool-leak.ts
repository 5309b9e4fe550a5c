import { isRecord } from "../../guards";

/** A tool call recovered from text. */
export interface LeakedToolCall {
  name: string;
  /** JSON-encoded arguments. */
  arguments: string;
}

/**
 * Watches the start of the answer text for gpt-oss's forced-tool leak: the call written as JSON text
 * (`{"name": …, "arguments": …}`, an array of those, or — with a forced tool — the bare arguments)
 * instead of a real tool call (spec 3.4).
 *
 * Only text whose first non-space character is `{` or `[` is held back (it might be such a call);
 * anything else streams through at once and is never held again.
 */
export class ToolLeakGuard {
  #state: "undecided" | "holding" | "passthrough";
  #buffer = "";
  readonly #options: { toolNames: readonly string[]; forcedToolName?: string };

  constructor(options: { toolNames: readonly string[]; forcedToolName?: string; enabled: boolean }) {
    this.#options = options;
    this.#state = options.enabled ? "undecided" : "passthrough";
  }

  /** Decided: text is no leaked call, every further piece passes unchanged. */
  get passthrough(): boolean {
    return this.#state === "passthrough";
  }

  /** Feeds answer text; returns the text to emit now. */
  push(text: string): string {
    if (this.#state === "passthrough") return text;
    this.#buffer += text;
    if (this.#state === "holding") return "";
    const first = this.#buffer.trimStart()[0];
    if (first === undefined) return "";
    if (first === "{" || first === "[") {
      this.#state = "holding";
      return "";
    }
    return this.#release();
  }

  /** Ends the text: either the tool calls the held text encodes, or the held text itself. */
  finish(recover: boolean): { calls: LeakedToolCall[] } | { text: string } {
    if (this.#state === "holding" && recover) {
      const calls = parseLeakedToolCalls(this.#buffer, this.#options);
      if (calls) {
        this.#buffer = "";
        this.#state = "passthrough";
        return { calls };
      }
    }
    return { text: this.#release() };
  }

  #release(): string {
    const text = this.#buffer;
    this.#buffer = "";
    this.#state = "passthrough";
    return text;
  }
}

/**
 * Parses text as leaked tool calls. Accepts `{name, arguments|parameters}`, the OpenAI
 * `{type: "function", function: {name, arguments}}` shape, arrays of either, and (only when a tool is
 * forced) a bare arguments object. Names must be among the offered tools. Returns `undefined` when the
 * text is anything else.
 */
export function parseLeakedToolCalls(
  text: string,
  { toolNames, forcedToolName }: { toolNames: readonly string[]; forcedToolName?: string },
): LeakedToolCall[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text.trim());
  } catch {
    return undefined;
  }
  const known = (name: string) =>
    toolNames.length === 0 || toolNames.includes(name) || name === forcedToolName;
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) return undefined;
  const calls: LeakedToolCall[] = [];
  for (const item of items) {
    const call = asNamedCall(item);
    if (call && known(call.name)) {
      calls.push(call);
      continue;
    }
    if (!Array.isArray(value) && forcedToolName && isRecord(item) && !call) {
      calls.push({ name: forcedToolName, arguments: JSON.stringify(item) });
      continue;
    }
    return undefined;
  }
  return calls;
}

function asNamedCall(item: unknown): LeakedToolCall | undefined {
  if (!isRecord(item)) return undefined;
  const inner = isRecord(item.function) ? item.function : item;
  if (typeof inner.name !== "string" || inner.name.length === 0) return undefined;
  let args = "arguments" in inner ? inner.arguments : inner.parameters;
  if (typeof args === "string") {
    try {
      args = JSON.parse(args.trim() || "{}");
    } catch {
      return undefined;
    }
  }
  return isRecord(args) ? { name: inner.name, arguments: JSON.stringify(args) } : undefined;
}
