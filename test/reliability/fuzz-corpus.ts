/**
 * The SSE fuzz corpus: recorded streams of every chat family (legacy, chat-completions, tool-call
 * deltas, reasoning, Responses events) with what each must assemble to, in LF and CRLF framing.
 */
import type { LanguageModelV4CallOptions } from "@ai-sdk/provider";
import {
  chatCompletionsTextStream,
  kimiToolStream,
  leakedToolStream,
  legacyTextStream,
  legacyToolStream,
  manyCallsWithIndex,
  manyFlatCallsWithoutIndex,
  responsesEventStream,
  responsesTextEventStream,
} from "../chat/response/recordings";
import { chatCompletionsStream, legacyStream, responsesStream } from "../fixtures/sse-recordings";
import { encoder } from "./helpers";

/** What a recording must assemble to (checked on the reference run, so the fuzz compares to a known-good run). */
interface FuzzExpectation {
  text: string;
  reasoning?: string;
  toolCalls?: Array<{ toolName: string; input: unknown }>;
  finish: string;
}

/** One fuzz input: SSE bytes plus the call options the model is called with. */
export interface FuzzRecording {
  name: string;
  bytes: Uint8Array;
  tools: boolean;
  expected: FuzzExpectation;
}

const weatherTools: LanguageModelV4CallOptions["tools"] = [
  {
    type: "function",
    name: "get_weather",
    description: "Weather of a city",
    inputSchema: { type: "object", properties: { city: { type: "string" } } },
  },
  {
    type: "function",
    name: "get_time",
    description: "Time in a zone",
    inputSchema: { type: "object", properties: { zone: { type: "string" } } },
  },
];

/** Call options of a fuzz run (tools only where the recording calls them). */
export function fuzzCallOptions(recording: FuzzRecording): LanguageModelV4CallOptions {
  return {
    prompt: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
    ...(recording.tools ? { tools: weatherTools } : {}),
  };
}

/** A legacy stream with `<think>` reasoning split across events and multi-byte text everywhere. */
const thinkTagStream = [
  'data: {"response":"<thi"}',
  'data: {"response":"nk>Überlegung: 東"}',
  'data: {"response":"京 ist groß 🗼</th"}',
  'data: {"response":"ink>Antwort: ça va 😀 — ok"}',
  'data: {"response":"","usage":{"prompt_tokens":5,"completion_tokens":9,"total_tokens":14}}',
  "data: [DONE]",
];

/** Keep-alive comments, `event:`/`id:` fields and a multi-byte heavy chat-completions stream. */
const noisyChatStream = [
  ": keep-alive",
  'event: message\nid: 1\ndata: {"choices":[{"index":0,"delta":{"content":"Ωμέγα "},"finish_reason":null}]}',
  ": ping",
  'data: {"choices":[{"index":0,"delta":{"content":"𝄞 music ✓ "},"finish_reason":null}]}',
  'retry: 1000\ndata: {"choices":[{"index":0,"delta":{"content":"👩‍👩‍👧 family"},"finish_reason":"stop"}]}',
  "data: [DONE]",
];

const leakJson = '{"name":"get_weather","arguments":{"city":"Lyon"}}';

interface Base {
  name: string;
  lines: readonly string[];
  tools?: boolean;
  expected: FuzzExpectation;
}

const base: Base[] = [
  {
    name: "legacy (fixture)",
    lines: legacyStream,
    tools: true,
    expected: {
      text: "Hello, wörld — 東京 😀",
      toolCalls: [{ toolName: "get_weather", input: { location: "London" } }],
      finish: "tool-calls",
    },
  },
  { name: "legacy text", lines: legacyTextStream, expected: { text: "Hello world", finish: "stop" } },
  {
    name: "legacy tool-call deltas",
    lines: legacyToolStream,
    tools: true,
    expected: {
      text: "",
      toolCalls: [{ toolName: "get_weather", input: { location: "London" } }],
      finish: "tool-calls",
    },
  },
  {
    name: "legacy <think> reasoning",
    lines: thinkTagStream,
    expected: {
      text: "Antwort: ça va 😀 — ok",
      reasoning: "Überlegung: 東京 ist groß 🗼",
      finish: "stop",
    },
  },
  {
    name: "chat-completions (fixture)",
    lines: chatCompletionsStream,
    tools: true,
    expected: {
      text: "A 🌍 answer",
      reasoning: "Okay, ünïcode",
      toolCalls: [{ toolName: "get_weather", input: '{"loc' }],
      finish: "tool-calls",
    },
  },
  {
    name: "chat-completions reasoning",
    lines: chatCompletionsTextStream,
    expected: { text: "Answer.", reasoning: "Okay, let me think.", finish: "stop" },
  },
  {
    name: "chat-completions tool-call deltas (kimi)",
    lines: kimiToolStream("Zürich", "東京"),
    tools: true,
    expected: {
      text: "",
      reasoning: "Two cities.",
      toolCalls: [
        { toolName: "get_weather", input: { city: "Zürich" } },
        { toolName: "get_weather", input: { city: "東京" } },
      ],
      finish: "tool-calls",
    },
  },
  {
    name: "chat-completions many calls with index",
    lines: manyCallsWithIndex,
    tools: true,
    expected: {
      text: "",
      toolCalls: [
        { toolName: "get_weather", input: { city: "Paris" } },
        { toolName: "get_time", input: { zone: "CET" } },
      ],
      finish: "tool-calls",
    },
  },
  {
    name: "legacy many flat calls without index",
    lines: manyFlatCallsWithoutIndex,
    tools: true,
    expected: {
      text: "",
      toolCalls: [
        { toolName: "get_weather", input: { city: "Paris" } },
        { toolName: "get_time", input: { zone: "CET" } },
      ],
      finish: "tool-calls",
    },
  },
  {
    name: "chat-completions tool call leaked as text (gpt-oss)",
    lines: leakedToolStream(leakJson),
    tools: true,
    expected: {
      text: "",
      toolCalls: [{ toolName: "get_weather", input: { city: "Lyon" } }],
      finish: "tool-calls",
    },
  },
  {
    name: "chat-completions noisy framing",
    lines: noisyChatStream,
    expected: { text: "Ωμέγα 𝄞 music ✓ 👩‍👩‍👧 family", finish: "stop" },
  },
  {
    name: "responses (fixture)",
    lines: responsesStream,
    expected: { text: "Bonjour à tous", reasoning: "Thinking…", finish: "stop" },
  },
  {
    name: "responses reasoning + function call",
    lines: responsesEventStream,
    tools: true,
    expected: {
      text: "",
      reasoning: "Thinking hard.",
      toolCalls: [{ toolName: "get_weather", input: { city: "Oslo" } }],
      finish: "tool-calls",
    },
  },
  {
    name: "responses text",
    lines: responsesTextEventStream,
    expected: { text: "Bonjour à tous", finish: "stop" },
  },
];

/** Every recording in LF framing, CRLF framing, and LF without the final blank line. */
export const fuzzCorpus: FuzzRecording[] = base.flatMap((entry) => {
  const lf = entry.lines.map((line) => `${line}\n\n`).join("");
  const crlf = entry.lines.map((line) => `${line.replace(/\n/g, "\r\n")}\r\n\r\n`).join("");
  const unterminated = lf.slice(0, -2);
  return [
    { name: `${entry.name} [LF]`, text: lf },
    { name: `${entry.name} [CRLF]`, text: crlf },
    { name: `${entry.name} [no final blank line]`, text: unterminated },
  ].map(({ name, text }) => ({
    name,
    bytes: encoder.encode(text),
    tools: entry.tools === true,
    expected: entry.expected,
  }));
});
