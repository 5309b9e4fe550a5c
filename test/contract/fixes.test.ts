/**
 * Requests that were invalid for the model's published input schema, each through the public API: the request
 * now validates (ajv, published schema) and what the schema does not allow is an AI SDK warning.
 */
import { UnsupportedFunctionalityError } from "@ai-sdk/provider";
import { generateText, Output, tool, transcribe } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { publishedSchemasOf } from "../../src/testing/published-schemas";
import { recordingProvider } from "../chat/request/public-helpers";
import { bindingProvider, PNG_BYTES, wavBytes } from "../media/helpers";
import { ajvCheck } from "./ajv";

/** ajv's verdict on `inputs` against the model's published input schema. */
function validFor(model: string, inputs: unknown): { valid: boolean; error?: string } {
  const schema = publishedSchemasOf(model)?.input;
  if (!schema) throw new Error(`no published input schema stored for ${model}`);
  return ajvCheck(schema, JSON.parse(JSON.stringify(inputs)));
}

const KIMI_CODE = "@cf/moonshotai/kimi-k2.7-code";
const KIMI_26 = "@cf/moonshotai/kimi-k2.6";
const LLAMA_VISION = "@cf/meta/llama-3.2-11b-vision-instruct";
const LLAMA = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";

describe("structured output takes the json_schema form the model's published schema declares", () => {
  it("README's example on kimi-k2.7-code sends { name, schema } (name required by its published schema)", async () => {
    const { workersai, runs } = recordingProvider({
      choices: [{ message: { role: "assistant", content: '{"name":"x","ingredients":[],"steps":[]}' } }],
    });
    const { output } = await generateText({
      model: workersai(KIMI_CODE),
      prompt: "Recipe for spaghetti bolognese",
      output: Output.object({
        schema: z.object({
          name: z.string(),
          ingredients: z.array(z.object({ name: z.string(), amount: z.string() })),
          steps: z.array(z.string()),
        }),
      }),
    });
    expect(output).toEqual({ name: "x", ingredients: [], steps: [] });
    const format = runs[0].inputs.response_format as { json_schema: Record<string, unknown> };
    expect(format.json_schema).toMatchObject({ name: "response", schema: { type: "object" } });
    expect(validFor(KIMI_CODE, runs[0].inputs)).toEqual({ valid: true });
  });

  it("Output.object's name and description go into the envelope on OpenAI-style models", async () => {
    const { workersai, runs } = recordingProvider({
      choices: [{ message: { role: "assistant", content: "{}" } }],
    });
    await generateText({
      model: workersai(KIMI_26),
      prompt: "x",
      output: Output.object({ schema: z.object({}), name: "empty", description: "Nothing" }),
    });
    expect(runs[0].inputs.response_format).toMatchObject({
      json_schema: { name: "empty", description: "Nothing", schema: { type: "object" } },
    });
  });

  it("on legacy models Output.object's name/description never overwrite the schema's own title/description", async () => {
    const { workersai, runs } = recordingProvider({ response: { a: "x" } });
    await generateText({
      model: workersai(LLAMA),
      prompt: "x",
      output: Output.object({
        schema: z.object({ a: z.string() }).describe("The schema's own description"),
        name: "named",
        description: "Call description",
      }),
    });
    const format = runs[0].inputs.response_format as { json_schema: Record<string, unknown> };
    expect(format.json_schema.description).toBe("The schema's own description");
    expect(format.json_schema.title).toBe("named");
  });
});

describe("reasoning values only from the model's published list", () => {
  it('kimi-k2.6: reasoning_effort "none" (not in its published low|medium|high) is a warning and not sent', async () => {
    const { workersai, runs } = recordingProvider({
      choices: [{ message: { role: "assistant", content: "ok" } }],
    });
    const result = await generateText({
      model: workersai(KIMI_26),
      prompt: "x",
      providerOptions: { "workers-ai": { reasoning_effort: "none" } },
    });
    expect(runs[0].inputs).not.toHaveProperty("reasoning_effort");
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ type: "unsupported", feature: "reasoning_effort" }),
    );
    expect(validFor(KIMI_26, runs[0].inputs)).toEqual({ valid: true });
  });

  it("kimi-k2.6: reasoning low is sent as low", async () => {
    const { workersai, runs } = recordingProvider({
      choices: [{ message: { role: "assistant", content: "ok" } }],
    });
    await generateText({ model: workersai(KIMI_26), prompt: "x", reasoning: "low" });
    expect(runs[0].inputs.reasoning_effort).toBe("low");
  });

  it("kimi-k2.7-code: enable_thinking false (its published schema allows only true) is a warning and not sent", async () => {
    const { workersai, runs } = recordingProvider({
      choices: [{ message: { role: "assistant", content: "ok" } }],
    });
    const result = await generateText({
      model: workersai(KIMI_CODE),
      prompt: "x",
      providerOptions: {
        "workers-ai": { chat_template_kwargs: { enable_thinking: false, clear_thinking: true } },
      },
    });
    expect(runs[0].inputs.chat_template_kwargs).toEqual({ clear_thinking: true });
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ type: "unsupported", feature: "chat_template_kwargs.enable_thinking" }),
    );
    expect(validFor(KIMI_CODE, runs[0].inputs)).toEqual({ valid: true });
  });
});

describe("images in the form the published schema takes", () => {
  it("llama-3.2-11b-vision: string content and the image bytes in the top-level image field", async () => {
    const { workersai, runs } = recordingProvider({ response: "A pixel." });
    await generateText({
      model: workersai(LLAMA_VISION),
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image", image: PNG_BYTES, mediaType: "image/png" },
          ],
        },
      ],
    });
    expect(runs[0].inputs.messages).toEqual([{ role: "user", content: "What is this?" }]);
    expect(runs[0].inputs.image).toEqual(Array.from(PNG_BYTES));
    expect(validFor(LLAMA_VISION, runs[0].inputs)).toEqual({ valid: true });
  });

  it("llama-3.2-11b-vision: a second image does not fit its one image field: warning, not sent", async () => {
    const { workersai, runs } = recordingProvider({ response: "ok" });
    const image = { type: "image" as const, image: PNG_BYTES, mediaType: "image/png" };
    const result = await generateText({
      model: workersai(LLAMA_VISION),
      messages: [{ role: "user", content: [image, { type: "text", text: "Compare" }, image] }],
    });
    expect(runs[0].inputs.messages).toEqual([{ role: "user", content: "Compare" }]);
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ type: "unsupported", feature: "image input" }),
    );
  });

  it("a text-only model's published schema takes string content: the image is a warning, not sent", async () => {
    const { workersai, runs } = recordingProvider({ response: "ok" });
    const result = await generateText({
      model: workersai(LLAMA),
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Hi" },
            { type: "image", image: PNG_BYTES },
          ],
        },
      ],
    });
    expect(runs[0].inputs.messages).toEqual([{ role: "user", content: "Hi" }]);
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ type: "unsupported", feature: "image input" }),
    );
    expect(validFor(LLAMA, runs[0].inputs)).toEqual({ valid: true });
  });
});

describe("legacy tool parameters", () => {
  it(
    "the published legacy schema requires { type, description } per parameter while our wire notes (3.6) " +
      "record full JSON Schemas working in practice: both are sent (the full schema plus type and description)",
    async () => {
      const { workersai, runs } = recordingProvider({ response: "ok" });
      const result = await generateText({
        model: workersai(LLAMA),
        prompt: "Weather?",
        tools: {
          weather: tool({
            description: "Weather for a city",
            inputSchema: z.object({
              city: z.string().describe("City name"),
              unit: z.enum(["c", "f"]).nullable(),
              stops: z.array(z.object({ name: z.string() })),
            }),
          }),
          now: tool({ inputSchema: z.object({}) }),
        },
      });
      const tools = runs[0].inputs.tools as Array<{ function: Record<string, unknown> }>;
      const weather = tools[0].function.parameters as { properties: Record<string, Record<string, unknown>> };
      expect(weather.properties.city).toMatchObject({ type: "string", description: "City name" });
      expect(weather.properties.unit).toMatchObject({
        type: "string",
        description: "",
        anyOf: expect.any(Array),
      });
      expect(weather.properties.stops).toMatchObject({
        type: "array",
        description: "",
        items: { type: "object" },
      });
      expect(tools[1].function.description).toBe("");
      expect(result.warnings).toContainEqual(
        expect.objectContaining({ type: "compatibility", feature: "tool parameter types" }),
      );
      expect(validFor(LLAMA, runs[0].inputs)).toEqual({ valid: true });
    },
  );
});

describe("nova-3 list options", () => {
  it("its published schema takes one string per option: the first of a list is sent, the rest is a warning", async () => {
    const { binding, workersai } = bindingProvider(() => ({
      results: { channels: [{ alternatives: [{ transcript: "hello", confidence: 0.9 }] }] },
    }));
    const result = await transcribe({
      model: workersai.transcription("@cf/deepgram/nova-3", {
        keyterm: ["Workers", "Cloudflare"],
        redact: ["pci"],
      }),
      audio: wavBytes(),
    });
    expect(binding.calls[0].inputs).toMatchObject({ keyterm: "Workers", redact: "pci" });
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ type: "unsupported", feature: "keyterm" }),
    );
  });
});

describe("realtime-only speech recognition", () => {
  it("Deepgram flux's published input has no audio field: transcribe throws before any request", async () => {
    const { binding, workersai } = bindingProvider(() => ({ text: "never" }));
    await expect(
      transcribe({ model: workersai.transcription("@cf/deepgram/flux"), audio: wavBytes() }),
    ).rejects.toThrow(UnsupportedFunctionalityError);
    expect(binding.calls).toEqual([]);
  });
});
