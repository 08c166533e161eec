import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { errors, sendError } from "./api/errors";
import { handleApi } from "./api/routes";
import type { Config } from "./config";
import { handleConnect } from "./connect/routes";
import type { Context } from "./context";
import { handleControl } from "./control/routes";
import {
  contentSecurityPolicy,
  HttpError,
  sendJson,
  sendText,
  setSecurityHeaders,
  sleep,
} from "./http";
import { handleToken } from "./iam/token";
import { Stats } from "./stats";
import { createStore } from "./store";
import { Webhooks } from "./webhooks/deliveries";

// One HTTP server on one origin, on Smartcar's own paths: Connect (/oauth/authorize,
// /oauth/reauthenticate and its screens), IAM (/oauth2/token), the Vehicle API (/v3/...), and the
// emulator's own controls (/_emulator/...).

export type Emulator = {
  server: Server;
  context: Context;
  /** Listens; resolves with the origin it is reachable on. */
  start(): Promise<string>;
  /** Stops listening, cancels pending webhook retries and writes the state. */
  stop(): Promise<void>;
};

function originOf(config: Config, port: number): string {
  if (config.publicUrl) return config.publicUrl;
  const wildcard = config.host === "0.0.0.0" || config.host === "::";
  const host = wildcard
    ? "localhost"
    : config.host.includes(":")
      ? `[${config.host}]`
      : config.host;
  return `http://${host}:${port}`;
}

export function createEmulator(config: Config): Emulator {
  const store = createStore(config.dataDir);
  const now = () => Date.now();
  const context: Context = {
    config,
    store,
    stats: new Stats(),
    webhooks: new Webhooks(config, store, now),
    faults: [],
    origin: originOf(config, config.port),
    now,
  };
  const csp = contentSecurityPolicy(config.redirectUris);

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname === "/v3" || url.pathname.startsWith("/v3/"))
      return handleApi(context, req, res, url);
    if (url.pathname === "/oauth2/token") {
      context.stats.count("token");
      await sleep(store.state.settings.latencyMs);
      if (req.method !== "POST") {
        res.setHeader("Allow", "POST");
        return sendJson(res, 405, { error: "invalid_request", error_description: "Use POST." });
      }
      return handleToken(context, req, res);
    }
    if (await handleConnect(context, req, res, url)) return;
    if (await handleControl(context, req, res, url)) return;
    sendText(res, 404, "Not found");
  }

  const server = createServer((req, res) => {
    setSecurityHeaders(res, csp);
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    route(req, res, url).catch((error: unknown) => {
      if (res.headersSent) return void res.end();
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) console.error(error);
      const message = error instanceof HttpError ? error.message : "Internal error";
      if (url.pathname.startsWith("/v3/")) {
        return sendError(
          res,
          status === 500 ? errors.server() : errors.validation(message, "BAD_REQUEST"),
        );
      }
      sendJson(res, status, { error: message });
    });
  });
  // Slow commands and webhook timeouts are longer than Node's default request timeout allows.
  server.requestTimeout = 0;

  return {
    server,
    context,
    start: () =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(config.port, config.host, () => {
          server.off("error", reject);
          context.origin = originOf(config, (server.address() as AddressInfo).port);
          // A webhook that was never verified (or whose URL changed) is asked at start.
          if (config.webhookUrl && !context.webhooks.verified) void context.webhooks.verify();
          resolve(context.origin);
        });
      }),
    stop: () =>
      new Promise((resolve) => {
        context.webhooks.close();
        store.flush();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
