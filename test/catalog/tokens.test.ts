import { describe, expect, it } from "vitest";
import { estimateTokens, exceedsContextWindow } from "../../src/catalog";

describe("estimateTokens", () => {
  it("counts Latin text at 4 characters per token, rounded up", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("abcd")).toBe(1);
    expect(estimateTokens("abcde")).toBe(2);
    expect(estimateTokens("The quick brown fox.")).toBe(5);
    expect(estimateTokens("café crème")).toBe(3);
    // Latin Extended Additional and general punctuation count as Latin too
    expect(estimateTokens("Việt — “ok”")).toBe(3);
  });

  it("counts a Latin text with one character of another script by both rates", () => {
    // 8 Latin characters (2 tokens) + 1 Cyrillic (0.5), rounded up
    expect(estimateTokens("abcdefghЖ")).toBe(3);
    expect(estimateTokens("abcdefgh你")).toBe(3);
  });

  it("counts each CJK character as one token", () => {
    expect(estimateTokens("你好世界")).toBe(4);
    expect(estimateTokens("こんにちは")).toBe(5);
    expect(estimateTokens("안녕하세요")).toBe(5);
    // "hello " = 6 Latin characters (1.5 tokens, rounded up) + 2 Han characters
    expect(estimateTokens("hello 你好")).toBe(4);
  });

  it("counts other scripts and emoji at 2 characters per token", () => {
    expect(estimateTokens("Привет")).toBe(3);
    expect(estimateTokens("😀😀")).toBe(1);
    expect(estimateTokens("مرحبا")).toBe(3);
  });

  it("handles long text quickly", () => {
    expect(estimateTokens("a".repeat(4_000_000))).toBe(1_000_000);
  });
});

describe("exceedsContextWindow", () => {
  const model = "@cf/meta/llama-3.3-70b-instruct-fp8-fast"; // 24,000-token window, default output 6,000
  const prompt = "a".repeat(80_000); // 20,000 estimated tokens

  it("compares the estimated prompt plus the output limit with the window", () => {
    expect(exceedsContextWindow(model, prompt, 4000)).toEqual({
      exceeds: false,
      estimatedPromptTokens: 20_000,
      maxOutputTokens: 4000,
      contextWindow: 24_000,
    });
    expect(exceedsContextWindow(model, prompt, 4001).exceeds).toBe(true);
  });

  it("reserves the catalog's default output limit when none is given", () => {
    const check = exceedsContextWindow(model, prompt);
    expect(check.maxOutputTokens).toBe(6000);
    expect(check.exceeds).toBe(true);
  });

  it("never reports an overflow when the window is unknown", () => {
    const unknownModel = exceedsContextWindow("@cf/acme/unknown", prompt.repeat(100));
    expect(unknownModel).toEqual({ exceeds: false, estimatedPromptTokens: 2_000_000, maxOutputTokens: 0 });
    const unknownWindow = exceedsContextWindow("@cf/meta/llama-3.1-8b-instruct", prompt);
    expect(unknownWindow.exceeds).toBe(false);
    expect(unknownWindow.contextWindow).toBeUndefined();
    expect(unknownWindow.maxOutputTokens).toBe(2048);
  });
});
