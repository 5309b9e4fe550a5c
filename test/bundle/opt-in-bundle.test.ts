/**
 * Async batches and realtime audio are opt-in: a Worker that only chats must not carry their code. Each
 * entry is bundled from source with esbuild as wrangler would (tree-shaken, minified, the AI SDK packages
 * left external so only this package's code is in the output), and checked for strings only those
 * modules contain. The markers are proven meaningful by entries that do use each feature.
 */
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { BATCH_MARKERS, markersIn, REALTIME_MARKERS } from "../../bench/lib/bundle.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));

const CHAT = `
import { streamText } from "ai";
import { createWorkersAI } from "./src/index.ts";
export default {
  async fetch(request, env) {
    const workersai = createWorkersAI({ binding: env.AI });
    return streamText({ model: workersai("@cf/meta/llama-3.1-8b-instruct"), prompt: await request.text() })
      .toTextStreamResponse();
  },
};`;

interface Bundle {
  text: string;
  /** Source files of this package that ended up in the output. */
  sources: string[];
}

async function bundle(entry: string): Promise<Bundle> {
  const result = await build({
    stdin: { contents: entry, resolveDir: root, loader: "ts", sourcefile: "worker.ts" },
    bundle: true,
    write: false,
    metafile: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    target: "es2022",
    minify: true,
    external: ["@ai-sdk/*", "ai", "zod", "zod/*"],
    logLevel: "silent",
  });
  const sources = Object.values(result.metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([input, { bytesInOutput }]) => input.startsWith("src/") && bytesInOutput > 0)
      .map(([input]) => input),
  );
  return { text: result.outputFiles[0].text, sources };
}

describe("bundle: batches and realtime are only in Workers that opt in", () => {
  it("a minimal chat Worker (createWorkersAI + streamText) carries neither", async () => {
    const chat = await bundle(CHAT);
    expect(chat.sources).toContain("src/provider.ts");
    expect(markersIn(chat.text, BATCH_MARKERS)).toEqual([]);
    expect(markersIn(chat.text, REALTIME_MARKERS)).toEqual([]);
    expect(chat.sources.filter((file) => /^src\/(batch|realtime)\//.test(file))).toEqual([]);
  }, 30_000);

  it("a Worker that uses createWorkersAIBatch carries batch code (and still no realtime)", async () => {
    const batch = await bundle(`
import { experimental_startBatch } from "ai";
import { createWorkersAIBatch } from "./src/index.ts";
export default {
  async fetch(request, env) {
    const batch = await experimental_startBatch({
      provider: createWorkersAIBatch({ binding: env.AI }),
      requests: [{ id: "q", type: "text", model: "@cf/meta/llama-3.3-70b-instruct-fp8-fast", prompt: "hi" }],
    });
    return Response.json(batch);
  },
};`);
    expect(markersIn(batch.text, BATCH_MARKERS)).toEqual(BATCH_MARKERS);
    expect(markersIn(batch.text, REALTIME_MARKERS)).toEqual([]);
  }, 30_000);

  it("a Worker that passes workersAIRealtime carries realtime code (and still no batches)", async () => {
    const realtime = await bundle(`
import { experimental_streamTranscribe } from "ai";
import { createWorkersAI, workersAIRealtime } from "./src/index.ts";
export default {
  async fetch(request, env) {
    const workersai = createWorkersAI({ binding: env.AI, realtime: workersAIRealtime });
    const live = experimental_streamTranscribe({ model: workersai.transcription("@cf/deepgram/nova-3"), audio: request.body });
    return new Response(live.textStream);
  },
};`);
    expect(markersIn(realtime.text, REALTIME_MARKERS)).toEqual(REALTIME_MARKERS);
    expect(markersIn(realtime.text, BATCH_MARKERS)).toEqual([]);
  }, 30_000);
});
