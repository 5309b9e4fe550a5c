import { generateText } from "ai";
import { afterEach, describe, expect, it } from "vitest";
import { createWorkersAI } from "../../../src/provider";
import { startTestServer, type TestServer } from "../../helpers/http-server";

describe("chat request over REST (real server on 127.0.0.1)", () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("sends every model input in the JSON body, none in the query string, and the per-call headers", async () => {
    server = await startTestServer(() => Response.json({ success: true, result: { response: "ok" } }));
    const workersai = createWorkersAI({ accountId: "acc", apiKey: "secret-token", baseURL: server.url });
    const { text } = await generateText({
      model: workersai("@cf/zai-org/glm-4.7-flash", {
        sessionAffinity: "ses-9",
        reasoning_effort: null,
        chat_template_kwargs: { clear_thinking: true },
        extraInputs: { top_logprobs: 2 },
      }),
      prompt: "Hi",
      maxOutputTokens: 50,
      headers: { "x-trace": "t1" },
    });
    expect(text).toBe("ok");
    const [request] = server.requests;
    expect(request.path).toBe("/accounts/acc/ai/run/@cf/zai-org/glm-4.7-flash");
    expect(request.url).not.toContain("?");
    expect(request.json).toEqual({
      messages: [{ role: "user", content: "Hi" }],
      max_tokens: 50,
      max_completion_tokens: 50,
      chat_template_kwargs: { enable_thinking: false, clear_thinking: true },
      top_logprobs: 2,
    });
    expect(request.headers["x-session-affinity"]).toBe("ses-9");
    expect(request.headers["x-trace"]).toBe("t1");
  });
});
