import { APICallError, type LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { generateText, streamText } from "ai";
import { describe, expect, it } from "vitest";
import { createAISearch } from "../../src/ai-search";
import { readAllParts } from "../../src/chat/reply/assemble-stream";
import {
  chatCompletionsEvents,
  fakeAISearchBinding,
  fakeAutoRAGBinding,
  namedError,
  sseResponse,
  sseStream,
  stallingSseStream,
} from "./fakes";

const PROMPT = [{ role: "user" as const, content: [{ type: "text" as const, text: "q" }] }];

async function failure(promise: Promise<unknown>): Promise<APICallError> {
  try {
    await promise;
  } catch (error) {
    if (APICallError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

describe("AI Search binding errors become APICallErrors", () => {
  it.each([
    [
      "AutoRAGUnauthorizedError",
      "Unauthorized",
      401,
      false,
      /not authorised to use AI Search instance "docs"/,
    ],
    ["AutoRAGNotFoundError", "Not Found", 404, false, /AI Search instance "docs" was not found/],
    ["AutoRAGNameNotSetError", "name not set", 400, false, /has no instance name/],
    ["AutoRAGInternalError", "Internal server error", 500, true, /internal error/],
  ])("legacy %s (%s) → status %i, retryable %s", async (name, message, status, retryable, pattern) => {
    const binding = fakeAutoRAGBinding({
      aiSearch: () => {
        throw namedError(name, message);
      },
    });
    const error = await failure(
      generateText({ model: createAISearch({ binding, name: "docs" })(), prompt: "q", maxRetries: 0 }),
    );
    expect(error.statusCode).toBe(status);
    expect(error.isRetryable).toBe(retryable);
    expect(error.message).toMatch(pattern);
    expect(error.message).toContain(name);
    expect(error.url).toBe("workers-ai-binding://autorag/docs/ai-search");
    expect(error.requestBodyValues).toMatchObject({ query: "q" });
  });

  it("current binding: a capacity error (3040) is retryable and the AI SDK retries it", async () => {
    let calls = 0;
    const binding = fakeAISearchBinding({
      chatCompletions: () => {
        calls++;
        if (calls === 1) throw new Error("3040: Capacity temporarily exceeded, please try again.");
        return {
          choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
          chunks: [],
        };
      },
    });
    const model = createAISearch({ binding })();
    const error = await failure(model.doGenerate({ prompt: PROMPT }));
    expect(error.isRetryable).toBe(true);
    expect(error.statusCode).toBe(429);
    const result = await generateText({ model, prompt: "q", maxRetries: 1 });
    expect(result.text).toBe("ok");
  }, 15_000);

  it("current binding: a not-found error (name unconfirmed, matched by meaning) is a 404", async () => {
    const binding = fakeAISearchBinding({
      chatCompletions: () => {
        throw namedError("AiSearchNotFoundError", "instance missing");
      },
    });
    const error = await failure(createAISearch({ binding, name: "kb" })().doGenerate({ prompt: PROMPT }));
    expect(error.statusCode).toBe(404);
    expect(error.isRetryable).toBe(false);
    expect(error.message).toContain(
      'AI Search instance "kb" was not found (AiSearchNotFoundError: instance missing)',
    );
  });

  it("a namespace binding used without instance_ids fails with a hint", async () => {
    const namespace = {
      ...fakeAISearchBinding({
        chatCompletions: () => {
          throw new Error("ai_search_options.instance_ids is required");
        },
      }),
      get: () => fakeAISearchBinding(),
      list: async () => [],
    };
    const error = await failure(createAISearch({ binding: namespace })().doGenerate({ prompt: PROMPT }));
    expect(error.message).toContain("set instance_ids");
    expect(error.message).toContain("instance_ids is required");
  });

  it("a failed legacy stream Response becomes an APICallError with its status", async () => {
    const binding = fakeAutoRAGBinding({
      aiSearch: () =>
        new Response(
          JSON.stringify({ success: false, errors: [{ code: 10000, message: "Authentication error" }] }),
          {
            status: 401,
            headers: { "content-type": "application/json" },
          },
        ),
    });
    const error = await failure(
      createAISearch({ binding })({ streamSources: "inline" }).doStream({ prompt: PROMPT }),
    );
    expect(error.statusCode).toBe(401);
    expect(error.isRetryable).toBe(false);
    expect(error.message).toContain("Authentication error");
  });

  it("when the source search fails, the generation stream is cancelled and the search error is thrown", async () => {
    const stalled = stallingSseStream([{ response: "Hel" }]);
    const binding = fakeAutoRAGBinding({
      aiSearch: () => new Response(stalled.stream, { headers: { "content-type": "text/event-stream" } }),
      search: () => {
        throw namedError("AutoRAGNotFoundError", "Not Found");
      },
    });
    const error = await failure(createAISearch({ binding })().doStream({ prompt: PROMPT }));
    expect(error.statusCode).toBe(404);
    await expect(stalled.cancelled).resolves.toBeDefined();
  });

  it("a binding that returns nothing is a 502 APICallError", async () => {
    const binding = fakeAISearchBinding({ chatCompletions: () => undefined });
    const error = await failure(createAISearch({ binding })().doGenerate({ prompt: PROMPT }));
    expect(error.statusCode).toBe(502);
    expect(error.isRetryable).toBe(true);
  });

  it("an error body instead of an answer is thrown by generateText", async () => {
    const binding = fakeAISearchBinding({
      chatCompletions: () => ({ errors: [{ code: 7003, message: "Could not route to /ai-search" }] }),
    });
    const error = await failure(
      generateText({ model: createAISearch({ binding })(), prompt: "q", maxRetries: 0 }),
    );
    expect(error.message).toContain("Could not route");
    expect(error.statusCode).toBe(404);
  });

  it("a stream that fails midway keeps the text received and finishes with an error", async () => {
    const encoder = new TextEncoder();
    let sent = false;
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sent) {
          sent = true;
          controller.enqueue(
            encoder.encode('data: {"choices":[{"index":0,"delta":{"content":"Partial answer"}}]}\n\n'),
          );
        } else {
          controller.error(namedError("AiSearchInternalError", "connection reset"));
        }
      },
    });
    const binding = fakeAISearchBinding({ chatCompletions: () => broken });
    const { stream } = await createAISearch({ binding })().doStream({ prompt: PROMPT });
    const parts = await readAllParts(stream);
    const text = parts.flatMap((part) => (part.type === "text-delta" ? [part.delta] : [])).join("");
    expect(text).toBe("Partial answer");
    const error = parts.find((part) => part.type === "error");
    expect(error?.type === "error" && APICallError.isInstance(error.error) && error.error.isRetryable).toBe(
      true,
    );
    expect(parts.at(-1)).toMatchObject({ type: "finish", finishReason: { unified: "error" } });
  });

  it("a stream cut off without [DONE] or finish reason is reported as truncated, text kept", async () => {
    const binding = fakeAISearchBinding({
      chatCompletions: () => sseStream(chatCompletionsEvents().slice(0, 3)),
    });
    const result = streamText({ model: createAISearch({ binding })(), prompt: "q", onError: () => {} });
    expect(await result.text).toBe("Create a gateway.");
    expect(await result.finishReason).toBe("error");
  });
});

describe("AI Search honours abortSignal", () => {
  it("an already aborted signal never calls the binding", async () => {
    const binding = fakeAISearchBinding();
    const controller = new AbortController();
    controller.abort();
    await expect(
      createAISearch({ binding })().doGenerate({ prompt: PROMPT, abortSignal: controller.signal }),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(binding.calls).toEqual([]);
  });

  it("an abort while the binding is still working rejects at once", async () => {
    const binding = fakeAutoRAGBinding({ aiSearch: () => new Promise(() => {}) });
    const controller = new AbortController();
    const pending = generateText({
      model: createAISearch({ binding })(),
      prompt: "q",
      abortSignal: controller.signal,
    });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("a stream that arrives after the abort is cancelled", async () => {
    const stalled = stallingSseStream([]);
    let resolveCall: (value: unknown) => void = () => {};
    const binding = fakeAISearchBinding({
      chatCompletions: () =>
        new Promise((resolve) => {
          resolveCall = resolve;
        }),
    });
    const controller = new AbortController();
    const pending = createAISearch({ binding })().doStream({
      prompt: PROMPT,
      abortSignal: controller.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    resolveCall(stalled.stream);
    await expect(stalled.cancelled).resolves.toBeDefined();
  });

  it("aborting a stalled stream errors the part stream with the abort and cancels the binding stream", async () => {
    const stalled = stallingSseStream([{ choices: [{ index: 0, delta: { content: "Hello" } }] }]);
    const binding = fakeAISearchBinding({ chatCompletions: () => stalled.stream });
    const controller = new AbortController();
    const { stream } = await createAISearch({ binding })().doStream({
      prompt: PROMPT,
      abortSignal: controller.signal,
    });
    const reader = stream.getReader();
    const seen: LanguageModelV4StreamPart[] = [];
    for (;;) {
      const { value } = await reader.read();
      if (!value) break;
      seen.push(value);
      if (value.type === "text-delta") break;
    }
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: "AbortError" });
    await expect(stalled.cancelled).resolves.toBeDefined();
    expect(seen.some((part) => part.type === "text-delta" && part.delta === "Hello")).toBe(true);
  });

  it("streamText stops on abort (legacy Response stream)", async () => {
    const stalled = stallingSseStream([{ response: "Hi" }]);
    const binding = fakeAutoRAGBinding({
      aiSearch: () => new Response(stalled.stream, { headers: { "content-type": "text/event-stream" } }),
    });
    const controller = new AbortController();
    let aborted = false;
    const result = streamText({
      model: createAISearch({ binding })({ streamSources: "inline" }),
      prompt: "q",
      abortSignal: controller.signal,
      onAbort: () => {
        aborted = true;
      },
    });
    const types: string[] = [];
    for await (const part of result.fullStream) {
      types.push(part.type);
      if (part.type === "text-delta") controller.abort();
    }
    expect(aborted).toBe(true);
    expect(types).toContain("abort");
    await expect(stalled.cancelled).resolves.toBeDefined();
  });

  it("sse helper sanity: a normal legacy Response stream is read completely", async () => {
    const binding = fakeAutoRAGBinding({
      aiSearch: () => sseResponse([{ response: "A" }, { response: "B" }, "[DONE]"]),
    });
    const result = streamText({
      model: createAISearch({ binding })({ streamSources: "inline" }),
      prompt: "q",
    });
    expect(await result.text).toBe("AB");
  });
});
