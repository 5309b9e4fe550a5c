/**
 * Catalog facts read off one of Cloudflare's published model files (`task`, `properties`, `schema.input`),
 * independently of src/catalog: what test/catalog/published-facts.test.ts and scripts/catalog-check.mjs compare
 * the catalog with. A fact the file does not state is left out (undefined), never guessed.
 */

/** Published task names ("Text Generation") → catalog task names. */
export const TASKS = {
  "Text Generation": "text-generation",
  "Text Embeddings": "text-embeddings",
  "Text-to-Image": "text-to-image",
  "Automatic Speech Recognition": "automatic-speech-recognition",
  "Text-to-Speech": "text-to-speech",
  "Text Classification": "text-classification",
  Translation: "translation",
  Summarization: "summarization",
};

/** Published price units → catalog price fields. */
export const PRICE_UNITS = {
  "per M input tokens": "inputPerMillionTokensUsd",
  "per M output tokens": "outputPerMillionTokensUsd",
  "per M cached input tokens": "cachedInputPerMillionTokensUsd",
  "per 512 by 512 tile": "perTileUsd",
  "per step": "perStepUsd",
  "per input 512x512 tile, per step": "perInputTilePerStepUsd",
  "per output 512x512 tile, per step": "perOutputTilePerStepUsd",
  "per audio minute": "perAudioMinuteUsd",
  "per 1k characters": "perThousandCharactersUsd",
};

/** Wire names of the sampling parameters a chat input schema may list. */
export const SAMPLING_WIRE_NAMES = [
  "max_tokens",
  "max_completion_tokens",
  "temperature",
  "top_p",
  "top_k",
  "seed",
  "repetition_penalty",
  "frequency_penalty",
  "presence_penalty",
  "stop",
];

/** Property values of a published file by id. */
export function publishedProperties(published) {
  return Object.fromEntries((published.properties ?? []).map((p) => [p.property_id, p.value]));
}

/** Every object schema with `properties` reachable through `oneOf`/`anyOf` from the input root. */
function objectBranches(schema) {
  if (!schema || typeof schema !== "object") return [];
  const nested = [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])].flatMap(objectBranches);
  return schema.properties ? [schema, ...nested] : nested;
}

/** The non-null alternative of `anyOf: [x, {type: "null"}]` (and `x` itself otherwise). */
function nonNull(schema) {
  const options = schema?.anyOf ?? schema?.oneOf;
  if (!Array.isArray(options)) return schema;
  const real = options.filter((s) => s?.type !== "null");
  return real.length === 1
    ? { ...real[0], ...(schema.default !== undefined ? { default: schema.default } : {}) }
    : schema;
}

/** The chat branch (the one taking `messages`), else the first branch. */
function chatBranch(branches) {
  return branches.find((b) => b.properties.messages) ?? branches[0];
}

function flag(properties, id) {
  return properties[id] === "true" || properties[id] === true ? true : undefined;
}

function prices(value) {
  if (!Array.isArray(value)) return undefined;
  const price = {};
  for (const entry of value) {
    const field = PRICE_UNITS[entry?.unit];
    if (field === undefined) throw new Error(`unknown published price unit ${JSON.stringify(entry?.unit)}`);
    price[field] = entry.price;
  }
  return price;
}

/** `reasoning_effort` string enum of the input schema (or the Responses `reasoning.effort` enum). */
function schemaEfforts(branches) {
  for (const branch of branches) {
    const effort = nonNull(branch.properties.reasoning_effort);
    if (Array.isArray(effort?.enum))
      return {
        values: effort.enum,
        default: effort.default,
        nullable: effort !== branch.properties.reasoning_effort,
      };
  }
  for (const branch of branches) {
    const effort = branch.properties.reasoning?.properties?.effort;
    if (Array.isArray(effort?.enum)) return { values: effort.enum, default: effort.default, responses: true };
  }
  return undefined;
}

function range(schema) {
  const s = nonNull(schema);
  const out = {};
  if (typeof s?.minimum === "number") out.min = s.minimum;
  if (typeof s?.maximum === "number") out.max = s.maximum;
  if (typeof s?.default === "number") out.default = s.default;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The first schema found under a `properties.<name>` key anywhere inside `schema`. */
function findProperty(schema, name) {
  if (!schema || typeof schema !== "object") return undefined;
  if (schema.properties?.[name] !== undefined) return schema.properties[name];
  for (const child of Object.values(schema)) {
    const found = findProperty(child, name);
    if (found !== undefined) return found;
  }
  return undefined;
}

function textGenerationFacts(properties, branches, derived, description) {
  const facts = {};
  const chat = chatBranch(branches);
  const p = chat.properties;
  facts.tools = p.tools !== undefined || flag(properties, "function_calling") ? true : undefined;
  facts.toolsSchemaOnly = facts.tools && !flag(properties, "function_calling") ? true : undefined;
  const content = p.messages?.items?.properties?.content;
  const contentParts = JSON.stringify(content ?? {}).includes('"image_url"');
  const imageField = p.image !== undefined;
  // The legacy generator lists `image` / `image_url` on text-only models too, and a derived schema (x-fidelity-derived)
  // copies image parts from a template: without the vision property, images count only where the model's own
  // description speaks of them.
  const describesImages = /vision|image|visual|multimodal/i.test(description ?? "");
  const vision =
    flag(properties, "vision") ??
    (!derived && describesImages && (imageField || contentParts) ? true : undefined);
  facts.vision = vision;
  if (vision) facts.visionInput = imageField ? "image-field" : "content-parts";
  facts.stringContentOnly = content?.type === "string" ? true : undefined;
  facts.maxPromptCharacters =
    content?.maxLength ?? branches.find((b) => b.properties.prompt)?.properties.prompt.maxLength;
  facts.toolCallIdPattern = p.messages?.items?.properties?.tool_call_id?.pattern;
  const responseFormat = nonNull(p.response_format);
  facts.jsonMode = responseFormat !== undefined;
  const jsonSchema = responseFormat && findProperty(responseFormat, "json_schema");
  if (jsonSchema) facts.jsonSchemaForm = jsonSchema.required?.includes("name") ? "named" : "bare";
  facts.guidedJson = p.guided_json !== undefined ? true : undefined;
  facts.thinking = flag(properties, "reasoning");
  const published = properties.reasoning_effort;
  const efforts = schemaEfforts(branches);
  const kwargs = nonNull(p.chat_template_kwargs)?.properties;
  if (efforts || published || kwargs) {
    const reasoning = {};
    if (efforts) reasoning.efforts = efforts.values;
    const defaultEffort = published?.default_effort ?? efforts?.default;
    if (defaultEffort !== undefined) reasoning.defaultEffort = defaultEffort;
    const mandatory = published?.mandatory === true || kwargs?.enable_thinking?.enum?.length === 1;
    if (mandatory) reasoning.mandatory = true;
    if (efforts?.values.includes("none")) reasoning.disableWith = "none-effort";
    else if (!mandatory && kwargs?.enable_thinking !== undefined)
      reasoning.disableWith = "enable-thinking-false";
    reasoning.canDisable = reasoning.disableWith !== undefined;
    if (published?.normalizes_to) {
      reasoning.effortAliases = Object.fromEntries(
        Object.entries(published.normalizes_to).filter(([from]) => from !== "null"),
      );
    }
    if (kwargs) reasoning.chatTemplateKwargs = Object.keys(kwargs);
    facts.reasoning = reasoning;
    if (published?.supported_efforts && efforts) facts.publishedEfforts = published.supported_efforts;
  }
  facts.samplingParameters = SAMPLING_WIRE_NAMES.filter((name) => p[name] !== undefined);
  const ranges = {};
  for (const name of facts.samplingParameters) {
    if (name === "max_tokens" || name === "max_completion_tokens") continue;
    const r = range(p[name]);
    if (r) ranges[name] = r;
  }
  facts.samplingRanges = ranges;
  const maxTokensDefault = nonNull(p.max_tokens)?.default;
  if (typeof maxTokensDefault === "number") facts.platformDefaultMaxTokens = maxTokensDefault;
  return facts;
}

/**
 * The catalog facts one published model file states. Fields: id, task, contextWindow, price, beta, partner,
 * realtime, asyncQueue, requiresPaid, plannedDeprecationDate, embeddingDimensions; for text generation also
 * the capability, structured-output, reasoning and sampling facts of its input schema (`schemaKnown` false
 * when the stored file has no input schema to read them from).
 */
export function publishedFacts(file) {
  const { published } = file;
  const properties = publishedProperties(published);
  const task = TASKS[published.task?.name];
  const contextWindow = Number(properties.context_window ?? properties.max_input_tokens);
  const facts = {
    id: published.name,
    task,
    contextWindow: Number.isFinite(contextWindow) ? contextWindow : undefined,
    price: prices(properties.price),
    beta: flag(properties, "beta"),
    partner: flag(properties, "partner"),
    realtime: flag(properties, "realtime"),
    asyncQueue: flag(properties, "async_queue"),
    requiresPaid: flag(properties, "require_workers_paid"),
    lora: flag(properties, "lora"),
    plannedDeprecationDate: properties.planned_deprecation_date,
    embeddingDimensions:
      properties.output_dimensions !== undefined ? Number(properties.output_dimensions) : undefined,
  };
  const input = published.schema?.input;
  const branches = objectBranches(input);
  facts.schemaKnown = branches.length > 0;
  if (task === "text-generation" && facts.schemaKnown) {
    Object.assign(
      facts,
      textGenerationFacts(
        properties,
        branches,
        input["x-fidelity-derived"] !== undefined,
        published.description,
      ),
    );
  } else if (task === "text-generation") {
    facts.thinking = flag(properties, "reasoning");
    facts.tools = flag(properties, "function_calling");
    facts.vision = flag(properties, "vision");
  }
  return facts;
}

/** USD price fields a published file can state (neurons come from the pricing page only). */
const USD_PRICE_FIELDS = Object.values(PRICE_UNITS);

/**
 * Facts the catalog knowingly states although the published file does not, each with the reason (the tests name
 * them; the catalog check does not report them).
 */
export const KNOWN_DIFFERENCES = {
  "@cf/qwen/qwq-32b": {
    thinking: "the file has no reasoning property; its model description and our wire notes say it reasons",
  },
};

function usdPrice(price) {
  return Object.fromEntries(
    USD_PRICE_FIELDS.filter((f) => price?.[f] !== undefined).map((f) => [f, price[f]]),
  );
}

function reasoningOfRow(reasoning) {
  if (reasoning === undefined) return undefined;
  return {
    ...(reasoning.efforts !== undefined ? { efforts: reasoning.efforts } : {}),
    ...(reasoning.defaultEffort !== undefined ? { defaultEffort: reasoning.defaultEffort } : {}),
    ...(reasoning.mandatory ? { mandatory: true } : {}),
    ...(reasoning.disableWith !== undefined ? { disableWith: reasoning.disableWith } : {}),
    canDisable: reasoning.canDisable,
    ...(reasoning.effortAliases !== undefined ? { effortAliases: reasoning.effortAliases } : {}),
    ...(reasoning.chatTemplateKwargs !== undefined
      ? { chatTemplateKwargs: reasoning.chatTemplateKwargs }
      : {}),
  };
}

/**
 * The facts a published file states next to the same facts of a catalog row, field by field
 * (`[field, catalog value, published value]`); booleans compare as "stated true" or not. A file without a price
 * leaves the row's price (from the pricing page) unchecked.
 */
export function factPairs(info, facts) {
  const bool = (v) => v === true;
  const pairs = [
    ["task", info.task, facts.task],
    ["contextWindow", info.contextWindow, facts.contextWindow],
    ["beta", bool(info.beta), bool(facts.beta)],
    ["partner", bool(info.partner), bool(facts.partner)],
    ["realtime", bool(info.realtime), bool(facts.realtime)],
    ["asyncQueue", bool(info.asyncQueue), bool(facts.asyncQueue)],
    ["requiresPaid", bool(info.requiresPaid), bool(facts.requiresPaid)],
    ["lora", bool(info.lora), bool(facts.lora)],
    ["plannedDeprecationDate", info.plannedDeprecationDate, facts.plannedDeprecationDate],
  ];
  if (facts.price !== undefined) pairs.push(["price", usdPrice(info.price), facts.price]);
  if (facts.embeddingDimensions !== undefined) {
    pairs.push(["embedding.dimensions", info.embedding?.dimensions, facts.embeddingDimensions]);
  }
  if (facts.task !== "text-generation") return pairs;
  pairs.push(
    ["tools", bool(info.tools), bool(facts.tools)],
    ["vision", bool(info.vision), bool(facts.vision)],
    ["thinking", bool(info.thinking), bool(facts.thinking)],
  );
  if (!facts.schemaKnown) return pairs;
  pairs.push(
    ["toolsSchemaOnly", bool(info.toolsSchemaOnly), bool(facts.toolsSchemaOnly)],
    ["visionInput", info.visionInput, facts.visionInput],
    ["stringContentOnly", bool(info.stringContentOnly), bool(facts.stringContentOnly)],
    ["maxPromptCharacters", info.maxPromptCharacters, facts.maxPromptCharacters],
    ["toolCallIdPattern", info.toolCallIdPattern, facts.toolCallIdPattern],
    ["jsonMode", info.jsonMode, facts.jsonMode],
    ["jsonSchemaForm", info.jsonSchemaForm, facts.jsonSchemaForm],
    ["guidedJson", bool(info.guidedJson), bool(facts.guidedJson)],
    [
      "reasoning",
      facts.reasoning === undefined ? undefined : reasoningOfRow(info.reasoning),
      facts.reasoning,
    ],
    [
      "samplingParameters",
      [...(info.samplingParameters ?? [])].sort(),
      [...(facts.samplingParameters ?? [])].sort(),
    ],
    ["samplingRanges", info.samplingRanges ?? {}, facts.samplingRanges],
    ["platformDefaultMaxTokens", info.platformDefaultMaxTokens, facts.platformDefaultMaxTokens],
  );
  return pairs;
}

/** JSON with object keys sorted, so that equal facts print equal whatever order they were written in. */
function canonical(value) {
  if (value === undefined) return "unknown";
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v,
  );
}

/** Differences between a catalog row and a published file, as `field catalog → published` lines. */
export function rowDifferences(info, facts) {
  const known = KNOWN_DIFFERENCES[facts.id] ?? {};
  return factPairs(info, facts)
    .filter(([field, row, published]) => !(field in known) && canonical(row) !== canonical(published))
    .map(([field, row, published]) => `${field} ${canonical(row)} → ${canonical(published)}`);
}
