import { LoadAPIKeyError, LoadSettingError } from "@ai-sdk/provider";

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
  /**
   * The setting, else the environment variable (where a runtime has them); a missing one is a `LoadSettingError`
   * or `LoadAPIKeyError` that says what to pass, once.
   */
  const load = (
    value: unknown,
    variable: string,
    what: string,
    LoadError: typeof LoadSettingError | typeof LoadAPIKeyError,
  ): string => {
    const loaded = value ?? (typeof process === "undefined" ? undefined : process.env?.[variable]);
    if (typeof loaded === "string") return loaded;
    throw new LoadError({
      message:
        loaded == null
          ? `${what} is missing. Workers AI needs either a binding or REST credentials: inside a Worker pass ${factory}({ binding: env.AI }); ` +
            `elsewhere pass ${factory}({ accountId, apiKey }) or set the CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN environment variables.`
          : `${what} must be a string.`,
    });
  };
  return {
    accountId: () =>
      (accountId ??= load(
        settings.accountId,
        "CLOUDFLARE_ACCOUNT_ID",
        "Cloudflare account ID",
        LoadSettingError,
      )),
    apiKey: () =>
      (apiKey ??= load(settings.apiKey, "CLOUDFLARE_API_TOKEN", "Cloudflare API token", LoadAPIKeyError)),
  };
}
