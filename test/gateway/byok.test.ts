import { generateText } from "ai";
import { describe, expect, it } from "vitest";
import { createWorkersAI } from "../../src";
import { GATEWAY_PLACEHOLDER_API_KEY, WorkersAIGatewayError } from "../../src/gateway";
import { anthropic } from "../../src/plugins/anthropic";
import { google } from "../../src/plugins/google";
import { openai } from "../../src/plugins/openai";
import { anthropicJson, fakeBinding, geminiJson, jsonResponse, openaiJson } from "./helpers";

const providers = [openai, anthropic, google];
const KEY = "sk-canary-byok-0123456789";

function answering() {
  return fakeBinding({
    run: (call) => jsonResponse(call.model.startsWith("anthropic/") ? anthropicJson("ok") : openaiJson("ok")),
    universal: (call) => {
      const provider = call.entries[0].provider;
      if (provider === "anthropic") return jsonResponse(anthropicJson("ok"));
      if (provider === "google-ai-studio") return jsonResponse(geminiJson("ok"));
      return jsonResponse(openaiJson("ok"));
    },
  });
}

describe("BYOK", () => {
  it.each([
    ["openai/gpt-5", "authorization"],
    ["anthropic/claude-sonnet-4-5", "x-api-key"],
    ["google/gemini-2.5-flash", "x-goog-api-key"],
  ])("%s: placeholder keys of the upstream SDK are never sent, on either path", async (modelId) => {
    const ai = answering();
    const workersai = createWorkersAI({ binding: ai, providers });
    await generateText({ model: workersai(modelId), prompt: "hi" });
    await generateText({ model: workersai(modelId, { transport: "gateway" }), prompt: "hi" });
    await generateText({ model: workersai(modelId, { byok: true }), prompt: "hi" });
    const sent = JSON.stringify([ai.runs, ai.universal]);
    expect(sent).not.toContain(GATEWAY_PLACEHOLDER_API_KEY);
    for (const call of ai.universal) {
      for (const name of ["authorization", "x-api-key", "x-goog-api-key"])
        expect(call.entries[0].headers[name]).toBeUndefined();
    }
  });

  it.each([
    ["deepseek/deepseek-chat", { authorization: `Bearer ${KEY}` }, "authorization", `Bearer ${KEY}`],
    ["anthropic/claude-sonnet-4-5", { "X-Api-Key": KEY }, "x-api-key", KEY],
    ["google/gemini-2.5-flash", { "x-goog-api-key": KEY }, "x-goog-api-key", KEY],
  ])(
    "%s with byok: the key in extraHeaders goes in the entry (gateway path)",
    async (modelId, extraHeaders, name, value) => {
      const ai = answering();
      const workersai = createWorkersAI({ binding: ai, providers });
      await generateText({ model: workersai(modelId, { byok: true, extraHeaders }), prompt: "hi" });
      expect(ai.runs).toEqual([]);
      expect(ai.universal[0].entries[0].headers[name]).toBe(value);
    },
  );

  it("without byok, credential headers in extraHeaders or call headers are stripped", async () => {
    const ai = answering();
    const workersai = createWorkersAI({ binding: ai, providers });
    await generateText({
      model: workersai("deepseek/deepseek-chat", {
        extraHeaders: { authorization: `Bearer ${KEY}`, "api-key": KEY },
      }),
      prompt: "hi",
      headers: { "x-api-key": KEY, "x-request-tag": "kept" },
    });
    await generateText({
      model: workersai("openai/gpt-5", { extraHeaders: { authorization: `Bearer ${KEY}` } }),
      prompt: "hi",
    });
    expect(JSON.stringify([ai.runs, ai.universal])).not.toContain(KEY);
    expect(ai.universal[0].entries[0].headers["x-request-tag"]).toBe("kept");
  });

  it("byok per call through providerOptions", async () => {
    const ai = answering();
    const workersai = createWorkersAI({ binding: ai, providers });
    await generateText({
      model: workersai("openai/gpt-5"),
      prompt: "hi",
      providerOptions: { "workers-ai": { byok: true, extraHeaders: { authorization: `Bearer ${KEY}` } } },
    });
    expect(ai.universal[0].entries[0].headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it("a provider error that echoes the key never carries it", async () => {
    const ai = fakeBinding({
      universal: () =>
        jsonResponse(
          { error: { message: `Incorrect API key provided: ${KEY}`, type: "invalid_request_error" } },
          401,
        ),
    });
    const workersai = createWorkersAI({ binding: ai, providers });
    const error = await generateText({
      model: workersai("deepseek/deepseek-chat", {
        byok: true,
        extraHeaders: { authorization: `Bearer ${KEY}` },
      }),
      prompt: "hi",
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(WorkersAIGatewayError.isInstance(error)).toBe(true);
    const gatewayError = error as WorkersAIGatewayError;
    expect(gatewayError.code).toBe("auth");
    expect(gatewayError.message).toContain("Incorrect API key provided: [redacted]");
    const everything = JSON.stringify({
      message: gatewayError.message,
      body: gatewayError.responseBody,
      envelope: gatewayError.envelope,
      request: gatewayError.requestBodyValues,
      url: gatewayError.url,
      data: gatewayError.data,
      cause: String(gatewayError.cause),
    });
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain("0123456789");
  });

  it("a thrown binding error quoting the key is redacted too", async () => {
    const ai = fakeBinding({
      universal: () => {
        throw new Error(`upstream rejected key ${KEY}`);
      },
    });
    const workersai = createWorkersAI({ binding: ai, providers });
    const error = (await generateText({
      model: workersai("mistral/mistral-large-latest", {
        byok: true,
        extraHeaders: { authorization: `Bearer ${KEY}` },
      }),
      prompt: "hi",
      maxRetries: 0,
    }).catch((e: unknown) => e)) as WorkersAIGatewayError;
    expect(error.code).toBe("gateway-error");
    expect(`${error.message} ${String(error.cause)} ${error.responseBody}`).not.toContain(KEY);
  });
});
