import { getModelInfo, type WorkersAIModelInfo } from "../../catalog";

/** What the request builder needs to know about a chat model. */
export interface ChatModelFacts {
  modelId: string;
  /** Catalog row, `undefined` for models the catalog does not know. */
  info: WorkersAIModelInfo | undefined;
  /** Wire family of the chat (`messages`) form; unknown models are OpenAI-shaped, as every new model is. */
  chatFamily: "legacy" | "openai";
  /** The model also understands the Responses input form (gpt-oss). */
  acceptsResponsesForm: boolean;
  /** Image inputs accepted; unknown models are assumed capable and the platform decides. */
  vision: boolean;
  /**
   * What the published schema takes as `response_format.json_schema`: OpenAI's `{ name, schema }` envelope
   * (`named`) or the JSON Schema itself (`bare`, the legacy template's "any value", whose tools declare each
   * parameter as `{ type, description }` with both required).
   */
  jsonSchemaForm: "named" | "bare";
}

/** Gathers the facts about `modelId` from the catalog, with defaults for unknown models. */
export function chatModelFacts(modelId: string): ChatModelFacts {
  const info = getModelInfo(modelId);
  const chatFamily = info?.family === "legacy" ? "legacy" : "openai";
  return {
    modelId,
    info,
    chatFamily,
    // gpt-oss ids the catalog does not know yet still take the form their siblings take.
    acceptsResponsesForm:
      info?.responsesInput === true ||
      info?.family === "responses" ||
      modelId.startsWith("@cf/openai/gpt-oss-"),
    vision: info?.vision ?? true,
    // Catalog rows state the form their published schema takes; others follow their family.
    jsonSchemaForm: info?.jsonSchemaForm ?? (chatFamily === "legacy" ? "bare" : "named"),
  };
}
