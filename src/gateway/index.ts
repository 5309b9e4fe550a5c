export { DEFAULT_GATEWAY_ID, type DelegateProviderOptions } from "./call-options";
export {
  GatewayDelegateError,
  type GatewayErrorCode,
  type GatewayErrorContext,
  type GatewayFallbackAttempt,
  parseGatewayErrorBody,
  WorkersAIFallbackError,
  WorkersAIGatewayError,
} from "./errors";
export { createGatewayFetch, createGatewayProvider, type GatewayFetchConfig } from "./gateway-fetch";
export { GatewayLanguageModel } from "./gateway-language-model";
export { GATEWAY_PLACEHOLDER_API_KEY, type GatewayUniversalEntry } from "./headers";
export { type ParsedSlug, parseSlug } from "./plan";
export {
  DYNAMIC_ROUTE_PREFIX,
  detectGatewayProvider,
  findGatewayProvider,
  GATEWAY_AUTH_HEADERS,
  GATEWAY_PROVIDERS,
  GATEWAY_SLUG_PREFIXES,
  type GatewayBilling,
  type GatewayProviderEntry,
  type GatewayProviderPrefix,
  type GatewayWireFormat,
  isWorkersAINativeSlug,
  WORKERS_AI_NATIVE_SLUGS,
} from "./registry";
export { createResumableStream, type ResumableStreamOptions } from "./resumable-stream";
export type {
  DelegateCallOptions,
  GatewayBinding,
  GatewayBindingHandle,
  GatewayDispatchInfo,
  GatewayFallbackLeg,
  GatewayFallbackOptions,
  GatewayMetadata,
  GatewayModelId,
  GatewayRouter,
  GatewayTransportKind,
  PluginModelSettings,
  ResumeExpiredPolicy,
  WorkersAIChatModelFor,
  WorkersAIChatSettingsFor,
  WorkersAINativeSlug,
  WorkersAIProviderPlugin,
} from "./types";
