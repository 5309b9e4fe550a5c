/**
 * The one internal vocabulary of a chat reply: what a reader (legacy, chat-completions, Responses) reports
 * while it reads its family's shape. The assembler implements it and turns the calls into
 * `LanguageModelV4StreamPart`s, for `doStream` and `doGenerate` alike. Readers call it directly instead of
 * building event objects: this runs once per streamed token.
 *
 * Values the wire may leave out or get wrong are passed as they are (`unknown`) and checked here once:
 * empty text, empty arguments, a missing finish reason or usage object are nothing.
 */
export interface ChatReplySink {
  /** Reply id, model and creation time in seconds, when the wire carries them (only the first counts). */
  metadata(id: unknown, model: unknown, createdSeconds: unknown): void;
  /** A piece of answer text (may still contain `<think>` tags; the assembler splits them off). */
  text(delta: string): void;
  /** A piece of reasoning text. */
  reasoning(delta: string): void;
  /** A streamed tool call begins, with the first arguments text if the chunk carried any. */
  toolStart(name: string, id: string | undefined, index: number | undefined, args: string): void;
  /** More arguments text for the call with this `index` (or `id`, or else the latest open call). */
  toolArgs(index: number | undefined, id: string | undefined, delta: string): void;
  /**
   * A streamed call is finished (null-finalization chunk, Responses `…done`). `args` is the full argument
   * text when the wire repeats it; used only if no deltas arrived.
   */
  toolEnd(index: number | undefined, args: string): void;
  /** A whole tool call at once (non-streamed replies, arguments given as an object). */
  toolCall(name: string, id: string | undefined, args: string): void;
  /** Token usage as the wire reports it, when it is an object (the last one wins). */
  usage(usage: unknown): void;
  /** The model's raw finish reason, when it is a non-empty string (the last one wins). */
  finish(reason: unknown): void;
  /** An error reported inside the reply (`{"error": …}`, `{"errors": […]}`, Responses `error`). */
  error(message: string, code: number | undefined, data: unknown): void;
}
