/**
 * Streaming Server-Sent-Events decoder: bytes in, the `data` payload of each event out.
 *
 * Written here rather than taken from provider-utils because Workers AI streams may end with an
 * event that lacks the trailing blank line, which `EventSourceParserStream` silently drops.
 * Handles CR, LF and CRLF (also split across chunks), events and multi-byte UTF-8 split anywhere,
 * comments, multi-line `data:` fields and other fields (ignored).
 */
export class SseDecoder {
  private readonly decoder = new TextDecoder();
  /**
   * The unfinished line, in pieces, joined once by the chunk that ends it: joining on every chunk would
   * make one long line cost quadratic time.
   */
  private pending: string[] = [];
  private data: string | undefined;
  private skipLeadingLF = false;

  /** Feeds one chunk; calls `onData` for every event it completes. */
  push(chunk: Uint8Array, onData: (data: string) => void): void {
    this.feed(this.decoder.decode(chunk, { stream: true }), onData);
  }

  /** Ends the stream: a final line or event without its terminator is still delivered. */
  end(onData: (data: string) => void): void {
    const rest = this.decoder.decode();
    if (rest) this.feed(rest, onData);
    if (this.pending.length > 0) {
      const rest = this.takePending();
      this.line(rest, 0, rest.length, onData);
    }
    this.dispatch(onData);
  }

  private feed(text: string, onData: (data: string) => void): void {
    if (this.skipLeadingLF) {
      this.skipLeadingLF = false;
      if (text.charCodeAt(0) === 10) text = text.slice(1);
    }
    let lf = text.indexOf("\n");
    let cr = text.indexOf("\r");
    if (lf === -1 && cr === -1) {
      if (text.length > 0) this.pending.push(text);
      return;
    }
    const length = text.length;
    let start = 0;
    while (lf !== -1 || cr !== -1) {
      let end: number;
      let next: number;
      if (cr === -1 || (lf !== -1 && lf < cr)) {
        end = lf;
        next = lf + 1;
      } else {
        end = cr;
        next = cr + 1;
        if (next < length) {
          if (text.charCodeAt(next) === 10) next++;
        } else {
          this.skipLeadingLF = true;
        }
      }
      if (this.pending.length > 0) {
        // the end of a line that began in earlier chunks: its pieces are joined once, here
        this.pending.push(text.slice(start, end));
        const line = this.takePending();
        this.line(line, 0, line.length, onData);
      } else {
        this.line(text, start, end, onData);
      }
      start = next;
      if (lf !== -1 && lf < start) lf = text.indexOf("\n", start);
      if (cr !== -1 && cr < start) cr = text.indexOf("\r", start);
    }
    if (start < length) this.pending.push(text.slice(start));
  }

  /** The unfinished line as one string (the pieces are dropped). */
  private takePending(): string {
    const text = this.pending.length === 1 ? this.pending[0] : this.pending.join("");
    this.pending = [];
    return text;
  }

  /** Reads the line `buffer[start, end)` (no copy of the line: only a `data` value is sliced out). */
  private line(buffer: string, start: number, end: number, onData: (data: string) => void): void {
    if (start === end) {
      this.dispatch(onData);
      return;
    }
    if (buffer.charCodeAt(start) === 58 /* ":" comment */) return;
    if (buffer.startsWith("data", start)) {
      let value: string;
      if (end - start === 4) value = "";
      else if (buffer.charCodeAt(start + 4) !== 58)
        return; // a field named e.g. "database"
      else
        value = buffer.slice(
          end - start > 5 && buffer.charCodeAt(start + 5) === 32 ? start + 6 : start + 5,
          end,
        );
      this.data = this.data === undefined ? value : `${this.data}\n${value}`;
    }
  }

  private dispatch(onData: (data: string) => void): void {
    if (this.data !== undefined) {
      const data = this.data;
      this.data = undefined;
      onData(data);
    }
  }
}

/** A `TransformStream` of SSE bytes to event data strings (see {@link SseDecoder}). */
export function createSseDataStream(): TransformStream<Uint8Array, string> {
  const decoder = new SseDecoder();
  return new TransformStream<Uint8Array, string>({
    transform(chunk, controller) {
      decoder.push(chunk, (data) => controller.enqueue(data));
    },
    flush(controller) {
      decoder.end((data) => controller.enqueue(data));
    },
  });
}
