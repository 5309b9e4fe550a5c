/**
 * Every catalog model answers through the emulator, and every JSON reply it gives to the contract matrix's calls
 * validates (ajv) against the model's published output schema.
 */
import { afterAll, describe, expect, it } from "vitest";
import { workersAIModels } from "../../src/catalog";
import { createWorkersAI } from "../../src/provider";
import { createWorkersAIEmulator } from "../../src/testing/index";
import { publishedSchemasOf } from "../../src/testing/published-schemas";
import { findSchemaViolation } from "../../src/testing/schema-validator";
import { ajvCheck } from "../contract/ajv";
import { callsFor } from "../contract/matrix";

const emulator = createWorkersAIEmulator();
let checked = 0;
afterAll(() => {
  console.info(`emulator replies: ${checked} JSON replies checked against published output schemas`);
});

/** A JSON reply (streams and media bytes are checked by their readers, not here). */
function isJsonReply(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === "object" &&
    !(value instanceof ReadableStream) &&
    !(value instanceof Uint8Array) &&
    !(value instanceof ArrayBuffer) &&
    !(value instanceof Response)
  );
}

describe("the emulator's replies validate against the published output schemas", () => {
  for (const info of workersAIModels) {
    const calls = callsFor(info);
    const output = publishedSchemasOf(info.id)?.output;
    if (calls.length === 0) continue;
    if (output === undefined) {
      it.skip(`${info.id}: its published output schema is not stored or was not transcribed`, () => {});
      continue;
    }
    it(`${info.id} (${calls.length} calls)`, async () => {
      const replies: Array<{ call: string; reply: Record<string, unknown> }> = [];
      let answered = 0;
      let current = "";
      const binding = {
        ...emulator.binding,
        run: async (model: string, inputs: Record<string, unknown>, options?: Record<string, unknown>) => {
          const reply = await emulator.binding.run(model, inputs, options);
          answered++;
          if (isJsonReply(reply)) replies.push({ call: current, reply });
          return reply;
        },
      };
      const workersai = createWorkersAI({ binding });
      for (const call of calls) {
        current = call.name;
        await call.run(workersai).catch(() => undefined);
      }
      const invalid = replies
        .filter(({ reply }) => !ajvCheck(output, reply).valid)
        .map(({ call, reply }) => {
          const violation = findSchemaViolation(output, reply);
          return `${call}: ${violation?.path} ${violation?.message} in ${JSON.stringify(reply).slice(0, 300)}`;
        });
      expect(answered).toBeGreaterThan(0);
      expect(invalid).toEqual([]);
      checked += replies.length;
    });
  }
});
