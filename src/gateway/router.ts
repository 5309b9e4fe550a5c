import { GatewayLanguageModel } from "./gateway-language-model";
import { parseSlug } from "./plan";
import type { DelegateCallOptions, GatewayRouter } from "./types";

/**
 * The router shared by every plugin. `createWorkersAI` reaches it only through `providers[i].router`,
 * so a Worker that never imports a plugin never bundles gateway code.
 */
export const gatewayRouter: GatewayRouter = {
  languageModel({ modelId, settings, provider }) {
    if (parseSlug(modelId).kind === "workers-ai") return undefined;
    return new GatewayLanguageModel(modelId, (settings ?? {}) as DelegateCallOptions, provider);
  },
};
