// Minimal chat Worker: the bundle-size budget is measured on this file.
import { streamText } from "ai";
import { createWorkersAI, type WorkersAIBinding } from "../../src/index";

export default {
  async fetch(request: Request, env: { AI: WorkersAIBinding }): Promise<Response> {
    const workersai = createWorkersAI({ binding: env.AI });
    const result = streamText({
      model: workersai("@cf/meta/llama-3.1-8b-instruct"),
      prompt: await request.text(),
    });
    return result.toTextStreamResponse();
  },
};
