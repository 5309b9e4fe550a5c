/**
 * The contract with Cloudflare's published model schemas: for every catalog model and every call in the matrix
 * (test/contract/matrix.ts), the `inputs` reaching `binding.run` and the JSON body reaching the REST API (a real
 * server on 127.0.0.1) validate, with ajv, against that model's published input schema.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workersAIModels } from "../../src/catalog";
import { createWorkersAI } from "../../src/provider";
import { createWorkersAIEmulator } from "../../src/testing/index";
import { publishedModelFiles } from "../../src/testing/model-schemas/index";
import { publishedSchemasOf } from "../../src/testing/published-schemas";
import { findSchemaViolation } from "../../src/testing/schema-validator";
import type { EmulatorServer } from "../../src/testing/types";
import { ajvCheck } from "./ajv";
import { callsFor, isRealtimeOnly } from "./matrix";

const emulator = createWorkersAIEmulator({ accountId: "acct" });
let server: EmulatorServer;
beforeAll(async () => {
  server = await emulator.listen();
});
afterAll(async () => {
  await server?.close();
  // The numbers the report quotes.
  console.info(`contract: ${covered.size} models covered, ${checked} requests checked`);
});

const covered = new Set<string>();
let checked = 0;

/** The value as JSON carries it (undefined dropped), binary bodies kept as objects as the binding sends them. */
function wireValue(value: unknown): unknown {
  if (value instanceof Uint8Array || value instanceof ArrayBuffer || value instanceof ReadableStream)
    return value;
  if (typeof FormData !== "undefined" && value instanceof FormData) return value;
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : wireValue(item)));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = wireValue(item);
    return out;
  }
  return value;
}

/** The offending field and its value (ajv decides validity; the emulator's validator names the deepest failure). */
function describeViolation(schema: object, inputs: unknown): string {
  const violation = findSchemaViolation(schema, inputs);
  if (violation === undefined) return `ajv: ${ajvCheck(schema, inputs).error}`;
  let value: unknown = inputs;
  for (const key of violation.path.split("/").slice(1)) value = (value as Record<string, unknown>)?.[key];
  return `${violation.path} ${violation.message}: ${JSON.stringify(value)?.slice(0, 300)}`;
}

/**
 * Why a stored input schema is not the whole published one (derived from a template, or its tail assumed),
 * from its file's markers; `undefined` when it was read in full.
 */
function partialNote(modelId: string): string | undefined {
  const file = publishedModelFiles.find((entry) => entry.model === modelId);
  const input = file?.published.schema?.input;
  if (input && "x-fidelity-derived" in input) return "derived from the OpenAI-style template";
  const note = file?.source.note;
  return note && /not read|assumed|not transcribed/.test(note) ? note : undefined;
}

const models = workersAIModels.map((info) => ({
  info,
  calls: callsFor(info),
  schema: publishedSchemasOf(info.id)?.input,
}));

describe("every request the provider builds is valid for the model's published input schema", () => {
  for (const { info, calls, schema } of models) {
    if (calls.length === 0) {
      const why = isRealtimeOnly(info) ? "realtime only (WebSocket), no binding.run request" : info.task;
      it.skip(`${info.id}: ${why} has no AI SDK call to check`, () => {});
      continue;
    }
    if (schema === undefined) {
      it.skip(`${info.id}: its published input schema is not stored or was not transcribed`, () => {});
      continue;
    }
    const partial = partialNote(info.id);
    if (partial) {
      it.skip(`${info.id}: its stored input schema is partial (${partial}); checked against what was read`, () => {});
    }
    for (const transport of ["binding", "rest"] as const) {
      it(`${info.id} over ${transport} (${calls.length} calls)`, async () => {
        const sent: Array<{ call: string; inputs: unknown }> = [];
        let current = "";
        const binding = {
          ...emulator.binding,
          run: (model: string, inputs: Record<string, unknown>, options?: Record<string, unknown>) => {
            sent.push({ call: current, inputs: wireValue(inputs) });
            return emulator.binding.run(model, inputs, options);
          },
        };
        const workersai =
          transport === "binding"
            ? createWorkersAI({ binding })
            : createWorkersAI({ accountId: "acct", apiKey: "token", baseURL: `${server.url}/client/v4` });
        for (const call of calls) {
          current = call.name;
          const before = emulator.requests.length;
          // A rejected call still sent its request (or threw before sending): the request is what is checked.
          await call.run(workersai).catch(() => undefined);
          if (transport === "rest") {
            for (const entry of emulator.requests.slice(before)) {
              if (entry.transport === "rest" && entry.model === info.id)
                sent.push({ call: call.name, inputs: entry.inputs });
            }
          }
        }
        const invalid = sent
          .map(({ call, inputs }) => ({ call, inputs, verdict: ajvCheck(schema, inputs) }))
          .filter(({ verdict }) => !verdict.valid)
          .map(({ call, inputs }) => `${call}: ${describeViolation(schema, inputs)}`);
        expect(sent.length).toBeGreaterThan(0);
        expect(invalid).toEqual([]);
        covered.add(info.id);
        checked += sent.length;
      });
    }
  }
});
