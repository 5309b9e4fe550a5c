/** The model dispatcher shared by every transport: scripts, custom handlers, built-in models. */
import { type CatalogModel, findModel, isThirdPartyModel, thirdPartyModel } from "./catalog";
import { defaultMessageForCode, EmulatorError, httpStatusForCode, invalidInput } from "./errors";
import { runSpeech, runTranscription } from "./models/audio";
import { type ChatEndpoint, hasChatContent, runChat } from "./models/chat";
import { runEmbedding, runOpenAiEmbeddings } from "./models/embeddings";
import { runImage } from "./models/image";
import { runRerank } from "./models/rerank";
import { runTextTask } from "./models/text-tasks";
import { errorOutcome, jsonOutcome, type Outcome } from "./outcome";
import { publishedSchemasOf } from "./published-schemas";
import { findSchemaViolation } from "./schema-validator";
import { applyScriptFaults, type ScriptQueue, scriptShortCircuit } from "./script";
import type { EmulatorModelHandler, EmulatorModelReply, EmulatorTransport, ScriptedReply } from "./types";

/** Which API a request targets. */
export type EngineEndpoint = ChatEndpoint | "embeddings";

/** One model invocation. */
export interface EngineRequest {
  model: string;
  inputs: Record<string, unknown>;
  transport: EmulatorTransport;
  endpoint: EngineEndpoint;
  headers: Record<string, string>;
  signal?: AbortSignal;
  /** Third-party (unified billing) ids are only served through a gateway. */
  viaGateway: boolean;
  /**
   * The inputs came as the query string of a raw (audio or multipart) REST body: every value is a string as
   * sent, so they are not checked against the published schema's types.
   */
  fromQueryString?: boolean;
}

/** What the dispatcher needs from the emulator. */
export interface EngineConfig {
  tokenDelayMs: number;
  models: Record<string, EmulatorModelHandler>;
  scripts: ScriptQueue;
  sessions: Map<string, number>;
}

/** `undefined` when `model` is a well-formed id; else the 400 error for it (also for a model id that is no string). */
export function invalidModelId(model: unknown): EmulatorError | undefined {
  const bad =
    typeof model !== "string" ||
    model === "" ||
    model.split("/").some((segment) => segment === ".." || segment === ".") ||
    /[?#\\]/.test(model) ||
    /[\u0000-\u001f\u007f]/.test(model);
  return bad ? new EmulatorError(3042, "Invalid model ID", 400) : undefined;
}

function chatCatalogFor(model: string, family: ScriptedReply["family"]): CatalogModel {
  const known = findModel(model);
  if (known?.kind === "chat") return known;
  const generic = thirdPartyModel(model);
  return family === "legacy" || (!family && !isThirdPartyModel(model))
    ? { ...generic, family: "legacy" }
    : generic;
}

async function replyToOutcome(
  config: EngineConfig,
  req: EngineRequest,
  reply: EmulatorModelReply,
): Promise<Outcome> {
  let outcome: Outcome;
  if (reply.error) {
    const { code } = reply.error;
    outcome = errorOutcome(
      code,
      reply.error.message ?? defaultMessageForCode(code),
      reply.error.status ?? httpStatusForCode(code),
    );
  } else if (reply.chat) {
    outcome = runChat(chatRequest(config, req, chatCatalogFor(req.model, reply.chat.family)), reply.chat);
  } else if (reply.events) {
    const events = reply.events.map((e) => (typeof e === "string" ? e : JSON.stringify(e)));
    if (events[events.length - 1] !== "[DONE]") events.push("[DONE]");
    outcome = {
      kind: "sse",
      plan: { events, delayMs: config.tokenDelayMs },
      contentType: "text/event-stream",
      status: 200,
      headers: {},
      delayMs: 0,
    };
  } else if (reply.bytes) {
    outcome = {
      kind: "binary",
      bytes: reply.bytes,
      contentType: reply.contentType ?? "application/octet-stream",
      status: 200,
      headers: {},
      delayMs: 0,
    };
  } else {
    outcome = jsonOutcome(reply.json ?? null);
  }
  if (reply.status !== undefined) outcome.status = reply.status;
  if (reply.headers) for (const [k, v] of Object.entries(reply.headers)) outcome.headers[k.toLowerCase()] = v;
  return outcome;
}

function chatRequest(config: EngineConfig, req: EngineRequest, catalog: CatalogModel) {
  return {
    model: req.model,
    catalog,
    inputs: req.inputs,
    endpoint: req.endpoint === "embeddings" ? ("run" as const) : req.endpoint,
    headers: req.headers,
    tokenDelayMs: config.tokenDelayMs,
    sessions: config.sessions,
  };
}

async function runBuiltin(
  config: EngineConfig,
  req: EngineRequest,
  catalog: CatalogModel,
  script: ScriptedReply | undefined,
): Promise<Outcome> {
  const { inputs } = req;
  if (req.endpoint === "embeddings" && catalog.kind !== "embedding")
    throw invalidInput(`${catalog.id} is not an embedding model`);
  if ((req.endpoint === "chat-completions" || req.endpoint === "responses") && catalog.kind !== "chat")
    throw invalidInput(`${catalog.id} is not a text generation model`);
  const toOutcome = (reply: EmulatorModelReply) => replyToOutcome(config, req, reply);
  switch (catalog.kind) {
    case "chat": {
      const forceJson = script?.contentType?.startsWith("application/json") === true;
      return runChat(chatRequest(config, req, catalog), script, { forceJson });
    }
    case "embedding":
      return jsonOutcome(
        req.endpoint === "embeddings" ? runOpenAiEmbeddings(catalog, inputs) : runEmbedding(catalog, inputs),
      );
    case "rerank":
      return jsonOutcome(runRerank(inputs));
    case "image":
      return toOutcome(await runImage(catalog, inputs));
    case "transcription":
      return jsonOutcome(runTranscription(catalog, inputs));
    case "speech":
      return toOutcome(runSpeech(catalog, inputs));
    default:
      return jsonOutcome(runTextTask(catalog, inputs));
  }
}

/**
 * Workers AI checks a run request against the model's published input schema: an invalid one is an 8001
 * naming the first field that breaks it. Models without a stored schema, custom handlers, the OpenAI-shaped
 * endpoints (their own schema) and query-string inputs are not checked.
 */
function checkPublishedInput(req: EngineRequest): void {
  if (req.endpoint !== "run" || req.fromQueryString) return;
  const schema = publishedSchemasOf(req.model)?.input;
  if (!schema) return;
  const violation = findSchemaViolation(schema, req.inputs);
  if (violation) throw invalidInput(`${violation.path || "inputs"} ${violation.message}`);
}

async function dispatch(config: EngineConfig, req: EngineRequest): Promise<Outcome> {
  const badId = invalidModelId(req.model);
  if (badId) throw badId;
  const stream = req.inputs.stream === true;
  const script = config.scripts.take(req.model);
  if (script) {
    const decided = scriptShortCircuit(script, stream);
    if (decided) return decided;
  }
  const custom: EmulatorModelHandler | undefined = Object.hasOwn(config.models, req.model)
    ? config.models[req.model]
    : undefined;

  let outcome: Outcome;
  if (custom && script && hasChatContent(script)) {
    outcome = runChat(chatRequest(config, req, chatCatalogFor(req.model, script.family)), script);
  } else if (custom) {
    const reply = await custom({
      model: req.model,
      inputs: req.inputs,
      stream,
      transport: req.transport,
      headers: req.headers,
      signal: req.signal,
    });
    outcome = await replyToOutcome(config, req, reply);
  } else {
    let catalog = findModel(req.model);
    if (!catalog && isThirdPartyModel(req.model) && (req.viaGateway || script))
      catalog = thirdPartyModel(req.model);
    if (!catalog && script && hasChatContent(script) && script.json === undefined)
      catalog = chatCatalogFor(req.model, script.family);
    if (!catalog) {
      if (script?.json !== undefined) return applyScriptFaults(jsonOutcome(script.json), script);
      throw new EmulatorError(5007, `No such model ${req.model} or task`);
    }
    if (script?.json !== undefined && catalog.kind !== "chat") outcome = jsonOutcome(script.json);
    else outcome = await runBuiltin(config, req, catalog, script);
    // After the model's own checks, whose messages are the ones Workers AI is known to give.
    checkPublishedInput(req);
  }
  return script ? applyScriptFaults(outcome, script) : outcome;
}

/** Runs one model invocation; handler failures become error outcomes. */
export async function runEngine(config: EngineConfig, req: EngineRequest): Promise<Outcome> {
  try {
    return await dispatch(config, req);
  } catch (error) {
    if (error instanceof EmulatorError)
      return errorOutcome(error.code, error.message, error.status, error.errorName);
    throw error;
  }
}
