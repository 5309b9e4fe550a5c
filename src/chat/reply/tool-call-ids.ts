import type { SharedV4ProviderMetadata } from "@ai-sdk/provider";
import { PROVIDER_OPTIONS_KEY } from "../../model-config";

/**
 * Hands out the tool-call ids the AI SDK sees: always fresh (`generateId()`), because models reuse
 * their own ids across turns (Kimi numbers calls `functions.<name>:<n>` per reply), and unique within
 * a reply even when the generator repeats itself.
 */
export class ToolCallIds {
  readonly #used = new Set<string>();
  readonly #generateId: () => string;

  constructor(generateId: () => string) {
    this.#generateId = generateId;
  }

  /** A fresh id for the next tool call. */
  next(): string {
    const base = this.#generateId() || "call";
    let id = base;
    for (let suffix = 1; this.#used.has(id); suffix++) id = `${base}-${suffix}`;
    this.#used.add(id);
    return id;
  }
}

/**
 * `providerMetadata` of a tool call that carries the model's own id, so the request side can send it
 * back unchanged in the conversation history (`{"workers-ai": {toolCallId}}`).
 */
export function toolCallProviderMetadata(
  modelToolCallId: string | undefined,
): SharedV4ProviderMetadata | undefined {
  return modelToolCallId ? { [PROVIDER_OPTIONS_KEY]: { toolCallId: modelToolCallId } } : undefined;
}
