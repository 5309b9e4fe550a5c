import { generateText, stepCountIs, tool } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { recordingProvider } from "./public-helpers";

const weather = tool({
  description: "Get the weather for a city",
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, temperature: 18 }),
});

describe("two-step tool loop (stopWhen: stepCountIs(2))", () => {
  it("OpenAI family: the second request carries the call and its result under the model's own id", async () => {
    const { workersai, runs } = recordingProvider(
      {
        id: "chatcmpl-1",
        object: "chat.completion",
        choices: [
          {
            index: 0,
            finish_reason: "tool_calls",
            message: {
              role: "assistant",
              content: null,
              reasoning_content: "I should look it up.",
              tool_calls: [
                {
                  id: "functions.weather:0",
                  type: "function",
                  function: { name: "weather", arguments: '{"city":"London"}' },
                },
              ],
            },
          },
        ],
      },
      {
        id: "chatcmpl-2",
        object: "chat.completion",
        choices: [
          { index: 0, finish_reason: "stop", message: { role: "assistant", content: "18 degrees." } },
        ],
      },
    );
    const result = await generateText({
      model: workersai("@cf/moonshotai/kimi-k2.7-code"),
      prompt: "Weather in London?",
      tools: { weather },
      stopWhen: stepCountIs(2),
    });
    expect(result.text).toBe("18 degrees.");
    expect(runs).toHaveLength(2);
    expect(runs[1].inputs.messages).toEqual([
      { role: "user", content: "Weather in London?" },
      {
        role: "assistant",
        content: "",
        reasoning: "I should look it up.",
        tool_calls: [
          {
            id: "functions.weather:0",
            type: "function",
            function: { name: "weather", arguments: '{"city":"London"}' },
          },
        ],
      },
      {
        role: "tool",
        tool_call_id: "functions.weather:0",
        name: "weather",
        content: '{"city":"London","temperature":18}',
      },
    ]);
    expect(runs[1].inputs.tools).toEqual(runs[0].inputs.tools);
  });

  it("legacy family: calls without ids get an SDK id that is echoed back consistently", async () => {
    const { workersai, runs } = recordingProvider(
      { response: "", tool_calls: [{ name: "weather", arguments: { city: "Paris" } }] },
      { response: "Sunny." },
    );
    const result = await generateText({
      model: workersai("@cf/meta/llama-3.3-70b-instruct-fp8-fast"),
      prompt: "Weather in Paris?",
      tools: { weather },
      stopWhen: stepCountIs(2),
    });
    expect(result.text).toBe("Sunny.");
    const messages = runs[1].inputs.messages as Array<Record<string, unknown>>;
    const assistant = messages[1] as { tool_calls: Array<{ id: string; function: unknown }> };
    const toolMessage = messages[2];
    expect(assistant.tool_calls).toHaveLength(1);
    expect(assistant.tool_calls[0].function).toEqual({ name: "weather", arguments: '{"city":"Paris"}' });
    expect(typeof assistant.tool_calls[0].id).toBe("string");
    expect(toolMessage).toEqual({
      role: "tool",
      tool_call_id: assistant.tool_calls[0].id,
      name: "weather",
      content: '{"city":"Paris","temperature":18}',
    });
  });
});
