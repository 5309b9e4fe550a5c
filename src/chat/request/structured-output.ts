import type { JSONSchema7, LanguageModelV4CallOptions, SharedV4Warning } from "@ai-sdk/provider";
import { unsupported } from "../../model-config";
import type { ChatModelFacts } from "./model-facts";

/** Output name sent where the published schema requires one and the call gives none. */
const DEFAULT_OUTPUT_NAME = "response";

/**
 * Maps `responseFormat` to the model's JSON-mode inputs (`undefined` without JSON mode):
 * - chat form: `response_format: {type:"json_schema", json_schema}` in the form the model's published schema
 *   takes: OpenAI's `{name, description?, schema}` envelope (`named`) or the schema itself (`bare`, with the
 *   output name and description as its title/description where it has none); `{type:"json_object"}` without
 *   a schema;
 * - models that only offer `guided_json`: `guided_json: <schema>`;
 * - Responses form: `text.format`.
 */
export function buildStructuredOutput(
  { responseFormat }: LanguageModelV4CallOptions,
  facts: ChatModelFacts,
  form: "chat" | "responses",
  warnings: SharedV4Warning[],
): Record<string, unknown> | undefined {
  if (responseFormat?.type !== "json") return undefined;
  const { schema, name, description } = responseFormat;
  // OpenAI's envelope, which the Responses form spreads into `text.format`.
  const named = schema && {
    name: name ?? DEFAULT_OUTPUT_NAME,
    ...(description !== undefined && { description }),
    schema,
  };

  if (form === "responses") {
    return { text: { format: named ? { type: "json_schema", ...named } : { type: "json_object" } } };
  }
  // Structured output goes through `guided_json` where `response_format` is not accepted.
  if (facts.info?.guidedJson === true && facts.info.jsonMode !== true) {
    return { guided_json: foldSchema(schema ?? { type: "object" }, name, description) };
  }
  if (facts.info?.jsonMode === false) {
    warnings.push(
      unsupported(
        "responseFormat",
        `${facts.modelId} is not listed as supporting JSON mode; response_format was sent anyway.`,
      ),
    );
  }
  const response_format = schema
    ? {
        type: "json_schema",
        json_schema: facts.jsonSchemaForm === "named" ? named : foldSchema(schema, name, description),
      }
    : { type: "json_object" };
  return { response_format };
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
  const folded = { ...schema };
  if (folded.title === undefined && name !== undefined) folded.title = name;
  if (folded.description === undefined && description !== undefined) folded.description = description;
  return folded;
}
