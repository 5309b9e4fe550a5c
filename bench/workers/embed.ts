// A Worker that only embeds text.
import { embedMany } from "ai";
import { createWorkersAI, type WorkersAIBinding } from "../../src/index";

export default {
  async fetch(request: Request, env: { AI: WorkersAIBinding }): Promise<Response> {
    const workersai = createWorkersAI({ binding: env.AI });
    const { embeddings } = await embedMany({
      model: workersai.textEmbedding("@cf/baai/bge-base-en-v1.5"),
      values: (await request.text()).split("\n"),
    });
    return Response.json(embeddings);
  },
};
