import {
  InvalidArgumentError,
  InvalidResponseDataError,
  type RerankingModelV4,
  type RerankingModelV4CallOptions,
  type RerankingModelV4Result,
  type SharedV4Warning,
} from "@ai-sdk/provider";
import { getModelInfo, type WorkersAIModelInfo } from "../catalog";
import { isBoolean, isRecord } from "../guards";
import { OptionReader } from "../media-utils/options";
import { readReplyJson } from "../media-utils/read-reply";
import { resolveRequestSettings, sendRequest } from "../media-utils/request-settings";
import { replyResult } from "../media-utils/response";
import { unsupported, type WorkersAIModelConfig } from "../model-config";
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
    const { reply, url } = await sendRequest(
      this.config,
      {
        model: this.modelId,
        inputs: { ...inputs, ...request.extraInputs },
        abortSignal: options.abortSignal,
      },
      request,
    );
    const value = await readReplyJson(reply, "reranking", { url });
    const ranking = readRanking(value, texts.length);
    return {
      ranking: topN !== undefined ? ranking.slice(0, topN) : ranking,
      ...replyResult(
        reply,
        warnings,
        { modelId: this.modelId, timestamp: this.config.currentDate() },
        undefined,
        value,
      ),
    };
  }
}

/**
 * `{response: [{id, score}]}` → ranking sorted by score (ties keep document order). Every `id` must
 * be a distinct index of a sent document: a missing or bad id is an error, never silently index 0.
 */
function readRanking(value: unknown, documentCount: number): Ranking {
  const list = isRecord(value) ? value.response : value;
  if (!Array.isArray(list)) {
    throw new InvalidResponseDataError({
      data: value,
      message: "Workers AI returned a reranking reply without a response array.",
    });
  }
  const seen = new Set<unknown>();
  const ranking: Ranking = list.map((entry, position) => {
    const { id, score }: Record<string, unknown> = isRecord(entry) ? entry : {};
    const index = id as number;
    if (!Number.isInteger(id) || index < 0 || index >= documentCount || seen.has(id)) {
      throw new InvalidResponseDataError({
        data: value,
        message: `Workers AI reranking result ${position} has id ${JSON.stringify(id)}, which is not a distinct index of the ${documentCount} document(s) sent.`,
      });
    }
    if (!Number.isFinite(score)) {
      throw new InvalidResponseDataError({
        data: value,
        message: `Workers AI reranking result ${position} has no numeric score.`,
      });
    }
    seen.add(id);
    return { index, relevanceScore: score as number };
  });
  return ranking.sort((a, b) => b.relevanceScore - a.relevanceScore || a.index - b.index);
}
