export type { RealtimeConnection, RealtimeConnectRequest, WorkersAIRealtimeConnector } from "./connect";
export type { RealtimeStreamingModel } from "./models";
export { type WorkersAIRealtimePlugin, workersAIRealtime } from "./plugin";
export type { RealtimeSocket, SocketEvent } from "./socket";
