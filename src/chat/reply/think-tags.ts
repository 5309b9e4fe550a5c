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
 * `</think>`. Whitespace right after `<think>` and between `</think>` and the answer is dropped.
 */
export class ThinkTagSplitter {
  #state: "start" | "reasoning" | "text" = "start";
  /** Leading whitespace of the next text is dropped (right after a tag). */
  #trim = false;
  #held = "";

  /** Past the start of the answer, with nothing held: every further chunk is plain text. */
  get passthrough(): boolean {
    return this.#state === "text" && !this.#trim;
  }

  /** Feeds one chunk of text; returns what can be emitted now. */
  push(chunk: string): ThinkSegment[] {
    const out: ThinkSegment[] = [];
    let text = this.#held + chunk;
    this.#held = "";
    if (this.#state === "start") {
      const trimmed = text.trimStart();
      if (trimmed.startsWith(OPEN)) {
        this.#state = "reasoning";
        this.#trim = true;
        text = trimmed.slice(OPEN.length);
      } else if (OPEN.startsWith(trimmed)) {
        this.#held = text; // empty, whitespace or a prefix of "<think>": wait for more
        return out;
      } else {
        this.#state = "text";
      }
    }
    if (this.#trim) {
      text = text.trimStart();
      if (!text) return out;
      this.#trim = false;
    }
    if (this.#state === "reasoning") {
      const close = text.indexOf(CLOSE);
      if (close === -1) {
        const keep = partialSuffix(text, CLOSE);
        if (keep < text.length) out.push({ kind: "reasoning", text: text.slice(0, text.length - keep) });
        this.#held = text.slice(text.length - keep);
        return out;
      }
      if (close > 0) out.push({ kind: "reasoning", text: text.slice(0, close) });
      this.#state = "text";
      text = text.slice(close + CLOSE.length).trimStart();
      this.#trim = !text;
    }
    if (text) out.push({ kind: "text", text });
    return out;
  }

  /** Ends the text: whatever was held back is emitted as what it turned out to be. */
  flush(): ThinkSegment[] {
    const held = this.#held;
    this.#held = "";
    return held ? [{ kind: this.#state === "reasoning" ? "reasoning" : "text", text: held }] : [];
  }
}

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
function partialSuffix(text: string, tag: string): number {
  for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
    if (tag.startsWith(text.slice(text.length - length))) return length;
  }
  return 0;
}
