import { APICallError, InvalidResponseDataError, type LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import {
  assembleReply,
  chatStreamFromSse,
  collectChatParts,
  readAllParts,
} from "../../../src/chat/reply/assemble-stream";
import { assemblyOptions, assertWellFormed, partsOf, partsPerEvent, sse, summarize } from "./helpers";
import {
  chatCompletionsReply,
  chatCompletionsTextStream,
  kimiToolStream,
  leakedToolStream,
  legacyReply,
  legacyTextStream,
  legacyToolReply,
  legacyToolStream,
  manyCallsWithIndex,
  manyFlatCallsWithoutIndex,
  responsesEventStream,
  responsesReply,
  responsesTextEventStream,
} from "./recordings";

describe("legacy streams", () => {
  it("streams response text, ignores p padding, reads usage and [DONE]", async () => {
    const parts = await partsPerEvent(legacyTextStream);
    assertWellFormed(parts);
    const summary = summarize(parts);
    expect(summary.text).toBe("Hello world");
    expect(summary.finishReason).toEqual({ unified: "stop", raw: undefined });
    expect(summary.usage?.inputTokens.total).toBe(13);
    expect(summary.usage?.outputTokens.total).toBe(3);
    expect(summary.types).toEqual([
      "stream-start",
      "response-metadata",
      "text-start",
      "text-delta",
      "text-delta",
      "text-delta",
      "text-end",
      "finish",
    ]);
  });

  it("gives the same result whatever the byte chunking", async () => {
    const whole = summarize(await partsOf(legacyToolStream));
    for (const size of [1, 3, 7, 64]) {
      const split = summarize(await partsOf(legacyToolStream, {}, size));
      expect(split.text).toBe(whole.text);
      expect(split.toolCalls.map((call) => [call.toolName, call.input])).toEqual(
        whole.toolCalls.map((call) => [call.toolName, call.input]),
      );
      expect(split.finishReason).toEqual(whole.finishReason);
    }
  });

  it("streams a tool call with continuation and closes it on the null-finalization chunk", async () => {
    const parts = await partsPerEvent(legacyToolStream);
    assertWellFormed(parts);
    const summary = summarize(parts);
    expect(summary.toolCalls).toHaveLength(1);
    expect(summary.toolCalls[0]).toMatchObject({
      toolName: "get_weather",
      input: '{"location": "London"}',
      providerMetadata: { "workers-ai": { toolCallId: "call123" } },
    });
    expect(summary.toolCalls[0].toolCallId).not.toBe("call123");
    expect(summary.finishReason).toEqual({ unified: "tool-calls", raw: "tool_calls" });
    // closed by the null-finalization chunk: the tool-call comes before the finish chunk's usage is read
    const callAt = summary.types.indexOf("tool-call");
    expect(summary.types.slice(callAt - 1, callAt + 1)).toEqual(["tool-input-end", "tool-call"]);
    const inputDeltas = parts.flatMap((part) => (part.type === "tool-input-delta" ? [part.delta] : []));
    expect(inputDeltas).toEqual(['{"location": ', '"London"}']);
  });

  it("stringifies numeric and object (JSON mode) responses", async () => {
    expect(summarize(await partsOf(['data: {"response":42}', "data: [DONE]"])).text).toBe("42");
    const object = summarize(await partsOf(['data: {"response":{"name":"Ada","age":36}}', "data: [DONE]"]));
    expect(JSON.parse(object.text)).toEqual({ name: "Ada", age: 36 });
  });

  it("reads a top-level finish_reason (length)", async () => {
    const summary = summarize(
      await partsOf(['data: {"response":"cut"}', 'data: {"response":"","finish_reason":"length"}']),
    );
    expect(summary.finishReason).toEqual({ unified: "length", raw: "length" });
    expect(summary.errors).toEqual([]);
  });

  it("separates several flat calls in one chunk without index (arguments as objects)", async () => {
    const parts = await partsOf(manyFlatCallsWithoutIndex);
    assertWellFormed(parts);
    const { toolCalls, finishReason } = summarize(parts);
    expect(toolCalls.map((call) => [call.toolName, JSON.parse(call.input)])).toEqual([
      ["get_weather", { city: "Paris" }],
      ["get_time", { zone: "CET" }],
    ]);
    expect(new Set(toolCalls.map((call) => call.toolCallId)).size).toBe(2);
    expect(toolCalls[0].providerMetadata).toBeUndefined();
    expect(finishReason?.unified).toBe("tool-calls");
  });

  it("keeps tool-call ids unique within a reply even when the id generator repeats itself", async () => {
    const same = summarize(await partsOf(manyFlatCallsWithoutIndex, { generateId: () => "same" }));
    expect(same.toolCalls.map((call) => call.toolCallId)).toEqual(["same", "same-1"]);
    const empty = summarize(await partsOf(manyFlatCallsWithoutIndex, { generateId: () => "" }));
    expect(empty.toolCalls.map((call) => call.toolCallId)).toEqual(["call", "call-1"]);
  });

  it("treats calls without a finish reason as tool-calls", async () => {
    const summary = summarize(
      await partsOf(['data: {"tool_calls":[{"name":"get_time","arguments":"{}"}]}', "data: [DONE]"]),
    );
    expect(summary.finishReason).toEqual({ unified: "tool-calls", raw: undefined });
  });
});

describe("<think> tags in text", () => {
  it("turns a leading think block into reasoning, across chunk boundaries", async () => {
    const lines = ["<thi", "nk>\nStep one. ", "Step two.</th", "ink>\n\nThe answer", " is 4."].map(
      (piece) => `data: ${JSON.stringify({ response: piece })}`,
    );
    const parts = await partsOf([...lines, "data: [DONE]"]);
    assertWellFormed(parts);
    const summary = summarize(parts);
    expect(summary.reasoning).toBe("Step one. Step two.");
    expect(summary.text).toBe("The answer is 4.");
    expect(summary.types.indexOf("reasoning-end")).toBeLessThan(summary.types.indexOf("text-start"));
  });

  it("does not hold back text that cannot be a tag", async () => {
    const parts = await partsPerEvent([
      'data: {"response":"Hello"}',
      'data: {"response":" <b>there</b>"}',
      "data: [DONE]",
    ]);
    const deltas = parts.flatMap((part) => (part.type === "text-delta" ? [part.delta] : []));
    expect(deltas).toEqual(["Hello", " <b>there</b>"]);
  });
});

describe("deltas per network read", () => {
  const events = ['data: {"response":"Hel"}', 'data: {"response":"lo "}', 'data: {"response":"world"}'];

  it("joins the text deltas of one network read into one part", async () => {
    const parts = await partsOf([...events, "data: [DONE]"]);
    assertWellFormed(parts);
    expect(parts.filter((part) => part.type === "text-delta")).toEqual([
      { type: "text-delta", id: "text-0", delta: "Hello world" },
    ]);
  });

  it("never holds a delta back for the next read: each read's text is out before the next arrives", async () => {
    const encoder = new TextEncoder();
    let source!: ReadableStreamDefaultController<Uint8Array>;
    const stream = chatStreamFromSse(
      new ReadableStream<Uint8Array>({
        start(controller) {
          source = controller;
        },
      }),
      assemblyOptions(),
    );
    const reader = stream.getReader();
    const nextDelta = async (): Promise<string> => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) throw new Error("stream ended before a text delta");
        if (value.type === "text-delta") return value.delta;
      }
    };
    source.enqueue(encoder.encode(`${events[0]}\n\n${events[1]}\n\n`));
    expect(await nextDelta()).toBe("Hello ");
    // the second read is not sent yet: the first one's text must already have come out alone
    source.enqueue(encoder.encode(`${events[2]}\n\ndata: [DONE]\n\n`));
    expect(await nextDelta()).toBe("world");
    await reader.cancel();
  });

  it("keeps one delta per event when raw chunks are requested, each after its raw part", async () => {
    const parts = await partsOf([...events, "data: [DONE]"], { includeRawChunks: true });
    const types = parts.map((part) => part.type).filter((type) => type === "raw" || type === "text-delta");
    expect(types).toEqual(["raw", "text-delta", "raw", "text-delta", "raw", "text-delta"]);
  });

  it("joins tool-input and reasoning deltas too, but never across blocks", async () => {
    const parts = await partsOf([
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { reasoning_content: "Let me " } }] })}`,
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { reasoning_content: "think." } }] })}`,
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: "Calling." } }] })}`,
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: "c1", type: "function", function: { name: "get_weather", arguments: '{"city":' } }] } }] })}`,
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '"Lima"}' } }] } }] })}`,
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] })}`,
      "data: [DONE]",
    ]);
    assertWellFormed(parts);
    const deltas = parts.flatMap((part) =>
      part.type === "reasoning-delta" || part.type === "text-delta" || part.type === "tool-input-delta"
        ? [[part.type, part.delta]]
        : [],
    );
    expect(deltas).toEqual([
      ["reasoning-delta", "Let me think."],
      ["text-delta", "Calling."],
      ["tool-input-delta", '{"city":"Lima"}'],
    ]);
  });
});

describe("chat-completions streams", () => {
  it("streams reasoning (reasoning_content and reasoning), then text, with metadata and last usage", async () => {
    const parts = await partsOf(chatCompletionsTextStream);
    assertWellFormed(parts);
    const summary = summarize(parts);
    expect(summary.reasoning).toBe("Okay, let me think.");
    expect(summary.text).toBe("Answer.");
    expect(summary.finishReason).toEqual({ unified: "stop", raw: "stop" });
    expect(summary.usage).toMatchObject({
      inputTokens: { total: 13, cacheRead: 8, noCache: 5 },
      outputTokens: { total: 20, reasoning: 12, text: 8 },
    });
    const metadata = parts.filter((part) => part.type === "response-metadata");
    expect(metadata).toEqual([
      {
        type: "response-metadata",
        id: "chatcmpl-1",
        modelId: "@cf/moonshotai/kimi-k2.5",
        timestamp: new Date(1751570976 * 1000),
      },
    ]);
    expect(summary.types.indexOf("reasoning-end")).toBeLessThan(summary.types.indexOf("text-start"));
  });

  it("closes each Kimi call as soon as the next starts, with fresh ids and the model's id in metadata", async () => {
    const parts = await partsOf(kimiToolStream("Paris", "Rome"));
    assertWellFormed(parts);
    const summary = summarize(parts);
    expect(summary.toolCalls.map((call) => JSON.parse(call.input))).toEqual([
      { city: "Paris" },
      { city: "Rome" },
    ]);
    expect(summary.toolCalls.map((call) => call.providerMetadata)).toEqual([
      { "workers-ai": { toolCallId: "functions.get_weather:0" } },
      { "workers-ai": { toolCallId: "functions.get_weather:1" } },
    ]);
    const firstCall = summary.types.indexOf("tool-call");
    const secondStart = summary.types.lastIndexOf("tool-input-start");
    expect(firstCall).toBeLessThan(secondStart);
    expect(summary.finishReason).toEqual({ unified: "tool-calls", raw: "tool_calls" });
    expect(summary.usage?.inputTokens.total).toBe(40);
  });

  it("gives unique SDK ids when Kimi reuses its ids across turns", async () => {
    const first = summarize(await partsOf(kimiToolStream("Paris", "Rome")));
    const second = summarize(await partsOf(kimiToolStream("Oslo", "Bern")));
    const ids = [...first.toolCalls, ...second.toolCalls].map((call) => call.toolCallId);
    expect(new Set(ids).size).toBe(4);
    expect(second.toolCalls[0].providerMetadata).toEqual(first.toolCalls[0].providerMetadata);
  });

  it("keeps several calls in one chunk with index separate", async () => {
    const parts = await partsOf(manyCallsWithIndex);
    assertWellFormed(parts);
    expect(summarize(parts).toolCalls.map((call) => [call.toolName, call.input])).toEqual([
      ["get_weather", '{"city":"Paris"}'],
      ["get_time", '{"zone":"CET"}'],
    ]);
  });

  it("keeps interleaved argument deltas of two open calls apart", async () => {
    const delta = (calls: unknown[]) =>
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { tool_calls: calls }, finish_reason: null }] })}`;
    const parts = await partsOf([
      delta([
        { index: 0, id: "a", function: { name: "one", arguments: "" } },
        { index: 1, id: "b", function: { name: "two", arguments: "" } },
      ]),
      delta([{ index: 0, function: { arguments: '{"x":1}' } }]),
      delta([{ index: 1, function: { arguments: '{"y":2}' } }]),
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] })}`,
      "data: [DONE]",
    ]);
    assertWellFormed(parts);
    expect(summarize(parts).toolCalls.map((call) => [call.toolName, call.input])).toEqual([
      ["one", '{"x":1}'],
      ["two", '{"y":2}'],
    ]);
  });

  it("warns about argument text that arrives after its call was closed", async () => {
    const warnings: unknown[] = [];
    const delta = (calls: unknown[]) =>
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { tool_calls: calls } }] })}`;
    const parts = await partsOf(
      [
        delta([{ index: 0, id: "a", function: { name: "one", arguments: '{"x":1}' } }]),
        delta([{ index: 0, id: null, function: { name: null, arguments: "" } }]),
        delta([{ index: 0, function: { arguments: "}" } }]),
        "data: [DONE]",
      ],
      { warnings: warnings as never[] },
    );
    assertWellFormed(parts);
    expect(summarize(parts).toolCalls.map((call) => call.input)).toEqual(['{"x":1}']);
    expect(warnings).toEqual([
      { type: "other", message: expect.stringMatching(/after their call had completed: }/) },
    ]);
  });

  it("gives a call without arguments an empty object as input", async () => {
    const parts = await partsOf([
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: "t", function: { name: "now", arguments: "" } }] } }] })}`,
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] })}`,
      "data: [DONE]",
    ]);
    expect(summarize(parts).toolCalls[0].input).toBe("{}");
  });

  it("maps content_filter, model_length and unknown reasons", async () => {
    const finish = (reason: string) =>
      partsOf([
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: "x" }, finish_reason: reason }] })}`,
      ]);
    expect(summarize(await finish("content_filter")).finishReason).toEqual({
      unified: "content-filter",
      raw: "content_filter",
    });
    expect(summarize(await finish("model_length")).finishReason).toEqual({
      unified: "length",
      raw: "model_length",
    });
    expect(summarize(await finish("something_new")).finishReason).toEqual({
      unified: "other",
      raw: "something_new",
    });
  });
});

describe("Responses streams", () => {
  it("streams reasoning and a function call from Responses events", async () => {
    const parts = await partsOf(responsesEventStream);
    assertWellFormed(parts);
    const summary = summarize(parts);
    expect(summary.reasoning).toBe("Thinking hard.");
    expect(summary.toolCalls).toHaveLength(1);
    expect(summary.toolCalls[0]).toMatchObject({
      toolName: "get_weather",
      input: '{"city":"Oslo"}',
      providerMetadata: { "workers-ai": { toolCallId: "call_1" } },
    });
    expect(summary.finishReason).toEqual({ unified: "tool-calls", raw: "completed" });
    expect(summary.usage).toMatchObject({
      inputTokens: { total: 80 },
      outputTokens: { total: 120, reasoning: 100, text: 20 },
    });
    expect(parts.find((part) => part.type === "response-metadata")).toMatchObject({
      id: "resp_1",
      modelId: "@cf/openai/gpt-oss-120b",
    });
  });

  it("streams output text and finishes on response.completed without [DONE]", async () => {
    const summary = summarize(await partsOf(responsesTextEventStream));
    expect(summary.text).toBe("Bonjour à tous");
    expect(summary.finishReason).toEqual({ unified: "stop", raw: "completed" });
    expect(summary.errors).toEqual([]);
  });

  it("maps response.incomplete (max_output_tokens) to length", async () => {
    const summary = summarize(
      await partsOf([
        'data: {"type":"response.output_text.delta","delta":"Long"}',
        'data: {"type":"response.incomplete","response":{"status":"incomplete","incomplete_details":{"reason":"max_output_tokens"}}}',
      ]),
    );
    expect(summary.finishReason).toEqual({ unified: "length", raw: "max_output_tokens" });
  });

  it("takes the arguments from the done event when no deltas came", async () => {
    const summary = summarize(
      await partsOf([
        'data: {"type":"response.output_item.added","output_index":0,"item":{"type":"function_call","call_id":"c","name":"f","arguments":""}}',
        'data: {"type":"response.output_item.done","output_index":0,"item":{"type":"function_call","call_id":"c","name":"f","arguments":"{\\"a\\":1}"}}',
        'data: {"type":"response.completed","response":{"status":"completed"}}',
      ]),
    );
    expect(summary.toolCalls.map((call) => call.input)).toEqual(['{"a":1}']);
  });

  it("reports response.failed as an error and finishes with error", async () => {
    const parts = await partsOf([
      'data: {"type":"response.output_text.delta","delta":"Par"}',
      'data: {"type":"response.failed","response":{"status":"failed","error":{"code":"server_error","message":"model crashed"}}}',
    ]);
    assertWellFormed(parts);
    const summary = summarize(parts);
    expect(summary.text).toBe("Par");
    expect(summary.errors).toHaveLength(1);
    expect((summary.errors[0] as Error).message).toContain("model crashed");
    expect(summary.finishReason?.unified).toBe("error");
  });
});

describe("broken streams", () => {
  it("finishes a truncated stream with error / stream-truncated after emitting everything", async () => {
    const parts = await partsOf([
      'data: {"response":"Partial ans"}',
      'data: {"tool_calls":[{"index":0,"id":"c1","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Par"}}]}',
    ]);
    assertWellFormed(parts);
    const summary = summarize(parts);
    expect(summary.text).toBe("Partial ans");
    expect(summary.finishReason).toEqual({ unified: "error", raw: "stream-truncated" });
    expect(summary.errors).toHaveLength(1);
    expect(APICallError.isInstance(summary.errors[0])).toBe(true);
    expect((summary.errors[0] as APICallError).message).toMatch(/truncated/);
    expect((summary.errors[0] as APICallError).isRetryable).toBe(true);
    // the half-written call is closed but not handed over for execution
    expect(summary.types).toContain("tool-input-end");
    expect(summary.toolCalls).toEqual([]);
  });

  it("closes open reasoning when truncated inside a think block", async () => {
    const parts = await partsOf(['data: {"response":"<think>hmm, so"}']);
    assertWellFormed(parts);
    expect(summarize(parts).reasoning).toBe("hmm, so");
  });

  it("treats a finish reason without [DONE] as complete", async () => {
    const summary = summarize(
      await partsOf([
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: "ok" }, finish_reason: "stop" }] })}`,
      ]),
    );
    expect(summary.finishReason).toEqual({ unified: "stop", raw: "stop" });
    expect(summary.errors).toEqual([]);
  });

  it("reads [DONE] with whitespace around it and skips blank data payloads", async () => {
    const parts = await partsOf([
      'data: {"response":"a"}',
      "data:",
      "data:    ",
      "data:  [DONE] \t",
      'data: {"response":"after"}',
    ]);
    assertWellFormed(parts);
    const summary = summarize(parts);
    expect(summary.text).toBe("a");
    expect(summary.errors).toEqual([]);
    expect(summary.finishReason).toEqual({ unified: "stop", raw: undefined });
  });

  it("reports malformed JSON with a clear error, keeps the text and continues", async () => {
    const parts = await partsOf([
      'data: {"response":"Hello"}',
      'data: {"response": "broken',
      'data: {"response":" there"}',
      "data: [DONE]",
    ]);
    assertWellFormed(parts);
    const summary = summarize(parts);
    expect(summary.text).toBe("Hello there");
    expect(summary.errors).toHaveLength(1);
    expect(summary.errors[0]).toBeInstanceOf(InvalidResponseDataError);
    expect((summary.errors[0] as Error).message).toMatch(/not valid JSON/);
    expect(summary.finishReason).toEqual({ unified: "stop", raw: undefined });
  });

  it("turns a mid-stream {error} event into an APICallError with the Workers AI code, then finishes with error", async () => {
    const parts = await partsOf([
      'data: {"response":"Some text"}',
      'data: {"errors":[{"code":3040,"message":"Capacity temporarily exceeded, please try again."}]}',
    ]);
    assertWellFormed(parts);
    const summary = summarize(parts);
    expect(summary.text).toBe("Some text");
    const error = summary.errors[0] as APICallError;
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error.data).toMatchObject({ code: 3040 });
    expect(error.isRetryable).toBe(true);
    expect(summary.finishReason).toEqual({ unified: "error", raw: "error" });
  });

  it("reads {error: string} events too", async () => {
    const summary = summarize(await partsOf(['data: {"error":"8001: Invalid input"}', "data: [DONE]"]));
    expect((summary.errors[0] as APICallError).data).toMatchObject({ code: 8001 });
    expect(summary.finishReason?.unified).toBe("error");
  });

  it("finishes with error when the source stream fails, keeping what arrived", async () => {
    const encoder = new TextEncoder();
    const failure = new TypeError("socket hang up");
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(sse(['data: {"response":"kept"}'])));
      },
      pull(controller) {
        controller.error(failure);
      },
    });
    const parts = await readAllParts(chatStreamFromSse(source, assemblyOptions()));
    assertWellFormed(parts);
    const summary = summarize(parts);
    expect(summary.text).toBe("kept");
    expect(summary.errors).toHaveLength(1);
    expect(APICallError.isInstance(summary.errors[0])).toBe(true);
    expect((summary.errors[0] as APICallError).cause).toBe(failure);
    expect((summary.errors[0] as APICallError).isRetryable).toBe(true);
    expect(summary.finishReason).toEqual({ unified: "error", raw: "stream-error" });
  });

  it("errors the part stream with the abort reason when the source is aborted", async () => {
    const controller = new AbortController();
    const reason = new DOMException("aborted", "AbortError");
    const source = new ReadableStream<Uint8Array>({
      start(stream) {
        stream.enqueue(new TextEncoder().encode(sse(['data: {"response":"a"}'])));
        controller.signal.addEventListener("abort", () => stream.error(reason));
      },
    });
    const reader = chatStreamFromSse(source, assemblyOptions({ abortSignal: controller.signal })).getReader();
    const seen: LanguageModelV4StreamPart[] = [];
    const reading = (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        seen.push(value);
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort(reason);
    await expect(reading).rejects.toBe(reason);
    expect(summarize(seen).text).toBe("a");
  });
});

describe("raw chunks", () => {
  it("emits a raw part per parsed event when asked", async () => {
    const parts = await partsOf(legacyTextStream, { includeRawChunks: true });
    const raw = parts.flatMap((part) => (part.type === "raw" ? [part.rawValue] : []));
    expect(raw).toEqual([
      { response: "Hel" },
      { response: "lo", p: "abcdef" },
      { response: " world", p: "xyz" },
      { response: "", usage: { prompt_tokens: 13, completion_tokens: 3, total_tokens: 16 } },
    ]);
    expect((await partsOf(legacyTextStream)).some((part) => part.type === "raw")).toBe(false);
  });
});

describe("gpt-oss forced-tool leak", () => {
  const leakOptions = { toolNames: ["get_weather"], forcedToolName: "get_weather" };

  it("recovers {name, arguments} written as text, with a warning", async () => {
    const warnings: never[] = [];
    const parts = await partsOf(leakedToolStream('{"name":"get_weather","arguments":{"city":"Lima"}}'), {
      ...leakOptions,
      warnings,
    });
    assertWellFormed(parts);
    const summary = summarize(parts);
    expect(summary.text).toBe("");
    expect(summary.toolCalls.map((call) => [call.toolName, JSON.parse(call.input)])).toEqual([
      ["get_weather", { city: "Lima" }],
    ]);
    expect(summary.finishReason).toEqual({ unified: "tool-calls", raw: "stop" });
    expect(warnings).toEqual([
      { type: "other", message: expect.stringMatching(/JSON text.*recovered as get_weather/) },
    ]);
  });

  it("recovers flat arguments for the forced tool and arrays of calls", async () => {
    const flat = summarize(await partsOf(leakedToolStream('{"city":"Quito"}'), leakOptions));
    expect(flat.toolCalls.map((call) => [call.toolName, call.input])).toEqual([
      ["get_weather", '{"city":"Quito"}'],
    ]);
    const array = summarize(
      await partsOf(
        leakedToolStream(
          '[{"name":"get_weather","arguments":{"city":"A"}},{"name":"get_weather","arguments":"{\\"city\\":\\"B\\"}"}]',
        ),
        { toolNames: ["get_weather"] },
      ),
    );
    expect(array.toolCalls.map((call) => call.input)).toEqual(['{"city":"A"}', '{"city":"B"}']);
  });

  it("streams normal prose at once even when tools are offered", async () => {
    const lines = ["Sure, ", "the weather ", "is fine."].map(
      (piece) =>
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}`,
    );
    const parts = await partsPerEvent([...lines, "data: [DONE]"], leakOptions);
    const deltas = parts.flatMap((part) => (part.type === "text-delta" ? [part.delta] : []));
    expect(deltas).toEqual(["Sure, ", "the weather ", "is fine."]);
  });

  it("gives back JSON text that is not a call of an offered tool, unchanged", async () => {
    const json = '{"name":"unknown_tool","arguments":{}}';
    const summary = summarize(await partsOf(leakedToolStream(json), { toolNames: ["get_weather"] }));
    expect(summary.text).toBe(json);
    expect(summary.toolCalls).toEqual([]);
    expect(summary.finishReason).toEqual({ unified: "stop", raw: "stop" });
  });

  it("does not recover when no tools were offered or in JSON mode", async () => {
    const json = '{"name":"get_weather","arguments":{"city":"Lima"}}';
    expect(summarize(await partsOf(leakedToolStream(json))).text).toBe(json);
    expect(summarize(await partsOf(leakedToolStream(json), { ...leakOptions, jsonMode: true })).text).toBe(
      json,
    );
  });
});

describe("whole replies replayed (doGenerate and JSON answers to stream requests)", () => {
  it("reads a legacy reply", () => {
    const result = collectChatParts(assembleReply(legacyReply, assemblyOptions()));
    expect(result.content).toEqual([{ type: "text", text: "Paris is the capital of France." }]);
    expect(result.finishReason).toEqual({ unified: "stop", raw: undefined });
    expect(result.usage.inputTokens.total).toBe(13);
  });

  it("reads a legacy tool reply without finish reason as tool-calls", () => {
    const result = collectChatParts(assembleReply(legacyToolReply, assemblyOptions()));
    expect(result.content).toMatchObject([
      { type: "tool-call", toolName: "get_weather", input: '{"city":"London"}' },
    ]);
    expect(result.finishReason).toEqual({ unified: "tool-calls", raw: undefined });
  });

  it("reads a chat-completions reply with reasoning, a tool call and cached tokens", () => {
    const parts = assembleReply(chatCompletionsReply, assemblyOptions());
    assertWellFormed(parts);
    const result = collectChatParts(parts);
    expect(result.content).toMatchObject([
      { type: "reasoning", text: "The user wants weather." },
      {
        type: "tool-call",
        toolName: "get_weather",
        input: '{"city":"London"}',
        providerMetadata: { "workers-ai": { toolCallId: "chatcmpl-tool-abc" } },
      },
    ]);
    expect(result.finishReason).toEqual({ unified: "tool-calls", raw: "tool_calls" });
    expect(result.usage.inputTokens).toEqual({ total: 13, noCache: 8, cacheRead: 5, cacheWrite: undefined });
    expect(result.response).toMatchObject({ id: "chatcmpl-abc", modelId: "@cf/zai-org/glm-4.7-flash" });
  });

  it("reads a Responses reply (reasoning, function_call, message) without duplicating output_text", () => {
    const parts = assembleReply(responsesReply, assemblyOptions());
    assertWellFormed(parts);
    const result = collectChatParts(parts);
    expect(result.content.map((part) => part.type)).toEqual(["reasoning", "tool-call", "text"]);
    expect(result.content[2]).toEqual({ type: "text", text: "Let me check." });
    expect(result.usage.outputTokens.total).toBe(120);
    expect(result.finishReason).toEqual({ unified: "tool-calls", raw: "completed" });
  });

  it("reads output_text when a Responses reply has no message item", () => {
    const result = collectChatParts(
      assembleReply(
        { object: "response", status: "completed", output: [], output_text: "Hi" },
        assemblyOptions(),
      ),
    );
    expect(result.content).toEqual([{ type: "text", text: "Hi" }]);
  });

  it("reports an unknown reply shape as an error", () => {
    const result = collectChatParts(assembleReply({ unexpected: true }, assemblyOptions()));
    expect(result.content).toEqual([]);
    expect((result.errors[0] as Error).message).toMatch(/Unexpected Workers AI chat reply/);
    expect(result.finishReason.unified).toBe("error");
  });

  it("puts the request id and gateway metadata from the headers into providerMetadata", () => {
    const result = collectChatParts(
      assembleReply(
        legacyReply,
        assemblyOptions({
          headers: { "cf-ai-req-id": "req-1", "cf-aig-log-id": "log-1", "cf-aig-cache-status": "HIT" },
        }),
      ),
    );
    expect(result.providerMetadata).toEqual({
      "workers-ai": {
        requestId: "req-1",
        gatewayLogId: "log-1",
        cacheStatus: "HIT",
        usage: { inputTokens: 13, outputTokens: 7 },
      },
    });
    expect(result.response.id).toBe("req-1");
  });
});
