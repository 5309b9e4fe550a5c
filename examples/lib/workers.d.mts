import type { RequestInit as MiniflareRequestInit, Response as MiniflareResponse } from "miniflare";

/** JSON values that can travel into workerd as plain bindings. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** One queued emulator script: replies for one model (`"*"` = any model). */
export interface EmulatorScriptEntry {
  model: string;
  replies: Json[];
}

/** The emulator behind `env.AI`. */
export interface EmulatorBindingOptions {
  /** JSON options of `createWorkersAIEmulator`. */
  options?: { [key: string]: Json };
  /** Replies queued when the emulator is created. */
  script?: EmulatorScriptEntry[];
  /** When set, also bind the emulator itself (script, requests, reset) under this name. */
  controlBinding?: string;
  /** AI Search instance bindings served by the same emulator: binding name → instance name. */
  aiSearchBindings?: Record<string, string>;
}

/** Options of {@link startWorker}. */
export interface StartWorkerOptions {
  /** The bundled Worker module (see {@link bundleWorker}). */
  script: string;
  /** Plain text/JSON bindings (vars and secrets). */
  bindings?: Record<string, Json>;
  /** Serve the emulator as `env.AI`; omit for no `AI` binding. */
  emulator?: EmulatorBindingOptions;
  /** workerd compatibility flags of the Worker. */
  compatibilityFlags?: string[];
  /** Port to listen on (0 = a free one). */
  port?: number;
  /** Host to listen on (default 127.0.0.1). */
  host?: string;
  /** Print Miniflare's log: one line per request (default false). */
  logRequests?: boolean;
}

/** A Worker running in workerd. */
export interface RunningWorker {
  /** Where it listens. */
  url: URL;
  /** Sends a request straight to the Worker. */
  dispatchFetch(input: string | URL, init?: MiniflareRequestInit): Promise<MiniflareResponse>;
  /** Stops workerd. */
  dispose(): Promise<void>;
}

/** Bundles one Worker module (path relative to the repository root) into a single ES module string. */
export declare function bundleWorker(entry: string): Promise<string>;
/** Starts a Worker in workerd through Miniflare. */
export declare function startWorker(options: StartWorkerOptions): Promise<RunningWorker>;
