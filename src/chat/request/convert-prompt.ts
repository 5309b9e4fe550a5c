import {
  type LanguageModelV4FilePart,
  type LanguageModelV4Prompt,
  type LanguageModelV4ToolResultOutput,
  type LanguageModelV4ToolResultPart,
  type SharedV4Warning,
  UnsupportedFunctionalityError,
} from "@ai-sdk/provider";
import {
  convertBase64ToUint8Array,
  convertToBase64,
  detectMediaType,
  getTopLevelMediaType,
  isFullMediaType,
} from "@ai-sdk/provider-utils";
import { PROVIDER_OPTIONS_KEY, unsupported } from "../../model-config";
import { WORKERS_AI_SAFE_PROMPT } from "../chat-settings";
import type { ChatModelFacts } from "./model-facts";

/**
 * URLs chat models take as they are: none. Workers AI accepts images only as `data:` URLs (http URLs are
 * rejected), so the AI SDK downloads every URL before calling the model and hands the bytes over.
 */
export const chatSupportedUrls: Record<string, RegExp[]> = {};

/** A content part of a chat `messages` entry, or of a Responses-form input message. */
type ContentPart =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string } }
  | { type: "input_text"; text: string }
  | { type: "input_image"; image_url: string; detail: "auto" };

/** A tool call in an assistant message (arguments as a JSON string). */
interface WorkersAIChatToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/** One entry of the chat `messages` array (`content` is never `null`). */
type WorkersAIChatMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string | ContentPart[] }
  | { role: "assistant"; content: string; reasoning?: string; tool_calls?: WorkersAIChatToolCall[] }
  | { role: "tool"; tool_call_id: string; name: string; content: string };

/** One item of the Responses-form `input` array. */
type WorkersAIResponsesInputItem =
  | { role: "system" | "user"; content: ContentPart[] }
  | { role: "assistant"; content: string }
  | { type: "function_call"; call_id: string; name: string; arguments: string }
  | { type: "function_call_output"; call_id: string; output: string };

/**
 * The prompt as request inputs: chat `messages` (plus the top-level `image` of llama-3.2-11b-vision), or the
 * Responses `input` with its `instructions`.
 */
export interface PromptInputs {
  messages?: WorkersAIChatMessage[];
  image?: number[];
  input?: WorkersAIResponsesInputItem[];
  instructions?: string;
}

/** Text sent as a tool result when the user denied running the tool. */
export const TOOL_EXECUTION_DENIED_TEXT = "The user denied running this tool call.";

/**
 * Maps each AI SDK tool-call id of the prompt to the model's own id, which the provider put on the tool-call
 * part as `providerOptions["workers-ai"].toolCallId`. Ids without such an entry map to themselves.
 * With the `pattern` the model's schema declares for tool-call ids (mistral-small-3.1: `[a-zA-Z0-9]{9}`), ids
 * that do not match it are replaced by distinct 9-character alphanumeric ids derived from them, the same in the
 * assistant call and its result.
 */
function collectOriginalToolCallIds(prompt: LanguageModelV4Prompt, pattern?: string): Map<string, string> {
  const ids = new Map<string, string>();
  for (const message of prompt) {
    if (message.role !== "assistant") continue;
    for (const part of message.content) {
      if (part.type !== "tool-call") continue;
      const original = part.providerOptions?.[PROVIDER_OPTIONS_KEY]?.toolCallId;
      ids.set(
        part.toolCallId,
        typeof original === "string" && original.length > 0 ? original : part.toolCallId,
      );
    }
  }
  let matcher: RegExp;
  try {
    if (pattern === undefined) return ids;
    matcher = new RegExp(`^(?:${pattern})$`);
  } catch {
    return ids;
  }
  const taken = new Set(ids.values());
  const replacements = new Map<string, string>();
  for (const [sdkId, id] of ids) {
    if (matcher.test(id)) continue;
    let replacement = replacements.get(id);
    if (replacement === undefined) {
      let salt = 0;
      do replacement = shortId(`${id}#${salt++}`);
      while (taken.has(replacement));
      taken.add(replacement);
      replacements.set(id, replacement);
    }
    if (matcher.test(replacement)) ids.set(sdkId, replacement);
  }
  return ids;
}

/** A 9-character alphanumeric digest of `text`: base-36 FNV-1a hashes of it, each with its own offset basis. */
function shortId(text: string): string {
  let id = "";
  for (let basis = 0x811c9dc5; id.length < 9; basis++) {
    let hash = basis;
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
    id += hash.toString(36);
  }
  return id.slice(0, 9);
}

/**
 * Converts an AI SDK prompt to the inputs of `form` (spec 3.6): chat `messages`, or the Responses `input`, where
 * leading system messages become `instructions`. With `safePrompt`, {@link WORKERS_AI_SAFE_PROMPT} starts the
 * first system message (chat form, joined with the caller's leading one) or the instructions.
 *
 * A model whose published schema takes string `content` only gets the text of each user message; with an
 * `image` field (llama-3.2-11b-vision) the first image goes there as bytes. Every other image does not fit the
 * schema: a warning each, not sent.
 */
export function convertPrompt(
  prompt: LanguageModelV4Prompt,
  facts: ChatModelFacts,
  form: "chat" | "responses",
  warnings: SharedV4Warning[],
  safePrompt?: boolean,
): PromptInputs {
  const responses = form === "responses";
  const imageField = facts.info?.visionInput === "image-field";
  const stringContent = imageField || facts.info?.stringContentOnly === true;
  const ids = collectOriginalToolCallIds(prompt, facts.info?.toolCallIdPattern);
  const idOf = (sdkId: string) => ids.get(sdkId) ?? sdkId;
  const textPart = (text: string): ContentPart =>
    responses ? { type: "input_text", text } : { type: "text", text };
  const imagePart = (url: string): ContentPart =>
    responses
      ? { type: "input_image", image_url: url, detail: "auto" }
      : { type: "image_url", image_url: { url } };
  const items: Array<WorkersAIChatMessage | WorkersAIResponsesInputItem> = [];
  const instructions = safePrompt ? [WORKERS_AI_SAFE_PROMPT] : [];
  let image: number[] | undefined;

  // Chat user content is one string unless it carries images the model takes as content parts.
  const pushUser = (content: ContentPart[]) => {
    if (responses || (!stringContent && content.some((part) => part.type !== "text"))) {
      items.push({ role: "user", content });
      return;
    }
    const texts: string[] = [];
    for (const part of content) {
      if (part.type === "text") {
        texts.push(part.text);
      } else if (imageField && image === undefined) {
        const { url } = (part as { image_url: { url: string } }).image_url;
        image = Array.from(convertBase64ToUint8Array(url.slice(url.indexOf(",") + 1)));
      } else {
        warnings.push(
          unsupported(
            "image input",
            imageField
              ? `${facts.modelId} takes one image per request (its \`image\` field); only the first image was sent.`
              : `${facts.modelId} takes text content only; the image was not sent.`,
          ),
        );
      }
    }
    items.push({ role: "user", content: texts.join("\n") });
  };
  // Images from tool results wait for the end of the tool-message run: a user message between two tool
  // messages would break the assistant/tool pairing.
  let pendingImages: ContentPart[] = [];
  const flushImages = () => {
    if (pendingImages.length > 0) pushUser(pendingImages);
    pendingImages = [];
  };

  for (const message of prompt) {
    if (message.role !== "tool") flushImages();
    switch (message.role) {
      case "system":
        if (!responses) items.push({ role: "system", content: message.content });
        else if (items.length === 0) instructions.push(message.content);
        else items.push({ role: "system", content: [textPart(message.content)] });
        break;

      case "user":
        pushUser(
          message.content.map((part) =>
            part.type === "text" ? textPart(part.text) : imagePart(userImageDataUrl(part, facts, warnings)),
          ),
        );
        break;

      case "assistant": {
        let text = "";
        let reasoning = "";
        const toolCalls: WorkersAIChatToolCall[] = [];
        // The Responses form takes each text run and each call as its own item, in order.
        const flushText = () => {
          if (text.length > 0) items.push({ role: "assistant", content: text });
          text = "";
        };
        for (const part of message.content) {
          if (part.type === "text") {
            text += part.text;
          } else if (part.type === "reasoning") {
            // gpt-oss (harmony) discards the reasoning of earlier turns itself: the Responses form does not replay it.
            reasoning += part.text;
          } else if (part.type === "tool-call") {
            const call = { name: part.toolName, arguments: stringifyToolInput(part.input) };
            if (responses) {
              flushText();
              items.push({ type: "function_call", call_id: idOf(part.toolCallId), ...call });
            } else {
              toolCalls.push({ id: idOf(part.toolCallId), type: "function", function: call });
            }
          } else {
            warnings.push(
              unsupported(
                `assistant ${part.type} part`,
                `Workers AI chat history cannot carry assistant ${part.type} parts; it was not sent.`,
              ),
            );
          }
        }
        if (responses) flushText();
        else
          items.push({
            role: "assistant",
            content: text,
            ...(reasoning.length > 0 && { reasoning }),
            ...(toolCalls.length > 0 && { tool_calls: toolCalls }),
          });
        break;
      }

      case "tool":
        for (const part of message.content) {
          // Approval responses only concern provider-executed tools, which Workers AI does not have.
          if (part.type !== "tool-result") continue;
          const { text, images } = toolResultContent(part, facts, warnings);
          const id = idOf(part.toolCallId);
          items.push(
            responses
              ? { type: "function_call_output", call_id: id, output: text }
              : { role: "tool", tool_call_id: id, name: part.toolName, content: text },
          );
          if (images.length > 0)
            pendingImages.push(textPart(`Images returned by ${part.toolName}:`), ...images.map(imagePart));
        }
        break;
    }
  }
  flushImages();
  if (responses) {
    return {
      input: items as WorkersAIResponsesInputItem[],
      ...(instructions.length > 0 && { instructions: instructions.join("\n\n") }),
    };
  }
  const messages = items as WorkersAIChatMessage[];
  if (safePrompt) {
    const first = messages[0];
    if (first?.role === "system") first.content = `${WORKERS_AI_SAFE_PROMPT}\n\n${first.content}`;
    else messages.unshift({ role: "system", content: WORKERS_AI_SAFE_PROMPT });
  }
  return image === undefined ? { messages } : { messages, image };
}

/**
 * Flattens a prompt into the single `prompt` string of raw mode (no chat template). Only the text survives:
 * a warning says so when the prompt had anything besides one user message.
 */
export function convertToRawPrompt(prompt: LanguageModelV4Prompt, warnings: SharedV4Warning[]): string {
  const texts: string[] = [];
  let flattened = prompt.length > 1;
  let droppedFiles = false;
  for (const message of prompt) {
    if (message.role !== "user") flattened = true;
    switch (message.role) {
      case "system":
        texts.push(message.content);
        break;
      case "user":
      case "assistant": {
        const text: string[] = [];
        for (const part of message.content) {
          if (part.type === "text") text.push(part.text);
          else if (part.type === "file") droppedFiles = true;
        }
        if (text.length > 0) texts.push(text.join(message.role === "user" ? "\n" : ""));
        break;
      }
      case "tool":
        for (const part of message.content) {
          if (part.type === "tool-result") texts.push(toolResultText(part.output));
        }
        break;
    }
  }
  if (flattened) {
    warnings.push({
      type: "compatibility",
      feature: "raw",
      details:
        "raw mode sends one prompt string without a chat template: the roles, tool calls and reasoning of the messages cannot be expressed, only their text was joined.",
    });
  }
  if (droppedFiles) warnings.push(unsupported("raw", "raw mode sends text only; the files were not sent."));
  return texts.join("\n\n");
}

function stringifyToolInput(input: unknown): string {
  if (typeof input === "string") return input;
  return JSON.stringify(input ?? {});
}

type ToolResultItem = Extract<LanguageModelV4ToolResultOutput, { type: "content" }>["value"][number];

/**
 * A tool result as text, for every model and AI Search alike: text as it is, JSON serialised, a denial
 * explained ({@link TOOL_EXECUTION_DENIED_TEXT}); of `content`, the text items and inline text files, one
 * per line. Any other item is handed to `otherItem`, which may give a text to put in its place.
 */
export function toolResultText(
  output: LanguageModelV4ToolResultOutput,
  otherItem?: (item: ToolResultItem) => string | undefined,
): string {
  switch (output.type) {
    case "text":
    case "error-text":
      return output.value;
    case "json":
    case "error-json":
      return JSON.stringify(output.value);
    case "execution-denied":
      return output.reason
        ? `${TOOL_EXECUTION_DENIED_TEXT} Reason: ${output.reason}`
        : TOOL_EXECUTION_DENIED_TEXT;
    case "content": {
      const texts: string[] = [];
      for (const item of output.value) {
        const text =
          item.type === "text"
            ? item.text
            : item.type === "file" && item.data.type === "text"
              ? item.data.text
              : otherItem?.(item);
        if (text) texts.push(text);
      }
      return texts.join("\n");
    }
  }
}

/** The string content of a tool result, and the data URLs of the images it carried (when the model can see them). */
function toolResultContent(
  part: LanguageModelV4ToolResultPart,
  facts: ChatModelFacts,
  warnings: SharedV4Warning[],
): { text: string; images: string[] } {
  const images: string[] = [];
  const from = `returned by ${part.toolName}`;
  const text = toolResultText(part.output, (item) => {
    if (item.type !== "file") {
      warnings.push(unsupported("custom tool result content", `custom content ${from} was not sent.`));
    } else if (getTopLevelMediaType(item.mediaType) === "image" && item.data.type !== "reference") {
      if (!facts.vision) {
        warnings.push(
          unsupported(
            "images in tool results",
            `${facts.modelId} cannot read images; the image ${from} was not sent.`,
          ),
        );
        return "[image omitted: this model cannot read images]";
      }
      const url = imageDataUrl(item);
      if (url) images.push(url);
      else
        warnings.push(
          unsupported(
            `image ${item.data.type}`,
            `Workers AI needs image bytes; an image given as a ${item.data.type} in the tool result of ${part.toolName} was not sent.`,
          ),
        );
    } else {
      warnings.push(
        unsupported(
          `tool result file ${item.mediaType}`,
          `Workers AI tool results carry text and images only; a ${item.mediaType} file ${from} was not sent.`,
        ),
      );
    }
    return undefined;
  });
  return { text, images };
}

/**
 * The data URL of a user image part. Non-image files and images that are not inline data (the AI SDK downloads
 * URLs first because {@link chatSupportedUrls} is empty) are `UnsupportedFunctionalityError`s.
 */
function userImageDataUrl(
  part: LanguageModelV4FilePart,
  facts: ChatModelFacts,
  warnings: SharedV4Warning[],
): string {
  const { mediaType, data } = part;
  if (getTopLevelMediaType(mediaType) !== "image") {
    throw new UnsupportedFunctionalityError({
      functionality: `file part of media type ${mediaType}`,
      message: `Workers AI chat models accept image files only; a file of media type "${mediaType}" cannot be sent.`,
    });
  }
  // String-only models get their own warning when their images are left out (convertPrompt).
  if (facts.info?.vision === false && facts.info.stringContentOnly !== true) {
    warnings.push(
      unsupported(
        "image input",
        `${facts.modelId} is not listed as vision-capable; the image was sent anyway.`,
      ),
    );
  }
  const url = imageDataUrl(part);
  if (url !== undefined) return url;
  throw new UnsupportedFunctionalityError(
    data.type === "url"
      ? {
          functionality: "image URL",
          message:
            "Workers AI accepts images as data only, not as URLs (user message); pass the bytes or let the AI SDK download the URL.",
        }
      : {
          functionality: `image ${data.type}`,
          message: `Workers AI needs the image bytes (Uint8Array, base64 or data URL); an image given as a ${data.type} cannot be sent.`,
        },
  );
}

/** The `data:` URL of an image given as bytes, base64 or a data URL; `undefined` for anything else. */
function imageDataUrl(part: {
  data: LanguageModelV4FilePart["data"];
  mediaType: string;
}): string | undefined {
  const data = part.data;
  if (data.type === "data") {
    if (typeof data.data === "string" && data.data.startsWith("data:")) return data.data;
    const mediaType = isFullMediaType(part.mediaType)
      ? part.mediaType
      : (detectMediaType({ data: data.data, topLevelType: "image" }) ?? "image/jpeg");
    return `data:${mediaType};base64,${convertToBase64(data.data)}`;
  }
  if (data.type === "url" && data.url.protocol === "data:") return data.originalUrl ?? data.url.href;
  return undefined;
}
