import { InvalidArgumentError } from "@ai-sdk/provider";
import { generateId as defaultGenerateId } from "@ai-sdk/provider-utils";
import { AutoRAGChatLanguageModel, WorkersAIAISearchLanguageModel } from "./ai-search-language-model";
import { type AISearchBinding, type AutoRAGBinding, aiSearchBindingKind } from "./binding-types";
import { type AISearchSearchParams, type AISearchSearchResult, searchAISearch } from "./search";
import { validateAISearchSettings, type WorkersAIAISearchSettings } from "./settings";

/** Options of {@link createAISearch}. */
export interface AISearchProviderSettings {
  /**
   * The AI Search binding: an `ai_search` instance binding (`env.AI_SEARCH`), an instance of a namespace
   * binding (`env.AI_SEARCH.get("docs")`), a namespace binding itself (then set `instance_ids`), or the
   * legacy `env.AI.autorag("docs")`. The kind is detected from the object's methods.
   */
  binding: AISearchBinding | AutoRAGBinding;
  /** Instance name, reported as the model id and in error messages (default `"ai-search"`). */
  name?: string;
  /** Id generator for response ids (tests). */
  generateId?: () => string;
}

/** The AI Search provider: call it (or `.chat`) to get a model for `generateText` / `streamText`. */
export interface AISearchProvider {
  /** An AI Search model, same as {@link AISearchProvider.chat}. */
  (settings?: WorkersAIAISearchSettings): WorkersAIAISearchLanguageModel;
  /** An AI Search model for `generateText` / `streamText`. */
  chat(settings?: WorkersAIAISearchSettings): WorkersAIAISearchLanguageModel;
  /** Retrieval only (no generation) on this provider's binding: see {@link searchAISearch}. */
  search(params: AISearchSearchParams): Promise<AISearchSearchResult>;
}

/**
 * Creates an AI Search provider over either binding kind.
 *
 * @example
 * // wrangler.jsonc: "ai_search": [{ "binding": "AI_SEARCH", "instance_name": "my-search-index" }]
 * const aisearch = createAISearch({ binding: env.AI_SEARCH });
 * const { text, sources } = await generateText({ model: aisearch(), prompt: "How do I set up AI Gateway?" });
 */
export function createAISearch(options: AISearchProviderSettings): AISearchProvider {
  return aiSearchProvider(options, "aisearch.chat", WorkersAIAISearchLanguageModel);
}

/** The provider behind {@link createAISearch} and {@link createAutoRAG}: they differ in provider id and model class. */
function aiSearchProvider(
  options: AISearchProviderSettings,
  providerId: string,
  Model: typeof WorkersAIAISearchLanguageModel,
): AISearchProvider {
  const binding = options?.binding;
  const kind = aiSearchBindingKind(binding);
  if (!kind) {
    throw new InvalidArgumentError({
      argument: "binding",
      message:
        "createAISearch needs an AI Search binding: an ai_search binding (env.AI_SEARCH), env.AI_SEARCH.get(name) of an ai_search_namespaces binding, or the legacy env.AI.autorag(name). The object given has neither chatCompletions nor aiSearch.",
    });
  }
  const name = options.name ?? "ai-search";
  const generateId = options.generateId ?? defaultGenerateId;

  const createModel = (settings: WorkersAIAISearchSettings = {}) =>
    new Model(name, validateAISearchSettings({ ...settings }), {
      provider: providerId,
      binding,
      kind,
      generateId,
      currentDate: () => new Date(),
    });

  const provider = function (this: unknown, settings?: WorkersAIAISearchSettings) {
    if (new.target) {
      throw new Error(
        "The AI Search provider is a function, not a class: call aisearch(settings) without new.",
      );
    }
    return createModel(settings);
  } as AISearchProvider;
  provider.chat = createModel;
  provider.search = (params) => searchAISearch(binding, { instanceName: name, ...params });
  return provider;
}

let autoRAGWarned = false;

/**
 * Deprecated alias of {@link createAISearch}, kept so existing code keeps working: its models are
 * {@link AutoRAGChatLanguageModel}s with provider id `"autorag.chat"`, as in 4.x. Logs a one-time
 * deprecation notice per process.
 *
 * @deprecated Use {@link createAISearch}: it takes the same options and both binding kinds.
 */
export function createAutoRAG(options: AISearchProviderSettings): AISearchProvider {
  if (!autoRAGWarned) {
    autoRAGWarned = true;
    console.warn(
      "[workers-ai-provider] createAutoRAG is deprecated and will be removed; use createAISearch instead (same options, works with both the ai_search and the legacy autorag bindings).",
    );
  }
  return aiSearchProvider(options, "autorag.chat", AutoRAGChatLanguageModel);
}
