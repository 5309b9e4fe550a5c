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
  private buffer = "";
  private data: string | undefined;
  private skipLeadingLF = false;

  /** Feeds one chunk; calls `onData` for every event it completes. */
  push(chunk: Uint8Array, onData: (data: string) => void): void {
    this.feed(this.decoder.decode(chunk, { stream: true }), onData);
  }

  /** Feeds already-decoded text. */
  pushText(text: string, onData: (data: string) => void): void {
    this.feed(text, onData);
  }

  /** Ends the stream: a final line or event without its terminator is still delivered. */
  end(onData: (data: string) => void): void {
    const rest = this.decoder.decode();
    if (rest) this.feed(rest, onData);
    if (this.buffer.length > 0) {
      this.line(this.buffer, onData);
      this.buffer = "";
    }
    this.dispatch(onData);
  }

  private feed(text: string, onData: (data: string) => void): void {
    if (this.skipLeadingLF) {
      this.skipLeadingLF = false;
      if (text.charCodeAt(0) === 10) text = text.slice(1);
    }
    const buffer = this.buffer.length > 0 ? this.buffer + text : text;
    const length = buffer.length;
    let start = 0;
    let lf = buffer.indexOf("\n");
    let cr = buffer.indexOf("\r");
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
          if (buffer.charCodeAt(next) === 10) next++;
        } else {
          this.skipLeadingLF = true;
        }
      }
      this.line(buffer.slice(start, end), onData);
      start = next;
      if (lf !== -1 && lf < start) lf = buffer.indexOf("\n", start);
      if (cr !== -1 && cr < start) cr = buffer.indexOf("\r", start);
    }
    this.buffer = start === 0 ? buffer : buffer.slice(start);
  }

  private line(line: string, onData: (data: string) => void): void {
    if (line.length === 0) {
      this.dispatch(onData);
      return;
    }
    if (line.charCodeAt(0) === 58 /* ":" comment */) return;
    if (line.startsWith("data")) {
      let value: string;
      if (line.length === 4) value = "";
      else if (line.charCodeAt(4) !== 58)
        return; // a field named e.g. "database"
      else value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
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
