import type { JSONObject } from "@ai-sdk/provider";
import { embedMany, generateImage, generateSpeech, rerank, transcribe } from "ai";
import { describe, expect, it } from "vitest";
import {
  bindingProvider,
  envelope,
  gatewayPath,
  mp3Frame,
  PNG_BYTES,
  restProvider,
  toBase64,
  wavBytes,
} from "./helpers";

describe("gateway, headers, run options and extra inputs on every media model", () => {
  it("merges per-call options over model settings (gateway and extraHeaders key by key) for the binding", async () => {
    const { binding, workersai } = bindingProvider(() => ({ shape: [1, 2], data: [[1, 2]] }));
    await embedMany({
      model: workersai.textEmbedding("@cf/baai/bge-base-en-v1.5", {
        gateway: { id: "gw", cacheTtl: 3600, metadata: { team: "a" } },
        extraHeaders: { "x-one": "1" },
        tags: ["embeddings"],
      }),
      values: ["a"],
      providerOptions: {
        "workers-ai": {
          gateway: { skipCache: true, metadata: { user: "u" } },
          extraHeaders: { "x-two": "2" },
          rejectIfBusy: true,
          extraInputs: { truncate_inputs: true },
        },
      },
    });
    const call = binding.calls[0];
    expect(call.inputs).toEqual({ text: ["a"], truncate_inputs: true });
    expect(call.options).toMatchObject({
      gateway: { id: "gw", cacheTtl: 3600, skipCache: true, metadata: { team: "a", user: "u" } },
      extraHeaders: { "x-one": "1", "x-two": "2" },
      rejectIfBusy: true,
      tags: ["embeddings"],
    });
  });

  it("routes a model through AI Gateway over REST from its settings alone, with cf-aig headers", async () => {
    const { server, workersai } = await restProvider(() => envelope({ image: toBase64(PNG_BYTES) }));
    const model = workersai.image("@cf/black-forest-labs/flux-1-schnell", {
      gateway: { id: "gw", cacheTtl: 600 },
    });
    await generateImage({ model, prompt: "A watercolour of a harbour" });
    expect(server.requests[0].path).toBe(gatewayPath("@cf/black-forest-labs/flux-1-schnell"));
    expect(server.requests[0].headers["cf-aig-cache-ttl"]).toBe("600");
  });

  it("puts extraInputs into the query string next to a raw audio body and into multipart forms", async () => {
    const forms: FormData[] = [];
    const { server, workersai } = await restProvider(async (request) => {
      if (request.headers.get("content-type")?.startsWith("multipart/")) {
        forms.push(await request.formData());
        return envelope({ image: toBase64(PNG_BYTES) });
      }
      return envelope({ results: { channels: [{ alternatives: [{ transcript: "ok" }] }] } });
    });
    await transcribe({
      model: workersai.transcription("@cf/deepgram/nova-3", { extraInputs: { filler_words: true } }),
      audio: wavBytes(),
    });
    await generateImage({
      model: workersai.image("@cf/black-forest-labs/flux-2-klein-9b"),
      prompt: "A lantern",
      providerOptions: { "workers-ai": { extraInputs: { guidance: 3 } } },
    });
    expect(new URL(server.requests[0].url).searchParams.get("filler_words")).toBe("true");
    expect(forms[0].get("guidance")).toBe("3");
  });

  it("sends extraHeaders and extraInputs for speech and reranking", async () => {
    const { binding, workersai } = bindingProvider((call) =>
      call.model.includes("aura") ? mp3Frame() : { response: [{ id: 0, score: 1 }] },
    );
    await generateSpeech({
      model: workersai.speech("@cf/deepgram/aura-2-en", { extraHeaders: { "cf-aig-zdr": "true" } }),
      text: "hi",
      providerOptions: { "workers-ai": { extraInputs: { speaker: "zeus" } } },
    });
    await rerank({
      model: workersai.reranking("@cf/baai/bge-reranker-base", { prefix: "team" }),
      query: "q",
      documents: ["a"],
    });
    expect(binding.calls[0].inputs).toEqual({ text: "hi", speaker: "zeus" });
    expect(binding.calls[0].options?.extraHeaders).toMatchObject({ "cf-aig-zdr": "true" });
    expect(binding.calls[1].options?.prefix).toBe("team");
  });

  it("rejects malformed request settings with a typed error", async () => {
    const { binding, workersai } = bindingProvider(() => ({ shape: [1, 2], data: [[1, 2]] }));
    for (const bad of [{ gateway: "gw" }, { extraHeaders: { a: 1 } }, { tags: [1] }, { extraInputs: [] }]) {
      await expect(
        embedMany({
          model: workersai.textEmbedding("@cf/baai/bge-base-en-v1.5"),
          values: ["a"],
          providerOptions: { "workers-ai": bad },
        }),
      ).rejects.toMatchObject({ name: "AI_InvalidArgumentError" });
    }
    expect(binding.calls).toHaveLength(0);
  });

  it("checks every gateway field and never quotes a gateway or headers value (they may hold credentials)", async () => {
    const { binding, workersai } = bindingProvider(() => mp3Frame());
    const secret = "gateway-token-that-must-not-leak";
    const cases: Array<[JSONObject, RegExp]> = [
      [{ gateway: { cacheTtl: "600", authToken: secret } }, /"gateway\.cacheTtl" must be a finite number/],
      [{ gateway: { id: 7, authToken: secret } }, /"gateway\.id" must be a string/],
      [{ extraHeaders: { authorization: secret, "x-count": 1 } }, /"extraHeaders\.x-count" must be a string/],
    ];
    for (const [bad, problem] of cases) {
      const error = await generateSpeech({
        model: workersai.speech("@cf/deepgram/aura-2-en"),
        text: "hi",
        providerOptions: { "workers-ai": bad },
      }).catch((e: unknown) => e);
      expect(error).toMatchObject({
        name: "AI_InvalidArgumentError",
        message: expect.stringMatching(problem),
      });
      expect(JSON.stringify(error)).not.toContain(secret);
      expect((error as Error).message).not.toContain(secret);
    }
    expect(binding.calls).toHaveLength(0);
  });
});
