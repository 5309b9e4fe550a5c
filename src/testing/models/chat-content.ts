/**
 * What the emulator's built-in chat models say: a deterministic "small model" that answers greetings and
 * questions in short markdown prose, calls a tool only when the request matches the tool's name or
 * description (arguments taken from the message), answers from tool results, and fills structured output
 * with values whose meaning fits each field. Every choice comes from a hash of the request (and its
 * `seed`), so the same request always gets the same answer.
 */
import { hashString, isRecord, wordsOf } from "../util";
import { valueFromSchema } from "./json-schema";

/** A tool as the model sees it. */
interface ContentTool {
  name: string;
  description?: string;
  parameters: unknown;
}

/** What the answer is based on. */
export interface ContentRequest {
  model: string;
  lastUserText: string;
  /** Results of the tool calls answered since the last assistant turn, in order. */
  toolResults: { name?: string; content: string }[];
  tools: ContentTool[];
  /** `auto` calls a tool when one matches; `required` always calls one; a name calls that tool. */
  toolUse: "none" | "auto" | "required" | { name: string };
  jsonMode: boolean;
  jsonSchema?: unknown;
  /** The request's `seed`: another seed picks other phrasings. */
  seed?: number;
}

/** The answer, before it is cut to `max_tokens` and put on the wire. */
export interface ContentReply {
  reasoning: string;
  text: string;
  json?: unknown;
  toolCalls: { name: string; args: unknown }[];
}

const STOPWORDS = new Set(
  (
    "a an the and or but if then of to in on at for from by with about into over under is are was were be " +
    "been being am do does did done can could should would will shall may might must i me my you your we our " +
    "us it its this that these those there here what whats which who whom whose why how when where please " +
    "tell give show make write let lets get got like just some any all much many more most very really also " +
    "hi hello hey thanks thank know want need use using have has had not no yes so than too out up down now " +
    "today current currently right one two three s t generate create suggest describe explain list " +
    "provide plan draft summarise summarize recommend"
  ).split(" "),
);

/** Words of a tool's name or description that say nothing about what it is for. */
const GENERIC_TOOL_WORDS = new Set(
  "get set fetch find look lookup retrieve return returns tool function call given data info information value".split(
    " ",
  ),
);

const PLACE_KEYS =
  /^(city|town|place|location|loc|country|region|state|destination|origin|from|to|where|address)$/i;
const FREE_TEXT_KEYS = /^(query|q|search|text|input|prompt|question|message|term|keywords?)$/i;

/** Answers the request the way a small, well-behaved model would. */
export function composeReply(req: ContentRequest): ContentReply {
  const pick = picker(req);
  if (req.toolResults.length > 0) return answerFromToolResults(req, pick);
  const repeat = REPEAT.exec(req.lastUserText.trim())?.[1];
  if (repeat !== undefined && !req.jsonMode && (req.toolUse === "auto" || req.toolUse === "none"))
    return { reasoning: "The user wants their words repeated exactly.", text: repeat, toolCalls: [] };
  if (req.toolUse !== "none" && req.tools.length > 0) {
    const calls = plannedToolCalls(req);
    if (calls) return calls;
  }
  if (req.jsonMode) return structuredAnswer(req);
  return proseAnswer(req, pick);
}

type Pick = <T>(options: readonly T[], salt?: string) => T;

function picker(req: ContentRequest): Pick {
  const base = `${req.model}|${req.seed ?? ""}|${req.lastUserText}`;
  return (options, salt = "") => options[hashString(`${base}|${salt}`) % options.length];
}

/** Singular, lower-case form used to compare words ("cities" ~ "city", "forecasts" ~ "forecast"). */
function stem(word: string): string {
  const w = word.toLowerCase();
  if (w.length > 4 && w.endsWith("ies")) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss")) return w.slice(0, -1);
  return w;
}

/** `getWeather` / `get_weather` / `get-weather` → ["get", "weather"]. */
function nameWords(name: string): string[] {
  return wordsOf(name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " "));
}

function contentWords(text: string): string[] {
  return wordsOf(text).filter((w) => w.length > 2 && !STOPWORDS.has(w));
}

/** {@link contentWords} in the message's own casing ("Alice", not "alice"). */
function casedContentWords(text: string): string[] {
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 2 && !STOPWORDS.has(w.toLowerCase()));
}

/** Words that name the kind of thing asked for ("a recipe for …", "a poem about …"). */
const KINDS = new Set(
  "recipe story poem haiku summary list plan guide essay overview explanation".split(" "),
);
const PREPOSITIONS = new Set("in for with using within at to on from by of".split(" "));

/**
 * The message's subject in its own casing: "Explain Workers AI in one paragraph" → "Workers AI",
 * "Recipe for spaghetti bolognese" → "spaghetti bolognese", "Write a haiku about autumn" → "autumn".
 */
function topicOf(text: string): string {
  const about = /\babout\s+(?:the\s+|a\s+|an\s+)?([^.?!]+)/i.exec(text)?.[1];
  if (about) return about.trim().split(/\s+/).slice(0, 5).join(" ");
  const isStop = (w: string) => STOPWORDS.has(w.toLowerCase().replace(/'.*$/, ""));
  let words: string[] = text.match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? [];
  while (words.length > 0 && isStop(words[0])) words = words.slice(1);
  if (words.length > 2 && KINDS.has(words[0].toLowerCase()) && PREPOSITIONS.has(words[1].toLowerCase()))
    words = words.slice(2);
  const end = words.findIndex((w, i) => i > 0 && PREPOSITIONS.has(w.toLowerCase()));
  const subject = (end === -1 ? words : words.slice(0, end)).filter((w) => !isStop(w));
  return subject.slice(0, 4).join(" ") || "your message";
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function titleCase(text: string): string {
  return text.split(/\s+/).map(capitalise).join(" ");
}

// ---------------------------------------------------------------------------------------------- prose

/** "Repeat after me: …", "Repeat: …", "Say exactly: …": the rest, verbatim (a known text without a script). */
const REPEAT = /^(?:repeat after me|repeat|say exactly)\s*:\s*([\s\S]+)$/i;
const GREETING = /^\s*(hi|hello|hey|hiya|howdy|greetings|good (morning|afternoon|evening)|yo)\b/i;
const ABOUT_YOU = /\b(who|what) are you\b|\bintroduce yourself\b|\byour name\b/i;
const THANKS = /^\s*(thanks|thank you|cheers|much appreciated)\b/i;
const QUESTION_START =
  /^\s*(what|why|how|when|where|who|which|can|could|is|are|do|does|did|should|would|will|explain|describe)\b/i;

function proseAnswer(req: ContentRequest, pick: Pick): ContentReply {
  const text = req.lastUserText.trim();
  const topic = topicOf(text);
  if (text === "") {
    return {
      reasoning: "The message is empty. I'll ask what the user wants.",
      text: "Your message looks empty. What would you like to talk about?",
      toolCalls: [],
    };
  }
  if (GREETING.test(text) || ABOUT_YOU.test(text)) {
    const opener = pick(["Hello!", "Hi there!", "Hey!"], "greet");
    return {
      reasoning:
        "The user greets me and wants to know who I am. I'll introduce myself briefly and offer help.",
      text:
        `${opener} I'm a small model answering from the **local Workers AI emulator**, standing in for ` +
        `\`${req.model}\`.\n\nI can:\n\n- chat and answer questions in a few sentences,\n` +
        "- call the tools you give me when a request matches one,\n" +
        "- return JSON that fits a schema.\n\nWhat would you like to try?",
      toolCalls: [],
    };
  }
  if (THANKS.test(text)) {
    return {
      reasoning: "The user thanks me. A short, friendly reply is enough.",
      text: pick(
        ["You're welcome! Anything else I can help with?", "Glad I could help. What's next?"],
        "thanks",
      ),
      toolCalls: [],
    };
  }
  if (text.endsWith("?") || QUESTION_START.test(text)) {
    const intro = pick(
      [
        `Good question. Here's a short answer about **${topic}**:`,
        `Here's what matters most about **${topic}**:`,
        `In short, **${topic}** comes down to a few points:`,
      ],
      "question",
    );
    const points = pick(
      [
        [
          "Start from the basic idea and what it is for.",
          "Look at the one or two factors that change the outcome most.",
          "Check the details against a reliable source before relying on them.",
        ],
        [
          "The short answer depends on your context.",
          "Most cases follow one common pattern; the exceptions are worth knowing.",
          "A small example usually makes it clear.",
        ],
      ],
      "points",
    );
    return {
      reasoning: `The user asks about ${topic}. I'll give a short, structured answer.`,
      text:
        `${intro}\n\n${points.map((p) => `- ${p}`).join("\n")}\n\n` +
        "_This answer comes from the local emulator, so it is a placeholder rather than real knowledge._",
      toolCalls: [],
    };
  }
  return {
    reasoning: `The user asks me to work on ${topic}. I'll outline a plan in a few steps.`,
    text:
      `${pick(["Sure.", "Happy to help.", "Of course."], "ack")} Here's a first take on **${topic}**:\n\n` +
      "1. Pin down the goal and what a good result looks like.\n" +
      "2. Do the smallest useful version first.\n" +
      "3. Review it and refine the parts that matter.\n\n" +
      "Tell me if you'd like more detail on any step.",
    toolCalls: [],
  };
}

// ---------------------------------------------------------------------------------------------- tools

function toolKeywords(tool: ContentTool): { name: Set<string>; description: Set<string> } {
  const useful = (w: string) => w.length > 2 && !STOPWORDS.has(w) && !GENERIC_TOOL_WORDS.has(w);
  return {
    name: new Set(nameWords(tool.name).filter(useful).map(stem)),
    description: new Set(
      contentWords(tool.description ?? "")
        .filter(useful)
        .map(stem),
    ),
  };
}

/** How well the message matches a tool: 2 per word of its name, 1 per word of its description. */
function toolScore(tool: ContentTool, message: Set<string>): number {
  const { name, description } = toolKeywords(tool);
  let score = 0;
  for (const w of name) if (message.has(w)) score += 2;
  for (const w of description) if (message.has(w) && !name.has(w)) score += 1;
  return score;
}

function plannedToolCalls(req: ContentRequest): ContentReply | undefined {
  const message = new Set(contentWords(req.lastUserText).map(stem));
  const { toolUse } = req;
  let tool: ContentTool | undefined;
  if (typeof toolUse === "object") tool = req.tools.find((t) => t.name === toolUse.name);
  else {
    const ranked = req.tools
      .map((t) => ({ t, score: toolScore(t, message) }))
      .sort((a, b) => b.score - a.score);
    if (ranked[0].score > 0) tool = ranked[0].t;
    else if (toolUse === "required") tool = req.tools[0];
  }
  if (!tool) return undefined;
  const argsList = argumentsFor(tool, req.lastUserText);
  const shown = argsList.map((args) => JSON.stringify(args)).join(" and ");
  return {
    reasoning: `The request matches the ${tool.name} tool. I'll call it with ${shown}.`,
    text: "",
    toolCalls: argsList.map((args) => ({ name: tool.name, args })),
  };
}

/**
 * Capitalised names in the message that are not its first word ("weather in New York and Paris" →
 * ["New York", "Paris"]); a name right after "in/for/at/to/from" counts even at the start.
 */
function placesIn(text: string): string[] {
  const places: string[] = [];
  const pattern = /(^|[\s,(])((?:\p{Lu}[\p{L}'-]+)(?:\s+\p{Lu}[\p{L}'-]+)*)/gu;
  for (const match of text.matchAll(pattern)) {
    const name = match[2];
    const start = (match.index ?? 0) + match[1].length;
    const before = text.slice(0, start).trimEnd();
    const first = before === "" || /[.!?]$/.test(before);
    const afterPreposition = /\b(in|for|at|to|from|near)$/i.test(before);
    if (STOPWORDS.has(name.toLowerCase()) || (first && !afterPreposition)) continue;
    if (!places.includes(name)) places.push(name);
  }
  return places;
}

/** "City name, e.g. London" → "London". */
function exampleIn(description: unknown): string | undefined {
  if (typeof description !== "string") return undefined;
  return /\be\.g\.,?\s*["'`]?([^"'`,;)]+)/i.exec(description)?.[1]?.trim().replace(/\.$/, "");
}

function propertiesOf(schema: unknown): [string, Record<string, unknown>][] {
  if (!isRecord(schema) || !isRecord(schema.properties)) return [];
  return Object.entries(schema.properties).filter((e): e is [string, Record<string, unknown>] =>
    isRecord(e[1]),
  );
}

function isPlaceField(key: string, node: Record<string, unknown>): boolean {
  return (
    PLACE_KEYS.test(key) ||
    (node.type === "string" && /\b(city|location|place|town|country)\b/i.test(String(node.description ?? "")))
  );
}

/** One argument object per place the message names (parallel calls), else one. */
function argumentsFor(tool: ContentTool, message: string): unknown[] {
  const properties = propertiesOf(tool.parameters);
  const placeKey = properties.find(([key, node]) => isPlaceField(key, node))?.[0];
  const places = placesIn(message);
  const numbers = (message.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number);
  const lower = message.toLowerCase();
  const topic = topicOf(message);
  const build = (place: string | undefined) =>
    valueFromSchema(tool.parameters, casedContentWords(message), (path, node) => {
      if (path.length !== 1) return undefined;
      const key = path[0];
      if (Array.isArray(node.enum)) return node.enum.find((v) => lower.includes(String(v).toLowerCase()));
      if (node.type === "number" || node.type === "integer") return numbers.shift();
      if (node.type !== "string" && node.type !== undefined) return undefined;
      if (key === placeKey) return place ?? exampleIn(node.description) ?? capitalise(topic);
      if (FREE_TEXT_KEYS.test(key)) return message.trim().replace(/[?!.]+$/, "");
      return undefined;
    });
  if (placeKey && places.length > 1) return places.slice(0, 3).map(build);
  return [build(places[0])];
}

// ---------------------------------------------------------------------------------------- tool results

/** `temperatureC` → "Temperature", unit "°C"; `wind_speed_kmh` → "Wind speed kmh". */
function describeField(key: string): { label: string; unit: string } {
  const words = nameWords(key);
  const unitWord = key.match(/(?<=[a-z])(C|F)$/)?.[1];
  if (unitWord) words.pop();
  return { label: capitalise(words.join(" ")), unit: unitWord ? ` °${unitWord}` : "" };
}

const SUBJECT_KEYS = ["city", "location", "name", "title", "place", "country", "id"];

function summariseResult(toolName: string, content: string): string {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    value = content;
  }
  const what = nameWords(toolName)
    .filter((w) => !GENERIC_TOOL_WORDS.has(w))
    .join(" ");
  if (isRecord(value)) {
    const subjectKey = SUBJECT_KEYS.find((k) => typeof value[k] === "string");
    const subject = subjectKey ? String(value[subjectKey]) : undefined;
    const lines = Object.entries(value)
      .filter(([key]) => key !== subjectKey)
      .map(([key, field]) => {
        const { label, unit } = describeField(key);
        const shown = isRecord(field) || Array.isArray(field) ? JSON.stringify(field) : String(field);
        return `- **${label}:** ${shown}${unit}`;
      });
    const head = subject
      ? `Here's the ${what || "result"} for **${subject}**:`
      : `Here's what \`${toolName}\` returned:`;
    return lines.length > 0 ? `${head}\n\n${lines.join("\n")}` : head;
  }
  if (Array.isArray(value))
    return `\`${toolName}\` found ${value.length} item${value.length === 1 ? "" : "s"}:\n\n${value
      .slice(0, 5)
      .map((item) => `- ${typeof item === "string" ? item : JSON.stringify(item)}`)
      .join("\n")}`;
  return `\`${toolName}\` says: ${String(value)}`;
}

function answerFromToolResults(req: ContentRequest, pick: Pick): ContentReply {
  const sections = req.toolResults.map((r) => summariseResult(r.name ?? "the tool", r.content));
  const names = [...new Set(req.toolResults.map((r) => r.name ?? "the tool"))].join(", ");
  const closing = pick(
    [
      "Anything else you'd like me to look up?",
      "Let me know if you need more detail.",
      "Want me to check anything else?",
    ],
    "closing",
  );
  return {
    reasoning: `${names} answered. I'll summarise the result for the user.`,
    text: `${sections.join("\n\n")}\n\n${closing}`,
    toolCalls: [],
  };
}

// ------------------------------------------------------------------------------------ structured output

/** [amount, ingredient]. */
const INGREDIENTS: [string, string][] = [
  ["200 g", "flour"],
  ["2", "eggs"],
  ["250 ml", "milk"],
  ["1 tbsp", "olive oil"],
  ["1 tsp", "salt"],
  ["1", "onion"],
];
const RECIPE_STEPS = [
  "Prepare and measure all the ingredients.",
  "Mix the dry ingredients, then stir in the wet ones.",
  "Cook over medium heat until golden.",
  "Season to taste and serve warm.",
];
const GENERIC_STEPS = [
  "Gather what you need.",
  "Do the first small step and check the result.",
  "Repeat until it is done, then review.",
];

/** A value whose meaning fits the field, by its name ("ingredients", "steps", "title", "email", …). */
function fieldValue(
  path: string[],
  node: Record<string, unknown>,
  topic: string,
  recipe: boolean,
  places: string[],
): unknown {
  const key = [...path].reverse().find((p) => !/^\d+$/.test(p)) ?? "";
  const index = Number([...path].reverse().find((p) => /^\d+$/.test(p)) ?? 0);
  const parent =
    path
      .slice(0, -1)
      .reverse()
      .find((p) => !/^\d+$/.test(p)) ?? "";
  const k = key.toLowerCase();
  const type = Array.isArray(node.type) ? node.type.find((t) => t !== "null") : node.type;
  if (type === "string" || type === undefined) {
    const [amount, ingredient] = INGREDIENTS[index % INGREDIENTS.length];
    if (/^(name|item)$/.test(k) && /ingredient/.test(parent.toLowerCase())) return ingredient;
    if (/ingredient/.test(k)) return `${amount} ${ingredient}`;
    if (/^(amount|quantity|qty)$/.test(k)) return amount;
    if (/step|instruction|direction|method/.test(k))
      return (recipe ? RECIPE_STEPS : GENERIC_STEPS)[index % (recipe ? RECIPE_STEPS : GENERIC_STEPS).length];
    if (/^(name|title|recipe|recipename|heading|label)$/.test(k.replace(/[_-]/g, "")))
      return recipe
        ? `Classic ${titleCase(topic.replace(/\brecipe\b/i, "").trim() || "pancakes")}`
        : capitalise(topic);
    if (PLACE_KEYS.test(k)) return places[index % Math.max(1, places.length)] ?? "London";
    if (/description|summary|answer|explanation|reason|text|content|body|overview/.test(k))
      return `A short overview of ${topic}.`;
    if (/(tag|keyword|topic|categor)/.test(k))
      return [...casedContentWords(topic), "general", "example", "notes"][
        index % (casedContentWords(topic).length + 3)
      ];
    if (/^(author|firstname|first_name|person|user|username)$/.test(k)) return "Ada";
    if (/^(lastname|last_name|surname)$/.test(k)) return "Lovelace";
    if (/email/.test(k)) return "ada@example.com";
    if (/(zip|postcode|postal)/.test(k)) return "SW1A 1AA";
    if (/(url|link|website)/.test(k)) return "https://example.com/";
    if (/(time|duration)/.test(k)) return "30 minutes";
    if (/(language|lang)/.test(k)) return "English";
    if (/(colou?r)/.test(k)) return "blue";
    if (/(sentiment|mood)/.test(k)) return "positive";
    if (/cuisine/.test(k)) return "Italian";
    if (/difficulty|level/.test(k)) return "easy";
    return undefined;
  }
  if (type === "number" || type === "integer") {
    const within = (n: number) => {
      const min = typeof node.minimum === "number" ? node.minimum : Number.NEGATIVE_INFINITY;
      const max = typeof node.maximum === "number" ? node.maximum : Number.POSITIVE_INFINITY;
      return n >= min && n <= max ? n : undefined;
    };
    if (/(serving|portion|people)/.test(k)) return within(4);
    if (/(minute|time|duration)/.test(k)) return within(30);
    if (/(calorie|kcal)/.test(k)) return within(450);
    if (/age/.test(k)) return within(36);
    if (/(price|cost)/.test(k)) return within(12.5);
    if (/year/.test(k)) return within(2024);
    if (/(rating|score|stars)/.test(k)) return within(4);
    if (/(temp)/.test(k)) return within(18);
    return undefined;
  }
  return undefined;
}

function structuredAnswer(req: ContentRequest): ContentReply {
  const topic = topicOf(req.lastUserText);
  const recipe = /\b(recipe|cook|bake|dish|meal|ingredients?)\b/i.test(req.lastUserText);
  const places = placesIn(req.lastUserText);
  const json =
    req.jsonSchema !== undefined
      ? valueFromSchema(req.jsonSchema, casedContentWords(req.lastUserText), (path, node) =>
          fieldValue(path, node, topic, recipe, places),
        )
      : { answer: req.lastUserText.trim() === "" ? "(empty)" : `A short overview of ${topic}.` };
  return {
    reasoning: `The user wants structured output about ${topic}. I'll fill each field with a fitting value.`,
    text: JSON.stringify(json),
    json,
    toolCalls: [],
  };
}
