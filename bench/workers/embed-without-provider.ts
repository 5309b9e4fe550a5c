// The embeddings Worker with a trivial inline model instead of the provider: the size baseline.
import type { EmbeddingModelV4 } from "@ai-sdk/provider";
import { embedMany } from "ai";

const model: EmbeddingModelV4 = {
  specificationVersion: "v4",
  provider: "mock",
  modelId: "mock",
  maxEmbeddingsPerCall: 100,
  supportsParallelCalls: true,
  async doEmbed({ values }) {
    return { embeddings: values.map(() => [0]), warnings: [] };
  },
};

export default {
  async fetch(request: Request): Promise<Response> {
    const { embeddings } = await embedMany({ model, values: (await request.text()).split("\n") });
    return Response.json(embeddings);
  },
};
