export { WorkersAITranscriptionModel } from "./transcription-model";
export type {
  WorkersAINova3Options,
  WorkersAITranscriptionSettings,
  WorkersAIWhisperOptions,
} from "./transcription-settings";
