/** The emulator's placeholder images: a picture of what the prompt names, marked as the emulator's. */
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createWorkersAIEmulator } from "../../src/testing/index";

/** Decodes the emulator's 8-bit palette PNGs (filter 0 rows) into an RGB lookup. */
function decodePalettePng(bytes: Uint8Array) {
  const view = Buffer.from(bytes);
  let offset = 8;
  let width = 0;
  let height = 0;
  let palette = Buffer.alloc(0);
  const idat: Buffer[] = [];
  while (offset < view.length) {
    const length = view.readUInt32BE(offset);
    const type = view.toString("latin1", offset + 4, offset + 8);
    const data = view.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9]]).toEqual([8, 3]);
    } else if (type === "PLTE") palette = data;
    else if (type === "IDAT") idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const at = (fx: number, fy: number): [number, number, number] => {
    const x = Math.floor(fx * width);
    const y = Math.floor(fy * height);
    const index = raw[y * (width + 1) + 1 + x];
    return [palette[index * 3], palette[index * 3 + 1], palette[index * 3 + 2]];
  };
  return { width, height, at };
}

async function image(prompt: string) {
  const emulator = createWorkersAIEmulator();
  const result = (await emulator.binding.run("@cf/black-forest-labs/flux-1-schnell", {
    prompt,
  })) as { image: string };
  return decodePalettePng(Buffer.from(result.image, "base64"));
}

describe("placeholder images", () => {
  it("paint the colours and shapes the prompt names", async () => {
    const picture = await image("A red sun over a blue sea");
    expect(picture.width).toBe(1024);
    const [r, g, b] = picture.at(0.72, 0.28); // the sun
    expect(r).toBeGreaterThan(180);
    expect(g + b).toBeLessThan(200);
    const sea = picture.at(0.3, 0.9);
    expect(sea[2]).toBeGreaterThan(sea[0]);

    const night = await image("The moon at night");
    const sky = night.at(0.5, 0.05);
    expect(sky[0] + sky[1] + sky[2]).toBeLessThan(150);
    expect(night.at(0.25, 0.2)).toEqual([235, 235, 215]); // the moon
  });

  it("carry an EMULATOR badge in the bottom-right corner", async () => {
    const picture = await image("A bowl of fruit");
    const corner = new Set<string>();
    for (let x = 0.75; x < 0.99; x += 0.005) corner.add(picture.at(x, 0.975).join(","));
    expect(corner).toContain("20,20,25");
    expect(corner).toContain("255,255,255");
  });
});
