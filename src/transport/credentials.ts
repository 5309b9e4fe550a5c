import { LoadAPIKeyError, LoadSettingError } from "@ai-sdk/provider";
import { loadApiKey, loadSetting } from "@ai-sdk/provider-utils";

/** The function a settings error names, so the message tells the user which call to fix. */
export type WorkersAIFactoryName = "createWorkersAI" | "createWorkersAIBatch" | "createGatewayFetch";

/** REST credentials, each read once at first use (setting, then environment variable) and explained when missing. */
export interface RestCredentials {
  accountId: () => string;
  apiKey: () => string;
}

/** Reads `accountId`/`apiKey` (or `CLOUDFLARE_ACCOUNT_ID`/`CLOUDFLARE_API_TOKEN`) lazily, at the first request. */
export function restCredentials(
  settings: { accountId?: string; apiKey?: string },
  factory: WorkersAIFactoryName = "createWorkersAI",
): RestCredentials {
  let accountId: string | undefined;
  let apiKey: string | undefined;
  return {
    accountId: () => {
      accountId ??= explainMissing(factory, "Cloudflare account ID", () =>
        loadSetting({
          settingValue: settings.accountId,
          environmentVariableName: "CLOUDFLARE_ACCOUNT_ID",
          settingName: "accountId",
          description: "Cloudflare account ID",
        }),
      );
      return accountId;
    },
    apiKey: () => {
      apiKey ??= explainMissing(factory, "Cloudflare API token", () =>
        loadApiKey({
          apiKey: settings.apiKey,
          environmentVariableName: "CLOUDFLARE_API_TOKEN",
          apiKeyParameterName: "apiKey",
          description: "Cloudflare API token",
        }),
      );
      return apiKey;
    },
  };
}

/** What to pass when neither a binding nor REST credentials were found. */
function missingConfigurationMessage(factory: WorkersAIFactoryName): string {
  return (
    `Workers AI needs either a binding or REST credentials: inside a Worker pass ${factory}({ binding: env.AI }); ` +
    `elsewhere pass ${factory}({ accountId, apiKey }) or set the CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN environment variables.`
  );
}

/**
 * Replaces a missing-credential error's message with `<what> is missing.` and
 * {@link missingConfigurationMessage} (which says what to set, once), keeping its type.
 */
function explainMissing(factory: WorkersAIFactoryName, what: string, load: () => string): string {
  try {
    return load();
  } catch (error) {
    // The AI SDK's own text ("Cloudflare API token API key is missing. Pass it using…") would repeat the advice.
    const message = (original: string) =>
      original.includes("is missing")
        ? `${what} is missing. ${missingConfigurationMessage(factory)}`
        : original;
    if (LoadSettingError.isInstance(error)) throw new LoadSettingError({ message: message(error.message) });
    if (LoadAPIKeyError.isInstance(error)) throw new LoadAPIKeyError({ message: message(error.message) });
    throw error;
  }
}
