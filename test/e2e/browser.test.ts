/**
 * The `npm start` demo in real headless Chromium, with the emulator answering unscripted (as a user sees
 * it): a greeting gets a markdown answer without tools, a weather question calls getWeather for London and
 * the answer uses its result, Stop closes the reasoning and marks the reply, the page fits a 390 px phone,
 * an image comes with the emulator's note, and a REST backend that cannot be reached shows one clear
 * message. Screenshots go to test-results/ (demo-before.png, demo-after.png, demo-mobile.png).
 *
 * Needs Chromium (`.ci/install-browser` installs Debian's; CHROMIUM_PATH points elsewhere). Without it the
 * test skips with a message, unless REQUIRE_BROWSER=1 (CI), where it fails.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { weatherFor } from "../../examples/chat/tools";
import { type RunningDemo, startDemo } from "../../examples/lib/demo.mjs";
import { closedPort } from "./helpers";

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const required = process.env.REQUIRE_BROWSER === "1";
const SKIP_NOTE = hasChromium ? "" : ` [skipped: ${CHROMIUM} not found; install it with .ci/install-browser]`;
if (!hasChromium && !required)
  console.warn(`browser test skipped: ${CHROMIUM} is missing (run .ci/install-browser).`);

const SHOTS = resolve("test-results");
const shot = (name: string) => join(SHOTS, name);

it.runIf(required && !hasChromium)("Chromium is installed (REQUIRE_BROWSER=1)", () => {
  throw new Error(
    `REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: run .ci/install-browser or set CHROMIUM_PATH`,
  );
});

describe.skipIf(!hasChromium)("demo page in headless Chromium", () => {
  let demo: RunningDemo;
  let offline: RunningDemo;
  let offlineHost: string;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    demo = await startDemo({ port: 0, env: {}, tokenDelayMs: 25 });
    offlineHost = `127.0.0.1:${await closedPort()}`;
    offline = await startDemo({
      port: 0,
      env: {
        CLOUDFLARE_ACCOUNT_ID: "demo-account",
        CLOUDFLARE_API_TOKEN: "demo-token",
        CLOUDFLARE_API_BASE_URL: `http://${offlineHost}/client/v4`,
      },
    });
    // launch() gives Chromium a fresh temporary profile (its --user-data-dir) and removes it on close
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
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    await offline?.close();
  });

  const lastAssistant = () => page.locator("li.message.assistant").last();
  const ask = async (text: string) => {
    const before = await page.locator("li.message.assistant").count();
    await page.getByTestId("chat-input").fill(text);
    await page.getByTestId("send").click();
    await expect.poll(() => page.locator("li.message.assistant").count()).toBe(before + 1);
  };
  const settled = async () => {
    await page
      .locator('li.message.assistant:last-child:not([data-status="streaming"])')
      .waitFor({ timeout: 20_000 });
    return lastAssistant().getAttribute("data-status");
  };

  it(`answers a greeting in markdown, without calling a tool${SKIP_NOTE}`, async () => {
    await page.goto(demo.url.href);
    await expect.poll(() => page.getByTestId("backend").textContent()).toBe("Local Workers AI emulator");
    await page.screenshot({ path: shot("demo-before.png"), fullPage: true });

    await ask("Hello! Who are you?");
    expect(await settled()).toBe("done");
    const reply = lastAssistant();
    expect(await reply.getByTestId("tool-call").count()).toBe(0);
    const text = reply.getByTestId("assistant-text");
    expect(await text.locator("strong").first().textContent()).toBe("local Workers AI emulator");
    expect(await text.locator("ul > li").count()).toBe(3);
    expect(await text.textContent()).not.toContain("**");
  });

  it(`calls getWeather for London and answers from its result${SKIP_NOTE}`, async () => {
    await ask("What's the weather in London?");
    expect(await settled()).toBe("done");
    const reply = lastAssistant();
    const toolCall = reply.getByTestId("tool-call");
    expect(await toolCall.count()).toBe(1);
    expect(await toolCall.getAttribute("data-state")).toBe("output-available");
    expect(JSON.parse((await toolCall.getByTestId("tool-input").textContent()) ?? "null")).toEqual({
      city: "London",
    });
    const weather = weatherFor("London");
    expect(JSON.parse((await toolCall.getByTestId("tool-output").textContent()) ?? "null")).toEqual(weather);
    const answer = reply.getByTestId("assistant-text");
    expect(await answer.locator("strong").first().textContent()).toBe("London");
    expect(await answer.textContent()).toContain(`${weather.temperatureC} °C`);
    expect(await answer.textContent()).toContain(weather.condition);
    // reasoning streamed, then closed
    const reasoning = reply.getByTestId("reasoning");
    expect(await reasoning.count()).toBeGreaterThan(0);
    expect(await reasoning.first().textContent()).toContain("getWeather");
    expect(await reasoning.first().evaluate((node: HTMLDetailsElement) => node.open)).toBe(false);
  });

  it(`Stop closes the reasoning and marks the reply stopped${SKIP_NOTE}`, async () => {
    await ask("Why is the sky blue?");
    await lastAssistant().getByTestId("reasoning").first().waitFor({ timeout: 10_000 });
    await page.locator("#stop").click();
    expect(await settled()).toBe("stopped");
    const reply = lastAssistant();
    expect(await reply.getByTestId("stopped").textContent()).toBe("Stopped");
    const reasoning = reply.getByTestId("reasoning").first();
    expect(await reasoning.evaluate((node: HTMLDetailsElement) => node.open)).toBe(false);
    expect(await reasoning.locator("summary").textContent()).toMatch(/^Reasoning/);
    expect(await reply.locator(".streaming").count()).toBe(0);
    expect(await reply.getByTestId("error").count()).toBe(0);
  });

  it(`generates an image and says it is the emulator's placeholder${SKIP_NOTE}`, async () => {
    await page.getByTestId("image-input").fill("A red sun over blue sea and green mountains");
    await page.getByTestId("image-send").click();
    await page.getByTestId("image").waitFor({ state: "visible", timeout: 20_000 });
    expect(
      await page.getByTestId("image").evaluate((image: HTMLImageElement) => image.naturalWidth),
    ).toBeGreaterThan(0);
    expect(await page.getByTestId("image-note").textContent()).toContain("local Workers AI emulator");
    await page.screenshot({ path: shot("demo-after.png"), fullPage: true });
  });

  it(`fits a 390 px wide phone without horizontal scrolling${SKIP_NOTE}`, async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: shot("demo-mobile.png"), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it(`shows one clear message when REST cannot reach Workers AI${SKIP_NOTE}`, async () => {
    const restPage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await restPage.goto(offline.url.href);
      await restPage.getByTestId("chat-input").fill("Hello?");
      await restPage.getByTestId("send").click();
      await restPage
        .locator('li.message.assistant:not([data-status="streaming"])')
        .waitFor({ timeout: 20_000 });
      const errors = restPage.getByTestId("error");
      expect(await errors.allTextContents()).toEqual([
        `cannot reach ${offlineHost}: check network / credentials`,
      ]);
      await restPage.screenshot({ path: shot("demo-offline.png"), fullPage: true });
    } finally {
      await restPage.close();
    }
  });
});
