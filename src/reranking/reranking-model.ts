import {
  InvalidArgumentError,
  InvalidResponseDataError,
  type RerankingModelV4,
  type RerankingModelV4CallOptions,
  type RerankingModelV4Result,
  type SharedV4Warning,
} from "@ai-sdk/provider";
import { getModelInfo, type WorkersAIModelInfo } from "../catalog";
import { isBoolean } from "../guards";
import { OptionReader } from "../media-utils/options";
import { readReplyJson } from "../media-utils/read-reply";
import { resolveRequestSettings } from "../media-utils/request-settings";
import { allWarnings, replyHeaders, replyMetadata } from "../media-utils/response";
import { PROVIDER_OPTIONS_KEY, unsupported, type WorkersAIModelConfig } from "../model-config";
import type { WorkersAIRerankingSettings } from "./reranking-settings";

type Ranking = RerankingModelV4Result["ranking"];

/**
 * A Workers AI reranking model (bge-reranker-base, bge-m3 in query + contexts mode):
 * `{query, contexts: [{text}], top_k}` → `{response: [{id, score}]}`, returned sorted by score
 * with every result mapped to the index of its document.
 */
export class WorkersAIRerankingModel implements RerankingModelV4 {
  readonly specificationVersion = "v4";
  readonly provider: string;
  readonly modelId: string;

  private readonly settings: WorkersAIRerankingSettings;
  private readonly config: WorkersAIModelConfig;
  private readonly info: WorkersAIModelInfo | undefined;

  constructor(modelId: string, settings: WorkersAIRerankingSettings, config: WorkersAIModelConfig) {
    this.provider = config.provider;
    this.modelId = modelId;
    this.settings = settings ?? {};
    this.config = config;
    this.info = getModelInfo(modelId);
  }

  async doRerank(options: RerankingModelV4CallOptions): Promise<RerankingModelV4Result> {
    const warnings: SharedV4Warning[] = [];
    const reader = new OptionReader(this.settings, options.providerOptions);
    const { documents, topN } = options;
    if (topN !== undefined && (!Number.isInteger(topN) || topN < 1)) {
      throw new InvalidArgumentError({ argument: "topN", message: "topN must be a positive integer." });
    }

    let texts: string[];
    if (documents.type === "text") {
      texts = documents.values;
    } else {
      texts = documents.values.map((value) => JSON.stringify(value));
      warnings.push({
        type: "compatibility",
        feature: "object documents",
        details: `${this.modelId} ranks text; each object document was sent as its JSON text.`,
      });
    }
    if (texts.length === 0) return { ranking: [], warnings };

    const inputs: Record<string, unknown> = {
      query: options.query,
      contexts: texts.map((text) => ({ text })),
    };
    // bge-m3 takes no top_k: the ranking is cut here instead.
    const sendTopK = this.info?.reranking?.topK ?? true;
    if (topN !== undefined && sendTopK) inputs.top_k = topN;

    const truncateInputs = reader.read("truncate_inputs", isBoolean);
    if (truncateInputs !== undefined) {
      if (this.info && this.info.embedding?.inputForm !== "text-or-contexts") {
        warnings.push(
          unsupported(
            "truncate_inputs",
            `${this.modelId} has no truncate_inputs option (bge-m3 does); it was ignored.`,
          ),
        );
      } else {
        inputs.truncate_inputs = truncateInputs;
      }
    }

    const request = resolveRequestSettings(reader, options.headers);
    const reply = await this.config.transport.run({
      model: this.modelId,
      inputs: { ...inputs, ...request.extraInputs },
      headers: request.headers,
      gateway: request.gateway,
      options: request.options,
      abortSignal: options.abortSignal,
    });
    const value = await readReplyJson(reply, "reranking", {
      url: this.config.transport.urlFor(this.modelId, request.gateway),
    });
    const ranking = readRanking(value, texts.length);

    return {
      ranking: topN !== undefined ? ranking.slice(0, topN) : ranking,
      warnings: allWarnings(warnings, reply),
      providerMetadata: { [PROVIDER_OPTIONS_KEY]: replyMetadata(reply) },
      response: {
        modelId: this.modelId,
        timestamp: this.config.currentDate(),
        headers: replyHeaders(reply),
        body: value,
      },
    };
  }
}

/**
 * `{response: [{id, score}]}` → ranking sorted by score (ties keep document order). Every `id` must
 * be a distinct index of a sent document: a missing or bad id is an error, never silently index 0.
 */
function readRanking(value: unknown, documentCount: number): Ranking {
  const list =
    value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>).response
      : value;
  if (!Array.isArray(list)) {
    throw new InvalidResponseDataError({
      data: value,
      message: "Workers AI returned a reranking reply without a response array.",
    });
  }
  const seen = new Set<number>();
  const ranking: Ranking = list.map((entry, position) => {
    const record = entry && typeof entry === "object" ? (entry as Record<string, unknown>) : {};
    const id = record.id;
    const score = record.score;
    if (typeof id !== "number" || !Number.isInteger(id) || id < 0 || id >= documentCount || seen.has(id)) {
      throw new InvalidResponseDataError({
        data: value,
        message: `Workers AI reranking result ${position} has id ${JSON.stringify(id)}, which is not a distinct index of the ${documentCount} document(s) sent.`,
      });
    }
    if (typeof score !== "number" || !Number.isFinite(score)) {
      throw new InvalidResponseDataError({
        data: value,
        message: `Workers AI reranking result ${position} has no numeric score.`,
      });
    }
    seen.add(id);
    return { index: id, relevanceScore: score };
  });
  return ranking.sort((a, b) => b.relevanceScore - a.relevanceScore || a.index - b.index);
}
