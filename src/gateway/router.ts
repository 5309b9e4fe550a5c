import type { LanguageModelV4 } from "@ai-sdk/provider";
import { GatewayLanguageModel } from "./gateway-language-model";
import { GATEWAY_PLACEHOLDER_API_KEY } from "./headers";
import { classifySlug } from "./plan";
import type {
  DelegateCallOptions,
  GatewayRouter,
  PluginModelSettings,
  WorkersAIProviderPlugin,
} from "./types";

/**
 * The router shared by every plugin. `createWorkersAI` reaches it only through `providers[i].router`,
 * so a Worker that never imports a plugin never bundles gateway code.
 */
const gatewayRouter: GatewayRouter = {
  languageModel({ modelId, settings, provider }) {
    if (classifySlug(modelId).kind === "workers-ai") return undefined;
    return new GatewayLanguageModel(modelId, (settings ?? {}) as DelegateCallOptions, provider);
  },
};

/** A package plugin: `build` makes the upstream model; `create` is the same for 4.x-style callers. */
export function wireFormatPlugin(
  name: string,
  wireFormat: WorkersAIProviderPlugin["wireFormat"],
  build: (settings: PluginModelSettings) => LanguageModelV4,
): WorkersAIProviderPlugin {
  return {
    name,
    wireFormat,
    router: gatewayRouter,
    languageModel: build,
    create: ({ modelId, fetch, baseURL }) =>
      build({ modelId, fetch, baseURL, apiKey: GATEWAY_PLACEHOLDER_API_KEY }),
  };
}
