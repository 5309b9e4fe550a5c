import { LoadAPIKeyError, LoadSettingError } from "@ai-sdk/provider";
import { createProviderRegistry, customProvider, generateText } from "ai";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createWorkersAI } from "../../src";
import type { WorkersAIBinding } from "../../src/transport/binding";

function recordingBinding() {
  const calls: Array<{ model: string; inputs: Record<string, unknown>; options?: Record<string, unknown> }> =
    [];
  const binding: WorkersAIBinding = {
    async run(model, inputs, options) {
      calls.push({ model, inputs, options });
      return { response: `answer from ${model}` };
    },
  };
  return { binding, calls };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("createWorkersAI", () => {
  it("returns a ProviderV4 with every model factory and the seed's aliases", () => {
    const workersai = createWorkersAI({ binding: recordingBinding().binding });
    expect(workersai.specificationVersion).toBe("v4");
    const chat = workersai("@cf/meta/llama-3.1-8b-instruct");
    expect(chat).toMatchObject({
      specificationVersion: "v4",
      provider: "workersai.chat",
      modelId: "@cf/meta/llama-3.1-8b-instruct",
    });
    expect(workersai.chat("m/a").provider).toBe("workersai.chat");
    expect(workersai.languageModel("m/a").provider).toBe("workersai.chat");
    for (const [factory, alias, provider] of [
      [workersai.embeddingModel, workersai.textEmbedding, "workersai.embedding"],
      [workersai.imageModel, workersai.image, "workersai.image"],
      [workersai.transcriptionModel, workersai.transcription, "workersai.transcription"],
      [workersai.speechModel, workersai.speech, "workersai.speech"],
      [workersai.rerankingModel, workersai.reranking, "workersai.reranking"],
    ] as const) {
      const a = (
        factory as (id: string) => { provider: string; specificationVersion: string; modelId: string }
      )("@cf/x/y");
      const b = (alias as (id: string) => { provider: string })("@cf/x/y");
      expect(a).toMatchObject({ provider, specificationVersion: "v4", modelId: "@cf/x/y" });
      expect(b.provider).toBe(provider);
    }
  });

  it("throws a clear error when called with new", () => {
    const workersai = createWorkersAI({ binding: recordingBinding().binding });
    const Constructor = workersai as unknown as new (id: string) => unknown;
    expect(() => new Constructor("@cf/meta/llama-3.1-8b-instruct")).toThrow(/without the new keyword/);
  });

  it("rejects a binding without run()", () => {
    expect(() => createWorkersAI({ binding: {} as WorkersAIBinding })).toThrow(/env\.AI/);
  });

  it("works in createProviderRegistry and customProvider", async () => {
    const { binding, calls } = recordingBinding();
    const workersai = createWorkersAI({ binding });
    const registry = createProviderRegistry({ workersai });
    const viaRegistry = await generateText({
      model: registry.languageModel("workersai:@cf/meta/llama-3.1-8b-instruct"),
      prompt: "hi",
    });
    expect(viaRegistry.text).toBe("answer from @cf/meta/llama-3.1-8b-instruct");
    expect(registry.embeddingModel("workersai:@cf/baai/bge-base-en-v1.5").provider).toBe(
      "workersai.embedding",
    );

    const custom = customProvider({
      languageModels: { fast: workersai("@cf/meta/llama-3.2-1b-instruct") },
      fallbackProvider: workersai,
    });
    const viaCustom = await generateText({ model: custom.languageModel("fast"), prompt: "hi" });
    expect(viaCustom.text).toBe("answer from @cf/meta/llama-3.2-1b-instruct");
    expect(custom.imageModel("@cf/black-forest-labs/flux-1-schnell").provider).toBe("workersai.image");
    expect(calls.map((c) => c.model)).toEqual([
      "@cf/meta/llama-3.1-8b-instruct",
      "@cf/meta/llama-3.2-1b-instruct",
    ]);
  });

  it("reads CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN from the environment when nothing is passed", async () => {
    vi.stubEnv("CLOUDFLARE_ACCOUNT_ID", "env-acct");
    vi.stubEnv("CLOUDFLARE_API_TOKEN", "env-token-123456");
    const seen: Array<{ url: string; auth: string | null }> = [];
    const workersai = createWorkersAI({
      fetch: async (input, init) => {
        seen.push({ url: String(input), auth: new Headers(init?.headers).get("authorization") });
        return Response.json({ result: { response: "ok" }, success: true, errors: [], messages: [] });
      },
    });
    const { text } = await generateText({ model: workersai("@cf/meta/llama-3.1-8b-instruct"), prompt: "hi" });
    expect(text).toBe("ok");
    expect(seen[0].url).toBe(
      "https://api.cloudflare.com/client/v4/accounts/env-acct/ai/run/@cf/meta/llama-3.1-8b-instruct",
    );
    expect(seen[0].auth).toBe("Bearer env-token-123456");
  });

  it("fails with a message naming both ways to configure it when nothing is available", async () => {
    vi.stubEnv("CLOUDFLARE_ACCOUNT_ID", undefined as unknown as string);
    vi.stubEnv("CLOUDFLARE_API_TOKEN", undefined as unknown as string);
    delete process.env.CLOUDFLARE_ACCOUNT_ID;
    delete process.env.CLOUDFLARE_API_TOKEN;
    const workersai = createWorkersAI();
    const error = await generateText({
      model: workersai("@cf/meta/llama-3.1-8b-instruct"),
      prompt: "hi",
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(LoadSettingError.isInstance(error) || LoadAPIKeyError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("binding: env.AI");
    expect((error as Error).message).toContain("CLOUDFLARE_ACCOUNT_ID");
    expect((error as Error).message).toContain("CLOUDFLARE_API_TOKEN");
    // says what to set once, in plain words
    expect((error as Error).message).toMatch(
      /^Cloudflare (account ID|API token) is missing\. Workers AI needs/,
    );
    expect((error as Error).message.match(/CLOUDFLARE_API_TOKEN/g)).toHaveLength(1);
  });

  it("rejects a credential that is not a string with the typed error naming it", async () => {
    const workersai = createWorkersAI({ accountId: "a1", apiKey: 42 as unknown as string });
    const error = await generateText({
      model: workersai("@cf/meta/llama-3.1-8b-instruct"),
      prompt: "hi",
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(LoadAPIKeyError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe("Cloudflare API token must be a string.");
  });

  it("reads apiKey from the environment when only accountId is passed", async () => {
    vi.stubEnv("CLOUDFLARE_API_TOKEN", "env-token-abcdef");
    let auth: string | null = null;
    const workersai = createWorkersAI({
      accountId: "a1",
      fetch: async (_input, init) => {
        auth = new Headers(init?.headers).get("authorization");
        return Response.json({ result: { response: "ok" }, success: true });
      },
    });
    await generateText({ model: workersai("@cf/meta/llama-3.1-8b-instruct"), prompt: "hi" });
    expect(auth).toBe("Bearer env-token-abcdef");
  });
});
