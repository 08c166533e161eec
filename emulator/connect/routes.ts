import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import type { Context } from "../context";
import { readFields, redirect, sendHtml, sendText } from "../http";
import { advance, findSession, startAuthorize, startReauthenticate, type Start } from "./flow";
import { endedScreen, failedScreen, rejectedScreen, sessionScreen, STYLESHEET_PATH } from "./pages";

// HTTP for Connect: the two entry points, the screens (GET shows, POST advances and redirects back
// to a GET, so reloading never re-submits), and the stylesheet.

const stylesheet = readFileSync(path.join(import.meta.dirname, "style.css"));

function answerStart(res: ServerResponse, start: Start): void {
  switch (start.kind) {
    case "rejected":
      return sendHtml(res, 400, rejectedScreen(start.reason, start.given));
    case "failed":
      return sendHtml(res, 400, failedScreen(start.message));
    case "redirect":
      return redirect(res, 302, start.url);
    case "session":
      return redirect(res, 302, `/connect/${start.id}`);
  }
}

/** Returns false when the path is not one of Connect's. */
export async function handleConnect(
  ctx: Context,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const method = req.method ?? "GET";
  if (url.pathname === STYLESHEET_PATH && method === "GET") {
    res.setHeader("Cache-Control", "public, max-age=300");
    res.writeHead(200, {
      "Content-Type": "text/css; charset=utf-8",
      "Content-Length": stylesheet.length,
    });
    res.end(stylesheet);
    return true;
  }
  if (url.pathname === "/oauth/authorize" && method === "GET") {
    ctx.stats.count("authorize");
    answerStart(res, startAuthorize(ctx, url.searchParams));
    return true;
  }
  if (url.pathname === "/oauth/reauthenticate" && method === "GET") {
    ctx.stats.count("reauthenticate");
    answerStart(res, startReauthenticate(ctx, url.searchParams));
    return true;
  }
  const match = /^\/connect\/([^/]+)$/.exec(url.pathname);
  if (!match) return false;
  const session = findSession(ctx, match[1]!);
  if (method === "GET") {
    if (!session) {
      sendHtml(res, 410, endedScreen());
    } else {
      const vehicle = session.vehicleId
        ? (ctx.store.state.vehicles[session.vehicleId] ?? null)
        : null;
      sendHtml(
        res,
        session.step === "done" && session.redirectUri ? 410 : 200,
        sessionScreen(session, ctx.config.appName, vehicle),
      );
    }
    return true;
  }
  if (method === "POST") {
    const fields = (await readFields(req)) ?? new Map<string, string>();
    const outcome = session ? advance(ctx, session, fields) : { kind: "screen" as const };
    // 303: the browser follows with a GET, whether back to this screen or on to the app.
    redirect(res, 303, outcome.kind === "redirect" ? outcome.url : url.pathname);
    return true;
  }
  res.setHeader("Allow", "GET, POST");
  sendText(res, 405, "Method not allowed");
  return true;
}
