import { describe, expect, it } from "vitest";
import {
  detectGatewayProvider,
  findGatewayProvider,
  GATEWAY_AUTH_HEADERS,
  GATEWAY_PROVIDERS,
  GATEWAY_SLUG_PREFIXES,
  isWorkersAINativeSlug,
} from "../../src/gateway";

describe("registry", () => {
  it("lists every AI Gateway provider of the issue with its gateway id", () => {
    const expected: Record<string, string | undefined> = {
      openai: "openai",
      anthropic: "anthropic",
      google: "google-ai-studio",
      "google-vertex": "google-vertex-ai",
      xai: "grok",
      groq: "groq",
      deepseek: "deepseek",
      mistral: "mistral",
      perplexity: "perplexity-ai",
      cerebras: "cerebras",
      openrouter: "openrouter",
      fireworks: "fireworks",
      alibaba: undefined,
      minimax: undefined,
      cohere: "cohere",
      baseten: "baseten",
      parallel: "parallel",
      "azure-openai": "azure-openai",
      bedrock: "aws-bedrock",
      huggingface: "huggingface",
      replicate: "replicate",
      fal: "fal",
      ideogram: "ideogram",
      cartesia: "cartesia",
      deepgram: "deepgram",
      elevenlabs: "elevenlabs",
    };
    for (const [id, gatewayId] of Object.entries(expected)) {
      expect(findGatewayProvider(id)?.gatewayId, id).toBe(gatewayId);
    }
  });

  it("resolves aliases and gateway ids to the same entry", () => {
    expect(findGatewayProvider("grok")?.id).toBe("xai");
    expect(findGatewayProvider("GROK")?.id).toBe("xai");
    expect(findGatewayProvider("google-ai-studio")?.id).toBe("google");
    expect(findGatewayProvider("aws-bedrock")?.id).toBe("bedrock");
    expect(findGatewayProvider("perplexity-ai")?.id).toBe("perplexity");
    expect(findGatewayProvider("nope")).toBeUndefined();
  });

  it("the exported slug prefixes are exactly the ids and aliases (the model-id type is built from them)", () => {
    const fromEntries = GATEWAY_PROVIDERS.flatMap((entry) => [entry.id, ...entry.aliases]).sort();
    expect([...GATEWAY_SLUG_PREFIXES].sort()).toEqual(fromEntries);
    expect(new Set(fromEntries).size).toBe(fromEntries.length);
  });

  it("run catalog, billing and wire formats per path", () => {
    const runCatalog = GATEWAY_PROVIDERS.filter((entry) => entry.runCatalog).map((entry) => entry.id);
    expect(runCatalog.sort()).toEqual(["alibaba", "anthropic", "google", "groq", "minimax", "openai", "xai"]);
    for (const entry of GATEWAY_PROVIDERS) {
      expect(entry.billing === "unified", entry.id).toBe(entry.runCatalog || entry.id === "workers-ai");
      if (entry.runCatalog) expect(entry.wire.run, entry.id).toBeDefined();
      if (entry.gatewayId) expect(entry.wire.gateway, entry.id).toBeDefined();
      else expect(entry.wire.gateway, entry.id).toBeUndefined();
    }
    expect(findGatewayProvider("google")?.wire).toEqual({ run: "openai", gateway: "google" });
    expect(findGatewayProvider("anthropic")?.wire).toEqual({ run: "anthropic", gateway: "anthropic" });
    expect(findGatewayProvider("alibaba")?.wire).toEqual({ run: "openai" });
    expect(findGatewayProvider("deepseek")?.wire).toEqual({ gateway: "openai" });
  });

  it("auth headers to strip cover every provider's credential header", () => {
    for (const header of ["authorization", "x-api-key", "x-goog-api-key", "api-key", "xi-api-key"]) {
      expect(GATEWAY_AUTH_HEADERS).toContain(header);
    }
    expect(findGatewayProvider("elevenlabs")?.authHeaders).toContain("xi-api-key");
    expect(findGatewayProvider("azure-openai")?.authHeaders).toContain("api-key");
  });

  it("native unified-catalog ids", () => {
    expect(isWorkersAINativeSlug("deepseek/deepseek-v4-pro")).toBe(true);
    expect(isWorkersAINativeSlug("deepseek/deepseek-v4-flash-0731")).toBe(true);
    expect(isWorkersAINativeSlug("deepseek/deepseek-chat")).toBe(false);
    expect(isWorkersAINativeSlug("deepseek/deepseek-v40")).toBe(false);
  });

  it.each([
    ["https://api.openai.com/v1/chat/completions", "openai", "openai", "chat/completions"],
    ["https://api.openai.com/v1/audio/transcriptions", "openai", "openai", "audio/transcriptions"],
    ["https://api.anthropic.com/v1/messages", "anthropic", "anthropic", "v1/messages"],
    [
      "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
      "google",
      "google-ai-studio",
      "v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
    ],
    [
      "https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/publishers/google/models/g:generateContent",
      "google-vertex",
      "google-vertex-ai",
      "v1/projects/p/locations/us-central1/publishers/google/models/g:generateContent",
    ],
    ["https://api.x.ai/v1/chat/completions", "xai", "grok", "v1/chat/completions"],
    ["https://api.groq.com/openai/v1/chat/completions", "groq", "groq", "chat/completions"],
    ["https://api.deepseek.com/chat/completions", "deepseek", "deepseek", "chat/completions"],
    ["https://api.deepseek.com/v1/chat/completions", "deepseek", "deepseek", "chat/completions"],
    ["https://api.mistral.ai/v1/chat/completions", "mistral", "mistral", "v1/chat/completions"],
    ["https://api.perplexity.ai/chat/completions", "perplexity", "perplexity-ai", "chat/completions"],
    ["https://api.cerebras.ai/v1/chat/completions", "cerebras", "cerebras", "chat/completions"],
    ["https://openrouter.ai/api/v1/chat/completions", "openrouter", "openrouter", "v1/chat/completions"],
    [
      "https://api.fireworks.ai/inference/v1/chat/completions",
      "fireworks",
      "fireworks",
      "v1/chat/completions",
    ],
    ["https://api.cohere.com/v2/chat", "cohere", "cohere", "v2/chat"],
    ["https://inference.baseten.co/v1/chat/completions", "baseten", "baseten", "v1/chat/completions"],
    ["https://api.parallel.ai/v1/tasks/runs", "parallel", "parallel", "v1/tasks/runs"],
    [
      "https://my-res.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21",
      "azure-openai",
      "azure-openai",
      "my-res/gpt4o/chat/completions?api-version=2024-10-21",
    ],
    [
      "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-v2/invoke",
      "bedrock",
      "aws-bedrock",
      "bedrock-runtime/us-east-1/model/anthropic.claude-v2/invoke",
    ],
    [
      "https://api-inference.huggingface.co/models/bigcode/starcoder",
      "huggingface",
      "huggingface",
      "bigcode/starcoder",
    ],
    ["https://api.replicate.com/v1/predictions", "replicate", "replicate", "predictions"],
    ["https://fal.run/fal-ai/fast-sdxl", "fal", "fal", "fal-ai/fast-sdxl"],
    ["https://api.ideogram.ai/generate", "ideogram", "ideogram", "generate"],
    ["https://api.cartesia.ai/tts/bytes", "cartesia", "cartesia", "tts/bytes"],
    ["https://api.deepgram.com/v1/listen?model=nova-3", "deepgram", "deepgram", "v1/listen?model=nova-3"],
    [
      "https://api.elevenlabs.io/v1/text-to-speech/voice1",
      "elevenlabs",
      "elevenlabs",
      "v1/text-to-speech/voice1",
    ],
    [
      "https://api.cloudflare.com/client/v4/accounts/abc/ai/run/@cf/meta/llama-3.1-8b-instruct",
      "workers-ai",
      "workers-ai",
      "@cf/meta/llama-3.1-8b-instruct",
    ],
  ])("detects %s", (url, id, gatewayId, endpoint) => {
    const detected = detectGatewayProvider(url);
    expect(detected?.entry.id).toBe(id);
    expect(detected?.entry.gatewayId).toBe(gatewayId);
    expect(detected?.endpoint).toBe(endpoint);
  });

  it("unknown hosts and invalid URLs are not detected", () => {
    expect(detectGatewayProvider("https://example.com/v1/chat/completions")).toBeUndefined();
    expect(detectGatewayProvider("not a url")).toBeUndefined();
    expect(detectGatewayProvider("https://api.openai.com.evil.example/v1/chat")).toBeUndefined();
  });
});
