export {
  createBindingRealtimeConnector,
  createRestRealtimeConnector,
  type RealtimeConnection,
  type RealtimeConnectRequest,
  type WorkersAIRealtimeConnector,
} from "./connect";
export { type RealtimeStreamingModel, streamSpeech, streamTranscription } from "./models";
export { type WorkersAIRealtimeConfig, type WorkersAIRealtimePlugin, workersAIRealtime } from "./plugin";
export type { RealtimeSocket } from "./socket";
