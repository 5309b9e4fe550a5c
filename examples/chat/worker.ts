/**
 * The `npm start` demo: a Worker that serves a chat page and streams answers from Workers AI with the
 * AI SDK (`streamText` with a weather tool, `generateImage`).
 *
 * It talks to Workers AI through the `AI` binding, or over REST when `CLOUDFLARE_ACCOUNT_ID` and
 * `CLOUDFLARE_API_TOKEN` are set. In your own project import from "workers-ai-provider"; this example
 * imports the sources directly so it runs from a fresh clone without a build.
 */
import { APICallError } from "@ai-sdk/provider";
import {
  convertToModelMessages,
  createUIMessageStreamResponse,
  generateImage,
  stepCountIs,
  streamText,
  toUIMessageStream,
  type UIMessage,
  validateUIMessages,
} from "ai";
import { createWorkersAI, type WorkersAIBinding, type WorkersAIProvider } from "../../src/index";
import { renderChatPage } from "./page";
import { tools } from "./tools";

/** Bindings of the demo Worker (see wrangler.jsonc). */
export interface Env {
  /** The Workers AI binding (the local emulator under `npm start`). */
  AI?: WorkersAIBinding;
  /** With `CLOUDFLARE_API_TOKEN`: use the REST API instead of the binding. */
  CLOUDFLARE_ACCOUNT_ID?: string;
  /** Cloudflare API token with Workers AI permission (a secret). */
  CLOUDFLARE_API_TOKEN?: string;
  /** REST base URL (default `https://api.cloudflare.com/client/v4`), e.g. a proxy or the local emulator. */
  CLOUDFLARE_API_BASE_URL?: string;
  /** Chat model id (default `@cf/moonshotai/kimi-k2.7-code`). */
  CHAT_MODEL?: string;
  /** Name of the backend shown on the page (set by `npm start`). */
  AI_BACKEND_LABEL?: string;
  /** `"true"` when `AI` is the local emulator (set by `npm start`): the page marks its images as placeholders. */
  AI_EMULATED?: string;
}

// Only handlers may be exported from a Worker's main module: workerd treats other exports as entrypoints.

/** A reasoning model with tool calling, on the OpenAI-compatible reply family. */
const DEFAULT_CHAT_MODEL = "@cf/moonshotai/kimi-k2.7-code";
/** The image model behind the image form. */
const IMAGE_MODEL = "@cf/black-forest-labs/flux-1-schnell";

const SYSTEM_PROMPT =
  "You are the assistant of the workers-ai-provider demo. Answer briefly. " +
  "For any question about the weather, call the getWeather tool and answer from its result.";

type Backend = { provider: WorkersAIProvider; label: string; emulated: boolean };

function backendFor(env: Env): Backend | undefined {
  if (env.CLOUDFLARE_ACCOUNT_ID && env.CLOUDFLARE_API_TOKEN) {
    return {
      provider: createWorkersAI({
        accountId: env.CLOUDFLARE_ACCOUNT_ID,
        apiKey: env.CLOUDFLARE_API_TOKEN,
        baseURL: env.CLOUDFLARE_API_BASE_URL || undefined,
      }),
      label: "Workers AI (REST API)",
      emulated: false,
    };
  }
  if (env.AI) {
    return {
      provider: createWorkersAI({ binding: env.AI }),
      label: env.AI_BACKEND_LABEL ?? "Workers AI (binding)",
      emulated: env.AI_EMULATED === "true",
    };
  }
  return undefined;
}

const NO_BACKEND =
  "No Workers AI backend: add an `ai` binding named AI, or set CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN.";

function jsonError(status: number, message: string): Response {
  return Response.json({ error: message }, { status });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * What went wrong, in one line a user can act on: a request that got no HTTP response (offline, DNS, a
 * wrong base URL) names the host; rejected credentials say which to check; anything else keeps its message.
 */
function failureText(error: unknown): string {
  if (APICallError.isInstance(error)) {
    const host = URL.canParse(error.url) ? new URL(error.url).host : "Workers AI";
    if (error.statusCode === undefined) return `cannot reach ${host}: check network / credentials`;
    if (error.statusCode === 401 || error.statusCode === 403)
      return `${host} rejected the credentials (HTTP ${error.statusCode}): check CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN`;
  }
  return errorText(error);
}

/** One terminal line per failed request (instead of the AI SDK's full error dump). */
function logFailure(route: string, error: unknown): string {
  const text = failureText(error);
  console.log(`${route} failed: ${text}`);
  return text;
}

function describeWarning(warning: {
  type: string;
  feature?: string;
  details?: string;
  message?: string;
}): string {
  if (warning.message) return warning.message;
  return [warning.type, warning.feature, warning.details].filter(Boolean).join(": ");
}

async function readJson(request: Request): Promise<Record<string, unknown> | undefined> {
  try {
    const body: unknown = await request.json();
    return body !== null && typeof body === "object" && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

async function chat(request: Request, env: Env, backend: Backend): Promise<Response> {
  const body = await readJson(request);
  if (!body || !Array.isArray(body.messages)) return jsonError(400, "Send JSON { messages: UIMessage[] }.");
  let messages: UIMessage[];
  try {
    messages = await validateUIMessages({ messages: body.messages, tools });
  } catch (error) {
    return jsonError(400, `Invalid messages: ${errorText(error)}`);
  }
  const result = streamText({
    model: backend.provider(env.CHAT_MODEL || DEFAULT_CHAT_MODEL),
    system: SYSTEM_PROMPT,
    messages: await convertToModelMessages(messages, { tools, ignoreIncompleteToolCalls: true }),
    tools,
    stopWhen: stepCountIs(3),
    abortSignal: request.signal,
    onError: ({ error }) => {
      logFailure("POST /api/chat", error);
    },
  });
  return createUIMessageStreamResponse({
    stream: toUIMessageStream({ stream: result.stream, tools, sendReasoning: true, onError: failureText }),
  });
}

async function image(request: Request, backend: Backend): Promise<Response> {
  const body = await readJson(request);
  const prompt = typeof body?.prompt === "string" ? body.prompt.trim() : "";
  if (!prompt) return jsonError(400, "Send JSON { prompt: string }.");
  try {
    const { image, warnings } = await generateImage({
      model: backend.provider.image(IMAGE_MODEL),
      prompt,
      abortSignal: request.signal,
    });
    return Response.json({
      mediaType: image.mediaType,
      base64: image.base64,
      warnings: warnings.map(describeWarning),
    });
  } catch (error) {
    return jsonError(502, logFailure("POST /api/image", error));
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const { pathname } = new URL(request.url);
    const backend = backendFor(env);
    const chatModel = env.CHAT_MODEL || DEFAULT_CHAT_MODEL;

    if (request.method === "GET" && pathname === "/") {
      return new Response(
        renderChatPage({
          backend: backend?.label ?? "not configured",
          chatModel,
          imageModel: IMAGE_MODEL,
          emulated: backend?.emulated ?? false,
        }),
        {
          headers: { "content-type": "text/html; charset=utf-8" },
        },
      );
    }
    if (request.method === "GET" && pathname === "/api/info") {
      return Response.json({ backend: backend?.label ?? null, chatModel, imageModel: IMAGE_MODEL });
    }
    if (request.method === "POST" && (pathname === "/api/chat" || pathname === "/api/image")) {
      if (!backend) return jsonError(500, NO_BACKEND);
      return pathname === "/api/chat" ? chat(request, env, backend) : image(request, backend);
    }
    return jsonError(404, `No route for ${request.method} ${pathname}`);
  },
};
