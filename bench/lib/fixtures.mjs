/**
 * Wire fixtures of the benchmark: model tokens and the SSE bytes Workers AI sends for them, cut into
 * chunks of random size with a fixed seed, so every run and every machine streams the same bytes.
 */
import { createRandom, randomInt } from "./stats.mjs";

const encoder = new TextEncoder();

/** Characters tokens are drawn from: mostly ASCII, with JSON escapes and 2-, 3- and 4-byte UTF-8. */
const ALPHABET = [
  ..."etaoinshrdlucmfwypvbgkjqxz".split(""),
  ..."ETAOINSHRD".split(""),
  ..."      ".split(""),
  ...".,;:!?'-()0123456789".split(""),
  '"',
  "\\",
  "\n",
  "\t",
  "é",
  "ñ",
  "ü",
  "ß",
  "ø",
  "—",
  "€",
  "中",
  "文",
  "語",
  "😀",
  "🚀",
];

/** `count` tokens of 1–8 characters (code points) from a seeded generator. */
export function makeTokens(count, seed = 1) {
  const random = createRandom(seed);
  const tokens = new Array(count);
  for (let i = 0; i < count; i++) {
    const length = randomInt(random, 1, 8);
    let token = "";
    for (let j = 0; j < length; j++) token += ALPHABET[Math.floor(random() * ALPHABET.length)];
    tokens[i] = token;
  }
  return tokens;
}

/** Prose tokens for time-to-first-token runs: the answer starts with a word, as real answers do. */
export function makeProseTokens(count, seed = 7) {
  const tokens = makeTokens(count, seed);
  tokens[0] = "Sure";
  return tokens;
}

const usage = (completion) => ({
  prompt_tokens: 12,
  completion_tokens: completion,
  total_tokens: 12 + completion,
});

const sse = (data) => `data: ${data}\n\n`;

/** One legacy (`{"response": …}`) event. */
export function legacyEvent(token) {
  return sse(JSON.stringify({ response: token }));
}

/** The legacy stream of `tokens`: one event per token, usage on the last event, `[DONE]`. */
export function legacyEvents(tokens) {
  const events = tokens.map(legacyEvent);
  events.push(sse(JSON.stringify({ response: "", usage: usage(tokens.length) })), sse("[DONE]"));
  return events;
}

const CHUNK_HEAD = { id: "chatcmpl-bench", object: "chat.completion.chunk", created: 1751570976 };

/** One chat-completions chunk with a content delta. */
function chatEvent(token, model) {
  return sse(
    JSON.stringify({
      ...CHUNK_HEAD,
      model,
      choices: [{ index: 0, delta: { content: token }, logprobs: null, finish_reason: null }],
    }),
  );
}

/** The chat-completions stream of `tokens`: role chunk, one chunk per token, stop, usage chunk, `[DONE]`. */
export function chatEvents(tokens, model = "@cf/moonshotai/kimi-k2.5") {
  const events = [
    sse(
      JSON.stringify({
        ...CHUNK_HEAD,
        model,
        choices: [
          { index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null },
        ],
      }),
    ),
  ];
  for (const token of tokens) events.push(chatEvent(token, model));
  events.push(
    sse(JSON.stringify({ ...CHUNK_HEAD, model, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })),
    sse(JSON.stringify({ ...CHUNK_HEAD, model, choices: [], usage: usage(tokens.length) })),
    sse("[DONE]"),
  );
  return events;
}

/**
 * The Responses-family stream of `tokens` (gpt-oss given `input`, which a forced tool selects):
 * `response.created`, one `response.output_text.delta` per token, then (when `toolCall` is given) a
 * streamed `function_call` item, and `response.completed` with usage.
 */
export function responsesEvents(tokens, { model = "@cf/openai/gpt-oss-120b", toolCall } = {}) {
  const response = {
    id: "resp-bench",
    object: "response",
    created_at: 1751570976,
    model,
    status: "in_progress",
  };
  let sequence = 0;
  const events = [sse(JSON.stringify({ type: "response.created", sequence_number: sequence++, response }))];
  for (const token of tokens) {
    events.push(
      sse(
        JSON.stringify({
          type: "response.output_text.delta",
          sequence_number: sequence++,
          item_id: "msg-bench",
          output_index: 1,
          content_index: 0,
          delta: token,
        }),
      ),
    );
  }
  if (toolCall) {
    const item = {
      type: "function_call",
      id: "fc-bench",
      call_id: "call-bench",
      name: toolCall.name,
      arguments: "",
    };
    events.push(
      sse(
        JSON.stringify({
          type: "response.output_item.added",
          sequence_number: sequence++,
          output_index: 2,
          item,
        }),
      ),
      sse(
        JSON.stringify({
          type: "response.function_call_arguments.delta",
          sequence_number: sequence++,
          output_index: 2,
          delta: toolCall.arguments,
        }),
      ),
      sse(
        JSON.stringify({
          type: "response.output_item.done",
          sequence_number: sequence++,
          output_index: 2,
          item: { ...item, arguments: toolCall.arguments, status: "completed" },
        }),
      ),
    );
  }
  events.push(
    sse(
      JSON.stringify({
        type: "response.completed",
        sequence_number: sequence++,
        response: {
          ...response,
          status: "completed",
          usage: { input_tokens: 12, output_tokens: tokens.length, total_tokens: 12 + tokens.length },
        },
      }),
    ),
    sse("[DONE]"),
  );
  return events;
}

/** Tool names and the shape of their arguments in the tool-call workload. */
export const TOOL_NAMES = ["get_weather", "search_docs", "book_flight"];

/**
 * A chat-completions stream of three tool calls, one after the other, whose JSON arguments arrive in
 * deltas of 1–8 characters: `totalEvents` events in all (with the finish and usage chunks), then `[DONE]`.
 * Returns the events and the arguments text each call must end with.
 */
export function toolCallEvents(totalEvents = 2000, model = "@cf/moonshotai/kimi-k2.5", seed = 3) {
  const random = createRandom(seed);
  const perCall = Math.floor((totalEvents - 2) / TOOL_NAMES.length) - 1;
  const events = [];
  const expected = [];
  TOOL_NAMES.forEach((name, index) => {
    // arguments long enough to need `perCall` deltas of 1–8 characters
    const words = makeTokens(perCall, seed + index + 1).join("");
    const args = JSON.stringify({ query: words, limit: 10, strict: true });
    expected.push(args);
    const pieces = [];
    let offset = 0;
    while (offset < args.length) {
      const size = randomInt(random, 1, 8);
      pieces.push(args.slice(offset, offset + size));
      offset += size;
    }
    // at most perCall argument deltas (merge the tail); a shortfall is padded with empty chunks below
    while (pieces.length > perCall) {
      const last = pieces.pop();
      pieces[pieces.length - 1] += last;
    }
    const delta = (item) =>
      sse(
        JSON.stringify({
          ...CHUNK_HEAD,
          model,
          choices: [{ index: 0, delta: { tool_calls: [item] }, logprobs: null, finish_reason: null }],
        }),
      );
    events.push(
      delta({ index, id: `chatcmpl-tool-${index}`, type: "function", function: { name, arguments: "" } }),
    );
    for (const piece of pieces) events.push(delta({ index, function: { arguments: piece } }));
  });
  // pad with empty-content chunks to the exact event count (models do send these)
  while (events.length < totalEvents - 2) {
    events.push(
      sse(JSON.stringify({ ...CHUNK_HEAD, model, choices: [{ index: 0, delta: {}, finish_reason: null }] })),
    );
  }
  events.push(
    sse(
      JSON.stringify({
        ...CHUNK_HEAD,
        model,
        choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }],
      }),
    ),
    sse(JSON.stringify({ ...CHUNK_HEAD, model, choices: [], usage: usage(totalEvents) })),
    sse("[DONE]"),
  );
  return { events, expected };
}

/** UTF-8 bytes of the events, concatenated. */
export function encodeEvents(events) {
  return encoder.encode(events.join(""));
}

/** Cuts `bytes` into views of random size in [min, max] (seeded); multi-byte characters get split. */
export function cutChunks(bytes, { seed = 42, min = 1, max = 4096 } = {}) {
  const random = createRandom(seed);
  const chunks = [];
  let offset = 0;
  while (offset < bytes.length) {
    const size = randomInt(random, min, max);
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return chunks;
}

/** Events per SSE `data:` line count (excluding `[DONE]`), to report what a workload really streams. */
export function countEvents(events) {
  return events.filter((event) => !event.startsWith("data: [DONE]")).length;
}
