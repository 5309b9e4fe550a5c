import {
  type EmbeddingModelV4,
  type EmbeddingModelV4CallOptions,
  type EmbeddingModelV4Result,
  InvalidResponseDataError,
  type SharedV4Warning,
  TooManyEmbeddingValuesForCallError,
} from "@ai-sdk/provider";
import { estimateTokens, getModelInfo, type WorkersAIModelInfo } from "../catalog";
import { isCount, usageCostMetadata } from "../catalog/usage-metadata";
import { isBoolean, isRecord, isString, oneOf } from "../guards";
import { OptionReader } from "../media-utils/options";
import { readReplyJson, unwrapEnvelope } from "../media-utils/read-reply";
import { resolveRequestSettings } from "../media-utils/request-settings";
import { allWarnings } from "../media-utils/response";
import {
  PROVIDER_OPTIONS_KEY,
  splitUnknownSettings,
  type UnknownSettings,
  unsupported,
  type WorkersAIModelConfig,
} from "../model-config";
import { workersAIResponseMetadata } from "../transport/response-metadata";
import type { WorkersAIEmbeddingSettings } from "./embedding-settings";

/** Batch size when the model's limit is unknown (the documented maximum of most embedding models). */
const DEFAULT_MAX_EMBEDDINGS_PER_CALL = 100;

type EmbeddingInfo = NonNullable<WorkersAIModelInfo["embedding"]>;

const POOLINGS = oneOf(["mean", "cls"]);
const INPUT_TYPES = oneOf(["query", "document"]);

/** Every key of {@link WorkersAIEmbeddingSettings}. */
const KNOWN_SETTINGS: ReadonlySet<string> = new Set<keyof WorkersAIEmbeddingSettings>([
  "gateway",
  "extraHeaders",
  "rejectIfBusy",
  "tags",
  "prefix",
  "extraInputs",
  "pooling",
  "truncate_inputs",
  "inputType",
  "instruction",
  "maxEmbeddingsPerCall",
  "supportsParallelCalls",
]);

/**
 * A Workers AI text embedding model (bge-small/base/large-en-v1.5, bge-m3, embeddinggemma-300m,
 * qwen3-embedding-0.6b, and any other model that takes `text` and answers `{shape, data}`).
 */
export class WorkersAIEmbeddingModel implements EmbeddingModelV4 {
  readonly specificationVersion = "v4";
  readonly provider: string;
  readonly modelId: string;
  readonly maxEmbeddingsPerCall: number;
  readonly supportsParallelCalls: boolean;

  private readonly settings: WorkersAIEmbeddingSettings;
  private readonly config: WorkersAIModelConfig;
  private readonly info: EmbeddingInfo | undefined;
  private readonly unknownSettings: UnknownSettings;
  /** The settings alone: what calls without per-call options read. */
  private readonly settingsReader: OptionReader;

  constructor(modelId: string, settings: WorkersAIEmbeddingSettings, config: WorkersAIModelConfig) {
    this.provider = config.provider;
    this.modelId = modelId;
    this.settings = settings ?? {};
    this.config = config;
    this.info = getModelInfo(modelId)?.embedding;
    this.maxEmbeddingsPerCall =
      this.settings.maxEmbeddingsPerCall ?? this.info?.maxBatchSize ?? DEFAULT_MAX_EMBEDDINGS_PER_CALL;
    this.supportsParallelCalls = this.settings.supportsParallelCalls ?? true;
    this.unknownSettings = splitUnknownSettings(this.settings, KNOWN_SETTINGS, "embedding");
    this.settingsReader = new OptionReader(this.settings, undefined);
  }

  async doEmbed(options: EmbeddingModelV4CallOptions): Promise<EmbeddingModelV4Result> {
    const { values } = options;
    if (values.length > this.maxEmbeddingsPerCall) {
      throw new TooManyEmbeddingValuesForCallError({
        provider: this.provider,
        modelId: this.modelId,
        maxEmbeddingsPerCall: this.maxEmbeddingsPerCall,
        values,
      });
    }
    const warnings: SharedV4Warning[] = [];
    const reader =
      options.providerOptions?.[PROVIDER_OPTIONS_KEY] === undefined
        ? this.settingsReader
        : new OptionReader(this.settings, options.providerOptions);
    const request = resolveRequestSettings(reader, options.headers);
    const inputs = this.buildInputs(options, reader, warnings);
    if (request.extraInputs) Object.assign(inputs, request.extraInputs);

    const { passthrough, unsent } = this.unknownSettings;
    if (unsent.length > 0) warnings.push(...unsent);
    const reply = await this.config.transport.run({
      model: this.modelId,
      inputs,
      headers: request.headers,
      gateway: request.gateway,
      options: passthrough ? { ...request.options, passthrough } : request.options,
      abortSignal: options.abortSignal,
    });
    // a parsed reply (the common case) is read without another await
    const value =
      reply.type === "json"
        ? unwrapEnvelope(reply.value)
        : await readReplyJson(reply, "embedding", {
            url: this.config.transport.urlFor(this.modelId, request.gateway),
          });
    const embeddings = readEmbeddings(value, values.length);
    const tokens = readUsageTokens(value);
    // Native replies carry no token count: the cost metadata then uses a flagged estimate of the input.
    // Object.assign, not replyMetadata's key-by-key copy: this runs on every call and sets no undefined value
    const metadata = Object.assign(
      workersAIResponseMetadata(reply.headers),
      tokens !== undefined
        ? usageCostMetadata(this.modelId, { inputTokens: tokens })
        : usageCostMetadata(this.modelId, { inputTokens: estimateAllTokens(values) }, { estimated: true }),
    );
    if (isRecord(value) && typeof value.pooling === "string") metadata.pooling = value.pooling;

    return {
      embeddings,
      usage: tokens !== undefined ? { tokens } : undefined,
      warnings: allWarnings(warnings, reply),
      providerMetadata: { [PROVIDER_OPTIONS_KEY]: metadata },
      response: { headers: reply.headers },
    };
  }

  private buildInputs(
    options: EmbeddingModelV4CallOptions,
    reader: OptionReader,
    warnings: SharedV4Warning[],
  ): Record<string, unknown> {
    const form = this.info?.inputForm;
    const known = this.info !== undefined;

    if (options.dimensions !== undefined) {
      warnings.push(
        unsupported(
          "dimensions",
          `Workers AI embedding models return vectors of a fixed size${
            this.info?.dimensions ? ` (${this.info.dimensions} for ${this.modelId})` : ""
          }; dimensions was ignored.`,
        ),
      );
    }

    const pooling = reader.read("pooling", POOLINGS);
    const truncateInputs = reader.read("truncate_inputs", isBoolean);
    const inputType = reader.read("inputType", INPUT_TYPES);
    const instruction = reader.read("instruction", isString);

    const inputs: Record<string, unknown> = {};
    if (form === "qwen3") {
      const asQuery = inputType === "query";
      inputs[asQuery ? "queries" : "documents"] = options.values;
      if (instruction !== undefined) {
        if (asQuery) inputs.instruction = instruction;
        else
          warnings.push(
            unsupported(
              "instruction",
              'qwen3-embedding applies instruction to queries only; set inputType: "query" to send it.',
            ),
          );
      }
    } else {
      inputs.text = options.values;
      if (inputType !== undefined) {
        warnings.push(
          unsupported(
            "inputType",
            `${this.modelId} does not distinguish queries from documents; inputType was ignored.`,
          ),
        );
      }
      if (instruction !== undefined) {
        warnings.push(unsupported("instruction", `${this.modelId} takes no instruction; it was ignored.`));
      }
    }

    if (pooling !== undefined) {
      if (known && !this.info?.pooling) {
        warnings.push(
          unsupported(
            "pooling",
            `${this.modelId} has no pooling option (only bge-small/base/large-en-v1.5 do); it was ignored.`,
          ),
        );
      } else {
        inputs.pooling = pooling;
        if (pooling === "cls") {
          warnings.push({
            type: "other",
            message:
              'pooling "cls" vectors are not comparable with "mean" vectors (the default); do not mix them in one index.',
          });
        }
      }
    }

    if (truncateInputs !== undefined) {
      if (known && form !== "text-or-contexts") {
        warnings.push(
          unsupported(
            "truncate_inputs",
            `${this.modelId} has no truncate_inputs option (only bge-m3 does); it was ignored.`,
          ),
        );
      } else {
        inputs.truncate_inputs = truncateInputs;
      }
    }
    return inputs;
  }
}

/**
 * A list of `length` numbers, checked in constant time rather than number by number (walking 16 × 768
 * numbers costs about 100 times the binding call itself): the first and last entries are finite numbers
 * and no entry is `null`, which is what JSON serialisers write for NaN and ±Infinity (JSON has no other
 * form of them). `includes(null)` on a list V8 holds as plain numbers returns without a walk.
 */
function isVector(value: unknown, length: number): value is number[] {
  return (
    Array.isArray(value) &&
    value.length === length &&
    Number.isFinite(value[0]) &&
    Number.isFinite(value[length - 1]) &&
    !value.includes(null)
  );
}

/** `data: number[][]` (native) or `data: [{embedding}]` (OpenAI-compatible), one vector per value. */
function readEmbeddings(value: unknown, expected: number): number[][] {
  const data = isRecord(value) ? value.data : undefined;
  if (!Array.isArray(data)) {
    throw new InvalidResponseDataError({
      data: value,
      message: "Workers AI returned an embedding reply without a data array.",
    });
  }
  if (data.length !== expected) {
    throw new InvalidResponseDataError({
      data: value,
      message: `Workers AI returned ${data.length} embedding(s) for ${expected} value(s).`,
    });
  }
  const vectors: unknown[] = isRecord(data[0])
    ? data.map((entry) => (isRecord(entry) ? entry.embedding : entry))
    : data;
  const length = Array.isArray(vectors[0]) ? vectors[0].length : 0;
  for (let index = 0; index < vectors.length; index++) {
    if (!isVector(vectors[index], length)) {
      throw new InvalidResponseDataError({
        data: value,
        message: `Workers AI returned an embedding (index ${index}) that is not a non-empty list of finite numbers as long as the first.`,
      });
    }
  }
  return vectors as number[][];
}

/** The summed token estimate of the values (a plain loop: this runs on every call). */
function estimateAllTokens(values: readonly string[]): number {
  let tokens = 0;
  for (let index = 0; index < values.length; index++) tokens += estimateTokens(values[index]);
  return tokens;
}

function readUsageTokens(value: unknown): number | undefined {
  const usage = isRecord(value) ? value.usage : undefined;
  if (!isRecord(usage)) return undefined;
  const tokens = usage.prompt_tokens ?? usage.total_tokens ?? usage.input_tokens;
  return isCount(tokens) ? tokens : undefined;
}
