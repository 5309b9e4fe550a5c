import { describe, expect, it } from "vitest";
import { workersAIModels } from "../../src/catalog";
import { createWorkersAIEmulator } from "../../src/testing";

/** Catalog task names → the published task names the emulator's model search reports. */
const PUBLISHED_TASK: Record<string, string> = {
  "text-generation": "Text Generation",
  "text-embeddings": "Text Embeddings",
  "text-to-image": "Text-to-Image",
  "automatic-speech-recognition": "Automatic Speech Recognition",
  "text-to-speech": "Text-to-Speech",
  "text-classification": "Text Classification",
  translation: "Translation",
  summarization: "Summarization",
};

describe("the emulator knows every catalog model", () => {
  it("lists each catalog model under its task in models()", async () => {
    const emulator = createWorkersAIEmulator();
    const listed = new Map((await emulator.binding.models()).map((model) => [model.name, model.task.name]));
    const missing = workersAIModels.filter((info) => listed.get(info.id) !== PUBLISHED_TASK[info.task]);
    expect(missing.map((info) => info.id)).toEqual([]);
  });

  it("answers a prompt on every chat model of the catalog, old and new", async () => {
    const emulator = createWorkersAIEmulator();
    const chat = workersAIModels.filter((info) => info.task === "text-generation");
    for (const info of chat) {
      const reply = await emulator.binding.run(info.id, { messages: [{ role: "user", content: "Hello" }] });
      expect(reply, info.id).toBeTypeOf("object");
    }
  });

  it("takes message content the way each published schema does: string only for legacy schemas, parts for OpenAI-style ones", async () => {
    const emulator = createWorkersAIEmulator();
    const parts = [{ role: "user", content: [{ type: "text", text: "Hello" }] }];
    await expect(emulator.binding.run("@cf/meta/llama-3.1-8b-instruct", { messages: parts })).rejects.toThrow(
      /content must be a string/,
    );
    const reply = await emulator.binding.run("@cf/moonshotai/kimi-k2.7-code", { messages: parts });
    expect(reply).toHaveProperty("choices");
  });
});
