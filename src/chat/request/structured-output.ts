import type { JSONSchema7, LanguageModelV4CallOptions, SharedV4Warning } from "@ai-sdk/provider";
import type { ChatModelFacts } from "./model-facts";

/** Inputs that ask the model for JSON, and whether JSON mode is on. */
export interface StructuredOutputInputs {
  inputs: Record<string, unknown>;
  jsonMode: boolean;
}

/** Output name sent where the published schema requires one and the call gives none. */
const DEFAULT_OUTPUT_NAME = "response";

/**
 * Maps `responseFormat` to the model's JSON-mode inputs:
 * - chat form: `response_format: {type:"json_schema", json_schema}` in the form the model's published schema
 *   takes: OpenAI's `{name, description?, schema}` envelope (`named`) or the schema itself (`bare`, with the
 *   output name and description as its title/description where it has none); `{type:"json_object"}` without
 *   a schema;
 * - models that only offer `guided_json`: `guided_json: <schema>`;
 * - Responses form: `text.format`.
 */
export function buildStructuredOutput(args: {
  responseFormat: LanguageModelV4CallOptions["responseFormat"];
  facts: ChatModelFacts;
  form: "chat" | "responses";
  warnings: SharedV4Warning[];
}): StructuredOutputInputs {
  const { responseFormat, facts, form, warnings } = args;
  if (responseFormat === undefined || responseFormat.type !== "json") return { inputs: {}, jsonMode: false };
  const { schema, name, description } = responseFormat;

  if (form === "responses") {
    const format = schema
      ? {
          type: "json_schema",
          name: name ?? DEFAULT_OUTPUT_NAME,
          ...(description !== undefined ? { description } : {}),
          schema,
        }
      : { type: "json_object" };
    return { inputs: { text: { format } }, jsonMode: true };
  }

  if (facts.guidedJsonOnly) {
    return {
      inputs: { guided_json: foldSchema(schema ?? { type: "object" }, name, description) },
      jsonMode: true,
    };
  }

  if (facts.info?.jsonMode === false) {
    warnings.push({
      type: "unsupported",
      feature: "responseFormat",
      details: `${facts.modelId} is not listed as supporting JSON mode; response_format was sent anyway.`,
    });
  }
  const response_format = schema
    ? {
        type: "json_schema",
        json_schema:
          facts.jsonSchemaForm === "named"
            ? {
                name: name ?? DEFAULT_OUTPUT_NAME,
                ...(description !== undefined ? { description } : {}),
                schema,
              }
            : foldSchema(schema, name, description),
      }
    : { type: "json_object" };
  return { inputs: { response_format }, jsonMode: true };
}

/**
 * `schema` with the output name and description as its `title`/`description` where it has none of its own (a
 * copy; the input is untouched): the schema's own words are never overwritten.
 */
function foldSchema(
  schema: JSONSchema7,
  name: string | undefined,
  description: string | undefined,
): JSONSchema7 {
  const title = schema.title === undefined ? name : undefined;
  const ownDescription = schema.description === undefined ? description : undefined;
  if (title === undefined && ownDescription === undefined) return schema;
  return {
    ...schema,
    ...(title !== undefined ? { title } : {}),
    ...(ownDescription !== undefined ? { description: ownDescription } : {}),
  };
}
