export {
  createBindingRealtimeConnector,
  createRestRealtimeConnector,
  type RealtimeConnection,
  type RealtimeConnectRequest,
  type WorkersAIRealtimeConfig,
  type WorkersAIRealtimeConnector,
} from "./connect";
export { streamSpeech, streamTranscription } from "./models";
export type { RealtimeSocket } from "./socket";
