/**
 * Corrupt media, found by an adversarial review: image and audio replies that claim to be media but are
 * not (base64 that decodes to text, an HTML page or JSON as a binary body, a plain-text string where
 * base64 was expected) end in an `InvalidResponseDataError` naming what arrived; real media still gets
 * its type from its bytes, whatever the reply claimed.
 */
import { InvalidResponseDataError } from "@ai-sdk/provider";
import { generateImage, experimental_generateSpeech as generateSpeech } from "ai";
import { describe, expect, it } from "vitest";
import { createWorkersAI } from "../../src";
import { mp3WithId3, PNG_BYTES, wavBytes } from "../media/helpers";
import { fakeBinding } from "./helpers";

const IMAGE_MODEL = "@cf/black-forest-labs/flux-1-schnell";
const BINARY_IMAGE_MODEL = "@cf/stabilityai/stable-diffusion-xl-base-1.0";
const SPEECH_MODEL = "@cf/deepgram/aura-1";

const base64 = (text: string) => Buffer.from(text).toString("base64");
const bytesOf = (text: string) => new TextEncoder().encode(text);
const HTML = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";

/** A binding that answers with `reply` (and `Response`s are built fresh per call). */
function answering(reply: () => unknown) {
  return createWorkersAI({ binding: fakeBinding(() => reply()) });
}

async function imageError(reply: () => unknown, model = IMAGE_MODEL): Promise<unknown> {
  try {
    await generateImage({ model: answering(reply).image(model), prompt: "a cat", maxRetries: 0 });
  } catch (error) {
    return error;
  }
  throw new Error("generateImage did not fail");
}

async function speechError(reply: () => unknown): Promise<unknown> {
  try {
    await generateSpeech({ model: answering(reply).speech(SPEECH_MODEL), text: "hi", maxRetries: 0 });
  } catch (error) {
    return error;
  }
  throw new Error("generateSpeech did not fail");
}

describe("image replies that are no image", () => {
  it.each([
    {
      label: "base64 that decodes to text",
      reply: () => ({ image: base64("Service Unavailable") }),
      names: /text/,
    },
    {
      label: '"Service Unavailable" as the image field',
      reply: () => ({ image: "Service Unavailable" }),
      names: /image/,
    },
    {
      label: '"Service Unavailable" as the whole binding reply',
      reply: () => "Service Unavailable",
      names: /image/,
    },
    {
      label: "an HTML page as a binary body",
      reply: () => new Response(HTML, { headers: { "content-type": "image/png" } }),
      names: /HTML|502 Bad Gateway/,
    },
    {
      label: "JSON as a binary body",
      reply: () => new Response('["not", "an image"]', { headers: { "content-type": "image/png" } }),
      names: /JSON/,
    },
    { label: "base64 of an HTML page", reply: () => ({ image: base64(HTML) }), names: /502 Bad Gateway/ },
    { label: "random bytes", reply: () => Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), names: /binary/ },
  ])("$label → InvalidResponseDataError naming what arrived", async ({ reply, names }) => {
    const error = await imageError(reply);
    expect(InvalidResponseDataError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(names);
  });

  it("a byte-body model whose bytes are text fails too", async () => {
    const error = await imageError(
      () => new Response(bytesOf("upstream timeout"), { headers: { "content-type": "image/png" } }),
      BINARY_IMAGE_MODEL,
    );
    expect(InvalidResponseDataError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/upstream timeout/);
  });

  it("a real PNG labelled image/jpeg is reported as image/png", async () => {
    const result = await generateImage({
      model: answering(() => new Response(PNG_BYTES, { headers: { "content-type": "image/jpeg" } })).image(
        BINARY_IMAGE_MODEL,
      ),
      prompt: "a cat",
    });
    expect(result.image.mediaType).toBe("image/png");
    expect(result.image.uint8Array).toEqual(PNG_BYTES);
  });
});

describe("speech replies that are no audio", () => {
  it.each([
    {
      label: "an HTML page as a binary body",
      reply: () => new Response(HTML, { headers: { "content-type": "audio/mpeg" } }),
      names: /502 Bad Gateway/,
    },
    {
      label: "JSON as a binary body",
      reply: () => new Response('"quota exceeded"', { headers: { "content-type": "audio/mpeg" } }),
      names: /JSON/,
    },
    {
      label: "base64 that decodes to text",
      reply: () => ({ audio: base64("Service Unavailable") }),
      names: /text/,
    },
    { label: "a plain-text string", reply: () => "Service Unavailable", names: /speech/ },
  ])("$label → InvalidResponseDataError naming what arrived", async ({ reply, names }) => {
    const error = await speechError(reply);
    expect(InvalidResponseDataError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(names);
  });

  it("real MP3 and WAV bytes keep their detected types", async () => {
    for (const [bytes, type] of [
      [mp3WithId3(), "audio/mpeg"],
      [wavBytes(16), "audio/wav"],
    ] as const) {
      const result = await generateSpeech({
        model: answering(() => new Response(bytes, { headers: { "content-type": "audio/mpeg" } })).speech(
          SPEECH_MODEL,
        ),
        text: "hi",
      });
      expect(result.audio.mediaType).toBe(type);
    }
  });

  it("raw PCM asked for (linear16, no container) has no signature and is kept", async () => {
    const pcm = Uint8Array.from([0x7b, 0x00, 0x10, 0xff, 0x00, 0x00]);
    const result = await generateSpeech({
      model: answering(() => pcm).speech(SPEECH_MODEL),
      text: "hi",
      outputFormat: "pcm",
    });
    expect(result.audio.uint8Array).toEqual(pcm);
  });
});
