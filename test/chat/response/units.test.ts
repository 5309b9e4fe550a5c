import { describe, expect, it } from "vitest";
import type { ChatReplySink } from "../../../src/chat/reply/events";
import { mapWorkersAIFinishReason } from "../../../src/chat/reply/finish-reason";
import { readReply, readStreamChunk } from "../../../src/chat/reply/readers";
import { ThinkTagSplitter } from "../../../src/chat/reply/think-tags";
import { parseLeakedToolCalls, ToolLeakGuard } from "../../../src/chat/reply/tool-leak";
import { convertWorkersAIUsage } from "../../../src/chat/reply/usage";

function split(chunks: string[]) {
  const splitter = new ThinkTagSplitter();
  const segments = [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.flush()];
  return {
    reasoning: segments.flatMap((s) => (s.kind === "reasoning" ? [s.text] : [])).join(""),
    text: segments.flatMap((s) => (s.kind === "text" ? [s.text] : [])).join(""),
    segments,
  };
}

describe("ThinkTagSplitter", () => {
  it("splits a think block at the start, with the tags cut anywhere", () => {
    const whole = "<think>\nreason here</think>\n\nanswer <think> stays";
    for (let cut = 1; cut < whole.length; cut++) {
      const result = split([whole.slice(0, cut), whole.slice(cut)]);
      expect(result.reasoning, `cut at ${cut}`).toBe("reason here");
      expect(result.text, `cut at ${cut}`).toBe("answer <think> stays");
    }
  });

  it("emits text at once when it cannot be a tag", () => {
    const splitter = new ThinkTagSplitter();
    expect(splitter.push("Hi")).toEqual([{ kind: "text", text: "Hi" }]);
    expect(splitter.push(" <think>")).toEqual([{ kind: "text", text: " <think>" }]);
  });

  it("holds only a possible tag prefix inside the block", () => {
    const splitter = new ThinkTagSplitter();
    expect(splitter.push("<think>abc</")).toEqual([{ kind: "reasoning", text: "abc" }]);
    expect(splitter.push("b>")).toEqual([{ kind: "reasoning", text: "</b>" }]);
  });

  it("flushes held text as what it turned out to be", () => {
    expect(split(["<thi"]).text).toBe("<thi");
    expect(split(["<think>unterminated</thi"]).reasoning).toBe("unterminated</thi");
  });
});

describe("ToolLeakGuard", () => {
  const options = { toolNames: ["search"], forcedToolName: "search", enabled: true };

  it("passes prose through at once and never holds it again", () => {
    const guard = new ToolLeakGuard(options);
    expect(guard.push("  Hello")).toBe("  Hello");
    expect(guard.push(" {not held}")).toBe(" {not held}");
    expect(guard.finish(true)).toEqual({ text: "" });
  });

  it("holds text starting with { or [ and recovers it at the end", () => {
    const guard = new ToolLeakGuard(options);
    expect(guard.push(" ")).toBe("");
    expect(guard.push('{"query":')).toBe("");
    expect(guard.push('"cats"}')).toBe("");
    expect(guard.finish(true)).toEqual({ calls: [{ name: "search", arguments: '{"query":"cats"}' }] });
  });

  it("gives the held text back when recovery is not allowed or fails", () => {
    const guard = new ToolLeakGuard(options);
    guard.push('{"query":"cats"}');
    expect(guard.finish(false)).toEqual({ text: '{"query":"cats"}' });
    const broken = new ToolLeakGuard(options);
    broken.push("[1, 2");
    expect(broken.finish(true)).toEqual({ text: "[1, 2" });
  });

  it("is inert when disabled", () => {
    const guard = new ToolLeakGuard({ ...options, enabled: false });
    expect(guard.push('{"query":"cats"}')).toBe('{"query":"cats"}');
  });

  it("parses the leak shapes", () => {
    const tools = { toolNames: ["a", "b"] };
    expect(parseLeakedToolCalls('{"name":"a","parameters":{"x":1}}', tools)).toEqual([
      { name: "a", arguments: '{"x":1}' },
    ]);
    expect(
      parseLeakedToolCalls('{"type":"function","function":{"name":"b","arguments":"{}"}}', tools),
    ).toEqual([{ name: "b", arguments: "{}" }]);
    expect(parseLeakedToolCalls('{"x":1}', tools)).toBeUndefined();
    expect(parseLeakedToolCalls("[]", tools)).toBeUndefined();
    expect(parseLeakedToolCalls('{"name":"a","arguments":"not json"}', tools)).toBeUndefined();
    expect(parseLeakedToolCalls('[{"x":1}]', { toolNames: ["a"], forcedToolName: "a" })).toBeUndefined();
  });
});

describe("convertWorkersAIUsage", () => {
  it("reads chat-completions usage with cached and reasoning tokens", () => {
    const raw = {
      prompt_tokens: 100,
      completion_tokens: 50,
      total_tokens: 150,
      prompt_tokens_details: { cached_tokens: 60 },
      completion_tokens_details: { reasoning_tokens: 20 },
    };
    expect(convertWorkersAIUsage(raw)).toEqual({
      inputTokens: { total: 100, noCache: 40, cacheRead: 60, cacheWrite: undefined },
      outputTokens: { total: 50, text: 30, reasoning: 20 },
      raw,
    });
  });

  it("reads Responses usage (input/output tokens)", () => {
    const usage = convertWorkersAIUsage({ input_tokens: 8, output_tokens: 5, total_tokens: 13 });
    expect(usage.inputTokens.total).toBe(8);
    expect(usage.outputTokens.total).toBe(5);
  });

  it("leaves what is not reported undefined", () => {
    expect(convertWorkersAIUsage({ prompt_tokens: 3, completion_tokens: 4 })).toMatchObject({
      inputTokens: { total: 3, noCache: undefined, cacheRead: undefined },
      outputTokens: { total: 4, text: undefined, reasoning: undefined },
    });
    expect(convertWorkersAIUsage(undefined)).toEqual({
      inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
    });
  });
});

describe("mapWorkersAIFinishReason", () => {
  it.each([
    ["stop", "stop"],
    ["length", "length"],
    ["model_length", "length"],
    ["tool_calls", "tool-calls"],
    ["function_call", "tool-calls"],
    ["content_filter", "content-filter"],
    ["error", "error"],
    ["weird", "other"],
  ] as const)("%s → %s", (raw, unified) => {
    expect(mapWorkersAIFinishReason(raw, { hasToolCalls: false })).toEqual({ unified, raw });
  });

  it("derives stop or tool-calls when no reason is given, and upgrades stop with calls", () => {
    expect(mapWorkersAIFinishReason(undefined, { hasToolCalls: false })).toEqual({
      unified: "stop",
      raw: undefined,
    });
    expect(mapWorkersAIFinishReason(undefined, { hasToolCalls: true })).toEqual({
      unified: "tool-calls",
      raw: undefined,
    });
    expect(mapWorkersAIFinishReason("stop", { hasToolCalls: true })).toEqual({
      unified: "tool-calls",
      raw: "stop",
    });
    expect(mapWorkersAIFinishReason("length", { hasToolCalls: true })).toEqual({
      unified: "length",
      raw: "length",
    });
  });
});

/**
 * The calls a reader makes on its sink, in order, as `[method, ...arguments]`; calls that carry nothing
 * (empty text, no usage, no finish reason, no metadata), which the sink ignores, are left out.
 */
function reported(read: (sink: ChatReplySink) => void): unknown[][] {
  const calls: unknown[][] = [];
  const record =
    (method: string) =>
    (...args: unknown[]) => {
      if (method !== "error" && !method.startsWith("tool") && args.every((arg) => arg == null || arg === ""))
        return;
      calls.push([method, ...args]);
    };
  read({
    metadata: record("metadata"),
    text: record("text"),
    reasoning: record("reasoning"),
    toolStart: record("toolStart"),
    toolArgs: record("toolArgs"),
    toolEnd: record("toolEnd"),
    toolCall: record("toolCall"),
    usage: record("usage"),
    finish: record("finish"),
    error: record("error"),
  });
  return calls;
}

const chunk = (value: unknown) => reported((sink) => readStreamChunk(value, sink));
const reply = (value: unknown) => reported((sink) => readReply(value, sink));

describe("readers detect the family from the shape", () => {
  it("stream chunks", () => {
    expect(chunk({ response: "a", p: "abc" })).toEqual([["text", "a"]]);
    expect(chunk({ choices: [{ index: 0, delta: { content: "b" }, finish_reason: null }] })).toEqual([
      ["text", "b"],
    ]);
    expect(chunk("bare text")).toEqual([["text", "bare text"]]);
    expect(chunk({ response: "a", usage: { prompt_tokens: 1 } })).toEqual([
      ["text", "a"],
      ["usage", { prompt_tokens: 1 }],
    ]);
    expect(
      chunk({ id: "c1", choices: [{ index: 0, delta: { content: "b" }, finish_reason: "stop" }] }),
    ).toEqual([
      ["metadata", "c1", undefined, undefined],
      ["text", "b"],
      ["finish", "stop"],
    ]);
    expect(chunk({ type: "response.output_text.delta", delta: "c" })).toEqual([["text", "c"]]);
    expect(chunk({ type: "error", code: 3040, message: "busy" })).toMatchObject([
      ["error", "busy", 3040, {}],
    ]);
    expect(chunk({ p: "padding only" })).toEqual([]);
    expect(chunk({ choices: [], usage: { prompt_tokens: 1 } })).toEqual([["usage", { prompt_tokens: 1 }]]);
  });

  it("a text_completion chunk (choices[].text)", () => {
    expect(
      reply({ object: "text_completion", choices: [{ index: 0, text: "t", finish_reason: "stop" }] }),
    ).toEqual([
      ["text", "t"],
      ["finish", "stop"],
    ]);
  });

  it("whole replies: bare string, llama-4-scout OpenAI-like tool calls with object arguments, content parts", () => {
    expect(reply("raw text")).toEqual([["text", "raw text"]]);
    expect(
      reply({
        response: "",
        tool_calls: [{ id: "t1", type: "function", function: { name: "f", arguments: { a: 1 } } }],
      }),
    ).toEqual([["toolCall", "f", "t1", '{"a":1}']]);
    expect(
      reply({
        choices: [
          {
            index: 0,
            message: {
              content: [
                { type: "text", text: "x" },
                { type: "text", text: "y" },
              ],
            },
          },
        ],
      }),
    ).toContainEqual(["text", "xy"]);
  });

  it("whole replies: error bodies and unknown values", () => {
    expect(reply({ errors: [{ code: 5007, message: "No such model" }] })).toMatchObject([
      ["error", "No such model", 5007, {}],
    ]);
    expect(reply(null).map(([method]) => method)).toEqual(["error"]);
  });
});
