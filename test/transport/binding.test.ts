import { APICallError } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { createBindingTransport, type WorkersAIBinding } from "../../src/transport/binding";
import { readAllBytes } from "../../src/transport/streams";

const BYOK = "canary-byok-key-abcdef";

interface Call {
  model: string;
  inputs: Record<string, unknown>;
  options?: Record<string, unknown>;
}

function fakeBinding(reply: (call: Call) => unknown): WorkersAIBinding & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    aiGatewayLogId: null,
    lastRequestId: null,
    async run(model, inputs, options) {
      const call = { model, inputs, options };
      calls.push(call);
      this.lastRequestId = `req-${calls.length}`;
      if (options?.gateway) this.aiGatewayLogId = `log-${calls.length}`;
      return reply(call);
    },
  };
}

class InferenceUpstreamError extends Error {
  constructor(message: string, name = "InferenceUpstreamError") {
    super(message);
    this.name = name;
  }
}

async function expectError(promise: Promise<unknown>): Promise<APICallError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(APICallError.isInstance(error)).toBe(true);
  return error as APICallError;
}

describe("binding transport", () => {
  it("takes a binding double that answers or throws without a promise", async () => {
    const answers = { run: () => ({ response: "ok" }) } as unknown as WorkersAIBinding;
    const reply = await createBindingTransport({ binding: answers }).run({
      model: "@cf/m",
      inputs: {},
      abortSignal: new AbortController().signal,
    });
    expect(reply).toMatchObject({ type: "json", value: { response: "ok" } });
    const throws = {
      run: () => {
        throw new InferenceUpstreamError("3040: out of capacity");
      },
    } as unknown as WorkersAIBinding;
    const error = await expectError(
      createBindingTransport({ binding: throws }).run({ model: "@cf/m", inputs: {} }),
    );
    expect(error.isRetryable).toBe(true);
  });

  it("puts model inputs in inputs and transport options in the third argument", async () => {
    const binding = fakeBinding(() => ({ response: "ok" }));
    const signal = new AbortController().signal;
    const reply = await createBindingTransport({
      binding,
      gateway: { id: "gw", cacheTtl: 60, authToken: "gw-secret" },
    }).run({
      model: "@cf/zai-org/glm-4.7-flash",
      inputs: { messages: [], reasoning_effort: null, stream: false },
      headers: { "x-session-affinity": "s1", ignored: undefined },
      gateway: { id: "gw", skipCache: true, metadata: { big: 3n } },
      options: { rejectIfBusy: true, tags: ["a"], prefix: "p" },
      abortSignal: signal,
    });
    expect(reply).toMatchObject({ type: "json", value: { response: "ok" } });
    expect(reply.headers).toEqual({ "cf-ai-req-id": "req-1", "cf-aig-log-id": "log-1" });
    const call = binding.calls[0];
    expect(call.inputs).toEqual({ messages: [], reasoning_effort: null, stream: false });
    expect(call.options).toEqual({
      gateway: { id: "gw", cacheTtl: 60, skipCache: true, metadata: { big: "3" } },
      extraHeaders: { "x-session-affinity": "s1" },
      signal,
      rejectIfBusy: true,
      tags: ["a"],
      prefix: "p",
    });
  });

  it("branches on the value returned, not on what was asked", async () => {
    const sse = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode("data: x\n\n"));
        c.close();
      },
    });
    const t = createBindingTransport({ binding: fakeBinding(() => sse) });
    const streamed = await t.run({ model: "m/x", inputs: { stream: false } });
    expect(streamed.type).toBe("stream");
    const json = await createBindingTransport({ binding: fakeBinding(() => ({ output: [] })) }).run({
      model: "m/x",
      inputs: { stream: true },
    });
    expect(json.type).toBe("json");
  });

  it("accepts binary results as Uint8Array, ArrayBuffer and Blob", async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    for (const value of [bytes, bytes.buffer.slice(0), new Blob([bytes], { type: "audio/mpeg" })]) {
      const reply = await createBindingTransport({ binding: fakeBinding(() => value) }).run({
        model: "m/x",
        inputs: {},
      });
      expect(reply.type).toBe("bytes");
      if (reply.type === "bytes") expect([...reply.bytes]).toEqual([1, 2, 3]);
    }
  });

  it("reads a raw Response (returnRawResponse) like a REST reply", async () => {
    const reply = await createBindingTransport({
      binding: fakeBinding(
        () => new Response(new Uint8Array([9, 9]), { headers: { "content-type": "audio/mpeg" } }),
      ),
    }).run({ model: "@cf/deepgram/aura-2-en", inputs: { text: "hi" }, options: { returnRawResponse: true } });
    expect(reply).toMatchObject({ type: "stream", contentType: "audio/mpeg" });
    if (reply.type === "stream") expect([...(await readAllBytes(reply.stream))]).toEqual([9, 9]);
    const error = await expectError(
      createBindingTransport({
        binding: fakeBinding(
          () =>
            new Response(JSON.stringify({ internalCode: 3040, name: "OutOfCapacity", description: "busy" }), {
              status: 429,
            }),
        ),
      }).run({ model: "m/x", inputs: {}, options: { returnRawResponse: true } }),
    );
    expect(error.isRetryable).toBe(true);
    expect(error.data).toMatchObject({ code: 3040, name: "OutOfCapacity" });
  });

  it("sends audio as {body, contentType} and FormData as a multipart stream", async () => {
    const binding = fakeBinding(() => ({ text: "ok" }));
    const t = createBindingTransport({ binding });
    await t.run({
      model: "@cf/deepgram/nova-3",
      inputs: { detect_language: true },
      rawBody: { key: "audio", body: new Uint8Array([1, 2]), contentType: "audio/wav" },
    });
    const audio = binding.calls[0].inputs.audio as { body: ReadableStream<Uint8Array>; contentType: string };
    expect(audio.contentType).toBe("audio/wav");
    expect([...(await readAllBytes(audio.body))]).toEqual([1, 2]);
    expect(binding.calls[0].inputs.detect_language).toBe(true);

    const form = new FormData();
    form.set("prompt", "a cat");
    await t.run({
      model: "@cf/black-forest-labs/flux-2-dev",
      inputs: {},
      rawBody: { key: "multipart", body: form },
    });
    const multipart = binding.calls[1].inputs.multipart as {
      body: ReadableStream<Uint8Array>;
      contentType: string;
    };
    expect(multipart.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(new TextDecoder().decode(await readAllBytes(multipart.body))).toContain("a cat");
  });

  it("skips the gateway with a warning for binary bodies, which the binding cannot send through it", async () => {
    const binding = fakeBinding(() => ({ text: "ok" }));
    const reply = await createBindingTransport({ binding, gateway: { id: "gw" } }).run({
      model: "@cf/deepgram/nova-3",
      inputs: {},
      rawBody: { key: "audio", body: new Uint8Array([1]), contentType: "audio/wav" },
    });
    expect(binding.calls[0].options?.gateway).toBeUndefined();
    expect(reply.warnings).toEqual([
      expect.objectContaining({ type: "other", message: expect.stringMatching(/AI Gateway was skipped/) }),
    ]);
  });

  it.each([
    ["3040: Capacity temporarily exceeded, please try again.", 3040, 429, true],
    ["InvalidInput: 1001: prompt and messages are mutually exclusive", 1001, 400, false],
    ["a1b2c3d4 5007: No such model @cf/nope or task", 5007, 400, false],
    ["3007: Request timeout", 3007, 408, true],
    ["something odd happened", undefined, undefined, false],
  ])("maps the binding error %j to code %s", async (message, code, status, retryable) => {
    const error = await expectError(
      createBindingTransport({
        binding: fakeBinding(() => {
          throw new InferenceUpstreamError(message);
        }),
      }).run({ model: "m/x", inputs: {} }),
    );
    expect(error.data).toMatchObject({ code, name: "InferenceUpstreamError" });
    expect(error.statusCode).toBe(status);
    expect(error.isRetryable).toBe(retryable);
    expect(error.url).toBe("workers-ai-binding://run/m/x");
  });

  it("turns thrown non-Error values into typed errors", async () => {
    for (const thrown of ["3040: busy", { message: "8001: Invalid input" }, 42, null]) {
      const error = await expectError(
        createBindingTransport({
          binding: fakeBinding(() => {
            throw thrown;
          }),
        }).run({ model: "m/x", inputs: {} }),
      );
      expect(error.message).toMatch(/^Workers AI/);
    }
  });

  it("rejects an empty result with a typed error", async () => {
    const error = await expectError(
      createBindingTransport({ binding: fakeBinding(() => undefined) }).run({ model: "m/x", inputs: {} }),
    );
    expect(error.message).toMatch(/no result/);
    expect(error.isRetryable).toBe(true);
  });

  it("passes abort errors through untouched", async () => {
    const abort = new DOMException("aborted", "AbortError");
    const error = await createBindingTransport({
      binding: fakeBinding(() => {
        throw abort;
      }),
    })
      .run({ model: "m/x", inputs: {} })
      .catch((e: unknown) => e);
    expect(error).toBe(abort);
  });

  it("does not call the binding when already aborted", async () => {
    const binding = fakeBinding(() => ({}));
    const controller = new AbortController();
    controller.abort();
    await expect(
      createBindingTransport({ binding }).run({ model: "m/x", inputs: {}, abortSignal: controller.signal }),
    ).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(binding.calls).toHaveLength(0);
  });

  it("ends a stalled binding stream within 1 s of abort and cancels the source", async () => {
    let cancelled = false;
    const stalled = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('data: {"response":"a"}\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    const controller = new AbortController();
    const reply = await createBindingTransport({ binding: fakeBinding(() => stalled) }).run({
      model: "m/x",
      inputs: { stream: true },
      abortSignal: controller.signal,
    });
    if (reply.type !== "stream") throw new Error("expected a stream");
    const reader = reply.stream.getReader();
    await reader.read();
    const pending = reader.read();
    const started = Date.now();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(Date.now() - started).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 0));
    expect(cancelled).toBe(true);
  });

  it("keeps BYOK keys sent in extra headers out of errors", async () => {
    const error = await expectError(
      createBindingTransport({
        binding: fakeBinding((call) => {
          throw new Error(`1001: rejected ${JSON.stringify(call.options?.extraHeaders)}`);
        }),
      }).run({ model: "m/x", inputs: {}, headers: { authorization: `Bearer ${BYOK}` } }),
    );
    expect(
      JSON.stringify({ m: error.message, b: error.responseBody, v: error.requestBodyValues }),
    ).not.toContain(BYOK);
    expect(String((error.cause as Error).message)).not.toContain(BYOK);
    expect(String((error.cause as Error).message)).toContain("[redacted]");
  });
});
