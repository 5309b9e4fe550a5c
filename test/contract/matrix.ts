/** The calls users make through the AI SDK, per model task: the contract test runs each against every catalog model. */
import {
  embedMany,
  generateImage,
  generateSpeech,
  generateText,
  jsonSchema,
  type ModelMessage,
  Output,
  rerank,
  streamText,
  tool,
  transcribe,
} from "ai";
import { z } from "zod";
import type { WorkersAIModelInfo } from "../../src/catalog";
import type { WorkersAIProvider } from "../../src/provider";
import { PNG_BYTES, wavBytes } from "../media/helpers";

/** One user call: a name for reports and the call itself. */
export interface MatrixCall {
  name: string;
  run(workersai: WorkersAIProvider): Promise<unknown>;
}

const weather = tool({
  description: "Get the weather for a city",
  inputSchema: z.object({
    city: z.string().describe("City name"),
    days: z.number().int().min(1).max(7).optional(),
    unit: z.enum(["c", "f"]).nullable(),
    stops: z.array(z.object({ name: z.string() })).optional(),
  }),
});
const time = tool({ inputSchema: z.object({ zone: z.string() }) });
const recipe = z.object({
  name: z.string(),
  ingredients: z.array(z.object({ name: z.string(), amount: z.string() })),
  steps: z.array(z.string()),
});

const toolHistory: ModelMessage[] = [
  { role: "user", content: "Weather in Paris?" },
  {
    role: "assistant",
    content: [
      { type: "reasoning", text: "Looking it up." },
      { type: "text", text: "Let me check." },
      {
        type: "tool-call",
        toolCallId: "call1abcd",
        toolName: "weather",
        input: { city: "Paris", unit: "c" },
      },
    ],
  },
  {
    role: "tool",
    content: [
      {
        type: "tool-result",
        toolCallId: "call1abcd",
        toolName: "weather",
        output: { type: "json", value: { temperature: 18 } },
      },
    ],
  },
  { role: "user", content: "And tomorrow?" },
];

/** Errors are the contract test's concern only through the request they sent. */
const ignore = () => {};

/** Drains a `streamText` result (its errors surface through the promise, not the stream). */
async function drain(result: ReturnType<typeof streamText>): Promise<void> {
  for await (const _ of result.fullStream);
}

/** Chat calls: prompt, sampling, tools, history, structured output, images, reasoning, the Responses form. */
function chatCalls(info: WorkersAIModelInfo): MatrixCall[] {
  const model = (workersai: WorkersAIProvider) => workersai(info.id);
  const calls: MatrixCall[] = [
    { name: "prompt", run: (w) => generateText({ model: model(w), prompt: "Hello" }) },
    {
      name: "stream prompt",
      run: (w) => drain(streamText({ model: model(w), prompt: "Hello", onError: ignore })),
    },
    {
      name: "system + every sampling option",
      run: (w) =>
        generateText({
          model: model(w),
          system: "Be brief.",
          prompt: "Hello",
          maxOutputTokens: 100,
          temperature: 0.7,
          topP: 0.9,
          topK: 40,
          seed: 7,
          stopSequences: ["END"],
          frequencyPenalty: 0.5,
          presencePenalty: 0.5,
        }),
    },
    {
      name: "extreme sampling values",
      run: (w) =>
        generateText({ model: model(w), prompt: "Hello", temperature: 9, topP: 3, frequencyPenalty: -3 }),
    },
    ...(["auto", "none", "required", "named"] as const).map((choice) => ({
      name: `tools, toolChoice ${choice}`,
      run: (w: WorkersAIProvider) =>
        generateText({
          model: model(w),
          prompt: "Weather in Paris?",
          tools: { weather, time },
          toolChoice: choice === "named" ? { type: "tool", toolName: "weather" } : choice,
        }),
    })),
    {
      name: "tool history",
      run: (w) => generateText({ model: model(w), messages: toolHistory, tools: { weather, time } }),
    },
    {
      name: "Output.object with generateText",
      run: (w) =>
        generateText({
          model: model(w),
          prompt: "Recipe for spaghetti bolognese",
          output: Output.object({ schema: recipe }),
        }),
    },
    {
      name: "Output.object with name and description, streamText",
      run: (w) =>
        drain(
          streamText({
            model: model(w),
            prompt: "Recipe",
            output: Output.object({ schema: recipe, name: "recipe", description: "A recipe" }),
            onError: ignore,
          }),
        ),
    },
    {
      name: "Output.object with a titled JSON schema",
      run: (w) =>
        generateText({
          model: model(w),
          prompt: "Recipe",
          output: Output.object({
            schema: jsonSchema<{ name: string }>({
              type: "object",
              title: "Recipe",
              description: "Own description",
              properties: { name: { type: "string" } },
              required: ["name"],
              additionalProperties: false,
            }),
            name: "recipe",
            description: "Call description",
          }),
        }),
    },
    {
      name: "Output.json (no schema)",
      run: (w) => generateText({ model: model(w), prompt: "JSON", output: Output.json() }),
    },
    {
      name: "image input",
      run: (w) =>
        generateText({
          model: model(w),
          messages: [
            {
              role: "user",
              content: [
                { type: "text", text: "What is in this image?" },
                { type: "image", image: PNG_BYTES, mediaType: "image/png" },
              ],
            },
          ],
        }),
    },
    ...(["low", "high", "none"] as const).map((reasoning) => ({
      name: `reasoning ${reasoning}`,
      run: (w: WorkersAIProvider) => generateText({ model: model(w), prompt: "Think", reasoning }),
    })),
    ...([null, "low", "medium", "high", "none"] as const).map((effort) => ({
      name: `providerOptions reasoning_effort ${JSON.stringify(effort)}`,
      run: (w: WorkersAIProvider) =>
        generateText({
          model: model(w),
          prompt: "Think",
          providerOptions: { "workers-ai": { reasoning_effort: effort } },
        }),
    })),
    {
      name: "chat_template_kwargs enable_thinking false",
      run: (w) =>
        generateText({
          model: model(w),
          prompt: "Hello",
          providerOptions: { "workers-ai": { chat_template_kwargs: { enable_thinking: false } } },
        }),
    },
  ];
  if (info.responsesInput === true || info.family === "responses") {
    const responses = { "workers-ai": { responsesApi: true } };
    calls.push(
      {
        name: "Responses form: prompt + sampling",
        run: (w) =>
          generateText({
            model: model(w),
            system: "Be brief.",
            prompt: "Hello",
            temperature: 0.5,
            topP: 0.9,
            maxOutputTokens: 50,
            providerOptions: responses,
          }),
      },
      {
        name: "Responses form: forced tool",
        run: (w) =>
          generateText({
            model: model(w),
            prompt: "Weather?",
            tools: { weather },
            toolChoice: { type: "tool", toolName: "weather" },
          }),
      },
      {
        name: "Responses form: tool history",
        run: (w) =>
          generateText({
            model: model(w),
            messages: toolHistory,
            tools: { weather },
            providerOptions: responses,
          }),
      },
      {
        name: "Responses form: Output.object",
        run: (w) =>
          generateText({
            model: model(w),
            prompt: "Recipe",
            output: Output.object({ schema: recipe }),
            providerOptions: responses,
          }),
      },
      ...(["low", "high"] as const).map((reasoning) => ({
        name: `Responses form: reasoning ${reasoning}`,
        run: (w: WorkersAIProvider) =>
          generateText({ model: model(w), prompt: "Think", reasoning, providerOptions: responses }),
      })),
    );
  }
  return calls;
}

const DOCS = ["Cloudflare Workers run JavaScript at the edge.", "A cookie is data in the browser."];

/** Embedding calls with every option README lists. */
function embeddingCalls(info: WorkersAIModelInfo): MatrixCall[] {
  const settingsList = [
    {},
    { pooling: "cls" as const },
    { truncate_inputs: true },
    { inputType: "query" as const, instruction: "Find passages" },
    { inputType: "document" as const },
  ];
  return settingsList.map((settings) => ({
    name: `embedMany ${JSON.stringify(settings)}`,
    run: (w) => embedMany({ model: w.textEmbedding(info.id, settings), values: DOCS }),
  }));
}

/** Image calls with every option README lists. */
function imageCalls(info: WorkersAIModelInfo): MatrixCall[] {
  const model = (w: WorkersAIProvider) => w.image(info.id);
  const calls: MatrixCall[] = [
    { name: "prompt", run: (w) => generateImage({ model: model(w), prompt: "A mountain" }) },
    {
      name: "size, seed, n = 2",
      run: (w) => generateImage({ model: model(w), prompt: "A mountain", size: "768x512", seed: 7, n: 2 }),
    },
    {
      name: "aspectRatio",
      run: (w) => generateImage({ model: model(w), prompt: "A lake", aspectRatio: "16:9" }),
    },
    {
      name: "every provider option",
      run: (w) =>
        generateImage({
          model: model(w),
          prompt: "A lake",
          providerOptions: {
            "workers-ai": {
              num_steps: 4,
              steps: 4,
              guidance: 7,
              negative_prompt: "blur",
              strength: 0.5,
              width: 512,
              height: 512,
            },
          },
        }),
    },
    {
      name: "input image",
      run: (w) => generateImage({ model: model(w), prompt: { text: "Make it blue", images: [PNG_BYTES] } }),
    },
    {
      name: "input image and mask",
      run: (w) =>
        generateImage({
          model: model(w),
          prompt: { text: "Fill", images: [PNG_BYTES], mask: PNG_BYTES },
        }),
    },
  ];
  return calls;
}

const WHISPER_OPTIONS = {
  language: "fr",
  task: "translate" as const,
  vad_filter: true,
  initial_prompt: "Meeting notes",
  prefix: "Bonjour",
  beam_size: 5,
  condition_on_previous_text: false,
  no_speech_threshold: 0.5,
  compression_ratio_threshold: 2.4,
  log_prob_threshold: -1,
  hallucination_silence_threshold: 1,
};

const NOVA_OPTIONS = {
  language: "en",
  detect_language: true,
  punctuate: true,
  smart_format: true,
  diarize: true,
  utterances: true,
  paragraphs: true,
  keyterm: ["Workers", "Cloudflare"],
  keywords: "edge",
  numerals: true,
  profanity_filter: true,
  redact: ["pci", "ssn"],
  replace: "a:b",
  search: "edge",
  sentiment: true,
  topics: true,
  mode: "general" as const,
  mip_opt_out: true,
  encoding: "linear16",
  channels: 1,
  multichannel: false,
};

/** Transcription calls with every option README lists. */
function transcriptionCalls(info: WorkersAIModelInfo): MatrixCall[] {
  const audio = wavBytes();
  return [
    { name: "audio", run: (w) => transcribe({ model: w.transcription(info.id), audio }) },
    {
      name: "whisper options",
      run: (w) => transcribe({ model: w.transcription(info.id, WHISPER_OPTIONS), audio }),
    },
    {
      name: "nova-3 options",
      run: (w) => transcribe({ model: w.transcription(info.id, NOVA_OPTIONS), audio }),
    },
  ];
}

/** Speech calls with every option README lists. */
function speechCalls(info: WorkersAIModelInfo): MatrixCall[] {
  const model = (w: WorkersAIProvider) => w.speech(info.id);
  const formats = ["mp3", "wav", "opus", "flac", "aac", "linear16"];
  return [
    { name: "text", run: (w) => generateSpeech({ model: model(w), text: "Hello" }) },
    {
      name: "voice asteria",
      run: (w) => generateSpeech({ model: model(w), text: "Hello", voice: "asteria" }),
    },
    {
      name: "unknown voice",
      run: (w) => generateSpeech({ model: model(w), text: "Hello", voice: "nobody" }),
    },
    { name: "language", run: (w) => generateSpeech({ model: model(w), text: "Hola", language: "es" }) },
    {
      name: "speed and instructions",
      run: (w) => generateSpeech({ model: model(w), text: "Hi", speed: 1.2, instructions: "calm" }),
    },
    ...formats.map((outputFormat) => ({
      name: `outputFormat ${outputFormat}`,
      run: (w: WorkersAIProvider) => generateSpeech({ model: model(w), text: "Hello", outputFormat }),
    })),
  ];
}

/** Rerank calls with every option README lists. */
function rerankCalls(info: WorkersAIModelInfo): MatrixCall[] {
  const model = (w: WorkersAIProvider) => w.reranking(info.id);
  return [
    { name: "rerank", run: (w) => rerank({ model: model(w), query: "What is Workers?", documents: DOCS }) },
    {
      name: "rerank topN",
      run: (w) => rerank({ model: model(w), query: "What is Workers?", documents: DOCS, topN: 1 }),
    },
    {
      name: "rerank object documents",
      run: (w) =>
        rerank({ model: model(w), query: "Workers?", documents: DOCS.map((text) => ({ text })), topN: 2 }),
    },
  ];
}

/** Realtime-only speech recognition (Deepgram flux): its published input is a WebSocket handshake, no audio. */
export function isRealtimeOnly(info: WorkersAIModelInfo): boolean {
  return info.task === "automatic-speech-recognition" && info.realtime === true && !info.transcription;
}

/** The matrix of calls for a catalog model, by task (text tasks and realtime-only models get none). */
export function callsFor(info: WorkersAIModelInfo): MatrixCall[] {
  if (info.reranking) return rerankCalls(info);
  if (isRealtimeOnly(info)) return [];
  switch (info.task) {
    case "text-generation":
      return chatCalls(info);
    case "text-embeddings":
      return embeddingCalls(info);
    case "text-to-image":
      return imageCalls(info);
    case "automatic-speech-recognition":
      return transcriptionCalls(info);
    case "text-to-speech":
      return speechCalls(info);
    default:
      return [];
  }
}
