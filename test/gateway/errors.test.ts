import { AISDKError, APICallError } from "@ai-sdk/provider";
import { generateText } from "ai";
import { describe, expect, it } from "vitest";
import { createWorkersAI } from "../../src";
import {
  GatewayDelegateError,
  parseGatewayErrorBody,
  WorkersAIFallbackError,
  WorkersAIGatewayError,
} from "../../src/gateway";
import { createGatewayError, gatewayErrorCodeFor } from "../../src/gateway/errors";
import { openai } from "../../src/plugins/openai";
import { fakeBinding, jsonResponse } from "./helpers";

describe("parseGatewayErrorBody reads every provider's error shape", () => {
  it.each([
    [
      '{"success":false,"errors":[{"code":7003,"message":"Could not route"}]}',
      "Could not route",
      "cloudflare",
    ],
    [
      '{"success":false,"error":[{"code":2005,"message":"All providers failed"}]}',
      "All providers failed",
      "cloudflare",
    ],
    ['{"error":"Request not found"}', "Request not found", "provider"],
    [
      '{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}',
      "Rate limit reached",
      "provider",
    ],
    ['{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', "Overloaded", "provider"],
    [
      '{"error":{"code":400,"message":"API key not valid","status":"INVALID_ARGUMENT"}}',
      "API key not valid",
      "provider",
    ],
    [
      '[{"error":{"code":503,"message":"The model is overloaded","status":"UNAVAILABLE"}}]',
      "The model is overloaded",
      "provider",
    ],
    ['{"detail":"Invalid token."}', "Invalid token.", "provider"],
    ['{"detail":[{"loc":["body","input"],"msg":"field required"}]}', "field required", "provider"],
    ['{"detail":{"status":"quota_exceeded","message":"Quota exceeded"}}', "Quota exceeded", "provider"],
    ['{"message":"invalid api token"}', "invalid api token", "provider"],
    ['{"err_code":"INVALID_AUTH","err_msg":"Invalid credentials."}', "Invalid credentials.", "provider"],
    [
      '{"internalCode":3040,"message":"x","description":"Capacity temporarily exceeded"}',
      "Capacity temporarily exceeded",
      "cloudflare",
    ],
    [
      "<html><head><title>502 Bad Gateway</title></head></html>",
      'received an HTML page instead of an API reply ("502 Bad Gateway")',
      "unknown",
    ],
    ["upstream connect error", "upstream connect error", "unknown"],
  ])("%s", (body, message, source) => {
    const parsed = parseGatewayErrorBody(body);
    expect(parsed.message).toBe(message);
    expect(parsed.source).toBe(source);
  });

  it("keeps Workers AI codes it finds", () => {
    expect(
      parseGatewayErrorBody('{"errors":[{"code":3040,"message":"Out of capacity"}]}').cloudflareCode,
    ).toBe(3040);
    expect(parseGatewayErrorBody("2021: This model needs BYOK").cloudflareCode).toBe(2021);
  });
});

describe("error codes", () => {
  it.each([
    [401, "provider", undefined, "auth"],
    [403, "cloudflare", undefined, "auth"],
    [429, "provider", undefined, "rate-limit"],
    [404, "cloudflare", undefined, "not-found"],
    [400, "provider", undefined, "bad-request"],
    [413, "provider", undefined, "bad-request"],
    [422, "provider", undefined, "bad-request"],
    [500, "provider", undefined, "provider-error"],
    [503, "unknown", undefined, "provider-error"],
    [500, "cloudflare", undefined, "gateway-error"],
    [502, "cloudflare", undefined, "gateway-error"],
    [504, "unknown", undefined, "gateway-error"],
    [undefined, "unknown", undefined, "gateway-error"],
    [undefined, "unknown", 3040, "rate-limit"],
    [undefined, "unknown", 2021, "auth"],
    [undefined, "unknown", 5007, "bad-request"],
  ] as const)("HTTP %s from %s (code %s) → %s", (status, source, code, expected) => {
    expect(gatewayErrorCodeFor(status, source, code)).toBe(expected);
  });

  it("is an APICallError whose isRetryable follows the recoverable hint", () => {
    const make = (status: number, body: string) =>
      createGatewayError({
        status,
        body,
        context: { model: "openai/gpt-5" },
        url: "u",
        requestBodyValues: {},
        secrets: [],
      });
    const rateLimited = make(429, '{"error":{"message":"slow"}}');
    expect(APICallError.isInstance(rateLimited)).toBe(true);
    expect(WorkersAIGatewayError.isInstance(rateLimited)).toBe(true);
    expect(rateLimited).toMatchObject({
      code: "rate-limit",
      recoverable: true,
      isRetryable: true,
      statusCode: 429,
      status: 429,
    });
    expect(make(401, "{}")).toMatchObject({ code: "auth", recoverable: false, isRetryable: false });
    expect(make(500, "{}")).toMatchObject({ code: "provider-error", recoverable: true, isRetryable: true });
    expect(make(429, '{"errors":[{"code":3036,"message":"daily limit"}]}')).toMatchObject({
      code: "rate-limit",
      recoverable: false,
    });
    expect(
      WorkersAIGatewayError.isInstance(new APICallError({ message: "x", url: "u", requestBodyValues: {} })),
    ).toBe(false);
    expect(make(401, "{}").message).toMatch(/byok: true/);
  });

  it("the AI SDK retries recoverable gateway errors and stops on the others", async () => {
    let calls = 0;
    const ai = fakeBinding({
      run: () => {
        calls++;
        return calls === 1
          ? jsonResponse({ error: { message: "overloaded" } }, 503)
          : jsonResponse({ error: { message: "bad key" } }, 401);
      },
    });
    const workersai = createWorkersAI({ binding: ai, providers: [openai] });
    const error = await generateText({ model: workersai("openai/gpt-5"), prompt: "hi", maxRetries: 3 }).catch(
      (e: unknown) => e,
    );
    expect(calls).toBe(2);
    expect(AISDKError.isInstance(error)).toBe(true);
    expect(JSON.stringify((error as { lastError?: unknown }).lastError ?? error)).toContain("auth");
  });

  it("GatewayDelegateError and WorkersAIFallbackError are AI SDK errors with their own markers", () => {
    const delegate = new GatewayDelegateError({ modelId: "x/y", reason: "because." });
    expect(AISDKError.isInstance(delegate)).toBe(true);
    expect(GatewayDelegateError.isInstance(delegate)).toBe(true);
    expect(WorkersAIFallbackError.isInstance(delegate)).toBe(false);
    expect(delegate.message).toBe('Cannot route "x/y" through AI Gateway: because.');
    const fallback = new WorkersAIFallbackError([
      { model: "a/b", provider: "a", transport: "run", ok: false, message: "m", error: new Error("m") },
    ]);
    expect(WorkersAIFallbackError.isInstance(fallback)).toBe(true);
    expect(GatewayDelegateError.isInstance(fallback)).toBe(false);
  });
});
