import type { JSONObject } from "@ai-sdk/provider";

/**
 * The one internal vocabulary of a chat reply. Every reader (legacy, chat-completions, Responses)
 * turns its family's shape into these events; {@link ChatStreamAssembler} turns them into
 * `LanguageModelV4StreamPart`s, for `doStream` and `doGenerate` alike.
 */
export type ChatEvent =
  /** A piece of answer text (may still contain `<think>` tags; the assembler splits them off). */
  | { type: "text-delta"; delta: string }
  /** A piece of reasoning text. */
  | { type: "reasoning-delta"; delta: string }
  /** A streamed tool call begins (`arguments` = the first arguments text, if the chunk carried any). */
  | { type: "tool-call-start"; index?: number; id?: string; name: string; arguments?: string }
  /** More arguments text for the call with this `index` (or `id`, or else the latest open call). */
  | { type: "tool-call-args-delta"; index?: number; id?: string; delta: string }
  /**
   * A streamed call is finished (null-finalization chunk, Responses `…done`). `arguments` is the full
   * argument text when the wire repeats it; used only if no deltas arrived.
   */
  | { type: "tool-call-end"; index?: number; id?: string; arguments?: string }
  /** A whole tool call at once (non-streamed replies, flat `{name, arguments}` items). */
  | { type: "tool-call-complete"; id?: string; name: string; arguments: string }
  /** Token usage as the wire reports it (the last one wins). */
  | { type: "usage"; usage: JSONObject }
  /** The model's raw finish reason (the last one wins). */
  | { type: "finish"; reason: string }
  /** Reply id, model and creation time, when the wire carries them. */
  | { type: "response-metadata"; id?: string; modelId?: string; timestamp?: Date }
  /** An error reported inside the reply (`{"error": …}`, `{"errors": […]}`, Responses `error`). */
  | { type: "error"; message: string; code?: number; data?: unknown }
  /** A chunk that is not valid JSON. */
  | { type: "malformed"; text: string }
  /** The reply is complete (`[DONE]`, or a whole non-streamed reply). */
  | { type: "done" };
