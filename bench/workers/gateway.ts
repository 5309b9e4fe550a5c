// A chat Worker that routes a third-party model through AI Gateway with the OpenAI wire-format plugin.
import { streamText } from "ai";
import { createWorkersAI, type WorkersAIBinding } from "../../src/index";
import { openai } from "../../src/plugins/openai";

export default {
  async fetch(request: Request, env: { AI: WorkersAIBinding }): Promise<Response> {
    const workersai = createWorkersAI({ binding: env.AI, providers: [openai] });
    const result = streamText({ model: workersai("openai/gpt-5-mini"), prompt: await request.text() });
    return result.toTextStreamResponse();
  },
};
