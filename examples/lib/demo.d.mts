import type { EmulatorScriptEntry } from "./workers.mjs";

/** Options of {@link startDemo}. */
export interface StartDemoOptions {
  /** Port (default 8787; 0 = a free one). */
  port?: number;
  /** Host (default 127.0.0.1). */
  host?: string;
  /**
   * Where CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_API_TOKEN, CLOUDFLARE_API_BASE_URL and CHAT_MODEL are read
   * (default `process.env`).
   */
  env?: Record<string, string | undefined>;
  /** Emulator replies queued at start (tests script the conversation with it). */
  emulatorScript?: EmulatorScriptEntry[];
  /** Delay between streamed emulator events in ms (default 20, so streaming is visible). */
  tokenDelayMs?: number;
  /** Print one line per request (what `npm start` does). */
  logRequests?: boolean;
}

/** The running demo. */
export interface RunningDemo {
  /** Where it listens. */
  url: URL;
  /** `emulator` (local) or `rest` (real Workers AI). */
  backend: "emulator" | "rest";
  /** Human-readable backend name. */
  backendLabel: string;
  /** The chat model in use. */
  chatModel: string;
  /** Stops workerd. */
  close(): Promise<void>;
}

/** Bundles and starts the demo Worker in workerd. */
export declare function startDemo(options?: StartDemoOptions): Promise<RunningDemo>;
