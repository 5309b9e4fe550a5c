/**
 * Errors users act on, found by an adversarial review: what a binding throws when it is not an `Error`
 * (error bodies as objects, an object whose `message` getter throws, `undefined`), string chunks in a
 * binding stream, and usage figures that are no counts.
 */
import { APICallError } from "@ai-sdk/provider";
import { generateImage, generateText, streamText } from "ai";
import { afterAll, describe, expect, it } from "vitest";
import { createWorkersAI } from "../../src";
import { collectUnhandledRejections, fakeBinding, settle } from "./helpers";

const MODEL = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
const unhandled = collectUnhandledRejections();
afterAll(() => unhandled.dispose());

/** The error `generateText` fails with when the binding throws `thrown`. */
async function errorFor(thrown: unknown): Promise<unknown> {
  const binding = fakeBinding(() => {
    throw thrown;
  });
  try {
    await generateText({ model: createWorkersAI({ binding })(MODEL), prompt: "hi", maxRetries: 0 });
  } catch (error) {
    return error;
  }
  throw new Error("the call did not fail");
}

const throwingMessage = Object.defineProperty({}, "message", {
  get() {
    throw new Error("getter exploded");
  },
  enumerable: true,
});

describe("binding errors thrown as objects", () => {
  it.each([
    {
      label: "{ code: 3040, message }",
      thrown: { code: 3040, message: "Capacity temporarily exceeded, please try again." },
      code: 3040,
      status: 429,
      retryable: true,
      text: /Capacity temporarily exceeded/,
    },
    {
      label: "{ internalCode: 5007, name, description }",
      thrown: { internalCode: 5007, name: "NoSuchModel", description: "No such model @cf/x/y" },
      code: 5007,
      status: 400,
      retryable: false,
      text: /No such model @cf\/x\/y/,
    },
    {
      label: "{ errors: [{ code: 3036 }] }",
      thrown: { errors: [{ code: 3036, message: "You have used up your daily free allocation" }] },
      code: 3036,
      status: 429,
      retryable: false,
      text: /daily free allocation/,
    },
    {
      label: "{ code: 3030 } (content filter)",
      thrown: { code: 3030, message: "Input flagged" },
      code: 3030,
      status: 400,
      retryable: false,
      text: /NSFW.*more context/,
    },
  ])("$label → APICallError with the code, status and retry advice", async (entry) => {
    const error = await errorFor(entry.thrown);
    expect(APICallError.isInstance(error)).toBe(true);
    const apiError = error as APICallError;
    expect((apiError.data as { code?: number }).code).toBe(entry.code);
    expect(apiError.statusCode).toBe(entry.status);
    expect(apiError.isRetryable).toBe(entry.retryable);
    expect(apiError.message).toMatch(entry.text);
    expect(apiError.message).toContain(`error ${entry.code}`);
  });

  it("3040 thrown as an object is retried by the AI SDK", async () => {
    let calls = 0;
    const binding = fakeBinding(() => {
      calls++;
      if (calls === 1) throw { code: 3040, message: "Capacity temporarily exceeded" };
      return { response: "second time lucky" };
    });
    const result = await generateText({
      model: createWorkersAI({ binding })(MODEL),
      prompt: "hi",
      maxRetries: 1,
    });
    expect(result.text).toBe("second time lucky");
    expect(calls).toBe(2);
  });

  it.each([
    { label: "an object whose message getter throws", thrown: throwingMessage },
    { label: "undefined", thrown: undefined },
    { label: "null", thrown: null },
    { label: "an empty object", thrown: {} },
  ])("$label → a readable APICallError", async ({ thrown }) => {
    const error = await errorFor(thrown);
    expect(APICallError.isInstance(error)).toBe(true);
    const message = (error as APICallError).message;
    expect(message).toMatch(/^Workers AI/);
    expect(message).not.toMatch(/undefined$|\[object Object\]|getter exploded/);
    expect(message.length).toBeGreaterThan("Workers AI: ".length + 5);
  });

  it("an image model gets the NSFW advice for 3030 thrown as an object", async () => {
    const binding = fakeBinding(() => {
      throw { code: 3030, message: "Input flagged" };
    });
    await expect(
      generateImage({
        model: createWorkersAI({ binding }).image("@cf/black-forest-labs/flux-1-schnell"),
        prompt: "cat",
        maxRetries: 0,
      }),
    ).rejects.toThrow(/NSFW/);
  });
});

describe("strings instead of bytes from a binding stream", () => {
  it("are read as text", async () => {
    let index = 0;
    const chunks = ['data: {"response":"Hel', 'lo"}\n\n', 'data: {"response":" there"}\n\ndata: [DONE]\n\n'];
    const binding = fakeBinding(
      () =>
        new ReadableStream<string>({
          pull(controller) {
            if (index < chunks.length) controller.enqueue(chunks[index++]);
            else controller.close();
          },
        }),
    );
    const result = streamText({ model: createWorkersAI({ binding })(MODEL), prompt: "hi" });
    expect(await result.text).toBe("Hello there");
    expect(await result.finishReason).toBe("stop");
  });
});

describe("usage that is no count", () => {
  it.each([
    { label: "negative", prompt: -5, completion: -1 },
    { label: "infinite", prompt: Number.POSITIVE_INFINITY, completion: 3 },
    { label: "NaN", prompt: 4, completion: Number.NaN },
  ])("$label figures are not reported as usage", async ({ prompt, completion }) => {
    const binding = fakeBinding(() => ({
      response: "ok",
      usage: { prompt_tokens: prompt, completion_tokens: completion },
    }));
    const result = await generateText({ model: createWorkersAI({ binding })(MODEL), prompt: "hi" });
    for (const value of [result.usage.inputTokens, result.usage.outputTokens]) {
      if (value !== undefined) {
        expect(Number.isFinite(value)).toBe(true);
        expect(value).toBeGreaterThanOrEqual(0);
      }
    }
    expect(result.usage.inputTokens).toBe(prompt >= 0 && Number.isFinite(prompt) ? prompt : undefined);
    expect(result.usage.outputTokens).toBe(
      completion >= 0 && Number.isFinite(completion) ? completion : undefined,
    );
  });

  it("leaves no unhandled rejection", async () => {
    await settle();
    expect(unhandled.reasons).toEqual([]);
  });
});
