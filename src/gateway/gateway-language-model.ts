import {
  AISDKError,
  APICallError,
  type JSONObject,
  type JSONValue,
  type LanguageModelV4,
  type LanguageModelV4CallOptions,
  type LanguageModelV4GenerateResult,
  type LanguageModelV4StreamPart,
  type LanguageModelV4StreamResult,
  type SharedV4ProviderMetadata,
  type SharedV4Warning,
} from "@ai-sdk/provider";
import type { WorkersAIChatLanguageModel } from "../chat/chat-language-model";
import { PROVIDER_OPTIONS_KEY } from "../model-config";
import { redactCause } from "../transport/errors";
import { headersToRecord } from "../transport/headers";
import { workersAIResponseMetadata } from "../transport/response-metadata";
import { isAbort } from "../transport/streams";
import { type ResolvedCallOptions, readDelegateProviderOptions, resolveCallOptions } from "./call-options";
import {
  completeDispatch,
  createLegFetch,
  type InterceptedRequest,
  type LegState,
  legEntry,
  legHeaders,
  newLegState,
  readInterceptedRequest,
} from "./delegate";
import {
  GatewayDelegateError,
  type GatewayFallbackAttempt,
  WorkersAIFallbackError,
  WorkersAIGatewayError,
} from "./errors";
import { GATEWAY_PLACEHOLDER_API_KEY } from "./headers";
import { type CallPlan, type LegPlan, planCall, type TargetCapabilities } from "./plan";
import {
  ensureOk,
  type GatewayTarget,
  gatewayTargetFrom,
  sendUniversal,
  thrownGatewayError,
} from "./transports";
import type {
  DelegateCallOptions,
  GatewayModelId,
  GatewayProviderContext,
  WorkersAINativeSlug,
  WorkersAIProviderPlugin,
} from "./types";

type Kind = "generate" | "stream";
type ResultOf<K extends Kind> = K extends "generate"
  ? LanguageModelV4GenerateResult
  : LanguageModelV4StreamResult;

/**
 * A third-party model routed through AI Gateway. It builds the matching `@ai-sdk/*` model per call (from
 * the plugin for the wire format of the chosen path) and intercepts its HTTP request, so replies are
 * parsed by the upstream SDK while transport, BYOK, caching, fallback and resume are handled here.
 */
export class GatewayLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = "v4";
  readonly provider = "workers-ai.gateway";
  private readonly plugins: readonly WorkersAIProviderPlugin[];
  private readonly target: GatewayTarget;
  private readonly capabilities: TargetCapabilities;
  private readonly template: LanguageModelV4;

  constructor(
    readonly modelId: string,
    private readonly settings: DelegateCallOptions,
    private readonly context: GatewayProviderContext,
  ) {
    this.plugins = context.providers ?? [];
    this.target = gatewayTargetFrom(context, "createWorkersAI");
    this.capabilities = {
      kind: this.target.kind,
      hasGatewayMethod: this.target.kind === "binding" && typeof this.target.binding.gateway === "function",
    };
    // validate now so impossible combinations fail when the model is created, not on the first call
    const plan = planCall(
      modelId,
      resolveCallOptions(context, settings, undefined, []),
      this.plugins,
      this.capabilities,
      [],
    );
    const primary = plan.legs[0];
    this.template = primary.plugin.languageModel({
      modelId: primary.upstreamModelId,
      baseURL: primary.apiBaseURL,
      apiKey: GATEWAY_PLACEHOLDER_API_KEY,
      fetch: () => Promise.reject(new Error("template model: never sends")),
    });
  }

  get supportedUrls(): LanguageModelV4["supportedUrls"] {
    return this.template.supportedUrls;
  }

  doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    return this.invoke("generate", options);
  }

  doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    return this.invoke("stream", options);
  }

  private async invoke<K extends Kind>(kind: K, options: LanguageModelV4CallOptions): Promise<ResultOf<K>> {
    const warnings: SharedV4Warning[] = [];
    const call = readDelegateProviderOptions(options.providerOptions, warnings);
    const resolved = resolveCallOptions(this.context, this.settings, call, warnings);
    const plan = planCall(this.modelId, resolved, this.plugins, this.capabilities, warnings);
    if (plan.mode === "server") return this.serverFallback(kind, plan, resolved, options, warnings);

    const attempts: GatewayFallbackAttempt[] = [];
    for (const leg of plan.legs) {
      const state = newLegState();
      const model = leg.plugin.languageModel({
        modelId: leg.upstreamModelId,
        baseURL: leg.apiBaseURL,
        apiKey: GATEWAY_PLACEHOLDER_API_KEY,
        fetch: createLegFetch({ leg, target: this.target, options: resolved, state }),
      });
      try {
        const result = await (kind === "generate" ? model.doGenerate(options) : model.doStream(options));
        return decorate(kind, result as ResultOf<K>, { leg, state, warnings, attempts });
      } catch (error) {
        if (isAbort(error, options.abortSignal) || plan.legs.length === 1) throw error;
        attempts.push(attemptOf(leg, error));
      }
    }
    throw new WorkersAIFallbackError(attempts);
  }

  /**
   * Server-side fallback: every leg's upstream SDK builds its request (captured, not sent), the requests
   * become one universal-endpoint run, and the SDK of the entry that answered (`cf-aig-step`) parses it.
   */
  private async serverFallback<K extends Kind>(
    kind: K,
    plan: CallPlan,
    resolved: ResolvedCallOptions,
    options: LanguageModelV4CallOptions,
    warnings: SharedV4Warning[],
  ): Promise<ResultOf<K>> {
    const slots = plan.legs.map(() => captureSlot());
    const calls = plan.legs.map((leg, i) => {
      const model = leg.plugin.languageModel({
        modelId: leg.upstreamModelId,
        baseURL: leg.apiBaseURL,
        apiKey: GATEWAY_PLACEHOLDER_API_KEY,
        fetch: async (input, init) => {
          slots[i].capture(await readInterceptedRequest(input, init));
          return slots[i].response;
        },
      });
      const promise = Promise.resolve(
        kind === "generate" ? model.doGenerate(options) : model.doStream(options),
      );
      promise.catch(() => {});
      return promise;
    });
    const failAll = (error: unknown) => {
      for (const slot of slots) slot.fail(error);
    };

    let requests: InterceptedRequest[];
    try {
      requests = await Promise.all(
        slots.map((slot, i) =>
          Promise.race([
            slot.captured,
            calls[i].then(() =>
              Promise.reject(new Error("the upstream model finished without sending a request")),
            ),
          ]),
        ),
      );
    } catch (error) {
      failAll(error);
      throw error;
    }

    const legHeaderSets = plan.legs.map((leg, i) => legHeaders(leg, requests[i].headers, resolved));
    const secrets = legHeaderSets.flatMap((set) => set.secrets);
    const context = { model: this.modelId, transport: "gateway" as const, gateway: resolved.gateway.id };
    let response: Response;
    try {
      const sent = await sendUniversal(this.target, {
        entries: plan.legs.map((leg, i) => legEntry(leg, requests[i], legHeaderSets[i].provider)),
        headers: Object.assign({}, ...legHeaderSets.map((set) => set.request)),
        gateway: resolved.gateway,
        signal: options.abortSignal,
      }).catch((error: unknown) => {
        if (isAbort(error, options.abortSignal) || AISDKError.isInstance(error)) throw error;
        throw thrownGatewayError(error, context, "", secrets);
      });
      response = await ensureOk(sent, context, secrets);
    } catch (error) {
      failAll(error);
      throw error;
    }

    const stepHeader = headersToRecord(response.headers)["cf-aig-step"];
    let step = stepHeader !== undefined && /^\d+$/.test(stepHeader) ? Number(stepHeader) : 0;
    if (step >= plan.legs.length) {
      warnings.push({
        type: "other",
        message: `AI Gateway reported step ${stepHeader} for a run with ${plan.legs.length} entries; the reply is read as entry 0.`,
      });
      step = 0;
    }
    const leg = plan.legs[step];
    const state = newLegState();
    const answered = completeDispatch({
      response,
      leg,
      target: this.target,
      options: resolved,
      state,
      signal: options.abortSignal,
      attempt: 0,
      step,
    });
    slots.forEach((slot, i) => {
      if (i === step) slot.answer(answered);
      else slot.fail(new Error(`entry ${step} answered`));
    });
    const result = (await calls[step]) as ResultOf<K>;
    return decorate(kind, result, { leg, state, warnings, attempts: [] });
  }
}

interface CaptureSlot {
  captured: Promise<InterceptedRequest>;
  response: Promise<Response>;
  capture(request: InterceptedRequest): void;
  answer(response: Response): void;
  fail(error: unknown): void;
}

function captureSlot(): CaptureSlot {
  let capture!: (request: InterceptedRequest) => void;
  let failCapture!: (error: unknown) => void;
  let answer!: (response: Response) => void;
  let failResponse!: (error: unknown) => void;
  const captured = new Promise<InterceptedRequest>((resolve, reject) => {
    capture = resolve;
    failCapture = reject;
  });
  const response = new Promise<Response>((resolve, reject) => {
    answer = resolve;
    failResponse = reject;
  });
  captured.catch(() => {});
  response.catch(() => {});
  return {
    captured,
    response,
    capture,
    answer,
    fail(error) {
      failCapture(error);
      failResponse(error);
    },
  };
}

function attemptOf(leg: LegPlan, error: unknown): GatewayFallbackAttempt {
  const attempt: GatewayFallbackAttempt = {
    model: leg.slug,
    provider: leg.providerId,
    transport: leg.transport,
    ok: false,
    message: error instanceof Error ? error.message : String(error),
    error,
  };
  if (WorkersAIGatewayError.isInstance(error)) {
    attempt.code = error.code;
    if (error.status !== null) attempt.status = error.status;
  }
  return attempt;
}

interface Decoration {
  leg: LegPlan;
  state: LegState;
  warnings: SharedV4Warning[];
  attempts: GatewayFallbackAttempt[];
}

/** `providerMetadata["workers-ai"]` of a gateway call: what the gateway reported plus which model answered. */
function gatewayMetadata(decoration: Decoration): JSONObject {
  const { leg, state, attempts } = decoration;
  const info = state.dispatch;
  const metadata: JSONObject = {
    ...workersAIResponseMetadata(state.headers ?? {}),
    model: leg.slug,
    provider: leg.providerId,
    transport: leg.transport,
  };
  if (info) metadata.gateway = info.gateway;
  if (info?.step !== undefined) metadata.gatewayStep = info.step;
  if (attempts.length > 0) {
    metadata.fallbackAttempts = attempts.map((attempt) => {
      const entry: JSONObject = {
        model: attempt.model,
        transport: attempt.transport,
        message: attempt.message ?? "",
      };
      if (attempt.code) entry.code = attempt.code;
      if (attempt.status != null) entry.status = attempt.status;
      return entry;
    });
  }
  if (state.reconnects > 0) metadata.resumeReconnects = state.reconnects;
  if (state.expiredPartial) metadata.resumeExpired = true;
  return metadata;
}

function withGatewayMetadata(
  providerMetadata: SharedV4ProviderMetadata | undefined,
  decoration: Decoration,
): SharedV4ProviderMetadata {
  const existing = providerMetadata?.[PROVIDER_OPTIONS_KEY] as
    | Record<string, JSONValue | undefined>
    | undefined;
  return {
    ...providerMetadata,
    [PROVIDER_OPTIONS_KEY]: { ...existing, ...gatewayMetadata(decoration) } as JSONObject,
  };
}

/** Adds our warnings, the gateway metadata and the real request URL to the upstream result. */
function decorate<K extends Kind>(kind: K, result: ResultOf<K>, decoration: Decoration): ResultOf<K> {
  const request = { ...result.request, url: decoration.state.url ?? result.request?.url };
  if (kind === "generate") {
    const generated = result as LanguageModelV4GenerateResult;
    return {
      ...generated,
      request,
      warnings: [...decoration.warnings, ...decoration.state.warnings, ...generated.warnings],
      providerMetadata: withGatewayMetadata(generated.providerMetadata, decoration),
    } as ResultOf<K>;
  }
  const streamed = result as LanguageModelV4StreamResult;
  const reader = streamed.stream.getReader();
  let sawStart = false;
  const ourWarnings = () => [...decoration.warnings, ...decoration.state.warnings];
  const stream = new ReadableStream<LanguageModelV4StreamPart>({
    async pull(controller) {
      let next: ReadableStreamReadResult<LanguageModelV4StreamPart>;
      try {
        next = await reader.read();
      } catch (error) {
        controller.error(unwrapGatewayError(error));
        return;
      }
      if (next.done) {
        controller.close();
        return;
      }
      const part = next.value;
      if (part.type === "stream-start") {
        sawStart = true;
        controller.enqueue({ ...part, warnings: [...ourWarnings(), ...part.warnings] });
        return;
      }
      if (!sawStart) {
        sawStart = true;
        controller.enqueue({ type: "stream-start", warnings: ourWarnings() });
      }
      if (part.type === "finish") {
        const broken = decoration.state.streamError;
        if (broken !== undefined)
          controller.enqueue({ type: "error", error: brokenStreamError(broken, decoration) });
        controller.enqueue({
          ...part,
          ...(broken !== undefined ? { finishReason: { unified: "error", raw: "stream-error" } } : {}),
          providerMetadata: withGatewayMetadata(part.providerMetadata, decoration),
        });
      } else if (part.type === "error") {
        controller.enqueue({ ...part, error: unwrapGatewayError(part.error) });
      } else {
        controller.enqueue(part);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { ...streamed, request, stream } as ResultOf<K>;
}

/** The typed, retryable error of a non-resumable stream that broke mid-way (secrets redacted from its cause). */
function brokenStreamError(error: unknown, decoration: { state: { url?: string } }): APICallError {
  if (APICallError.isInstance(error)) return error;
  return new APICallError({
    message: `AI Gateway stream broke before it finished: ${error instanceof Error ? error.message : String(error)}`,
    url: decoration.state.url ?? "",
    requestBodyValues: undefined,
    isRetryable: true,
    cause: redactCause(error, []),
  });
}

/**
 * Upstream SDKs wrap a failing response body in "Failed to process successful response"; a failure of
 * our own stream layer (resume expired, reconnects exhausted) is surfaced as itself.
 */
function unwrapGatewayError(error: unknown): unknown {
  const cause = error instanceof Error ? error.cause : undefined;
  return WorkersAIGatewayError.isInstance(cause) || GatewayDelegateError.isInstance(cause) ? cause : error;
}

/**
 * The model `workersai(id)` returns for an id: a slug is a {@link GatewayLanguageModel} with `providers`,
 * a plain run-path chat model without them.
 */
export type WorkersAIChatModelFor<ID extends string> = ID extends `@${string}`
  ? WorkersAIChatLanguageModel
  : string extends ID
    ? WorkersAIChatLanguageModel | GatewayLanguageModel
    : ID extends WorkersAINativeSlug | GatewayModelId
      ? WorkersAIChatLanguageModel | GatewayLanguageModel
      : WorkersAIChatLanguageModel;
