import type { LanguageModelV4Prompt, SharedV4Warning } from "@ai-sdk/provider";
import { UnsupportedFunctionalityError } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import {
  chatSupportedUrls,
  convertPrompt,
  TOOL_EXECUTION_DENIED_TEXT,
} from "../../../src/chat/request/convert-prompt";
import { chatModelFacts } from "../../../src/chat/request/model-facts";
import { KIMI, LEGACY, LEGACY_VISION, plan } from "./helpers";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const pngBase64 = Buffer.from(PNG).toString("base64");

/** Facts of a model the catalog does not know ("m"), with or without vision. */
const factsOf = (vision = true) => ({ ...chatModelFacts("m"), vision });

function convert(prompt: LanguageModelV4Prompt, vision = true) {
  const warnings: SharedV4Warning[] = [];
  const { messages = [] } = convertPrompt(prompt, factsOf(vision), "chat", warnings);
  return { messages, warnings };
}

describe("convertPrompt (chat form): roles and text", () => {
  it("maps system, user, assistant and tool roles; content is never null", () => {
    const { messages, warnings } = convert([
      { role: "system", content: "You are helpful." },
      {
        role: "user",
        content: [
          { type: "text", text: "Hi" },
          { type: "text", text: "there" },
        ],
      },
      {
        role: "assistant",
        content: [
          { type: "reasoning", text: "Think " },
          { type: "reasoning", text: "more" },
          { type: "tool-call", toolCallId: "c1", toolName: "weather", input: { city: "London" } },
        ],
      },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "c1",
            toolName: "weather",
            output: { type: "json", value: { t: 18 } },
          },
        ],
      },
      {
        role: "assistant",
        content: [
          { type: "text", text: "It is " },
          { type: "text", text: "18." },
        ],
      },
    ]);
    expect(messages).toEqual([
      { role: "system", content: "You are helpful." },
      { role: "user", content: "Hi\nthere" },
      {
        role: "assistant",
        content: "",
        reasoning: "Think more",
        tool_calls: [
          { id: "c1", type: "function", function: { name: "weather", arguments: '{"city":"London"}' } },
        ],
      },
      { role: "tool", tool_call_id: "c1", name: "weather", content: '{"t":18}' },
      { role: "assistant", content: "It is 18." },
    ]);
    expect(warnings).toEqual([]);
  });

  it("keeps string tool arguments as they are", () => {
    const { messages } = convert([
      {
        role: "assistant",
        content: [{ type: "tool-call", toolCallId: "c", toolName: "f", input: '{"a":1}' }],
      },
    ]);
    expect(messages[0]).toMatchObject({ tool_calls: [{ function: { arguments: '{"a":1}' } }] });
  });

  it("warns about assistant parts history cannot carry", () => {
    const { messages, warnings } = convert([
      {
        role: "assistant",
        content: [
          { type: "text", text: "Here" },
          { type: "file", mediaType: "image/png", data: { type: "data", data: PNG } },
        ],
      },
    ]);
    expect(messages).toEqual([{ role: "assistant", content: "Here" }]);
    expect(warnings).toEqual([
      {
        type: "unsupported",
        feature: "assistant file part",
        details: "Workers AI chat history cannot carry assistant file parts; it was not sent.",
      },
    ]);
  });
});

describe("convertPrompt (chat form): images", () => {
  it("accepts Uint8Array, base64 and data URLs, keeping the interleaving order", () => {
    const { messages } = convert([
      {
        role: "user",
        content: [
          { type: "text", text: "first" },
          { type: "file", mediaType: "image/png", data: { type: "data", data: PNG } },
          { type: "text", text: "second" },
          { type: "file", mediaType: "image/jpeg", data: { type: "data", data: "AAAA" } },
          {
            type: "file",
            mediaType: "image/gif",
            data: { type: "data", data: "data:image/gif;base64,R0lG" },
          },
          {
            type: "file",
            mediaType: "image/webp",
            data: { type: "url", url: new URL("data:image/webp;base64,UklG") },
          },
        ],
      },
    ]);
    expect(messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "first" },
          { type: "image_url", image_url: { url: `data:image/png;base64,${pngBase64}` } },
          { type: "text", text: "second" },
          { type: "image_url", image_url: { url: "data:image/jpeg;base64,AAAA" } },
          { type: "image_url", image_url: { url: "data:image/gif;base64,R0lG" } },
          { type: "image_url", image_url: { url: "data:image/webp;base64,UklG" } },
        ],
      },
    ]);
  });

  it("detects the subtype when only `image` is given", () => {
    const { messages } = convert([
      { role: "user", content: [{ type: "file", mediaType: "image", data: { type: "data", data: PNG } }] },
    ]);
    expect(messages[0]).toEqual({
      role: "user",
      content: [{ type: "image_url", image_url: { url: `data:image/png;base64,${pngBase64}` } }],
    });
  });

  it("rejects non-image files with UnsupportedFunctionalityError naming the media type", () => {
    const run = () =>
      convert([
        {
          role: "user",
          content: [{ type: "file", mediaType: "application/pdf", data: { type: "data", data: "JVBE" } }],
        },
      ]);
    expect(run).toThrow(UnsupportedFunctionalityError);
    expect(run).toThrow(/application\/pdf/);
  });

  it("rejects http image URLs (the SDK downloads them because supportedUrls is empty)", () => {
    expect(chatSupportedUrls).toEqual({});
    const run = () =>
      convert([
        {
          role: "user",
          content: [
            {
              type: "file",
              mediaType: "image/png",
              data: { type: "url", url: new URL("https://x.test/a.png") },
            },
          ],
        },
      ]);
    expect(run).toThrow(UnsupportedFunctionalityError);
  });

  it("rejects an image given as a provider reference", () => {
    const run = () =>
      convert([
        {
          role: "user",
          content: [
            { type: "file", mediaType: "image/png", data: { type: "reference", reference: { x: "id" } } },
          ],
        },
      ]);
    expect(run).toThrow(UnsupportedFunctionalityError);
    expect(run).toThrow(/an image given as a reference cannot be sent/);
  });

  it("leaves images out for a string-content model (its published schema takes text only), with a warning each", async () => {
    const result = await plan(LEGACY, {
      prompt: [
        {
          role: "user",
          content: [
            { type: "file", mediaType: "image/png", data: { type: "data", data: PNG } },
            { type: "file", mediaType: "image/png", data: { type: "data", data: PNG } },
          ],
        },
      ],
    });
    const warning = {
      type: "unsupported",
      feature: "image input",
      details: `${LEGACY} takes text content only; the image was not sent.`,
    };
    expect(result.warnings).toEqual([warning]);
    expect(result.inputs.messages).toEqual([{ role: "user", content: "" }]);
    const vision = await plan(LEGACY_VISION, {
      prompt: [
        {
          role: "user",
          content: [{ type: "file", mediaType: "image/png", data: { type: "data", data: PNG } }],
        },
      ],
    });
    expect(vision.warnings).toEqual([]);
  });
});

describe("convertPrompt (chat form): tool results", () => {
  const result = (output: unknown) =>
    convert([
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "c",
            toolName: "t",
            output,
          } as LanguageModelV4Prompt[number]["content"][number],
        ],
      } as LanguageModelV4Prompt[number],
    ]);

  it.each([
    [{ type: "text", value: "plain" }, "plain"],
    [{ type: "json", value: [1, { a: null }] }, '[1,{"a":null}]'],
    [{ type: "error-text", value: "boom" }, "boom"],
    [{ type: "error-json", value: { error: "x" } }, '{"error":"x"}'],
    [{ type: "execution-denied" }, TOOL_EXECUTION_DENIED_TEXT],
    [{ type: "execution-denied", reason: "too costly" }, `${TOOL_EXECUTION_DENIED_TEXT} Reason: too costly`],
    [
      {
        type: "content",
        value: [
          { type: "text", text: "a" },
          { type: "file", mediaType: "text/plain", data: { type: "text", text: "b" } },
        ],
      },
      "a\nb",
    ],
  ])("%j → string content", (output, content) => {
    const { messages } = result(output);
    expect(messages).toEqual([{ role: "tool", tool_call_id: "c", name: "t", content }]);
  });

  it("moves tool-result images to a user message after the tool messages", () => {
    const { messages, warnings } = convert([
      {
        role: "assistant",
        content: [
          { type: "tool-call", toolCallId: "a", toolName: "camera", input: {} },
          { type: "tool-call", toolCallId: "b", toolName: "other", input: {} },
        ],
      },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "a",
            toolName: "camera",
            output: {
              type: "content",
              value: [
                { type: "text", text: "snapshot" },
                { type: "file", mediaType: "image/png", data: { type: "data", data: PNG } },
              ],
            },
          },
        ],
      },
      {
        role: "tool",
        content: [
          { type: "tool-result", toolCallId: "b", toolName: "other", output: { type: "text", value: "ok" } },
        ],
      },
      { role: "user", content: [{ type: "text", text: "describe" }] },
    ]);
    expect(messages.slice(1)).toEqual([
      { role: "tool", tool_call_id: "a", name: "camera", content: "snapshot" },
      { role: "tool", tool_call_id: "b", name: "other", content: "ok" },
      {
        role: "user",
        content: [
          { type: "text", text: "Images returned by camera:" },
          { type: "image_url", image_url: { url: `data:image/png;base64,${pngBase64}` } },
        ],
      },
      { role: "user", content: "describe" },
    ]);
    expect(warnings).toEqual([]);
  });

  it("drops tool-result images with a warning when the model has no vision", () => {
    const { messages, warnings } = convert(
      [
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: "a",
              toolName: "camera",
              output: {
                type: "content",
                value: [{ type: "file", mediaType: "image/png", data: { type: "data", data: PNG } }],
              },
            },
          ],
        },
      ],
      false,
    );
    expect(messages).toEqual([
      {
        role: "tool",
        tool_call_id: "a",
        name: "camera",
        content: "[image omitted: this model cannot read images]",
      },
    ]);
    expect(warnings).toEqual([
      {
        type: "unsupported",
        feature: "images in tool results",
        details: "m cannot read images; the image returned by camera was not sent.",
      },
    ]);
  });

  it("warns about custom content and images that are not bytes in tool results; their text stays", () => {
    const { messages, warnings } = result({
      type: "content",
      value: [
        { type: "text", text: "kept" },
        { type: "custom", kind: "x" },
        { type: "file", mediaType: "image/png", data: { type: "url", url: new URL("https://x.test/a.png") } },
      ],
    });
    expect(messages).toEqual([{ role: "tool", tool_call_id: "c", name: "t", content: "kept" }]);
    expect(warnings).toEqual([
      {
        type: "unsupported",
        feature: "custom tool result content",
        details: "custom content returned by t was not sent.",
      },
      {
        type: "unsupported",
        feature: "image url",
        details:
          "Workers AI needs image bytes; an image given as a url in the tool result of t was not sent.",
      },
    ]);
  });

  it("warns about non-image files in tool results", () => {
    const { messages, warnings } = result({
      type: "content",
      value: [{ type: "file", mediaType: "application/pdf", data: { type: "data", data: "JVBE" } }],
    });
    expect(messages).toEqual([{ role: "tool", tool_call_id: "c", name: "t", content: "" }]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ type: "unsupported", feature: "tool result file application/pdf" });
  });
});

describe("tool-call id restoration across turns", () => {
  const history: LanguageModelV4Prompt = [
    { role: "user", content: [{ type: "text", text: "weather?" }] },
    {
      role: "assistant",
      content: [
        {
          type: "tool-call",
          toolCallId: "sdk-1",
          toolName: "weather",
          input: { city: "A" },
          providerOptions: { "workers-ai": { toolCallId: "functions.weather:0" } },
        },
        { type: "tool-call", toolCallId: "sdk-2", toolName: "weather", input: { city: "B" } },
      ],
    },
    {
      role: "tool",
      content: [
        {
          type: "tool-result",
          toolCallId: "sdk-1",
          toolName: "weather",
          output: { type: "text", value: "sunny" },
        },
        {
          type: "tool-result",
          toolCallId: "sdk-2",
          toolName: "weather",
          output: { type: "text", value: "rain" },
        },
      ],
    },
    {
      role: "assistant",
      content: [
        {
          type: "tool-call",
          toolCallId: "sdk-3",
          toolName: "weather",
          input: { city: "C" },
          providerOptions: { "workers-ai": { toolCallId: "functions.weather:0" } },
        },
      ],
    },
    {
      role: "tool",
      content: [
        {
          type: "tool-result",
          toolCallId: "sdk-3",
          toolName: "weather",
          output: { type: "text", value: "snow" },
        },
      ],
    },
  ];

  it("restores the model's ids on assistant tool_calls and tool messages (chat form)", () => {
    const { messages } = convert(history);
    expect(
      messages.map((m) =>
        m.role === "assistant" ? m.tool_calls?.map((c) => c.id) : m.role === "tool" ? m.tool_call_id : m.role,
      ),
    ).toEqual([
      "user",
      ["functions.weather:0", "sdk-2"],
      "functions.weather:0",
      "sdk-2",
      ["functions.weather:0"],
      "functions.weather:0",
    ]);
  });

  it("restores them in the Responses form", () => {
    const { input } = convertPrompt(history, factsOf(), "responses", []);
    expect(input).toEqual([
      { role: "user", content: [{ type: "input_text", text: "weather?" }] },
      { type: "function_call", call_id: "functions.weather:0", name: "weather", arguments: '{"city":"A"}' },
      { type: "function_call", call_id: "sdk-2", name: "weather", arguments: '{"city":"B"}' },
      { type: "function_call_output", call_id: "functions.weather:0", output: "sunny" },
      { type: "function_call_output", call_id: "sdk-2", output: "rain" },
      { type: "function_call", call_id: "functions.weather:0", name: "weather", arguments: '{"city":"C"}' },
      { type: "function_call_output", call_id: "functions.weather:0", output: "snow" },
    ]);
  });
});

describe("convertPrompt (Responses form)", () => {
  it("leading system messages become instructions; assistant text, images and later system messages are items", () => {
    const warnings: SharedV4Warning[] = [];
    const result = convertPrompt(
      [
        { role: "system", content: "A" },
        { role: "system", content: "B" },
        {
          role: "user",
          content: [
            { type: "text", text: "look" },
            { type: "file", mediaType: "image/png", data: { type: "data", data: PNG } },
          ],
        },
        {
          role: "assistant",
          content: [
            { type: "reasoning", text: "hidden" },
            { type: "text", text: "I see" },
            { type: "tool-call", toolCallId: "x", toolName: "zoom", input: {} },
          ],
        },
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: "x",
              toolName: "zoom",
              output: {
                type: "content",
                value: [{ type: "file", mediaType: "image/png", data: { type: "data", data: PNG } }],
              },
            },
          ],
        },
        { role: "system", content: "C" },
      ],
      factsOf(),
      "responses",
      warnings,
    );
    const image = `data:image/png;base64,${pngBase64}`;
    expect(result).toEqual({
      instructions: "A\n\nB",
      input: [
        {
          role: "user",
          content: [
            { type: "input_text", text: "look" },
            { type: "input_image", image_url: image, detail: "auto" },
          ],
        },
        { role: "assistant", content: "I see" },
        { type: "function_call", call_id: "x", name: "zoom", arguments: "{}" },
        { type: "function_call_output", call_id: "x", output: "" },
        {
          role: "user",
          content: [
            { type: "input_text", text: "Images returned by zoom:" },
            { type: "input_image", image_url: image, detail: "auto" },
          ],
        },
        { role: "system", content: [{ type: "input_text", text: "C" }] },
      ],
    });
    expect(warnings).toEqual([]);
  });
});

describe("vision via buildChatRequest", () => {
  it("a vision model gets image parts", async () => {
    const result = await plan(KIMI, {
      prompt: [
        {
          role: "user",
          content: [{ type: "file", mediaType: "image/png", data: { type: "data", data: PNG } }],
        },
      ],
    });
    expect(result.inputs.messages).toEqual([
      {
        role: "user",
        content: [{ type: "image_url", image_url: { url: `data:image/png;base64,${pngBase64}` } }],
      },
    ]);
  });
});

describe("tool-call ids and a schema id pattern (mistral-small-3.1)", () => {
  it("replaces ids that break the pattern by stable 9-character ids, the same in call and result", async () => {
    const result = await plan("@cf/mistralai/mistral-small-3.1-24b-instruct", {
      prompt: [
        { role: "user", content: [{ type: "text", text: "q" }] },
        {
          role: "assistant",
          content: [
            { type: "tool-call", toolCallId: "sdk-generated-id-1", toolName: "f", input: {} },
            { type: "tool-call", toolCallId: "sdk-generated-id-2", toolName: "f", input: {} },
            {
              type: "tool-call",
              toolCallId: "sdk-3",
              toolName: "f",
              input: {},
              providerOptions: { "workers-ai": { toolCallId: "abc123XYZ" } },
            },
          ],
        },
        {
          role: "tool",
          content: ["sdk-generated-id-1", "sdk-generated-id-2", "sdk-3"].map((toolCallId) => ({
            type: "tool-result" as const,
            toolCallId,
            toolName: "f",
            output: { type: "text" as const, value: "r" },
          })),
        },
      ],
    });
    const messages = result.inputs.messages as Array<{
      tool_calls?: Array<{ id: string }>;
      tool_call_id?: string;
    }>;
    const callIds = messages[1].tool_calls?.map((call) => call.id) ?? [];
    const resultIds = messages.slice(2).map((message) => message.tool_call_id);
    expect(callIds[2]).toBe("abc123XYZ");
    for (const id of callIds) expect(id).toMatch(/^[a-zA-Z0-9]{9}$/);
    expect(new Set(callIds).size).toBe(3);
    expect(resultIds).toEqual(callIds);
    const again = await plan("@cf/mistralai/mistral-small-3.1-24b-instruct", {
      prompt: [
        {
          role: "assistant",
          content: [{ type: "tool-call", toolCallId: "sdk-generated-id-1", toolName: "f", input: {} }],
        },
      ],
    });
    expect((again.inputs.messages as Array<{ tool_calls: Array<{ id: string }> }>)[0].tool_calls[0].id).toBe(
      callIds[0],
    );
  });
});
