import type { WorkersAIModelRow } from "./models";
import type { WorkersAITask } from "./types";

/** Catalog ids of one task. */
type CatalogIdsOfTask<Task extends WorkersAITask> = Extract<WorkersAIModelRow, { task: Task }>["id"];

/**
 * Keeps editor autocompletion for the literal ids while still accepting any string, so models newer
 * than this catalog can be used without a cast.
 */
type OrAnyString<Ids extends string> = Ids | (string & {});

/** Text-generation model ids known to the catalog; any other string is accepted too. */
export type WorkersAIChatModelId = OrAnyString<CatalogIdsOfTask<"text-generation">>;

/** Text-embedding model ids known to the catalog; any other string is accepted too. */
export type WorkersAIEmbeddingModelId = OrAnyString<CatalogIdsOfTask<"text-embeddings">>;

/** Text-to-image model ids known to the catalog; any other string is accepted too. */
export type WorkersAIImageModelId = OrAnyString<CatalogIdsOfTask<"text-to-image">>;

/** Speech-to-text model ids known to the catalog; any other string is accepted too. */
export type WorkersAITranscriptionModelId = OrAnyString<CatalogIdsOfTask<"automatic-speech-recognition">>;

/** Text-to-speech model ids known to the catalog; any other string is accepted too. */
export type WorkersAISpeechModelId = OrAnyString<CatalogIdsOfTask<"text-to-speech">>;

/** Reranking (query + contexts scoring) model ids known to the catalog; any other string is accepted too. */
export type WorkersAIRerankingModelId = OrAnyString<Extract<WorkersAIModelRow, { reranking: object }>["id"]>;
