/** Types of fixtures.mjs (the benchmark runs as plain Node ESM; the unit test is TypeScript). */

/** `count` tokens of 1–8 characters (code points) from a seeded generator. */
export function makeTokens(count: number, seed?: number): string[];
/** Prose tokens for time-to-first-token runs: the answer starts with a word. */
export function makeProseTokens(count: number, seed?: number): string[];
/** One legacy (`{"response": …}`) event. */
export function legacyEvent(token: string): string;
/** The legacy stream of `tokens`: one event per token, usage on the last event, `[DONE]`. */
export function legacyEvents(tokens: readonly string[]): string[];
/** The chat-completions stream of `tokens`. */
export function chatEvents(tokens: readonly string[], model?: string): string[];
/** The Responses-family stream of `tokens`, optionally followed by a streamed function call. */
export function responsesEvents(
  tokens: readonly string[],
  options?: { model?: string; toolCall?: { name: string; arguments: string } },
): string[];
/** Tool names of the tool-call workload. */
export const TOOL_NAMES: readonly string[];
/** A chat-completions stream of three tool calls: the events and each call's final arguments text. */
export function toolCallEvents(
  totalEvents?: number,
  model?: string,
  seed?: number,
): { events: string[]; expected: string[] };
/** UTF-8 bytes of the events, concatenated. */
export function encodeEvents(events: readonly string[]): Uint8Array;
/** Cuts `bytes` into views of random size in [min, max] (seeded). */
export function cutChunks(
  bytes: Uint8Array,
  options?: { seed?: number; min?: number; max?: number },
): Uint8Array[];
/** Number of events that are not `[DONE]`. */
export function countEvents(events: readonly string[]): number;
