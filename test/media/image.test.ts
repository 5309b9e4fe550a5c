import { APICallError } from "@ai-sdk/provider";
import { generateImage } from "ai";
import { describe, expect, it } from "vitest";
import { createWorkersAI } from "../../src";
import {
  bindingProvider,
  chunkedStream,
  envelope,
  errorEnvelope,
  fakeBinding,
  gatewayPath,
  InferenceUpstreamError,
  JPEG_BYTES,
  PNG_BYTES,
  restProvider,
  runPath,
  toBase64,
  WEBP_BYTES,
} from "./helpers";

const SCHNELL = "@cf/black-forest-labs/flux-1-schnell";
const KLEIN = "@cf/black-forest-labs/flux-2-klein-4b";
const FLUX2_DEV = "@cf/black-forest-labs/flux-2-dev";
const SDXL = "@cf/stabilityai/stable-diffusion-xl-base-1.0";
const PHOENIX = "@cf/leonardo/phoenix-1.0";
const LUCID = "@cf/leonardo/lucid-origin";

/** Reads the multipart form the binding received as `{body, contentType}`. */
async function bindingForm(inputs: Record<string, unknown>): Promise<FormData> {
  const multipart = inputs.multipart as { body: ReadableStream<Uint8Array>; contentType: string };
  expect(multipart.body).toBeInstanceOf(ReadableStream);
  expect(multipart.contentType).toMatch(/^multipart\/form-data; boundary=/);
  return new Response(multipart.body, { headers: { "content-type": multipart.contentType } }).formData();
}

function features(warnings: ReadonlyArray<{ type: string; feature?: string }>): string[] {
  return warnings.map((warning) => warning.feature ?? warning.type);
}

describe("flux-1-schnell (JSON base64)", () => {
  it("sends steps 4 by default and returns the decoded image with its media type", async () => {
    const { binding, workersai } = bindingProvider(() => ({ image: toBase64(PNG_BYTES) }));
    const result = await generateImage({
      model: workersai.image(SCHNELL),
      prompt: "A mountain landscape at sunset",
    });
    expect(binding.calls[0].inputs).toEqual({ prompt: "A mountain landscape at sunset", steps: 4 });
    expect(result.image.uint8Array).toEqual(PNG_BYTES);
    expect(result.image.mediaType).toBe("image/png");
    expect(result.warnings).toEqual([]);
    // 1024×1024 = 4 tiles, 4 steps: 4 × $0.0000528 + 4 × $0.0001056 (4.80 and 9.60 neurons)
    expect(result.providerMetadata["workers-ai"]).toEqual({
      images: [
        {
          requestId: "req-1",
          mediaType: "image/png",
          usage: { images: 1, width: 1024, height: 1024, steps: 4 },
          costUsd: 0.0006336,
          neurons: 57.6,
        },
      ],
    });
    expect(result.calls[0].providerMetadata?.["workers-ai"]).toMatchObject({ requestId: "req-1" });
    expect(result.responses[0].modelId).toBe(SCHNELL);
  });

  it("clamps steps to 8 with a warning and warns for size and seed, which it cannot take", async () => {
    const { binding, workersai } = bindingProvider(() => ({ image: toBase64(PNG_BYTES) }));
    const result = await generateImage({
      model: workersai.image(SCHNELL),
      prompt: "A lighthouse on a cliff",
      size: "512x512",
      seed: 42,
      providerOptions: { "workers-ai": { num_steps: 20, guidance: 3 } },
    });
    expect(binding.calls[0].inputs).toEqual({ prompt: "A lighthouse on a cliff", steps: 8 });
    expect(features(result.warnings)).toEqual(["other", "size", "seed", "guidance"]);
    expect(result.warnings[0]).toMatchObject({ message: expect.stringContaining("range 1–8") });
  });

  it("reads the REST envelope and goes through AI Gateway", async () => {
    const { server, workersai, viaGateway } = await restProvider(() =>
      envelope({ image: toBase64(JPEG_BYTES) }),
    );
    const direct = await generateImage({ model: workersai.image(SCHNELL), prompt: "A red fox in the snow" });
    const gateway = await generateImage({
      model: viaGateway.image(SCHNELL),
      prompt: "A red fox in the snow",
    });
    expect(server.requests.map((request) => request.path)).toEqual([runPath(SCHNELL), gatewayPath(SCHNELL)]);
    expect(server.requests[0].json).toEqual({ prompt: "A red fox in the snow", steps: 4 });
    for (const result of [direct, gateway]) {
      expect(result.image.uint8Array).toEqual(JPEG_BYTES);
      expect(result.image.mediaType).toBe("image/jpeg");
      expect(result.providerMetadata["workers-ai"].images).toEqual([
        expect.objectContaining({ mediaType: "image/jpeg" }),
      ]);
    }
  });

  it("explains the NSFW filter (3030) and does not retry it", async () => {
    const { binding, workersai } = bindingProvider(() => {
      throw new InferenceUpstreamError("3030: Input prompt contains NSFW content", "AiError");
    });
    const error = await generateImage({ model: workersai.image(SCHNELL), prompt: "hamburger" }).catch(
      (e: unknown) => e,
    );
    expect(binding.calls).toHaveLength(1);
    expect(APICallError.isInstance(error)).toBe(true);
    const apiError = error as APICallError;
    expect(apiError.isRetryable).toBe(false);
    expect(apiError.data).toMatchObject({ code: 3030 });
    expect(apiError.message).toContain("NSFW filter");
    expect(apiError.message).toContain("full sentence");
    expect(apiError.message).toContain("Input prompt contains NSFW content");
  });

  it("explains 3030 from a REST error envelope too", async () => {
    const { server, workersai } = await restProvider(() =>
      errorEnvelope(400, 3030, "AiError: Input prompt contains NSFW content (code 3030)"),
    );
    const error = await generateImage({ model: workersai.image(SCHNELL), prompt: "hamburger" }).catch(
      (e: unknown) => e,
    );
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ statusCode: 400, isRetryable: false, data: { code: 3030 } });
    expect((error as Error).message).toContain("describe the subject");
  });

  it("retries 3040 honouring Retry-After", async () => {
    let calls = 0;
    const { server, workersai } = await restProvider(() =>
      calls++ === 0
        ? errorEnvelope(429, 3040, "Capacity temporarily exceeded, please try again.", { "retry-after": "0" })
        : envelope({ image: toBase64(PNG_BYTES) }),
    );
    const result = await generateImage({ model: workersai.image(SCHNELL), prompt: "A boat on a lake" });
    expect(server.requests).toHaveLength(2);
    expect(result.image.uint8Array).toEqual(PNG_BYTES);
  });

  it("fails with a typed error when the reply holds no image", async () => {
    const { workersai } = bindingProvider(() => ({ nothing: true }));
    await expect(
      generateImage({ model: workersai.image(SCHNELL), prompt: "A calm sea", maxRetries: 0 }),
    ).rejects.toMatchObject({ name: "AI_InvalidResponseDataError" });
  });
});

describe("FLUX.2 (multipart)", () => {
  it("builds a FormData with prompt, size and input images for the binding", async () => {
    const { binding, workersai } = bindingProvider(() => ({ image: toBase64(PNG_BYTES) }));
    const result = await generateImage({
      model: workersai.image(KLEIN),
      prompt: { text: "Put the cat in a spacesuit", images: [PNG_BYTES, JPEG_BYTES] },
      size: "768x512",
      providerOptions: { "workers-ai": { steps: 12 } },
    });
    const call = binding.calls[0];
    expect(Object.keys(call.inputs)).toEqual(["multipart"]);
    const form = await bindingForm(call.inputs);
    expect(form.get("prompt")).toBe("Put the cat in a spacesuit");
    expect(form.get("width")).toBe("768");
    expect(form.get("height")).toBe("512");
    expect(form.get("steps")).toBeNull();
    const first = form.get("input_image_0") as File;
    const second = form.get("input_image_1") as File;
    expect(new Uint8Array(await first.arrayBuffer())).toEqual(PNG_BYTES);
    expect(first.type).toBe("image/png");
    expect(new Uint8Array(await second.arrayBuffer())).toEqual(JPEG_BYTES);
    expect(second.type).toBe("image/jpeg");
    expect(result.warnings).toEqual([
      expect.objectContaining({
        type: "unsupported",
        feature: "num_steps",
        details: expect.stringContaining("4"),
      }),
    ]);
    expect(result.image.uint8Array).toEqual(PNG_BYTES);
  });

  it("caps input images at four with a warning", async () => {
    const { binding, workersai } = bindingProvider(() => ({ image: toBase64(PNG_BYTES) }));
    const result = await generateImage({
      model: workersai.image(KLEIN),
      prompt: { text: "Blend these photos", images: Array.from({ length: 5 }, () => PNG_BYTES) },
    });
    const form = await bindingForm(binding.calls[0].inputs);
    expect(form.get("input_image_3")).not.toBeNull();
    expect(form.get("input_image_4")).toBeNull();
    expect(features(result.warnings)).toEqual(["files"]);
  });

  it("posts multipart/form-data over REST and through AI Gateway", async () => {
    const forms: FormData[] = [];
    const { server, workersai, viaGateway } = await restProvider(async (request) => {
      forms.push(await request.formData());
      return envelope({ image: toBase64(PNG_BYTES) });
    });
    await generateImage({
      model: workersai.image(FLUX2_DEV),
      prompt: "A sunset over the Alps",
      size: "1024x768",
    });
    await generateImage({ model: viaGateway.image(KLEIN), prompt: "A dog on a beach" });
    expect(server.requests[0].path).toBe(runPath(FLUX2_DEV));
    expect(server.requests[0].headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(server.requests[1].path).toBe(gatewayPath(KLEIN));
    expect(forms[0].get("prompt")).toBe("A sunset over the Alps");
    expect(Number(forms[0].get("steps"))).toBeGreaterThan(0);
    expect(forms[0].get("width")).toBe("1024");
    expect(forms[1].get("prompt")).toBe("A dog on a beach");
  });

  it("reports that the binding cannot send multipart bodies through a gateway", async () => {
    const binding = fakeBinding(() => ({ image: toBase64(PNG_BYTES) }));
    const withGateway = createWorkersAI({ binding, gateway: { id: "gw" } });
    const result = await generateImage({ model: withGateway.image(KLEIN), prompt: "A quiet forest path" });
    expect(binding.calls[0].options?.gateway).toBeUndefined();
    expect(result.warnings).toEqual([
      expect.objectContaining({ type: "other", message: expect.stringContaining("AI Gateway was skipped") }),
    ]);
  });

  it("rejects image URLs with a typed error instead of generating without them", async () => {
    const { binding, workersai } = bindingProvider(() => ({ image: toBase64(PNG_BYTES) }));
    await expect(
      generateImage({
        model: workersai.image(KLEIN),
        prompt: { text: "Edit this", images: ["https://example.com/cat.png"] },
      }),
    ).rejects.toMatchObject({ name: "AI_InvalidArgumentError" });
    expect(binding.calls).toHaveLength(0);
  });
});

describe("binary image models (SDXL PNG, phoenix JPEG)", () => {
  it("reads a PNG byte stream from the binding and sends img2img inputs", async () => {
    const { binding, workersai } = bindingProvider(() => chunkedStream(PNG_BYTES, 5));
    const mask = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const result = await generateImage({
      model: workersai.image(SDXL),
      prompt: { text: "Turn the sky purple", images: [JPEG_BYTES], mask },
      size: "640x480",
      seed: 7,
      providerOptions: { "workers-ai": { strength: 0.6, guidance: 9, negative_prompt: "blurry" } },
    });
    expect(binding.calls[0].inputs).toEqual({
      prompt: "Turn the sky purple",
      num_steps: 20,
      width: 640,
      height: 480,
      guidance: 9,
      negative_prompt: "blurry",
      strength: 0.6,
      seed: 7,
      image_b64: toBase64(JPEG_BYTES),
      mask: Array.from(mask),
    });
    expect(result.image.uint8Array).toEqual(PNG_BYTES);
    expect(result.providerMetadata["workers-ai"].images).toEqual([
      {
        requestId: "req-1",
        mediaType: "image/png",
        seed: 7,
        width: 640,
        height: 480,
        usage: { images: 1, width: 640, height: 480, steps: 20 },
      },
    ]);
    expect(result.warnings).toEqual([]);
  });

  it("clamps sizes to the model's range with warnings", async () => {
    const { binding, workersai } = bindingProvider(() => PNG_BYTES);
    const result = await generateImage({
      model: workersai.image(SDXL),
      prompt: "A wide panorama",
      size: "4096x100",
    });
    expect(binding.calls[0].inputs).toMatchObject({ width: 2048, height: 256 });
    expect(result.warnings).toHaveLength(2);
  });

  it("reads raw JPEG bytes over REST (phoenix, num_steps 25 by default)", async () => {
    const { server, workersai } = await restProvider(
      () => new Response(JPEG_BYTES, { headers: { "content-type": "image/jpeg", "cf-ai-req-id": "r-7" } }),
    );
    const result = await generateImage({
      model: workersai.image(PHOENIX),
      prompt: "A portrait of an astronaut",
      providerOptions: { "workers-ai": { negative_prompt: "text" } },
    });
    expect(server.requests[0].json).toEqual({
      prompt: "A portrait of an astronaut",
      num_steps: 25,
      negative_prompt: "text",
    });
    expect(result.image.uint8Array).toEqual(JPEG_BYTES);
    expect(result.image.mediaType).toBe("image/jpeg");
    expect(result.responses[0].headers?.["content-type"]).toBe("image/jpeg");
    expect(result.providerMetadata["workers-ai"].images).toEqual([
      {
        requestId: "r-7",
        mediaType: "image/jpeg",
        // 1024×1024 = 4 tiles × $0.0058 + 25 steps × $0.00011
        usage: { images: 1, width: 1024, height: 1024, steps: 25 },
        costUsd: 0.02595,
        neurons: 2359.09090909,
      },
    ]);
  });

  it("reads raw PNG bytes over REST (SDXL)", async () => {
    const { workersai } = await restProvider(
      () => new Response(PNG_BYTES, { headers: { "content-type": "image/png" } }),
    );
    const result = await generateImage({ model: workersai.image(SDXL), prompt: "A cosy cabin in winter" });
    expect(result.image.uint8Array).toEqual(PNG_BYTES);
    expect(result.image.mediaType).toBe("image/png");
  });
});

describe("sizes, steps and unknown models", () => {
  it("turns an aspect ratio into a width/height around the model's default area", async () => {
    const { binding, workersai } = bindingProvider(() => ({ image: toBase64(PNG_BYTES) }));
    await generateImage({
      model: workersai.image(LUCID),
      prompt: "A film still of a city",
      aspectRatio: "16:9",
    });
    const inputs = binding.calls[0].inputs;
    expect(inputs.width).toBe(1488);
    expect(inputs.height).toBe(832);
    expect(inputs.num_steps).toBeGreaterThan(0);
  });

  it("always sends a step count to models that use one, so error 1000 cannot happen on defaults", async () => {
    const { binding, workersai } = bindingProvider(() => ({ image: toBase64(PNG_BYTES) }));
    for (const model of [SCHNELL, LUCID, PHOENIX, SDXL]) {
      await generateImage({ model: workersai.image(model), prompt: "A bowl of fruit on a table" });
    }
    for (const call of binding.calls) {
      const steps = call.inputs.steps ?? call.inputs.num_steps;
      expect(typeof steps).toBe("number");
    }
  });

  it("sends unknown models the prompt and only what the caller asked for", async () => {
    const { binding, workersai } = bindingProvider(() => ({ image: toBase64(WEBP_BYTES) }));
    const result = await generateImage({
      model: workersai.image("@cf/vendor/new-image-model"),
      prompt: "A teapot",
      size: "3000x3000",
      providerOptions: { "workers-ai": { num_steps: 6 } },
    });
    expect(binding.calls[0].inputs).toEqual({ prompt: "A teapot", num_steps: 6, width: 3000, height: 3000 });
    expect(result.image.mediaType).toBe("image/webp");
    expect(result.warnings).toEqual([]);
  });

  it("makes one request per image and bounds how many run at once", async () => {
    let active = 0;
    let peak = 0;
    const { binding, workersai } = bindingProvider(async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 15));
      active--;
      return { image: toBase64(PNG_BYTES) };
    });
    const result = await generateImage({
      model: workersai.image(SCHNELL, { maxConcurrentRequests: 2 }),
      prompt: "A paper crane",
      n: 5,
    });
    expect(binding.calls).toHaveLength(5);
    expect(result.images).toHaveLength(5);
    expect(peak).toBe(2);
  });

  it("gives each image of a multi-image call its own seed", async () => {
    const { binding, workersai } = bindingProvider(() => PNG_BYTES);
    const result = await generateImage({
      model: workersai.image(SDXL),
      prompt: "A koi pond",
      n: 3,
      seed: 100,
      maxImagesPerCall: 3,
    });
    expect(binding.calls.map((call) => call.inputs.seed)).toEqual([100, 101, 102]);
    expect(
      result.providerMetadata["workers-ai"].images.map((image) => (image as { seed: number }).seed),
    ).toEqual([100, 101, 102]);
  });

  it("stops the remaining images of a call when one fails", async () => {
    const { binding, workersai } = bindingProvider(() => {
      throw new InferenceUpstreamError("5007: No such model", "NoSuchModel");
    });
    const error = await generateImage({
      model: workersai.image(SDXL, { maxConcurrentRequests: 1 }),
      prompt: "A koi pond",
      n: 3,
      maxImagesPerCall: 3,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ data: { code: 5007 }, isRetryable: false });
    expect(binding.calls).toHaveLength(1);
  });

  it("aborts a pending request", async () => {
    const controller = new AbortController();
    const { workersai } = bindingProvider(
      (call) =>
        new Promise((_, reject) => {
          const signal = call.options?.signal as AbortSignal;
          signal.addEventListener("abort", () => reject(signal.reason));
        }),
    );
    const pending = generateImage({
      model: workersai.image(SCHNELL),
      prompt: "A slow painting",
      abortSignal: controller.signal,
    });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("aborts a REST request in flight", async () => {
    const controller = new AbortController();
    const { workersai } = await restProvider(
      () => new Promise<Response>((resolve) => setTimeout(() => resolve(envelope({ image: "" })), 5_000)),
    );
    const pending = generateImage({
      model: workersai.image(SCHNELL),
      prompt: "A slow painting",
      abortSignal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("reports which models take input images and masks", () => {
    const { workersai } = bindingProvider(() => undefined);
    expect(workersai.image(SDXL).supportsFileInputs).toBe(true);
    expect(workersai.image(SDXL).supportsMaskInputs).toBe(true);
    expect(workersai.image(KLEIN).supportsFileInputs).toBe(true);
    expect(workersai.image(KLEIN).supportsMaskInputs).toBe(false);
    expect(workersai.image(SCHNELL).supportsFileInputs).toBe(false);
    expect(workersai.image("@cf/vendor/x").supportsFileInputs).toBeUndefined();
    expect(workersai.image(SCHNELL).maxImagesPerCall).toBe(1);
  });
});
