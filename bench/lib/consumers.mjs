/**
 * The three consumers every stream workload runs, side by side:
 * - `raw`: the least any correct consumer does — streaming UTF-8 decode, SSE line split, `JSON.parse`
 *   per event, concatenate the text (or the tool arguments);
 * - `provider`: `model.doStream()` with every part read;
 * - `streamText`: the AI SDK's `streamText(…).fullStream` with every part read.
 * Each returns what it read, so the benchmark can check all three saw the same answer.
 */

/** How the raw consumer reads one parsed event of a family into its result. */
const RAW_READERS = {
  legacy(event, result) {
    const text = event.response;
    if (typeof text === "string" && text.length > 0) {
      result.text += text;
      return text;
    }
    return "";
  },
  chat(event, result) {
    const delta = event.choices?.[0]?.delta;
    if (!delta) return "";
    if (typeof delta.content === "string" && delta.content.length > 0) {
      result.text += delta.content;
      return delta.content;
    }
    if (delta.tool_calls) {
      for (const call of delta.tool_calls) {
        const args = call.function?.arguments;
        if (typeof args === "string")
          result.toolArgs[call.index] = (result.toolArgs[call.index] ?? "") + args;
      }
    }
    return "";
  },
  responses(event, result) {
    if (event.type !== "response.output_text.delta" || typeof event.delta !== "string") return "";
    result.text += event.delta;
    return event.delta;
  },
};

/**
 * The raw baseline over a byte stream. `onText(delta)` is called for every text delta (for latency runs).
 * Complete tool arguments are parsed at the end, as a consumer that uses them must.
 */
export async function consumeRaw(stream, family, onText) {
  const read = RAW_READERS[family];
  const result = { text: "", toolArgs: [], toolInputs: [], events: 0 };
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let start = 0;
    let end = buffer.indexOf("\n", start);
    while (end !== -1) {
      if (buffer.startsWith("data: ", start)) {
        const data = buffer.slice(start + 6, end);
        if (data !== "[DONE]") {
          result.events++;
          const text = read(JSON.parse(data), result);
          if (onText && text) onText(text);
        }
      }
      start = end + 1;
      end = buffer.indexOf("\n", start);
    }
    buffer = buffer.slice(start);
  }
  result.toolInputs = result.toolArgs.map((args) => JSON.parse(args));
  return result;
}

/** `model.doStream(options)` with every part read. */
export async function consumeProvider(model, options, onText) {
  const result = { text: "", toolArgs: [], toolInputs: [], parts: 0, errors: [], finish: undefined };
  const { stream } = await model.doStream(options);
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    result.parts++;
    switch (value.type) {
      case "text-delta":
        result.text += value.delta;
        if (onText) onText(value.delta);
        break;
      case "tool-call":
        result.toolArgs.push(value.input);
        result.toolInputs.push(JSON.parse(value.input));
        break;
      case "error":
        result.errors.push(value.error);
        break;
      case "finish":
        result.finish = value.finishReason;
        break;
    }
  }
  return result;
}

/** `streamText(args).fullStream` with every part read. */
export async function consumeStreamText(streamText, args, onText) {
  const result = { text: "", toolArgs: [], toolInputs: [], parts: 0, errors: [], finish: undefined };
  const run = streamText({ ...args, onError: ({ error }) => result.errors.push(error) });
  for await (const part of run.fullStream) {
    result.parts++;
    switch (part.type) {
      case "text-delta": {
        const delta = part.text ?? part.delta;
        result.text += delta;
        if (onText) onText(delta);
        break;
      }
      case "tool-call":
        result.toolArgs.push(JSON.stringify(part.input));
        result.toolInputs.push(part.input);
        break;
      case "error":
        result.errors.push(part.error);
        break;
      case "finish":
        result.finish = part.finishReason;
        break;
    }
  }
  return result;
}
