export { createWorkersAI, type WorkersAIProvider, type WorkersAIProviderSettings } from "./provider";
export type { WorkersAIBinding } from "./transport/binding";
export type { GatewayOptions } from "./transport/gateway-options";
export {
  WORKERS_AI_ERROR_CODES,
  type WorkersAIErrorData,
  workersAICodeOf,
} from "./transport/errors";
