/** Node-only HTTP server for the emulator's REST API (loads `node:http` on demand). */
import type { EmulatorServer } from "./types";
import { asBody, concatBytes } from "./util";
import type { UpgradeHandler } from "./websocket-node";

type NodeHttp = typeof import("node:http");

/**
 * Loads `node:http` without an `import` expression in the bundle: Miniflare refuses wrapped-binding
 * modules that contain one (even an unused dynamic import), and workerd never calls `listen()`.
 */
async function loadNodeHttp(): Promise<NodeHttp> {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const builtin = proc?.getBuiltinModule?.("node:http");
  if (builtin) return builtin as NodeHttp;
  if (!proc)
    throw new Error("listen() needs Node.js; in workerd use emulator.fetch or emulator.binding instead");
  const load = new Function("specifier", "return import(specifier)") as (
    specifier: string,
  ) => Promise<NodeHttp>;
  return load("node:http");
}

/** Serves `handle` on 127.0.0.1:`port` (0 = random). */
export async function listenOnNode(
  handle: (request: Request, signal: AbortSignal) => Promise<Response>,
  port = 0,
  upgrade?: UpgradeHandler,
): Promise<EmulatorServer> {
  const http = await loadNodeHttp();
  let origin = "";
  const server = http.createServer(async (req, res) => {
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    try {
      const chunks: Uint8Array[] = [];
      for await (const chunk of req) chunks.push(chunk as Uint8Array);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (Array.isArray(value)) for (const v of value) headers.append(name, v);
        else if (value !== undefined) headers.set(name, value);
      }
      const method = (req.method ?? "GET").toUpperCase();
      const request = new Request(`${origin}${req.url ?? "/"}`, {
        method,
        headers,
        body: method === "GET" || method === "HEAD" ? undefined : asBody(concatBytes(chunks)),
      });
      const response = await handle(request, controller.signal);
      const outHeaders: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        outHeaders[name] = value;
      });
      res.writeHead(response.status, outHeaders);
      if (!response.body) {
        res.end();
        return;
      }
      const reader = response.body.getReader();
      controller.signal.addEventListener("abort", () => {
        reader.cancel().catch(() => {});
      });
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        res.write(value);
      }
      res.end();
    } catch {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            result: null,
            success: false,
            errors: [{ code: 8005, message: "Internal server error" }],
            messages: [],
          }),
        );
      } else res.destroy();
    }
  });
  if (upgrade) server.on("upgrade", (req, socket, head) => upgrade.handle(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const boundPort = typeof address === "object" && address ? address.port : port;
  origin = `http://127.0.0.1:${boundPort}`;
  return {
    url: origin,
    port: boundPort,
    close: () =>
      new Promise<void>((resolve) => {
        upgrade?.closeAll();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
