/**
 * The `npm start` demo in real headless Chromium: starts the demo in-process (same code path as
 * `npm start`, on a free port, emulator backend with a scripted weather conversation), asks a
 * question, watches the answer stream in with the rendered tool call, generates an image and saves
 * a screenshot to test-results/demo.png. Needs Debian's chromium (`.ci/install-browser`).
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { weatherFor } from "../../examples/chat/tools";
import { type RunningDemo, startDemo } from "../../examples/lib/demo.mjs";

// Debian's package path; CHROMIUM_PATH points elsewhere (other distributions, or to check the skip path).
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const SKIP_NOTE = hasChromium ? "" : ` [skipped: ${CHROMIUM} not found; install it with .ci/install-browser]`;
if (!hasChromium) console.warn(`browser test skipped: ${CHROMIUM} is missing (run .ci/install-browser).`);

const CHAT_MODEL = "@cf/moonshotai/kimi-k2.7-code";
const weather = weatherFor("London");
const ANSWER = `Right now it is ${weather.temperatureC}°C in London, ${weather.condition.toLowerCase()}. A light jacket should do.`;

describe.skipIf(!hasChromium)("demo page in headless Chromium", () => {
  let demo: RunningDemo;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await mkdir("test-results", { recursive: true });
    demo = await startDemo({
      port: 0,
      env: {},
      tokenDelayMs: 15,
      emulatorScript: [
        {
          model: CHAT_MODEL,
          replies: [
            {
              reasoning:
                "The user asks about the weather in London, so I will call getWeather with city London.",
              toolCalls: [{ name: "getWeather", arguments: { city: "London" } }],
            },
            { reasoning: "The tool answered; summarise it.", text: ANSWER },
          ],
        },
      ],
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it(`streams the answer and renders the weather tool call${SKIP_NOTE}`, async () => {
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(demo.url.href);
    await expect.poll(() => page.getByTestId("backend").textContent()).toBe("Local Workers AI emulator");

    // Record every length the answer text goes through, to prove it arrives in pieces.
    await page.evaluate(() => {
      const lengths: number[] = [];
      (window as unknown as { answerLengths: number[] }).answerLengths = lengths;
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="assistant-text"]');
        if (text && lengths.at(-1) !== text.textContent?.length) lengths.push(text.textContent?.length ?? 0);
      }).observe(document.getElementById("messages") as HTMLElement, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    });

    await page.getByTestId("chat-input").fill("What's the weather in London?");
    await page.getByTestId("send").click();

    const assistant = page.locator("li.message.assistant");
    await page.locator('li.message.assistant:not([data-status="streaming"])').waitFor({ timeout: 15_000 });
    if ((await assistant.getAttribute("data-status")) !== "done") {
      await page.screenshot({ path: "test-results/demo-failure.png", fullPage: true });
      throw new Error(`the answer did not finish: ${await assistant.textContent()}`);
    }

    const toolCall = assistant.getByTestId("tool-call");
    await expect.poll(() => toolCall.getAttribute("data-state")).toBe("output-available");
    expect(await toolCall.getAttribute("data-tool-name")).toBe("getWeather");
    expect(JSON.parse((await toolCall.getByTestId("tool-input").textContent()) ?? "null")).toEqual({
      city: "London",
    });
    expect(JSON.parse((await toolCall.getByTestId("tool-output").textContent()) ?? "null")).toEqual(weather);

    await expect.poll(() => assistant.getByTestId("assistant-text").textContent()).toBe(ANSWER);
    expect(await assistant.getByTestId("reasoning").count()).toBe(2);
    expect(await assistant.getByTestId("reasoning").first().textContent()).toContain(
      "I will call getWeather",
    );

    const lengths = await page.evaluate(
      () => (window as unknown as { answerLengths: number[] }).answerLengths,
    );
    expect(lengths.length).toBeGreaterThan(3);
    expect(lengths.at(-1)).toBe(ANSWER.length);

    await page.getByTestId("image-input").fill("A lighthouse on a cliff at sunrise");
    await page.getByTestId("image-send").click();
    await page.getByTestId("image").waitFor({ state: "visible", timeout: 15_000 });
    expect(
      await page.getByTestId("image").evaluate((image: HTMLImageElement) => image.naturalWidth),
    ).toBeGreaterThan(0);

    expect(pageErrors).toEqual([]);
    await page.screenshot({ path: "test-results/demo.png", fullPage: true });
  });
});
