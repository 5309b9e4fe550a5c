#!/usr/bin/env node
// `npm start`: the chat demo in workerd on http://localhost:8787 (PORT to change), answered by the local
// Workers AI emulator, or by real Workers AI over REST when CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN are set.
import { createServer } from "node:net";

const HOST = "127.0.0.1";

function parsePort(value) {
  if (value === undefined || value === "") return 8787;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer between 0 and 65535, got "${value}".`);
  }
  return port;
}

// workerd only says "failed to start" on a busy port; probing first gives a useful message.
function assertPortFree(port) {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error) =>
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`Port ${port} is already in use. Stop the other process or run: PORT=8788 npm start`)
          : error,
      ),
    );
    probe.listen(port, HOST, () => probe.close(() => resolve()));
  });
}

async function main() {
  const port = parsePort(process.env.PORT);
  await assertPortFree(port);

  // Registered before Miniflare adds its own exit hook, which then stops workerd and exits.
  let demo;
  let stopping = false;
  const stop = (signal) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`\n${signal}: stopping workerd…`);
    (demo ? demo.close() : Promise.resolve()).finally(() => process.exit(0));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));

  console.log("Bundling examples/chat and starting workerd…");
  // Loaded after the checks above so a bad PORT fails at once, without loading Miniflare and esbuild.
  const { startDemo } = await import("./lib/demo.mjs");
  demo = await startDemo({ port, host: HOST, logRequests: true });
  const url = `http://localhost:${demo.url.port}`;
  console.log(`\n  workers-ai-provider demo  →  ${url}\n`);
  console.log(`  backend:    ${demo.backendLabel}`);
  console.log(`  chat model: ${demo.chatModel}`);
  if (demo.backend === "emulator") {
    console.log("\n  Offline: answers come from the local emulator (workers-ai-provider/testing).");
    console.log("  Set CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN to use real Workers AI over REST.");
  } else {
    console.log("\n  Requests go to Workers AI in your Cloudflare account over the REST API.");
  }
  console.log("\n  Press Ctrl+C to stop.\n");
}

main().catch((error) => {
  console.error(`\nnpm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
