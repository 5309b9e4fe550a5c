// The minimal chat Worker with a trivial inline model instead of the provider: the size baseline.
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { streamText } from "ai";

const model: LanguageModelV4 = {
  specificationVersion: "v4",
  provider: "mock",
  modelId: "mock",
  supportedUrls: {},
  async doGenerate() {
    throw new Error("not used");
  },
  async doStream() {
    return {
      stream: new ReadableStream({
        start(controller) {
          controller.enqueue({ type: "text-delta", id: "0", delta: "hi" });
          controller.close();
        },
      }),
    };
  },
};

export default {
  async fetch(request: Request): Promise<Response> {
    const result = streamText({ model, prompt: await request.text() });
    return result.toTextStreamResponse();
  },
};
