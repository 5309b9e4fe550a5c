/** A piece of model text, classified as reasoning (inside `<think>…</think>`) or answer text. */
export interface ThinkSegment {
  kind: "reasoning" | "text";
  text: string;
}

const OPEN = "<think>";
const CLOSE = "</think>";

/**
 * Splits `<think>…</think>` off the start of a model's text (deepseek-r1-distill, qwq) into reasoning,
 * across chunk boundaries.
 *
 * Only a think block at the very start of the answer (after whitespace) counts, so `<think>` inside
 * later prose or code stays text. Text is held back only while it could still be part of a tag: at the
 * start, while the text so far is a prefix of `<think>`; inside the block, a trailing prefix of
 * `</think>`. Whitespace between `</think>` and the answer is dropped.
 */
export class ThinkTagSplitter {
  #state: "start" | "reasoning-start" | "reasoning" | "after" | "text" = "start";
  #held = "";

  /** Past the start of the answer, with nothing held: every further chunk is plain text. */
  get passthrough(): boolean {
    return this.#state === "text";
  }

  /** Feeds one chunk of text; returns what can be emitted now. */
  push(chunk: string): ThinkSegment[] {
    const out: ThinkSegment[] = [];
    let text = this.#held + chunk;
    this.#held = "";
    while (text.length > 0) {
      switch (this.#state) {
        case "text":
          out.push({ kind: "text", text });
          return out;
        case "start": {
          const trimmed = text.trimStart();
          if (trimmed.startsWith(OPEN)) {
            this.#state = "reasoning-start";
            text = trimmed.slice(OPEN.length);
            break;
          }
          if (OPEN.startsWith(trimmed)) {
            this.#held = text; // empty, whitespace or a prefix of "<think>": wait for more
            return out;
          }
          this.#state = "text";
          break;
        }
        case "reasoning-start":
        case "after": {
          const trimmed = text.trimStart();
          if (trimmed.length === 0) return out;
          text = trimmed;
          this.#state = this.#state === "after" ? "text" : "reasoning";
          break;
        }
        case "reasoning": {
          const close = text.indexOf(CLOSE);
          if (close !== -1) {
            if (close > 0) out.push({ kind: "reasoning", text: text.slice(0, close) });
            text = text.slice(close + CLOSE.length);
            this.#state = "after";
            break;
          }
          const keep = partialSuffix(text, CLOSE);
          const emit = text.slice(0, text.length - keep);
          if (emit) out.push({ kind: "reasoning", text: emit });
          this.#held = text.slice(text.length - keep);
          return out;
        }
      }
    }
    return out;
  }

  /** Ends the text: whatever was held back is emitted as what it turned out to be. */
  flush(): ThinkSegment[] {
    const held = this.#held;
    this.#held = "";
    if (!held) return [];
    if (this.#state === "reasoning") return [{ kind: "reasoning", text: held }];
    return [{ kind: "text", text: held }];
  }
}

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
function partialSuffix(text: string, tag: string): number {
  for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
    if (tag.startsWith(text.slice(text.length - length))) return length;
  }
  return 0;
}
