import { UnsupportedFunctionalityError } from "@ai-sdk/provider";

/**
 * `doStream` of a transcription or speech model whose provider was created without `realtime`: releases the
 * caller's input and rejects with the import that enables it (realtime code is opt-in, kept out of bundles).
 */
export async function realtimeNotEnabled(
  call: "experimental_streamTranscribe" | "experimental_streamSpeech",
  input: ReadableStream<unknown>,
): Promise<never> {
  const error = new UnsupportedFunctionalityError({
    functionality: call === "experimental_streamTranscribe" ? "streaming transcription" : "streaming speech",
    message:
      `${call} needs realtime audio, which is opt-in: add \`import { workersAIRealtime } from "workers-ai-provider";\` ` +
      "and pass createWorkersAI({ …, realtime: workersAIRealtime }).",
  });
  await input.cancel(error).catch(() => {});
  throw error;
}
