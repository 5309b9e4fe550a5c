import type { ChatReplySink } from "../events";
import { readReasoning, readToolCalls, textOf } from "./shared";

/**
 * Reads a streamed legacy event (`{"response": "Hel", "p": "…"}`, native top-level `tool_calls` deltas,
 * `usage` on any event, a top-level `finish_reason`) or a whole legacy reply (`whole`,
 * `{response, tool_calls?, usage?}`, which states no finish reason: the assembler derives stop or
 * tool-calls). `response` may be a number or, in JSON mode, an object: both are serialised. The `p`
 * padding is ignored.
 */
export function readLegacy(value: Record<string, unknown>, sink: ChatReplySink, whole: boolean): void {
  readReasoning(value, sink);
  sink.text(textOf(value.response));
  readToolCalls(value.tool_calls, sink, whole);
  sink.usage(value.usage);
  sink.finish(value.finish_reason);
}
