import { describe, expect, it } from "vitest";
import { estimateCost, USD_PER_NEURON } from "../../src/catalog";

/** Asserts both figures of an estimate to 9 decimal places. */
function expectEstimate(actual: { costUsd?: number; neurons?: number }, costUsd: number, neurons: number) {
  expect(actual.costUsd).toBeCloseTo(costUsd, 9);
  expect(actual.neurons).toBeCloseTo(neurons, 6);
}

describe("estimateCost", () => {
  it("uses $0.011 per 1,000 neurons", () => {
    expect(USD_PER_NEURON).toBeCloseTo(0.000011, 12);
  });

  it("prices chat tokens with the published USD and neuron rates", () => {
    // 1,000 × $0.497/M + 500 × $4.881/M; 1,000 × 45,170/M + 500 × 443,756/M neurons
    const estimate = estimateCost({
      modelId: "@cf/deepseek-ai/deepseek-r1-distill-qwen-32b",
      usage: { inputTokens: 1000, outputTokens: 500 },
    });
    expectEstimate(estimate, 0.000497 + 0.0024405, 45.17 + 221.878);
  });

  it("bills cached input tokens at the cached rate and derives neurons from USD", () => {
    // 6,000 uncached × $0.95/M + 4,000 cached × $0.19/M + 2,000 × $4/M = $0.01446
    const estimate = estimateCost({
      modelId: "@cf/moonshotai/kimi-k2.7-code",
      usage: { inputTokens: 10_000, cachedInputTokens: 4000, outputTokens: 2000 },
    });
    expectEstimate(estimate, 0.01446, 0.01446 / 0.000011);
  });

  it("treats cached tokens as input tokens where no cached price exists", () => {
    const plain = estimateCost({ modelId: "@cf/openai/gpt-oss-120b", usage: { inputTokens: 1000 } });
    const cached = estimateCost({
      modelId: "@cf/openai/gpt-oss-120b",
      usage: { inputTokens: 1000, cachedInputTokens: 600 },
    });
    expectEstimate(plain, 0.00035, 0.00035 / 0.000011);
    expectEstimate(cached, 0.00035, 0.00035 / 0.000011);
  });

  it("resolves the -fast alias when pricing", () => {
    const estimate = estimateCost({
      modelId: "@cf/meta/llama-3.1-8b-instruct-fast",
      usage: { inputTokens: 1_000_000, outputTokens: 0 },
    });
    expectEstimate(estimate, 0.045, 4119);
  });

  it("prices embeddings by input tokens", () => {
    // 2,000 × $0.067/M = $0.000134; 2,000 × 6,058/M = 12.116 neurons
    expectEstimate(
      estimateCost({ modelId: "@cf/baai/bge-base-en-v1.5", usage: { inputTokens: 2000 } }),
      0.000134,
      12.116,
    );
    expectEstimate(
      estimateCost({ modelId: "@cf/qwen/qwen3-embedding-0.6b", usage: { inputTokens: 1_000_000 } }),
      0.012,
      0.012 / 0.000011,
    );
  });

  it("prices images by 512×512 tiles and steps", () => {
    // 1024×768 → 2 × 2 tiles; 4 × $0.0000528 + 8 × $0.0001056; 4 × 4.8 + 8 × 9.6 neurons
    expectEstimate(
      estimateCost({
        modelId: "@cf/black-forest-labs/flux-1-schnell",
        usage: { width: 1024, height: 768, steps: 8 },
      }),
      0.0002112 + 0.0008448,
      96,
    );
    // catalog defaults: 1024×1024 (4 tiles), 4 steps; two images
    expectEstimate(
      estimateCost({ modelId: "@cf/black-forest-labs/flux-1-schnell", usage: { images: 2 } }),
      2 * (0.0002112 + 0.0004224),
      2 * (19.2 + 38.4),
    );
    // phoenix: 1024×1024 default (4 tiles) and 25 default steps: 4 × $0.0058 + 25 × $0.00011
    expectEstimate(
      estimateCost({ modelId: "@cf/leonardo/phoenix-1.0", usage: {} }),
      0.0232 + 0.00275,
      (0.0232 + 0.00275) / 0.000011,
    );
  });

  it("prices FLUX.2 dev per tile per step for output and input images", () => {
    // output 1024×1024 = 4 tiles, input 512×512 = 1 tile, 20 steps: 4×20×$0.000825 + 1×20×$0.000413 (published)
    expectEstimate(
      estimateCost({
        modelId: "@cf/black-forest-labs/flux-2-dev",
        usage: { width: 1024, height: 1024, steps: 20, inputImages: [{ width: 512, height: 512 }] },
      }),
      0.07426,
      0.07426 / 0.000011,
    );
  });

  it("returns nothing when the image usage lacks a quantity the price needs", () => {
    expect(
      estimateCost({ modelId: "@cf/black-forest-labs/flux-2-dev", usage: { width: 512, height: 512 } }),
    ).toEqual({});
    expect(
      estimateCost({ modelId: "@cf/leonardo/lucid-origin", usage: { width: 512, height: 512 } }),
    ).toEqual({});
  });

  it("prices transcription per audio minute", () => {
    // 90 s = 1.5 min × $0.0005; 1.5 × 41.14 neurons
    expectEstimate(
      estimateCost({ modelId: "@cf/openai/whisper", usage: { audioSeconds: 90 } }),
      0.00075,
      61.71,
    );
    expectEstimate(
      estimateCost({ modelId: "@cf/deepgram/nova-3", usage: { audioSeconds: 60 } }),
      0.0052,
      0.0052 / 0.000011,
    );
  });

  it("prices speech per 1,000 characters", () => {
    // 1,500 characters × $0.03 / 1,000
    expectEstimate(
      estimateCost({ modelId: "@cf/deepgram/aura-2-en", usage: { characters: 1500 } }),
      0.045,
      0.045 / 0.000011,
    );
  });

  it("returns nothing for unknown models, unpublished prices or missing usage", () => {
    expect(estimateCost({ modelId: "@cf/acme/unknown", usage: { inputTokens: 10 } })).toEqual({});
    expect(estimateCost({ modelId: "@cf/myshell-ai/melotts", usage: { characters: 100 } })).toEqual({});
    expect(estimateCost({ modelId: "@cf/moonshotai/kimi-k2.7-code", usage: {} })).toEqual({});
    expect(estimateCost({ modelId: "@cf/deepgram/aura-2-en", usage: { inputTokens: 100 } })).toEqual({});
  });

  it("never returns negative figures for out-of-range usage", () => {
    const estimate = estimateCost({
      modelId: "@cf/moonshotai/kimi-k2.5",
      usage: { inputTokens: 100, cachedInputTokens: 500, outputTokens: -3 },
    });
    // cached clamps to the 100 input tokens: 100 × $0.10/M
    expectEstimate(estimate, 0.00001, 0.00001 / 0.000011);
  });
});
