import { afterAll, describe, expect, it } from "vitest";
import { publishedModelFiles } from "../../src/testing/model-schemas/index";
import { valueFromSchema } from "../../src/testing/models/json-schema";
import { findSchemaViolation } from "../../src/testing/schema-validator";
import { ajvCheck } from "../contract/ajv";

const ODD_VALUES: unknown[] = [null, "x", "", 7, 1.5, -1e12, 1e12, true, [], ["x"], {}, { extra: 1 }];

/**
 * A corpus for one schema: a value built from it, and that value mutated at every node (each odd value put in
 * its place, each property deleted, an extra property added), capped per schema.
 */
function corpus(schema: object, cap = 400): unknown[] {
  const base = valueFromSchema(schema, ["hello", "world"]);
  const values: unknown[] = [base, {}, null, "text"];
  const mutate = (node: unknown, replace: (value: unknown) => unknown, depth: number) => {
    if (values.length >= cap || depth > 6) return;
    for (const odd of ODD_VALUES) values.push(replace(odd));
    if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) {
        mutate(item, (value) => replace(node.map((other, i) => (i === index ? value : other))), depth + 1);
      }
      values.push(replace([...node, ...node, ...node, ...node, ...node]));
    } else if (node !== null && typeof node === "object") {
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const { [key]: _removed, ...rest } = record;
        values.push(replace(rest));
        mutate(record[key], (value) => replace({ ...record, [key]: value }), depth + 1);
      }
      values.push(replace({ ...record, unknown_field: 1 }));
    } else if (typeof node === "string") {
      values.push(replace("y".repeat(3000)), replace("data:image/png;base64,AAAA"));
    }
  };
  mutate(base, (value) => value, 0);
  return values;
}

let compared = 0;
afterAll(() => {
  console.info(`schema validator: ${compared} values compared with ajv`);
});

describe("the emulator's JSON Schema validator agrees with ajv on Cloudflare's published schemas", () => {
  const schemas = publishedModelFiles.flatMap((file) =>
    (["input", "output"] as const)
      .map((side) => ({ name: `${file.model} ${side}`, schema: file.published.schema?.[side] }))
      .filter(
        (entry): entry is { name: string; schema: Record<string, unknown> } => entry.schema !== undefined,
      ),
  );

  it.each(schemas)("$name", ({ schema }) => {
    let checked = 0;
    let invalid = 0;
    for (const value of corpus(schema)) {
      const reference = ajvCheck(schema, value);
      const ours = findSchemaViolation(schema, value);
      expect({ value, valid: ours === undefined }).toEqual({ value, valid: reference.valid });
      checked++;
      compared++;
      if (!reference.valid) invalid++;
    }
    // Each corpus holds both verdicts, so agreement is not trivial.
    expect(checked).toBeGreaterThan(10);
    if (Object.keys(schema).length > 0) expect(invalid).toBeGreaterThan(0);
  });

  it("covers the keywords the published schemas use, each against ajv", () => {
    const cases: Array<[object, unknown]> = [
      [{ type: ["string", "null"] }, null],
      [{ type: ["string", "null"] }, 1],
      [{ type: "integer" }, 1.5],
      [{ enum: ["a", { b: 1 }] }, { b: 1 }],
      [{ const: [1, 2] }, [1, 2]],
      [{ const: [1, 2] }, [2, 1]],
      [{ type: "string", pattern: "^data:*" }, "https://x"],
      [{ type: "string", minLength: 2 }, "😀"],
      [{ type: "number", exclusiveMinimum: 0 }, 0],
      [{ items: [{ type: "string" }], additionalItems: false }, ["a", "b"]],
      [{ oneOf: [{ type: "number" }, { type: "integer" }] }, 1],
      [{ allOf: [{ required: ["a"] }, { required: ["b"] }] }, { a: 1 }],
      [{ not: { type: "string" } }, "s"],
      [{ definitions: { s: { type: "string" } }, properties: { a: { $ref: "#/definitions/s" } } }, { a: 1 }],
      [{ $defs: { s: { type: "string" } }, properties: { a: { $ref: "#/$defs/s" } } }, { a: "x" }],
      [{ additionalProperties: { type: "string" } }, { a: 1 }],
      [
        { properties: { a: {} }, additionalProperties: false },
        { a: 1, b: 2 },
      ],
      [{ type: "string", format: "uri" }, "not a uri"],
    ];
    for (const [schema, value] of cases) {
      expect({ schema, value, valid: findSchemaViolation(schema, value) === undefined }).toEqual({
        schema,
        value,
        valid: ajvCheck(schema, value).valid,
      });
    }
  });

  it("names the failing field by its JSON pointer", () => {
    const schema = { properties: { messages: { type: "array", items: { required: ["role"] } } } };
    expect(findSchemaViolation(schema, { messages: [{ role: "user" }, {}] })).toEqual({
      path: "/messages/1",
      message: 'must have required property "role"',
    });
  });
});
