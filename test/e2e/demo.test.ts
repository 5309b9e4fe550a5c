/**
 * The `npm start` demo (examples/chat) in workerd, driven over HTTP: the page, the UI message stream
 * of `/api/chat` and `/api/image`, with the emulator as the `AI` binding and, separately, with the
 * REST backend pointed at the emulator's local server. The browser test drives the same page in Chromium.
 */

import type { UIMessageChunk } from "ai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { weatherFor } from "../../examples/chat/tools";
import { type RunningDemo, startDemo } from "../../examples/lib/demo.mjs";
import { createWorkersAIEmulator, type EmulatorServer } from "../../src/testing/index";
import { closedPort } from "./helpers";

const CHAT_MODEL = "@cf/moonshotai/kimi-k2.7-code";

/** Reads a UI message stream response into its JSON chunks. */
async function readChunks(response: Response): Promise<UIMessageChunk[]> {
  const text = await response.text();
  return text
    .split("\n\n")
    .map((event) =>
      event
        .split("\n")
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).trim())
        .join(""),
    )
    .filter((data) => data && data !== "[DONE]")
    .map((data) => JSON.parse(data) as UIMessageChunk);
}

function postChat(demo: RunningDemo, text: string): Promise<Response> {
  return fetch(new URL("/api/chat", demo.url), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ messages: [{ id: "u1", role: "user", parts: [{ type: "text", text }] }] }),
  });
}

describe("demo with the emulator as env.AI", () => {
  let demo: RunningDemo;
  const answer = "It is 25°C and sunny in London right now.";

  beforeAll(async () => {
    demo = await startDemo({
      port: 0,
      env: {},
      tokenDelayMs: 0,
      emulatorScript: [
        {
          model: CHAT_MODEL,
          replies: [
            {
              reasoning: "I should call getWeather.",
              toolCalls: [{ name: "getWeather", arguments: { city: "London" } }],
            },
            { text: answer },
          ],
        },
      ],
    });
  });

  afterAll(async () => {
    await demo?.close();
  });

  it("reports the emulator backend and the default chat model", async () => {
    expect(demo.backend).toBe("emulator");
    const info = (await (await fetch(new URL("/api/info", demo.url))).json()) as Record<string, unknown>;
    expect(info).toEqual({
      backend: "Local Workers AI emulator",
      chatModel: CHAT_MODEL,
      imageModel: "@cf/black-forest-labs/flux-1-schnell",
    });
  });

  it("serves the chat page with its inline script", async () => {
    const response = await fetch(demo.url);
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    expect(html).toContain('id="chat-form"');
    expect(html).toContain('id="image-form"');
    expect(html).toContain("Local Workers AI emulator");
    expect(html).toMatch(/<script type="module">\(function chatClient\(\) \{/);
  });

  it("streams reasoning, the weather tool call, its result and the answer as a UI message stream", async () => {
    const response = await postChat(demo, "What's the weather in London?");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const chunks = await readChunks(response);
    const types = chunks.map((chunk) => chunk.type);

    const reasoning = chunks
      .flatMap((chunk) => (chunk.type === "reasoning-delta" ? [chunk.delta] : []))
      .join("");
    expect(reasoning).toBe("I should call getWeather.");
    const input = chunks.find((chunk) => chunk.type === "tool-input-available");
    expect(input).toMatchObject({ toolName: "getWeather", input: { city: "London" } });
    const output = chunks.find((chunk) => chunk.type === "tool-output-available");
    expect(output).toMatchObject({ output: weatherFor("London") });
    const deltas = chunks.flatMap((chunk) => (chunk.type === "text-delta" ? [chunk.delta] : []));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe(answer);
    expect(types.indexOf("tool-output-available")).toBeLessThan(types.indexOf("text-delta"));
    expect(types.filter((type) => type === "start-step")).toHaveLength(2);
    expect(types.at(-1)).toBe("finish");
  });

  it("generates an image", async () => {
    const response = await fetch(new URL("/api/image", demo.url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ prompt: "A lighthouse at dawn" }),
    });
    expect(response.status).toBe(200);
    const result = (await response.json()) as { mediaType: string; base64: string };
    const bytes = Buffer.from(result.base64, "base64");
    expect(result.mediaType).toBe("image/png");
    expect(bytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  });

  it("answers 400 to a request without messages or prompt", async () => {
    const chat = await fetch(new URL("/api/chat", demo.url), { method: "POST", body: "{}" });
    expect(chat.status).toBe(400);
    expect(((await chat.json()) as { error: string }).error).toContain("messages");
    const image = await fetch(new URL("/api/image", demo.url), { method: "POST", body: "not json" });
    expect(image.status).toBe(400);
  });
});

describe("demo with REST credentials", () => {
  const emulator = createWorkersAIEmulator({ accountId: "demo-account", apiToken: "demo-token" });
  let server: EmulatorServer;
  let demo: RunningDemo;

  beforeAll(async () => {
    server = await emulator.listen();
    demo = await startDemo({
      port: 0,
      env: {
        CLOUDFLARE_ACCOUNT_ID: "demo-account",
        CLOUDFLARE_API_TOKEN: "demo-token",
        CLOUDFLARE_API_BASE_URL: `${server.url}/client/v4`,
        CHAT_MODEL: "@cf/zai-org/glm-4.7-flash",
      },
    });
  });

  afterAll(async () => {
    await demo?.close();
    await server?.close();
  });

  it("uses the REST API instead of a binding, with the configured chat model", async () => {
    expect(demo.backend).toBe("rest");
    expect(demo.chatModel).toBe("@cf/zai-org/glm-4.7-flash");
    emulator.script("@cf/zai-org/glm-4.7-flash", { text: "Hello over REST." });

    const chunks = await readChunks(await postChat(demo, "Hello?"));
    const text = chunks.flatMap((chunk) => (chunk.type === "text-delta" ? [chunk.delta] : [])).join("");
    expect(text).toBe("Hello over REST.");
    expect(chunks.at(-1)?.type).toBe("finish");
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]).toMatchObject({
      transport: "rest",
      model: "@cf/zai-org/glm-4.7-flash",
      url: `${server.url}/client/v4/accounts/demo-account/ai/run/@cf/zai-org/glm-4.7-flash`,
    });
    expect(emulator.requests[0].headers.authorization).toBe("Bearer demo-token");
  });
});

describe("demo over REST when Workers AI cannot be reached", () => {
  let demo: RunningDemo;
  let host: string;
  const logged: string[] = [];

  beforeAll(async () => {
    host = `127.0.0.1:${await closedPort()}`;
    demo = await startDemo({
      port: 0,
      env: {
        CLOUDFLARE_ACCOUNT_ID: "demo-account",
        CLOUDFLARE_API_TOKEN: "secret-demo-token",
        CLOUDFLARE_API_BASE_URL: `http://${host}/client/v4`,
      },
    });
    // workerd's output reaches this process through Miniflare's console.log / console.error
    for (const method of ["log", "error", "warn"] as const)
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logged.push(args.map(String).join(" "));
      });
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    await demo?.close();
  });

  it("says once, in plain words, that the host cannot be reached, and logs one line per failed request", async () => {
    const message = `cannot reach ${host}: check network / credentials`;
    const chunks = await readChunks(await postChat(demo, "Hello?"));
    expect(chunks.filter((chunk) => chunk.type === "error")).toEqual([{ type: "error", errorText: message }]);

    const image = await fetch(new URL("/api/image", demo.url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ prompt: "A lighthouse" }),
    });
    expect(image.status).toBe(502);
    expect(await image.json()).toEqual({ error: message });

    await expect.poll(() => logged.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 300)); // anything printed late would show up here
    expect(logged).toEqual([`POST /api/chat failed: ${message}`, `POST /api/image failed: ${message}`]);
    expect(logged.join("\n")).not.toContain("secret-demo-token");
  });
});
