import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Json } from "./helpers";

const entry = fileURLToPath(new URL("../../src/testing/index.ts", import.meta.url));

const WORKER = `export default {
  async fetch(request, env) {
    const out = {};
    out.json = await env.AI.run("@cf/meta/llama-3.3-70b-instruct-fp8-fast", { prompt: "Repeat: hi workerd" });
    const stream = await env.AI.run("@cf/moonshotai/kimi-k2.5", { messages: [{ role: "user", content: "s" }], stream: true });
    out.streamIsReadable = stream instanceof ReadableStream;
    out.streamDone = (await new Response(stream).text()).trimEnd().endsWith("data: [DONE]");
    const jpeg = await env.AI.run("@cf/leonardo/phoenix-1.0", { prompt: "x", width: 64, height: 64 });
    out.jpegHead = [...new Uint8Array(await new Response(jpeg).arrayBuffer()).slice(0, 2)];
    const form = new FormData();
    form.append("prompt", "a dog");
    const wrapped = new Response(form);
    const flux = await env.AI.run("@cf/black-forest-labs/flux-2-dev", {
      multipart: { body: wrapped.body, contentType: wrapped.headers.get("content-type") },
    });
    out.fluxImage = typeof flux.image;
    try { await env.AI.run("@cf/nope/x", { prompt: "x" }); } catch (e) { out.error = e.name + ": " + e.message; }
    try {
      await env.AI.run("@cf/meta/llama-3.3-70b-instruct-fp8-fast", { prompt: "x", temperature: "hot" });
    } catch (e) { out.invalid = e.name + ": " + e.message; }
    const controller = new AbortController();
    const slow = await env.AI.run("@cf/moonshotai/kimi-k2.5", { messages: [{ role: "user", content: "x" }], stream: true }, { signal: controller.signal });
    const reader = slow.getReader();
    await reader.read();
    controller.abort();
    try { while (!(await reader.read()).done); out.abort = "none"; } catch (e) { out.abort = e.name; }
    out.chunks = (await env.AI.aiSearch().get("docs").search({ query: "Workers AI" })).chunks.length;
    await env.AI.run("@cf/meta/llama-3.3-70b-instruct-fp8-fast", { prompt: "g" }, { gateway: { id: "gw" } });
    out.logId = typeof env.AI.aiGatewayLogId;
    return Response.json(out);
  },
};`;

describe("inside workerd (Miniflare wrapped binding)", () => {
  let mf: Miniflare | undefined;
  beforeAll(async () => {
    const bundle = await build({
      stdin: {
        contents: `import { createWorkersAIEmulator } from ${JSON.stringify(entry)};
const emulator = createWorkersAIEmulator();
export default function () { return emulator.binding; }`,
        resolveDir: process.cwd(),
        loader: "ts",
      },
      bundle: true,
      format: "esm",
      platform: "neutral",
      write: false,
    });
    mf = new Miniflare({
      workers: [
        {
          name: "main",
          modules: true,
          compatibilityDate: "2025-01-01",
          script: WORKER,
          wrappedBindings: { AI: { scriptName: "workers-ai-emulator" } },
        },
        { name: "workers-ai-emulator", modules: true, script: bundle.outputFiles[0].text },
      ],
    });
  });
  afterAll(async () => {
    await mf?.dispose();
  });

  it("serves the binding surface without node: imports", async () => {
    const response = await mf!.dispatchFetch("http://localhost/");
    const out = (await response.json()) as Json;
    expect(out).toEqual({
      json: {
        response: "hi workerd",
        usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
      },
      streamIsReadable: true,
      streamDone: true,
      jpegHead: [0xff, 0xd8],
      fluxImage: "string",
      error: "InferenceUpstreamError: 5007: No such model @cf/nope/x or task",
      // The published-schema check runs in workerd too (no code generation).
      invalid: "InvalidInput: 8001: Invalid input: /temperature must be number (no oneOf branch matches)",
      abort: "AbortError",
      chunks: 3,
      logId: "string",
    });
  });
});
