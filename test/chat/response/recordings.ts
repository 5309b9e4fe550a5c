/** Recorded Workers AI chat streams and replies (shapes of spec 3.2–3.5), one per family and quirk. */

export const legacyTextStream = [
  'data: {"response":"Hel"}',
  'data: {"response":"lo","p":"abcdef"}',
  'data: {"response":" world","p":"xyz"}',
  'data: {"response":"","usage":{"prompt_tokens":13,"completion_tokens":3,"total_tokens":16}}',
  "data: [DONE]",
];

/** Legacy tool call streamed with index, continuation and a null-finalization chunk (spec 3.5). */
export const legacyToolStream = [
  'data: {"tool_calls":[{"id":"call123","type":"function","index":0,"function":{"name":"get_weather","arguments":"{\\"location\\": "}}]}',
  'data: {"tool_calls":[{"index":0,"function":{"arguments":"\\"London\\"}"}}]}',
  'data: {"tool_calls":[{"id":null,"type":null,"index":0,"function":{"name":null,"arguments":""}}]}',
  'data: {"response":"","finish_reason":"tool_calls","usage":{"prompt_tokens":13,"completion_tokens":9,"total_tokens":22}}',
  "data: [DONE]",
];

export const chatCompletionsTextStream = [
  'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1751570976,"model":"@cf/moonshotai/kimi-k2.5","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":{"prompt_tokens":13,"completion_tokens":0,"total_tokens":13}}',
  'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1751570976,"model":"@cf/moonshotai/kimi-k2.5","choices":[{"index":0,"delta":{"reasoning_content":"Okay, "},"finish_reason":null}],"usage":{"prompt_tokens":13,"completion_tokens":2,"total_tokens":15}}',
  'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1751570976,"model":"@cf/moonshotai/kimi-k2.5","choices":[{"index":0,"delta":{"reasoning":"let me think."},"finish_reason":null}]}',
  'data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1751570977,"model":"@cf/moonshotai/kimi-k2.5","choices":[{"index":0,"delta":{"content":"A"},"finish_reason":null}]}',
  'data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1751570977,"model":"@cf/moonshotai/kimi-k2.5","choices":[{"index":0,"delta":{"content":"nswer."},"finish_reason":"stop"}]}',
  'data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1751570977,"model":"@cf/moonshotai/kimi-k2.5","choices":[],"usage":{"prompt_tokens":13,"completion_tokens":20,"total_tokens":33,"prompt_tokens_details":{"cached_tokens":8},"completion_tokens_details":{"reasoning_tokens":12}}}',
  "data: [DONE]",
];

/** Two Kimi tool calls streamed one after the other (`functions.<name>:<n>` ids). */
export function kimiToolStream(city1: string, city2: string): string[] {
  const chunk = (delta: string, finish: string | null = null) =>
    `data: {"id":"chatcmpl-k","object":"chat.completion.chunk","created":1751570976,"model":"@cf/moonshotai/kimi-k2.7-code","choices":[{"index":0,"delta":${delta},"finish_reason":${finish ? `"${finish}"` : "null"}}]}`;
  return [
    chunk('{"reasoning_content":"Two cities."}'),
    chunk(
      '{"tool_calls":[{"index":0,"id":"functions.get_weather:0","type":"function","function":{"name":"get_weather","arguments":""}}]}',
    ),
    chunk(`{"tool_calls":[{"index":0,"function":{"arguments":"{\\"city\\":"}}]}`),
    chunk(`{"tool_calls":[{"index":0,"function":{"arguments":" \\"${city1}\\"}"}}]}`),
    chunk(
      '{"tool_calls":[{"index":1,"id":"functions.get_weather:1","type":"function","function":{"name":"get_weather","arguments":""}}]}',
    ),
    chunk(`{"tool_calls":[{"index":1,"function":{"arguments":"{\\"city\\": \\"${city2}\\"}"}}]}`),
    chunk("{}", "tool_calls"),
    'data: {"id":"chatcmpl-k","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":40,"completion_tokens":30,"total_tokens":70}}',
    "data: [DONE]",
  ];
}

/** Several complete tool calls in one chunk, with `index`. */
export const manyCallsWithIndex = [
  'data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"a","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},{"index":1,"id":"b","type":"function","function":{"name":"get_time","arguments":"{\\"zone\\":\\"CET\\"}"}}]},"finish_reason":"tool_calls"}]}',
  "data: [DONE]",
];

/** Several complete tool calls in one chunk, without `index`, flat shape, arguments as objects. */
export const manyFlatCallsWithoutIndex = [
  'data: {"tool_calls":[{"name":"get_weather","arguments":{"city":"Paris"}},{"name":"get_time","arguments":{"zone":"CET"}}]}',
  'data: {"response":"","finish_reason":"tool_calls"}',
  "data: [DONE]",
];

export const responsesEventStream = [
  'data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","status":"in_progress","model":"@cf/openai/gpt-oss-120b","created_at":1751570976}}',
  'data: {"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"type":"reasoning","id":"rs_1"}}',
  'data: {"type":"response.reasoning_text.delta","sequence_number":2,"output_index":0,"delta":"Thinking"}',
  'data: {"type":"response.reasoning_text.delta","sequence_number":3,"output_index":0,"delta":" hard."}',
  'data: {"type":"response.output_item.added","sequence_number":4,"output_index":1,"item":{"type":"function_call","call_id":"call_1","name":"get_weather","arguments":""}}',
  'data: {"type":"response.function_call_arguments.delta","sequence_number":5,"output_index":1,"delta":"{\\"city\\":"}',
  'data: {"type":"response.function_call_arguments.delta","sequence_number":6,"output_index":1,"delta":"\\"Oslo\\"}"}',
  'data: {"type":"response.function_call_arguments.done","sequence_number":7,"output_index":1,"arguments":"{\\"city\\":\\"Oslo\\"}"}',
  'data: {"type":"response.output_item.done","sequence_number":8,"output_index":1,"item":{"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}',
  'data: {"type":"response.completed","sequence_number":9,"response":{"id":"resp_1","object":"response","status":"completed","usage":{"input_tokens":80,"output_tokens":120,"total_tokens":200,"output_tokens_details":{"reasoning_tokens":100}}}}',
];

export const responsesTextEventStream = [
  'data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_2","object":"response","status":"in_progress"}}',
  'data: {"type":"response.output_text.delta","sequence_number":1,"output_index":0,"delta":"Bonjour"}',
  'data: {"type":"response.output_text.delta","sequence_number":2,"output_index":0,"delta":" à tous"}',
  'data: {"type":"response.output_text.done","sequence_number":3,"output_index":0,"text":"Bonjour à tous"}',
  'data: {"type":"response.completed","sequence_number":4,"response":{"id":"resp_2","object":"response","status":"completed","usage":{"input_tokens":8,"output_tokens":5,"total_tokens":13}}}',
];

export const legacyReply = {
  response: "Paris is the capital of France.",
  usage: { prompt_tokens: 13, completion_tokens: 7, total_tokens: 20 },
};

export const legacyToolReply = {
  response: null,
  tool_calls: [{ name: "get_weather", arguments: { city: "London" } }],
  usage: { prompt_tokens: 20, completion_tokens: 10, total_tokens: 30 },
};

export const chatCompletionsReply = {
  id: "chatcmpl-abc",
  object: "chat.completion",
  created: 1751570976,
  model: "@cf/zai-org/glm-4.7-flash",
  choices: [
    {
      index: 0,
      finish_reason: "tool_calls",
      logprobs: null,
      message: {
        role: "assistant",
        content: null,
        reasoning_content: "The user wants weather.",
        tool_calls: [
          {
            id: "chatcmpl-tool-abc",
            type: "function",
            function: { name: "get_weather", arguments: '{"city":"London"}' },
          },
        ],
      },
    },
  ],
  usage: {
    prompt_tokens: 13,
    completion_tokens: 40,
    total_tokens: 53,
    prompt_tokens_details: { cached_tokens: 5 },
    completion_tokens_details: { reasoning_tokens: 20 },
  },
};

export const responsesReply = {
  id: "resp_abc",
  object: "response",
  status: "completed",
  created_at: 1751570976,
  model: "@cf/openai/gpt-oss-120b",
  output: [
    {
      type: "reasoning",
      id: "rs_1",
      summary: [],
      content: [{ type: "reasoning_text", text: "Need weather." }],
    },
    { type: "function_call", call_id: "call_xyz", name: "get_weather", arguments: '{"city":"London"}' },
    {
      type: "message",
      id: "msg_1",
      role: "assistant",
      status: "completed",
      content: [{ type: "output_text", text: "Let me check." }],
    },
  ],
  output_text: "Let me check.",
  usage: { input_tokens: 80, output_tokens: 120, total_tokens: 200 },
};

/** gpt-oss with a forced tool, writing the call as JSON text (spec 3.4 quirk). */
export function leakedToolStream(json: string): string[] {
  const pieces = [json.slice(0, 5), json.slice(5, 17), json.slice(17)];
  return [
    ...pieces.map(
      (piece) =>
        `data: ${JSON.stringify({ id: "chatcmpl-g", object: "chat.completion.chunk", choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}`,
    ),
    `data: ${JSON.stringify({ id: "chatcmpl-g", object: "chat.completion.chunk", choices: [{ index: 0, delta: { tool_calls: [] }, finish_reason: "stop" }] })}`,
    "data: [DONE]",
  ];
}
