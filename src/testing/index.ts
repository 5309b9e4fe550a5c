/**
 * `workers-ai-provider/testing`: a local Workers AI emulator for tests and offline development.
 *
 * @packageDocumentation
 */
export type { EmulatorTask, ModelSearchObject, ModelSearchParams } from "./catalog";
export { createWorkersAIEmulator } from "./emulator";
export { crc32, encodeJpeg, encodeMp3, encodePng, encodeWav, type Rgb } from "./media";
export { parseSseData } from "./sse";
export type {
  AiSearchDocument,
  EmulatedAISearchInstance,
  EmulatedAiBinding,
  EmulatedAiGateway,
  EmulatedAiGatewayLog,
  EmulatedAiOptions,
  EmulatedAiSearchChatRequest,
  EmulatedAiSearchChatResponse,
  EmulatedAiSearchChunk,
  EmulatedAiSearchNamespace,
  EmulatedAiSearchRequest,
  EmulatedAiSearchResponse,
  EmulatedAutoRAG,
  EmulatedAutoRagRequest,
  EmulatedAutoRagSearchResponse,
  EmulatedGatewayOptions,
  EmulatorBatchOptions,
  EmulatorModelHandler,
  EmulatorModelReply,
  EmulatorModelRequest,
  EmulatorRequestLogEntry,
  EmulatorServer,
  EmulatorTransport,
  ScriptedError,
  ScriptedReply,
  ScriptedToolCall,
  ScriptedUsage,
  WorkersAIEmulator,
  WorkersAIEmulatorOptions,
} from "./types";
