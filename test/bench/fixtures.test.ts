import { describe, expect, it } from "vitest";
import {
  chatEvents,
  countEvents,
  cutChunks,
  encodeEvents,
  legacyEvents,
  makeTokens,
  responsesEvents,
  toolCallEvents,
} from "../../bench/lib/fixtures.mjs";

const dataOf = (event: string) => JSON.parse(event.slice("data: ".length)) as Record<string, unknown>;

describe("benchmark wire fixtures", () => {
  it("makes seeded tokens of 1–8 characters that include multi-byte characters", () => {
    const tokens = makeTokens(5000);
    expect(makeTokens(5000)).toEqual(tokens);
    const lengths = tokens.map((token) => [...token].length);
    expect(Math.min(...lengths)).toBe(1);
    expect(Math.max(...lengths)).toBe(8);
    const text = tokens.join("");
    expect(new TextEncoder().encode(text).length).toBeGreaterThan(text.length);
    expect(text).toMatch(/\p{Extended_Pictographic}/u);
  });

  it("streams one legacy event per token, usage on the last event, then [DONE]", () => {
    const events = legacyEvents(["Hel", "lo"]);
    expect(events.map((event) => event.endsWith("\n\n"))).toEqual([true, true, true, true]);
    expect(dataOf(events[0])).toEqual({ response: "Hel" });
    expect(dataOf(events[2])).toMatchObject({ response: "", usage: { completion_tokens: 2 } });
    expect(events[3]).toBe("data: [DONE]\n\n");
    expect(countEvents(events)).toBe(3);
  });

  it("streams the same tokens as chat-completions and Responses events", () => {
    const chat = chatEvents(["a", "b"]);
    const contents = chat.slice(0, -1).map((event) => {
      const choices = dataOf(event).choices as { delta: { content?: string } }[];
      return choices[0]?.delta.content;
    });
    expect(contents).toEqual(["", "a", "b", undefined, undefined]);
    const responses = responsesEvents(["a"], { toolCall: { name: "f", arguments: "{}" } });
    expect(responses.slice(0, -1).map((event) => dataOf(event).type)).toEqual([
      "response.created",
      "response.output_text.delta",
      "response.output_item.added",
      "response.function_call_arguments.delta",
      "response.output_item.done",
      "response.completed",
    ]);
  });

  it("streams three tool calls in exactly the requested number of events, arguments intact", () => {
    const { events, expected } = toolCallEvents(2000);
    expect(countEvents(events)).toBe(2000);
    const args = ["", "", ""];
    for (const event of events.slice(0, -1)) {
      const choices = dataOf(event).choices as {
        delta: { tool_calls?: { index: number; function: { arguments: string } }[] };
      }[];
      for (const call of choices[0]?.delta.tool_calls ?? []) args[call.index] += call.function.arguments;
    }
    expect(args).toEqual(expected);
    expect(expected.map((text) => Object.keys(JSON.parse(text)))).toEqual([
      ["query", "limit", "strict"],
      ["query", "limit", "strict"],
      ["query", "limit", "strict"],
    ]);
  });

  it("cuts the bytes into seeded chunks of 1 B – 4 KiB that add up to the whole", () => {
    const bytes = encodeEvents(legacyEvents(makeTokens(20_000)));
    const chunks = cutChunks(bytes);
    expect(chunks.every((chunk) => chunk.length >= 1 && chunk.length <= 4096)).toBe(true);
    expect(chunks.reduce((sum, chunk) => sum + chunk.length, 0)).toBe(bytes.length);
    expect(cutChunks(bytes).map((chunk) => chunk.length)).toEqual(chunks.map((chunk) => chunk.length));
    const joined = new Uint8Array(bytes.length);
    let offset = 0;
    for (const chunk of chunks) {
      joined.set(chunk, offset);
      offset += chunk.length;
    }
    expect(joined).toEqual(bytes);
  });
});
