/** `createWorkersAIEmulator`: wires the engine, REST handler, binding, gateway state and AI Search. */
import { AiSearchService, DEFAULT_AI_SEARCH_DOCUMENTS } from "./ai-search";
import { clearBatches, configureBatches } from "./batch";
import { createBinding } from "./binding";
import { createGatewayState, type EmulatorCore } from "./core";
import { listenOnNode } from "./listen";
import { handleRest } from "./rest";
import { ScriptQueue } from "./script";
import type { ScriptedReply, WorkersAIEmulator, WorkersAIEmulatorOptions } from "./types";
import { createUpgradeHandler } from "./websocket-node";

/**
 * Creates a local Workers AI emulator: an `env.AI` binding, a REST `fetch` handler (also usable as
 * AI Gateway), an optional Node HTTP server, a request log and scripted replies.
 *
 * @example
 * ```ts
 * const emulator = createWorkersAIEmulator();
 * const workersai = createWorkersAI({ binding: emulator.binding });
 * emulator.script("@cf/meta/llama-3.3-70b-instruct-fp8-fast", { text: "Hi!" });
 * ```
 */
export function createWorkersAIEmulator(options: WorkersAIEmulatorOptions = {}): WorkersAIEmulator {
  const scripts = new ScriptQueue();
  const core: EmulatorCore = {
    accountId: options.accountId ?? "emulator-account",
    apiToken: options.apiToken,
    gatewayToken: options.gatewayToken,
    tokenDelayMs: options.tokenDelayMs ?? 0,
    resumeTtlMs: options.resumeTtlMs ?? 330_000,
    engine: {
      tokenDelayMs: options.tokenDelayMs ?? 0,
      models: { ...(options.models ?? {}) },
      scripts,
      sessions: new Map(),
    },
    gateway: createGatewayState(),
    requests: [],
    documents: options.aiSearchDocuments ?? DEFAULT_AI_SEARCH_DOCUMENTS,
  };
  configureBatches(core, options.batch);
  const search = new AiSearchService(core);
  const binding = createBinding(core, search);
  const fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
    handleRest(core, new Request(input, init), init?.signal ?? undefined);
  return {
    binding,
    fetch,
    listen: (port?: number) =>
      listenOnNode(
        (request, signal) => handleRest(core, request, signal),
        port ?? 0,
        createUpgradeHandler(core),
      ),
    get requests() {
      return core.requests;
    },
    script(model: string, ...replies: ScriptedReply[]) {
      scripts.push(model, replies);
    },
    reset() {
      core.requests.length = 0;
      scripts.clear();
      core.gateway.clear();
      core.engine.sessions.clear();
      clearBatches(core);
    },
    aiSearch: (name?: string) => search.instance(name),
    autorag: (name?: string) => search.autorag(name),
  };
}
