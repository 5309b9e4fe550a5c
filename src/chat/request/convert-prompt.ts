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
import { PROVIDER_OPTIONS_KEY } from "../../model-config";

/**
 * URLs chat models take as they are: none. Workers AI accepts images only as `data:` URLs (http URLs are
 * rejected), so the AI SDK downloads every URL before calling the model and hands the bytes over.
 */
export const chatSupportedUrls: Record<string, RegExp[]> = {};

/** A content part of a chat `messages` entry. */
type WorkersAIChatContentPart =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string } };

/** A tool call in an assistant message (arguments as a JSON string). */
interface WorkersAIChatToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/** One entry of the chat `messages` array (`content` is never `null`). */
export type WorkersAIChatMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string | WorkersAIChatContentPart[] }
  | { role: "assistant"; content: string; reasoning?: string; tool_calls?: WorkersAIChatToolCall[] }
  | { role: "tool"; tool_call_id: string; name: string; content: string };

/**
 * Messages for a model whose published schema takes string `content` only: content parts become their text.
 * With `imageField` (llama-3.2-11b-vision: one image in a top-level `image` field) the first image goes there as
 * bytes; every other image does not fit the schema: a warning each, not sent.
 */
export function toStringContent(
  messages: WorkersAIChatMessage[],
  options: Pick<ConvertPromptOptions, "modelId" | "warnings">,
  imageField: boolean,
): { messages: WorkersAIChatMessage[]; image?: number[] } {
  let image: number[] | undefined;
  const converted = messages.map((message): WorkersAIChatMessage => {
    if (message.role !== "user" || typeof message.content === "string") return message;
    const texts: string[] = [];
    for (const part of message.content) {
      if (part.type === "text") {
        texts.push(part.text);
      } else if (imageField && image === undefined) {
        const { url } = part.image_url;
        image = Array.from(convertBase64ToUint8Array(url.slice(url.indexOf(",") + 1)));
      } else {
        options.warnings.push({
          type: "unsupported",
          feature: "image input",
          details: imageField
            ? `${options.modelId} takes one image per request (its \`image\` field); only the first image was sent.`
            : `${options.modelId} takes text content only; the image was not sent.`,
        });
      }
    }
    return { role: "user", content: texts.join("\n") };
  });
  return image === undefined ? { messages: converted } : { messages: converted, image };
}

/** A content part of a Responses-form input message. */
type WorkersAIResponsesContentPart =
  | { type: "input_text"; text: string }
  | { type: "input_image"; image_url: string; detail: "auto" };

/** One item of the Responses-form `input` array. */
export type WorkersAIResponsesInputItem =
  | { role: "system" | "user"; content: WorkersAIResponsesContentPart[] }
  | { role: "assistant"; content: string }
  | { type: "function_call"; call_id: string; name: string; arguments: string }
  | { type: "function_call_output"; call_id: string; output: string };

/** How a prompt is converted. */
export interface ConvertPromptOptions {
  modelId: string;
  /** The model accepts images; images in tool results are dropped with a warning when it does not. */
  vision: boolean;
  /** The catalog says the model takes no images (user images are still sent, with a warning). */
  knownWithoutVision?: boolean;
  warnings: SharedV4Warning[];
  /**
   * Pattern the model's schema declares for tool-call ids (mistral-small-3.1: `[a-zA-Z0-9]{9}`). Ids that do not
   * match it are replaced by a stable 9-character alphanumeric id derived from them, the same in the assistant
   * call and its result.
   */
  toolCallIdPattern?: string;
}

/** Text sent as a tool result when the user denied running the tool. */
export const TOOL_EXECUTION_DENIED_TEXT = "The user denied running this tool call.";

/**
 * Maps each AI SDK tool-call id of the prompt to the model's own id, which the provider put on the tool-call
 * part as `providerOptions["workers-ai"].toolCallId`. Ids without such an entry map to themselves.
 */
function collectOriginalToolCallIds(
  prompt: LanguageModelV4Prompt,
  toolCallIdPattern?: string,
): Map<string, string> {
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
  return toolCallIdPattern === undefined ? ids : conformIds(ids, toolCallIdPattern);
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Replaces ids that do not match `pattern` by distinct 9-character alphanumeric ids derived from them. */
function conformIds(ids: Map<string, string>, pattern: string): Map<string, string> {
  let matcher: RegExp;
  try {
    matcher = new RegExp(`^(?:${pattern})$`);
  } catch {
    return ids;
  }
  const taken = new Set(ids.values());
  const replacements = new Map<string, string>();
  const conformed = new Map<string, string>();
  for (const [sdkId, id] of ids) {
    if (matcher.test(id)) {
      conformed.set(sdkId, id);
      continue;
    }
    let replacement = replacements.get(id);
    if (replacement === undefined) {
      let salt = 0;
      do replacement = shortId(`${id}#${salt++}`);
      while (taken.has(replacement));
      taken.add(replacement);
      replacements.set(id, replacement);
    }
    conformed.set(sdkId, matcher.test(replacement) ? replacement : id);
  }
  return conformed;
}

/** A 9-character alphanumeric digest of `text` (two FNV-1a hashes). */
function shortId(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    a = Math.imul(a ^ text.charCodeAt(i), 0x01000193) >>> 0;
    b = Math.imul(b ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  let out = "";
  for (let i = 0; i < 9; i++) {
    if (i % 2 === 0) {
      out += ALPHANUMERIC[a % 62];
      a = (Math.floor(a / 62) + Math.imul(b, 2654435761)) >>> 0;
    } else {
      out += ALPHANUMERIC[b % 62];
      b = (Math.floor(b / 62) + Math.imul(a, 2246822519)) >>> 0;
    }
  }
  return out;
}

/** Converts an AI SDK prompt to Workers AI chat `messages` (spec 3.6). */
export function convertToWorkersAIChatMessages(
  prompt: LanguageModelV4Prompt,
  options: ConvertPromptOptions,
): WorkersAIChatMessage[] {
  const { warnings } = options;
  const ids = collectOriginalToolCallIds(prompt, options.toolCallIdPattern);
  const messages: WorkersAIChatMessage[] = [];
  // Images from tool results wait for the end of the tool-message run: a user message between two tool
  // messages would break the assistant/tool pairing.
  let pendingImages: WorkersAIChatContentPart[] = [];
  const flushImages = () => {
    if (pendingImages.length === 0) return;
    messages.push({ role: "user", content: pendingImages });
    pendingImages = [];
  };

  for (const message of prompt) {
    if (message.role !== "tool") flushImages();
    switch (message.role) {
      case "system":
        messages.push({ role: "system", content: message.content });
        break;

      case "user": {
        const parts: WorkersAIChatContentPart[] = [];
        let hasImage = false;
        for (const part of message.content) {
          if (part.type === "text") {
            parts.push({ type: "text", text: part.text });
          } else {
            hasImage = true;
            parts.push({ type: "image_url", image_url: { url: userImageDataUrl(part, options) } });
          }
        }
        messages.push({
          role: "user",
          content: hasImage ? parts : parts.map((part) => (part.type === "text" ? part.text : "")).join("\n"),
        });
        break;
      }

      case "assistant": {
        let text = "";
        let reasoning = "";
        const toolCalls: WorkersAIChatToolCall[] = [];
        for (const part of message.content) {
          switch (part.type) {
            case "text":
              text += part.text;
              break;
            case "reasoning":
              reasoning += part.text;
              break;
            case "tool-call":
              toolCalls.push({
                id: ids.get(part.toolCallId) ?? part.toolCallId,
                type: "function",
                function: { name: part.toolName, arguments: stringifyToolInput(part.input) },
              });
              break;
            default:
              warnDroppedAssistantPart(part.type, warnings);
          }
        }
        messages.push({
          role: "assistant",
          content: text,
          ...(reasoning.length > 0 ? { reasoning } : {}),
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        });
        break;
      }

      case "tool":
        for (const part of message.content) {
          // Approval responses only concern provider-executed tools, which Workers AI does not have.
          if (part.type !== "tool-result") continue;
          const { text, images } = toolResultContent(part, options);
          messages.push({
            role: "tool",
            tool_call_id: ids.get(part.toolCallId) ?? part.toolCallId,
            name: part.toolName,
            content: text,
          });
          if (images.length > 0) {
            pendingImages.push({ type: "text", text: `Images returned by ${part.toolName}:` });
            for (const url of images) pendingImages.push({ type: "image_url", image_url: { url } });
          }
        }
        break;
    }
  }
  flushImages();
  return messages;
}

/** Converts an AI SDK prompt to the Responses form: leading system messages become `instructions`. */
export function convertToWorkersAIResponsesInput(
  prompt: LanguageModelV4Prompt,
  options: ConvertPromptOptions,
): { input: WorkersAIResponsesInputItem[]; instructions?: string } {
  const { warnings } = options;
  const ids = collectOriginalToolCallIds(prompt, options.toolCallIdPattern);
  const input: WorkersAIResponsesInputItem[] = [];
  const instructions: string[] = [];
  let pendingImages: WorkersAIResponsesContentPart[] = [];
  const flushImages = () => {
    if (pendingImages.length === 0) return;
    input.push({ role: "user", content: pendingImages });
    pendingImages = [];
  };

  for (const message of prompt) {
    if (message.role !== "tool") flushImages();
    switch (message.role) {
      case "system":
        if (input.length === 0) instructions.push(message.content);
        else input.push({ role: "system", content: [{ type: "input_text", text: message.content }] });
        break;

      case "user":
        input.push({
          role: "user",
          content: message.content.map((part) =>
            part.type === "text"
              ? { type: "input_text", text: part.text }
              : { type: "input_image", image_url: userImageDataUrl(part, options), detail: "auto" },
          ),
        });
        break;

      case "assistant": {
        let text = "";
        const flushText = () => {
          if (text.length > 0) input.push({ role: "assistant", content: text });
          text = "";
        };
        for (const part of message.content) {
          switch (part.type) {
            case "text":
              text += part.text;
              break;
            case "reasoning":
              // gpt-oss (harmony) discards the reasoning of earlier turns itself, so it is not replayed.
              break;
            case "tool-call":
              flushText();
              input.push({
                type: "function_call",
                call_id: ids.get(part.toolCallId) ?? part.toolCallId,
                name: part.toolName,
                arguments: stringifyToolInput(part.input),
              });
              break;
            default:
              warnDroppedAssistantPart(part.type, warnings);
          }
        }
        flushText();
        break;
      }

      case "tool":
        for (const part of message.content) {
          if (part.type !== "tool-result") continue;
          const { text, images } = toolResultContent(part, options);
          input.push({
            type: "function_call_output",
            call_id: ids.get(part.toolCallId) ?? part.toolCallId,
            output: text,
          });
          if (images.length > 0) {
            pendingImages.push({ type: "input_text", text: `Images returned by ${part.toolName}:` });
            for (const url of images)
              pendingImages.push({ type: "input_image", image_url: url, detail: "auto" });
          }
        }
        break;
    }
  }
  flushImages();
  return { input, ...(instructions.length > 0 ? { instructions: instructions.join("\n\n") } : {}) };
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
  if (droppedFiles) {
    warnings.push({
      type: "unsupported",
      feature: "raw",
      details: "raw mode sends text only; the files were not sent.",
    });
  }
  return texts.join("\n\n");
}

/** Puts the safe prompt in front of the messages, joined with a leading system message when there is one. */
export function prependSystemText(messages: WorkersAIChatMessage[], text: string): WorkersAIChatMessage[] {
  const [first, ...rest] = messages;
  if (first?.role === "system") return [{ role: "system", content: `${text}\n\n${first.content}` }, ...rest];
  return [{ role: "system", content: text }, ...messages];
}

function warnDroppedAssistantPart(type: string, warnings: SharedV4Warning[]): void {
  warnings.push({
    type: "unsupported",
    feature: `assistant ${type} part`,
    details: `Workers AI chat history cannot carry assistant ${type} parts; it was not sent.`,
  });
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
  options: ConvertPromptOptions,
): { text: string; images: string[] } {
  const images: string[] = [];
  const text = toolResultText(part.output, (item) => {
    if (item.type !== "file") {
      options.warnings.push({
        type: "unsupported",
        feature: "custom tool result content",
        details: `custom content returned by ${part.toolName} was not sent.`,
      });
    } else if (getTopLevelMediaType(item.mediaType) === "image" && item.data.type !== "reference") {
      if (!options.vision) {
        options.warnings.push({
          type: "unsupported",
          feature: "images in tool results",
          details: `${options.modelId} cannot read images; the image returned by ${part.toolName} was not sent.`,
        });
        return "[image omitted: this model cannot read images]";
      }
      const url = imageDataUrl(item, options.warnings, `tool result of ${part.toolName}`);
      if (url) images.push(url);
    } else {
      options.warnings.push({
        type: "unsupported",
        feature: `tool result file ${item.mediaType}`,
        details: `Workers AI tool results carry text and images only; a ${item.mediaType} file returned by ${part.toolName} was not sent.`,
      });
    }
    return undefined;
  });
  return { text, images };
}

/** The data URL of a user image part; non-image files and non-inline data are `UnsupportedFunctionalityError`s. */
function userImageDataUrl(part: LanguageModelV4FilePart, options: ConvertPromptOptions): string {
  if (getTopLevelMediaType(part.mediaType) !== "image") {
    throw new UnsupportedFunctionalityError({
      functionality: `file part of media type ${part.mediaType}`,
      message: `Workers AI chat models accept image files only; a file of media type "${part.mediaType}" cannot be sent.`,
    });
  }
  if (options.knownWithoutVision) {
    options.warnings.push({
      type: "unsupported",
      feature: "image input",
      details: `${options.modelId} is not listed as vision-capable; the image was sent anyway.`,
    });
  }
  const url = imageDataUrl(part, undefined, "user message");
  if (url === undefined) {
    throw new UnsupportedFunctionalityError({
      functionality: `image ${part.data.type}`,
      message: `Workers AI needs the image bytes (Uint8Array, base64 or data URL); an image given as a ${part.data.type} cannot be sent.`,
    });
  }
  return url;
}

/**
 * The `data:` URL of an image. URLs that are not data URLs cannot be sent (the AI SDK downloads them first
 * because {@link chatSupportedUrls} is empty); they end in an error for user images, a warning in tool results.
 */
function imageDataUrl(
  part: { data: LanguageModelV4FilePart["data"]; mediaType: string },
  warnings: SharedV4Warning[] | undefined,
  where: string,
): string | undefined {
  const data = part.data;
  if (data.type === "data") {
    if (typeof data.data === "string" && data.data.startsWith("data:")) return data.data;
    const mediaType = isFullMediaType(part.mediaType)
      ? part.mediaType
      : (detectMediaType({ data: data.data, topLevelType: "image" }) ?? "image/jpeg");
    return `data:${mediaType};base64,${convertToBase64(data.data)}`;
  }
  if (data.type === "url") {
    const href = data.originalUrl ?? data.url.href;
    if (data.url.protocol === "data:") return href;
    if (warnings === undefined) {
      throw new UnsupportedFunctionalityError({
        functionality: "image URL",
        message: `Workers AI accepts images as data only, not as URLs (${where}); pass the bytes or let the AI SDK download the URL.`,
      });
    }
  }
  warnings?.push({
    type: "unsupported",
    feature: `image ${data.type}`,
    details: `Workers AI needs image bytes; an image given as a ${data.type} in the ${where} was not sent.`,
  });
  return undefined;
}
