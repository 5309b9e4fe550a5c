// Starts the chat demo (examples/chat) in workerd: the code path behind `npm start` and the browser test.
import { bundleWorker, startWorker } from "./workers.mjs";

/** The demo Worker's entry module, relative to the repository root. */
const DEMO_ENTRY = "examples/chat/worker.ts";
const EMULATOR_LABEL = "Local Workers AI emulator";
const REST_LABEL = "Workers AI (REST API)";

/**
 * Bundles and starts the demo Worker.
 *
 * @param {import("./demo.d.mts").StartDemoOptions} [options]
 * @returns {Promise<import("./demo.d.mts").RunningDemo>}
 */
export async function startDemo(options = {}) {
  const {
    port = 8787,
    host = "127.0.0.1",
    env = process.env,
    emulatorScript,
    tokenDelayMs = 20,
    logRequests = false,
  } = options;
  const rest = Boolean(env.CLOUDFLARE_ACCOUNT_ID && env.CLOUDFLARE_API_TOKEN);
  /** @type {Record<string, string>} */
  const bindings = {};
  if (env.CHAT_MODEL) bindings.CHAT_MODEL = env.CHAT_MODEL;
  if (rest) {
    bindings.CLOUDFLARE_ACCOUNT_ID = String(env.CLOUDFLARE_ACCOUNT_ID);
    bindings.CLOUDFLARE_API_TOKEN = String(env.CLOUDFLARE_API_TOKEN);
    if (env.CLOUDFLARE_API_BASE_URL) bindings.CLOUDFLARE_API_BASE_URL = env.CLOUDFLARE_API_BASE_URL;
  } else {
    bindings.AI_BACKEND_LABEL = EMULATOR_LABEL;
    bindings.AI_EMULATED = "true";
  }
  const worker = await startWorker({
    script: await bundleWorker(DEMO_ENTRY),
    bindings,
    emulator: rest ? undefined : { options: { tokenDelayMs }, script: emulatorScript ?? [] },
    port,
    host,
    logRequests,
  });
  // The Worker owns the default model; ask it rather than repeating the default here.
  let info;
  try {
    const response = await worker.dispatchFetch(new URL("/api/info", worker.url));
    info = /** @type {{ chatModel: string }} */ (await response.json());
  } catch (error) {
    await worker.dispose();
    throw error;
  }
  return {
    url: worker.url,
    backend: rest ? "rest" : "emulator",
    backendLabel: rest ? REST_LABEL : EMULATOR_LABEL,
    chatModel: info.chatModel,
    close: () => worker.dispose(),
  };
}
