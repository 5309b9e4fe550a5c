import { APICallError } from "@ai-sdk/provider";
import { generateText } from "ai";
import { describe, expect, it } from "vitest";
import { createWorkersAI } from "../../src/provider";
import { createWorkersAIEmulator } from "../../src/testing/index";
import { publishedSchemasOf, readPublishedSchema } from "../../src/testing/published-schemas";
import { findSchemaViolation } from "../../src/testing/schema-validator";
import { ajvCheck } from "../contract/ajv";
import { postJson, rejection, runUrl } from "./helpers";

const LLAMA = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
const KIMI_CODE = "@cf/moonshotai/kimi-k2.7-code";

describe("the emulator answers a request its model's published schema rejects as Workers AI does", () => {
  it("binding: throws InvalidInput with '8001: Invalid input: <field> …' and records status 400", async () => {
    const emulator = createWorkersAIEmulator();
    const error = await rejection(emulator.binding.run(LLAMA, { prompt: "x", temperature: "hot" }));
    expect(error.name).toBe("InvalidInput");
    expect(error.message).toBe("8001: Invalid input: /temperature must be number (no oneOf branch matches)");
    expect(emulator.binding.lastRequestHttpStatusCode).toBe(400);
    expect(emulator.binding.lastRequestInternalStatusCode).toBe(8001);
  });

  it("REST: HTTP 400 with the Cloudflare error envelope", async () => {
    const emulator = createWorkersAIEmulator();
    const response = await emulator.fetch(
      runUrl(KIMI_CODE),
      postJson({
        messages: [{ role: "user", content: "x" }],
        response_format: { type: "json_schema", json_schema: { type: "object" } },
      }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      result: null,
      success: false,
      errors: [
        {
          code: 8001,
          message: expect.stringMatching(
            /^Invalid input: \/response_format\/json_schema must have required property "name"/,
          ),
        },
      ],
      messages: [],
    });
  });

  it("a user's test catches a bad request offline: APICallError 8001, not retryable", async () => {
    const emulator = createWorkersAIEmulator();
    const workersai = createWorkersAI({ binding: emulator.binding });
    const error = await rejection(
      generateText({
        model: workersai(KIMI_CODE, { extraInputs: { temperature: "hot" } }),
        prompt: "x",
        maxRetries: 0,
      }),
    );
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 400, isRetryable: false, data: { code: 8001 } });
  });

  it("hostile calls get Workers AI errors, never a TypeError or an answer", async () => {
    const emulator = createWorkersAIEmulator();
    const run = emulator.binding.run as (model: unknown, inputs: unknown) => Promise<unknown>;
    const badModel = await rejection(run(42, { prompt: "x" }));
    expect(badModel).not.toBeInstanceOf(TypeError);
    expect(badModel.message).toBe("3042: Invalid model ID");
    const badInputs = await rejection(run(LLAMA, "just a string"));
    expect(badInputs.name).toBe("InvalidInput");
    expect(badInputs.message).toMatch(/^8001: Invalid input: /);
    const extra = await rejection(run("@cf/black-forest-labs/flux-1-schnell", { prompt: "x", width: 512 }));
    expect(extra.message).toBe("8001: Invalid input: /width is not an allowed property");
  });

  it("query-string inputs of a raw REST body are not type-checked (every value arrives as a string)", async () => {
    const emulator = createWorkersAIEmulator();
    const response = await emulator.fetch(
      `${runUrl("@cf/deepgram/nova-3")}?detect_language=true&smart_format=true`,
      {
        method: "POST",
        headers: { "content-type": "audio/wav" },
        body: new Uint8Array([82, 73, 70, 70, 0, 0, 0, 0]),
      },
    );
    expect(response.status).toBe(200);
  });
});

describe("published schemas as the emulator reads them", () => {
  it(
    "a oneOf branch without `required` matches every object (llama-3.3's async-batch branch): as published no " +
      "request is valid, so a one-property branch requires its property",
    () => {
      const published = {
        type: "object",
        oneOf: [
          { properties: { prompt: { type: "string" } }, required: ["prompt"] },
          { properties: { messages: { type: "array" } }, required: ["messages"] },
          { title: "Async Batch", properties: { requests: { type: "array" } } },
        ],
      };
      const request = { messages: [] };
      expect(ajvCheck(published, request).valid).toBe(false);
      const read = readPublishedSchema(published);
      expect(ajvCheck(read, request)).toEqual({ valid: true });
      expect(ajvCheck(read, { prompt: "x", messages: [] }).valid).toBe(false);
      const llama = publishedSchemasOf(LLAMA)?.input;
      expect(
        llama && findSchemaViolation(llama, { messages: [{ role: "user", content: "x" }] }),
      ).toBeUndefined();
    },
  );

  it("a oneOf with several open branches (bge-m3's replies) is read as anyOf", () => {
    const published = {
      oneOf: [
        { properties: { response: { type: "array" } } },
        { properties: { response: { type: "array" }, shape: { type: "array" } } },
        { properties: { shape: { type: "array" }, data: { type: "array" } } },
      ],
    };
    expect(ajvCheck(published, { shape: [1], data: [] }).valid).toBe(false);
    const read = readPublishedSchema(published);
    expect(read).not.toHaveProperty("oneOf");
    expect(ajvCheck(read, { shape: [1], data: [] })).toEqual({ valid: true });
    expect(ajvCheck(read, { response: 1, shape: "x" }).valid).toBe(false);
  });
});
