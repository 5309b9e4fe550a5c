/**
 * Secrets found leaking by an adversarial review: response headers that echo a credential (on an error
 * and on a success), an AI Gateway DLP warning quoting the matched key, an abort error from a custom
 * `fetch` quoting the auth header, an error inside a JSON body that arrived as bytes, and per-call
 * options that fail validation while holding a gateway token and a BYOK key.
 */
import { generateImage, generateText, streamText } from "ai";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createWorkersAI } from "../../src";
import { openai } from "../../src/plugins/openai";
import { jsonResponse, openaiJson } from "../gateway/helpers";
import { startTestServer, type TestServer } from "../helpers/http-server";
import { PNG_BYTES } from "../media/helpers";
import { CANARY, canariesIn, encoder, exposure, fakeBinding } from "./helpers";

const MODEL = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
const byok = { extraHeaders: { "x-api-key": CANARY.byokKey } };
const gateway = { id: "gw", authToken: CANARY.gatewayToken };

let status = 200;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((request) => {
    // every credential the request carried, echoed as a server might (debug headers, DLP reports)
    const credentials = ["authorization", "cf-aig-authorization", "x-api-key"]
      .map((name) => request.headers.get(name))
      .filter((value) => value !== null)
      .join("; ");
    const echo = { "x-debug-auth": credentials, "cf-aig-dlp": `matched credential ${credentials}` };
    if (status !== 200)
      return jsonResponse({ errors: [{ code: 10000, message: "Authentication error" }] }, status, echo);
    const path = new URL(request.url).pathname;
    if (path.includes("black-forest-labs"))
      return new Response(PNG_BYTES, { headers: { ...echo, "content-type": "image/png" } });
    if (path.includes("@cf")) return jsonResponse({ result: { response: "ok" }, success: true }, 200, echo);
    return jsonResponse(openaiJson("from openai"), 200, echo);
  });
});
afterAll(() => server.close());
afterEach(() => {
  status = 200;
});

const rest = (extra: Record<string, unknown> = {}) =>
  createWorkersAI({
    accountId: "acct",
    apiKey: CANARY.apiKey,
    baseURL: server.url,
    gatewayBaseURL: server.url,
    ...extra,
  });

describe("response headers that echo a credential", () => {
  it.each([401, 500])("HTTP %i: error.responseHeaders are redacted", async (code) => {
    status = code;
    for (const provider of [rest(), rest({ gateway })]) {
      const error = await generateText({ model: provider(MODEL, byok), prompt: "hi", maxRetries: 0 }).catch(
        (caught: unknown) => caught,
      );
      expect(
        (error as { responseHeaders?: Record<string, string> }).responseHeaders?.["x-debug-auth"],
      ).toContain("[redacted]");
      expect(canariesIn(exposure(error))).toEqual([]);
    }
  });

  it("HTTP 401 on a gateway-routed model (BYOK): error.responseHeaders are redacted", async () => {
    status = 401;
    const provider = rest({ gateway, providers: [openai] });
    const error = await generateText({
      model: provider("openai/gpt-5", {
        byok: true,
        extraHeaders: { authorization: `Bearer ${CANARY.byokKey}` },
      }),
      prompt: "hi",
      maxRetries: 0,
    }).catch((caught: unknown) => caught);
    expect(
      (error as { responseHeaders?: Record<string, string> }).responseHeaders?.["x-debug-auth"],
    ).toContain("[redacted]");
    expect(canariesIn(exposure(error))).toEqual([]);
  });

  it("HTTP 200: result.response.headers of chat (generate and stream) and image are redacted", async () => {
    const provider = rest({ gateway });
    const generated = await generateText({ model: provider(MODEL, byok), prompt: "hi" });
    expect(generated.response.headers?.["x-debug-auth"]).toContain("[redacted]");
    const streamed = streamText({ model: provider(MODEL, byok), prompt: "hi" });
    await streamed.consumeStream();
    const image = await generateImage({
      model: provider.image("@cf/black-forest-labs/flux-1-schnell", byok),
      prompt: "a cat",
    });
    expect(image.images[0].mediaType).toBe("image/png");
    const seen = [generated.response, (await streamed.response).headers, image.responses];
    expect(canariesIn(exposure(seen))).toEqual([]);
  });

  it("gateway-routed model (BYOK): headers and the DLP warning are redacted, also on the console", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      const provider = rest({ gateway, providers: [openai] });
      const result = await generateText({
        model: provider("openai/gpt-5", {
          byok: true,
          extraHeaders: { authorization: `Bearer ${CANARY.byokKey}` },
        }),
        prompt: "hi",
      });
      expect(result.text).toBe("from openai");
      expect(
        (result.warnings ?? []).some((warning) => JSON.stringify(warning).includes("data loss prevention")),
      ).toBe(true);
      const consoleOutput = [...warn.mock.calls, ...log.mock.calls].map((call) => exposure(call)).join("\n");
      expect(canariesIn(exposure([result.warnings, result.response.headers]) + consoleOutput)).toEqual([]);
    } finally {
      warn.mockRestore();
      log.mockRestore();
    }
  });
});

describe("errors a credential reaches by other ways", () => {
  it("an abort error from a custom fetch that quotes the auth header is redacted", async () => {
    const fetch = async (_input: RequestInfo | URL, init?: RequestInit) => {
      const auth = new Headers(init?.headers).get("authorization");
      throw new DOMException(`The operation was aborted while sending authorization: ${auth}`, "AbortError");
    };
    const provider = createWorkersAI({ accountId: "acct", apiKey: CANARY.apiKey, fetch, gateway });
    const error = await generateText({ model: provider(MODEL, byok), prompt: "hi", maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );
    expect((error as Error).name).toBe("AbortError");
    expect(canariesIn(exposure(error))).toEqual([]);
  });

  it("an error inside a complete JSON body that arrived as bytes is redacted", async () => {
    const body = encoder.encode(JSON.stringify({ error: `invalid x-api-key ${CANARY.byokKey}` }));
    const binding = fakeBinding(() => body);
    const error = await generateText({
      model: createWorkersAI({ binding })(MODEL, byok),
      prompt: "hi",
      maxRetries: 0,
    }).catch((caught: unknown) => caught);
    expect((error as Error).message).toContain("invalid x-api-key [redacted]");
    expect(canariesIn(exposure(error))).toEqual([]);
  });

  it("invalid per-call options holding a gateway token and a BYOK key: the error quotes neither", async () => {
    const binding = fakeBinding(() => ({ response: "ok" }));
    const error = await generateText({
      model: createWorkersAI({ binding })(MODEL),
      prompt: "hi",
      providerOptions: {
        "workers-ai": { rejectIfBusy: "yes", gateway, extraHeaders: { "x-api-key": CANARY.byokKey } },
      },
    }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/rejectIfBusy/);
    expect(canariesIn(exposure(error))).toEqual([]);
    expect(binding.calls).toHaveLength(0);
  });
});
