import { NoSuchModelError } from "@ai-sdk/provider";
import { generateText } from "ai";
import { describe, expect, expectTypeOf, it } from "vitest";
import { createWorkersAI } from "../../src";
import type { WorkersAIChatLanguageModel } from "../../src/chat/chat-language-model";
import type { WorkersAIChatSettings } from "../../src/chat/chat-settings";
import {
  classifySlug,
  type DelegateCallOptions,
  GATEWAY_PROVIDERS,
  GatewayDelegateError,
  type GatewayDispatchInfo,
  GatewayLanguageModel,
} from "../../src/gateway";
import { anthropic } from "../../src/plugins/anthropic";
import { google } from "../../src/plugins/google";
import { openai } from "../../src/plugins/openai";
import {
  anthropicJson,
  fakeBinding,
  geminiJson,
  jsonResponse,
  openaiJson,
  type RunCall,
  type UniversalCall,
} from "./helpers";

function recording() {
  return fakeBinding({
    run: (call: RunCall) =>
      call.model.startsWith("@") ||
      call.model.startsWith("deepseek/deepseek-v4") ||
      call.model.startsWith("m/")
        ? { response: `native ${call.model}` }
        : call.model.startsWith("anthropic/")
          ? jsonResponse(anthropicJson(`from ${call.model}`))
          : jsonResponse(openaiJson(`from ${call.model}`)),
    universal: (call: UniversalCall) => {
      const entry = call.entries[0];
      if (entry.provider === "anthropic") return jsonResponse(anthropicJson(`via ${entry.provider}`));
      if (entry.provider.startsWith("google")) return jsonResponse(geminiJson(`via ${entry.provider}`));
      return jsonResponse(openaiJson(`via ${entry.provider}`));
    },
  });
}

const all = [openai, anthropic, google];

describe("routing table", () => {
  it.each([
    ["@cf/meta/llama-3.1-8b-instruct", "workers-ai"],
    ["@hf/thebloke/mistral-7b-instruct-v0.1-awq", "workers-ai"],
    ["deepseek/deepseek-v4-pro", "provider"],
    ["deepseek/deepseek-v4-flash-0731", "provider"],
    ["moonshotai/kimi-k3", "workers-ai"],
    ["no-slash", "workers-ai"],
    ["openai/gpt-5", "provider"],
    ["grok/grok-4", "provider"],
    ["deepseek/deepseek-chat", "provider"],
    ["dynamic/support-route", "dynamic"],
  ])("%s → %s", (modelId, kind) => {
    expect(classifySlug(modelId).kind).toBe(kind);
  });

  it.each([
    // [model, transport, binding model or entry provider, wire endpoint]
    ["openai/gpt-5", "run", "openai/gpt-5"],
    ["anthropic/claude-sonnet-4-5", "run", "anthropic/claude-sonnet-4-5"],
    ["google/gemini-2.5-flash", "run", "google/gemini-2.5-flash"],
    ["xai/grok-4", "run", "xai/grok-4"],
    ["grok/grok-4", "run", "grok/grok-4"],
    ["groq/llama-3.3-70b-versatile", "run", "groq/llama-3.3-70b-versatile"],
    ["alibaba/qwen3-max", "run", "alibaba/qwen3-max"],
    ["minimax/minimax-m2", "run", "minimax/minimax-m2"],
    ["dynamic/support", "run", "dynamic/support"],
    ["deepseek/deepseek-chat", "gateway", "deepseek"],
    ["mistral/mistral-large-latest", "gateway", "mistral"],
    ["perplexity/sonar", "gateway", "perplexity-ai"],
    ["cerebras/llama3.1-8b", "gateway", "cerebras"],
    ["openrouter/openai/gpt-4o", "gateway", "openrouter"],
    ["fireworks/accounts/fireworks/models/x", "gateway", "fireworks"],
  ])("%s goes on the %s path (%s)", async (modelId, transport, target) => {
    const binding = recording();
    const workersai = createWorkersAI({ binding, providers: all });
    const model = workersai(modelId);
    expect(model).toBeInstanceOf(GatewayLanguageModel);
    const result = await generateText({ model, prompt: "hi" });
    if (transport === "run") {
      expect(binding.runs.map((call) => call.model)).toEqual([target]);
      expect(binding.universal).toEqual([]);
    } else {
      expect(binding.universal.map((call) => call.entries[0].provider)).toEqual([target]);
      expect(binding.runs).toEqual([]);
    }
    expect(result.providerMetadata?.["workers-ai"]).toMatchObject({ transport, model: modelId });
  });

  it("on the gateway path each provider gets its native endpoint", async () => {
    const binding = recording();
    const workersai = createWorkersAI({ binding, providers: all });
    for (const modelId of [
      "openai/gpt-5",
      "anthropic/claude-sonnet-4-5",
      "google/gemini-2.5-flash",
      "xai/grok-4",
      "groq/llama-3.3-70b-versatile",
      "deepseek/deepseek-chat",
      "openrouter/openai/gpt-4o",
    ]) {
      await generateText({ model: workersai(modelId, { transport: "gateway" }), prompt: "hi" });
    }
    expect(binding.universal.map((call) => [call.entries[0].provider, call.entries[0].endpoint])).toEqual([
      ["openai", "chat/completions"],
      ["anthropic", "v1/messages"],
      ["google-ai-studio", "v1beta/models/gemini-2.5-flash:generateContent"],
      ["grok", "v1/chat/completions"],
      ["groq", "chat/completions"],
      ["deepseek", "chat/completions"],
      ["openrouter", "v1/chat/completions"],
    ]);
    expect(binding.universal[6].entries[0].query).toMatchObject({ model: "openai/gpt-4o" });
  });

  it("dynamic routes on the gateway path use the compat entry", async () => {
    const binding = recording();
    const workersai = createWorkersAI({ binding, providers: [openai] });
    await generateText({ model: workersai("dynamic/support", { cacheTtl: 600 }), prompt: "hi" });
    expect(binding.universal[0].entries[0]).toMatchObject({
      provider: "compat",
      endpoint: "chat/completions",
      query: { model: "dynamic/support" },
    });
  });

  it("@cf ids stay Workers AI models even with providers", async () => {
    const binding = recording();
    const workersai = createWorkersAI({ binding, providers: all });
    const model = workersai("@cf/meta/llama-3.1-8b-instruct");
    expect(model.provider).toBe("workersai.chat");
    const { text } = await generateText({ model, prompt: "hi" });
    expect(text).toBe("native @cf/meta/llama-3.1-8b-instruct");
    expect(binding.runs[0].options.gateway).toBeUndefined();
  });

  it("native unified-catalog ids without providers run on Workers AI through the default gateway", async () => {
    const binding = recording();
    const workersai = createWorkersAI({ binding, providers: [] });
    const model = workersai("deepseek/deepseek-v4-pro");
    expect(model.provider).toBe("workersai.chat");
    const { text } = await generateText({ model, prompt: "hi" });
    expect(text).toBe("native deepseek/deepseek-v4-pro");
    expect(binding.runs[0].options.gateway).toEqual({ id: "default" });
  });

  it("with providers, deepseek-v4 goes through the router's run path (onDispatch applies)", async () => {
    const binding = fakeBinding({
      run: (call: RunCall) => jsonResponse(openaiJson(`from ${call.model}`), 200, { "cf-aig-log-id": "l" }),
    });
    const dispatched: GatewayDispatchInfo[] = [];
    const workersai = createWorkersAI({ binding, providers: [openai] });
    const model = workersai("deepseek/deepseek-v4-pro", { onDispatch: (info) => dispatched.push(info) });
    expect(model).toBeInstanceOf(GatewayLanguageModel);
    const { text } = await generateText({ model, prompt: "hi" });
    expect(text).toBe("from deepseek/deepseek-v4-pro");
    expect(binding.runs[0].model).toBe("deepseek/deepseek-v4-pro");
    expect(dispatched).toMatchObject([{ transport: "run", model: "deepseek/deepseek-v4-pro", logId: "l" }]);
  });

  it("native ids keep an explicitly configured gateway", async () => {
    const binding = recording();
    const workersai = createWorkersAI({ binding, gateway: { id: "mine" } });
    await generateText({ model: workersai("deepseek/deepseek-v4-pro"), prompt: "hi" });
    expect(binding.runs[0].options.gateway).toEqual({ id: "mine" });
  });

  it("a slug that needs a plugin says exactly what to add", () => {
    const workersai = createWorkersAI({ binding: recording() });
    const error = (() => {
      try {
        workersai("mistral/mistral-large-latest");
      } catch (e) {
        return e;
      }
    })();
    expect(NoSuchModelError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('import { openai } from "workers-ai-provider/openai";');
    expect((error as Error).message).toContain("providers: [openai]");
    expect(() => workersai("anthropic/claude-sonnet-4-5")).toThrow(
      /import \{ anthropic \} from "workers-ai-provider\/anthropic".*providers: \[anthropic\]/,
    );
  });

  it("without providers, run-path prefixes are plain models and the others need a plugin (inline lists match the registry)", () => {
    const workersai = createWorkersAI({ binding: recording() });
    for (const entry of GATEWAY_PROVIDERS) {
      const runPathOpenAI = entry.runWireFormat === "openai" || entry.id === "deepseek";
      for (const prefix of [entry.id, ...entry.aliases]) {
        if (runPathOpenAI) expect(workersai(`${prefix}/some-model`).provider, prefix).toBe("workersai.chat");
        else expect(() => workersai(`${prefix}/some-model`), prefix).toThrow(NoSuchModelError);
      }
    }
    expect(workersai("dynamic/route").provider).toBe("workersai.chat");
    expect(() => workersai("m/a")).not.toThrow();
  });

  it("a missing plugin for the needed wire format is named, with the path that needs it", () => {
    const binding = recording();
    const onlyOpenAI = createWorkersAI({ binding, providers: [openai] });
    expect(() => onlyOpenAI("anthropic/claude-sonnet-4-5")).toThrow(GatewayDelegateError);
    expect(() => onlyOpenAI("anthropic/claude-sonnet-4-5")).toThrow(
      /anthropic wire format on the run path.*`anthropic` plugin.*import \{ anthropic \} from "workers-ai-provider\/anthropic"/s,
    );
    // google speaks chat-completions on the run path but Gemini on the gateway path
    expect(() => onlyOpenAI("google/gemini-2.5-flash")).not.toThrow();
    expect(() => onlyOpenAI("google/gemini-2.5-flash", { cacheTtl: 60 })).toThrow(
      /google wire format on the gateway path.*`google` plugin/s,
    );
    const onlyGoogle = createWorkersAI({ binding, providers: [google] });
    expect(() => onlyGoogle("google/gemini-2.5-flash")).toThrow(
      /openai wire format on the run path.*providers: \[google, openai\]/s,
    );
  });

  it("providers that speak their own API point to createGatewayFetch", () => {
    const workersai = createWorkersAI({ binding: recording(), providers: all });
    for (const slug of ["cohere/command-r", "replicate/x", "bedrock/anthropic.claude", "elevenlabs/voice"]) {
      expect(() => workersai(slug)).toThrow(/createGatewayFetch/);
    }
    expect(() => workersai("workers-ai/@cf/meta/llama-3.1-8b-instruct")).toThrow(
      /Use the "@cf\/…" id directly/,
    );
    expect(() => workersai("google-vertex/gemini-2.5-pro")).toThrow(/project and a location/);
  });

  it("vertex slugs build the Vertex endpoint from the project and location", async () => {
    const binding = recording();
    const workersai = createWorkersAI({ binding, providers: all });
    await generateText({
      model: workersai("google-vertex/gemini-2.5-pro", {
        vertex: { project: "p1", location: "us-central1" },
        byok: true,
        extraHeaders: { authorization: "Bearer ya29.token-value" },
      }),
      prompt: "hi",
    });
    expect(binding.universal[0].entries[0]).toMatchObject({
      provider: "google-vertex-ai",
      endpoint:
        "v1/projects/p1/locations/us-central1/publishers/google/models/gemini-2.5-pro:generateContent",
      headers: { authorization: "Bearer ya29.token-value" },
    });
  });

  it("fallback models must be slugs", () => {
    const workersai = createWorkersAI({ binding: recording(), providers: all });
    expect(() =>
      workersai("openai/gpt-5", { fallback: { mode: "client", models: ["@cf/meta/llama-3.1-8b-instruct"] } }),
    ).toThrow(/fallback models must be third-party slugs/);
  });

  it("a binding without gateway() cannot take the gateway path", () => {
    const binding = fakeBinding({ run: () => ({}), withoutGateway: true });
    const workersai = createWorkersAI({ binding, providers: all });
    expect(() => workersai("deepseek/deepseek-chat")).toThrow(/env\.AI\.gateway\(id\)/);
    expect(() => workersai("openai/gpt-5")).not.toThrow();
  });
});

describe("typed second argument", () => {
  it("slugs take gateway options, Workers AI ids take chat settings", () => {
    const workersai = createWorkersAI({ binding: recording(), providers: all });
    expectTypeOf(workersai<"openai/gpt-5">)
      .parameter(1)
      .toEqualTypeOf<DelegateCallOptions | undefined>();
    expectTypeOf(workersai<"@cf/moonshotai/kimi-k2.7-code">)
      .parameter(1)
      .toEqualTypeOf<WorkersAIChatSettings | undefined>();
    expectTypeOf(workersai<"deepseek/deepseek-v4-pro">)
      .parameter(1)
      .toEqualTypeOf<WorkersAIChatSettings | DelegateCallOptions | undefined>();
    expectTypeOf(workersai.chat<"grok/grok-4">)
      .parameter(1)
      .toEqualTypeOf<DelegateCallOptions | undefined>();
    expectTypeOf(workersai.languageModel<"dynamic/route">)
      .parameter(1)
      .toEqualTypeOf<WorkersAIChatSettings | DelegateCallOptions | undefined>();
    // a slug is a plain run-path model without providers (4.x), so the type is either
    expectTypeOf(workersai("openai/gpt-5", { resume: true })).toEqualTypeOf<
      WorkersAIChatLanguageModel | GatewayLanguageModel
    >();
    expectTypeOf(workersai("@cf/zai-org/glm-4.7-flash")).toEqualTypeOf<WorkersAIChatLanguageModel>();
    const wide: string = "openai/gpt-5";
    expectTypeOf(workersai(wide)).toEqualTypeOf<WorkersAIChatLanguageModel | GatewayLanguageModel>();
    expectTypeOf(workersai<typeof wide>)
      .parameter(1)
      .toEqualTypeOf<WorkersAIChatSettings | DelegateCallOptions | undefined>();
    // @ts-expect-error chat settings are not gateway options
    workersai("openai/gpt-5", { reasoning_effort: "low" });
    // @ts-expect-error gateway options are not chat settings
    workersai("@cf/zai-org/glm-4.7-flash", { cacheTtl: 60 });
  });
});
