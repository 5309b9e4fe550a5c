/** Test helpers for the emulator suite. */
import { expect } from "vitest";
import { parseSseData } from "../../src/testing/index";

/** Reads a byte stream to text. */
export async function streamText(stream: unknown): Promise<string> {
  expect(stream).toBeInstanceOf(ReadableStream);
  return new Response(stream as ReadableStream<Uint8Array>).text();
}

/** Reads a byte stream to bytes. */
export async function streamBytes(stream: unknown): Promise<Uint8Array> {
  expect(stream).toBeInstanceOf(ReadableStream);
  return new Uint8Array(await new Response(stream as ReadableStream<Uint8Array>).arrayBuffer());
}

/** SSE payloads of a text (`[DONE]` kept as the string). */
export function sseEvents(text: string): Array<Record<string, unknown> | "[DONE]"> {
  return parseSseData(text).map((d) =>
    d === "[DONE]" ? "[DONE]" : (JSON.parse(d) as Record<string, unknown>),
  );
}

/** Captures the error a promise rejects with. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

/** REST URL of a native run. */
export function runUrl(model: string, account = "emulator-account"): string {
  return `https://api.cloudflare.com/client/v4/accounts/${account}/ai/run/${model}`;
}

/** POST JSON init. */
export function postJson(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  };
}

/** A tool in the OpenAI form. */
export const weatherTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Get the weather for a city",
    parameters: {
      type: "object",
      // Legacy models' published schemas require a type and a description on each parameter.
      properties: {
        city: { type: "string", description: "City name" },
        days: { type: "integer", description: "Days ahead" },
        metric: { type: "boolean", description: "Metric units" },
      },
      required: ["city"],
    },
  },
};

/** Concatenated `response` text of legacy SSE events. */
export function legacyText(events: ReturnType<typeof sseEvents>): string {
  return events
    .filter((e): e is Record<string, unknown> => e !== "[DONE]")
    .map((e) => (typeof e.response === "string" ? e.response : ""))
    .join("");
}

/** Concatenated `choices[0].delta[key]` of chat-completions SSE events. */
export function deltaText(events: ReturnType<typeof sseEvents>, key = "content"): string {
  let out = "";
  for (const e of events) {
    if (e === "[DONE]") continue;
    const choices = e.choices as Array<{ delta?: Record<string, unknown> }> | undefined;
    const value = choices?.[0]?.delta?.[key];
    if (typeof value === "string") out += value;
  }
  return out;
}

/** Loosely typed JSON for assertions on wire shapes. */
// biome-ignore lint/suspicious/noExplicitAny: assertions walk arbitrary wire JSON
export type Json = Record<string, any>;
