export { DEFAULT_GATEWAY_ID } from "../transport/gateway-options";
export type { DelegateProviderOptions } from "./call-options";
export { type ClientFallbackLeg, createClientFallbackModel } from "./client-fallback";
export {
  GatewayDelegateError,
  type GatewayDelegateErrorKind,
  type GatewayErrorCode,
  type GatewayErrorContext,
  type GatewayFallbackAttempt,
  parseGatewayErrorBody,
  WorkersAIFallbackError,
  WorkersAIGatewayError,
  type WorkersAIGatewayErrorDetails,
  type WorkersAIGatewayErrorOptions,
} from "./errors";
export {
  createGatewayFetch,
  createGatewayProvider,
  type GatewayFetchConfig,
  type GatewayProviderConfig,
} from "./gateway-fetch";
export { GatewayLanguageModel, type WorkersAIChatModelFor } from "./gateway-language-model";
export { GATEWAY_PLACEHOLDER_API_KEY, type GatewayUniversalEntry } from "./headers";
export {
  classifySlug,
  type ParsedSlug,
  parseSlug,
  type SlugRoute,
  selectTransport,
  type TransportSelection,
} from "./plan";
export {
  DYNAMIC_ROUTE_PREFIX,
  detectGatewayProvider,
  detectProviderByUrl,
  findGatewayProvider,
  findProviderBySlug,
  GATEWAY_AUTH_HEADERS,
  GATEWAY_PROVIDERS,
  GATEWAY_SLUG_PREFIXES,
  type GatewayBilling,
  type GatewayProviderEntry,
  type GatewayProviderInfo,
  type GatewayProviderPrefix,
  type GatewayWireFormat,
  isWorkersAINativeSlug,
  WORKERS_AI_NATIVE_SLUGS,
  wireableProviders,
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
  ProviderPlugin,
  ResumeExpiredPolicy,
  WorkersAIChatSettingsFor,
  WorkersAINativeSlug,
  WorkersAIProviderPlugin,
} from "./types";
