export { WorkersAISpeechModel } from "./speech-model";
export type { WorkersAIAuraEncoding, WorkersAISpeechSettings } from "./speech-settings";
