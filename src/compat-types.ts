/**
 * The type names of workers-ai-provider 4.x, as aliases of this package's types, so code written for 4.x
 * compiles unchanged (MIGRATION.md lists the few whose shape differs).
 */
import type { AISearchProvider, AISearchProviderSettings, WorkersAIAISearchSettings } from "./ai-search";
import type { ClientFallbackLeg } from "./gateway/client-fallback";
import type { GatewayFallbackAttempt } from "./gateway/errors";
import type { GatewayBilling, GatewayWireFormat } from "./gateway/registry";
import type { GatewayDispatchInfo, GatewayFallbackOptions, GatewayTransportKind } from "./gateway/types";
import type { WorkersAIProvider, WorkersAIProviderSettings } from "./provider";

/** 4.x name of {@link WorkersAIProvider}. */
export type WorkersAI = WorkersAIProvider;
/** 4.x name of {@link WorkersAIProviderSettings}. */
export type WorkersAISettings = WorkersAIProviderSettings;
/** 4.x name of {@link AISearchProviderSettings}. */
export type AISearchSettings = AISearchProviderSettings;
/** 4.x name of {@link AISearchProviderSettings} (deprecated there too). */
export type AutoRAGSettings = AISearchProviderSettings;
/** 4.x name of {@link AISearchProvider} (deprecated there too). */
export type AutoRAGProvider = AISearchProvider;
/** 4.x name of {@link WorkersAIAISearchSettings}. */
export type AISearchChatSettings = WorkersAIAISearchSettings;
/** 4.x name of {@link WorkersAIAISearchSettings} (deprecated there too). */
export type AutoRAGChatSettings = WorkersAIAISearchSettings;
/** 4.x name of {@link GatewayDispatchInfo}. */
export type DispatchInfo = GatewayDispatchInfo;
/** 4.x name of {@link GatewayFallbackAttempt}. */
export type FallbackAttempt = GatewayFallbackAttempt;
/** 4.x name of {@link ClientFallbackLeg} (a leg of `createClientFallbackModel`). */
export type FallbackLeg = ClientFallbackLeg;
/** 4.x name of {@link GatewayFallbackOptions}. */
export type FallbackOptions = GatewayFallbackOptions;
/** 4.x name of {@link GatewayTransportKind}. */
export type Transport = GatewayTransportKind;
/** 4.x name of the wire formats a plugin speaks. */
export type WireFormat = Exclude<GatewayWireFormat, "native">;
/** 4.x name of {@link GatewayBilling}. */
export type Billing = GatewayBilling;
