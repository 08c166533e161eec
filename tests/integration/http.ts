import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { sealData } from "iron-session";
import { inject } from "vitest";
import { db } from "@/lib/db";
import { createSessionRow, newSessionId } from "@/lib/session-store";

export const baseUrl = () => inject("serverUrl");

/** A user of the app, and a live session row and a cookie sealed for it, as a sign-in would give. */
export async function signedInUser() {
  const email = `it-${randomUUID()}@example.com`;
  const user = await db().user.create({ data: { email, passwordHash: "scrypt$1$1$1$x$y" } });
  const sessionId = newSessionId();
  await createSessionRow(sessionId, user.id);
  const seal = await sealData(
    { sessionId, userId: user.id, email },
    { password: inject("sessionSecret"), ttl: 3600 },
  );
  return { user, sessionId, cookie: `sc_session=${seal}` };
}

export async function get(path: string, cookie?: string) {
  return fetch(`${baseUrl()}${path}`, { redirect: "manual", headers: cookie ? { cookie } : {} });
}

/** The cookie `name` a response sets, as a browser would send it back. */
function cookieFrom(response: Response, name: string): string | undefined {
  const header = response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  return header?.split(";")[0];
}

/** The session cookie a response sets, as a browser would send it back. */
export function sessionCookieFrom(response: Response): string | undefined {
  return cookieFrom(response, "sc_session");
}

/** Signs a user in and launches Connect: the state and the cookie that now carries it. */
export async function launchConnect() {
  const { user, cookie } = await signedInUser();
  const response = await get("/connect", cookie);
  const location = new URL(response.headers.get("location")!);
  const state = location.searchParams.get("state")!;
  return { user, state, cookie: sessionCookieFrom(response)!, response, location };
}

export function callbackPath(params: Record<string, string | string[]>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    for (const v of [value].flat()) query.append(name, v);
  return `/connect/callback?${query}`;
}

/** Everything the callback may change, to assert that it changed nothing. */
export async function snapshot() {
  const [attempts, links] = await Promise.all([
    db().connectAttempt.findMany({ orderBy: { id: "asc" } }),
    db().smartcarLink.findMany({ orderBy: { id: "asc" } }),
  ]);
  return JSON.stringify({ attempts, links });
}

export const emulatorUrl = () => inject("emulatorUrl");

/** POSTs JSON to one of the emulator's test controls and returns its answer. */
export async function emulatorControl<T = unknown>(
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${emulatorUrl()}${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<T>;
}

const postScreen = (url: string, fields: Record<string, string>) =>
  fetch(url, { method: "POST", redirect: "manual", body: new URLSearchParams(fields) });

/**
 * Goes through the emulator's Connect screens as a person would (brand, carmaker sign-in,
 * permissions) from the Connect URL the app redirected to; returns where Connect sent the browser.
 */
export async function throughEmulatedConnect(
  connectUrl: string,
  { email, make = "TESLA", action = "allow" }: { email: string; make?: string; action?: string },
): Promise<URL> {
  const start = await fetch(connectUrl, { redirect: "manual" });
  const screen = new URL(start.headers.get("location")!, connectUrl).toString();
  if (!new URL(connectUrl).searchParams.has("make")) await postScreen(screen, { make });
  await postScreen(screen, { action: "sign-in", email, password: "carmaker password" });
  const done = await postScreen(screen, { action });
  return new URL(done.headers.get("location")!, connectUrl);
}

/** A signed-in user who connected the carmaker account `email` through the emulator. */
export async function connectedUser(email: string, make = "TESLA") {
  const { user, cookie } = await signedInUser();
  const launch = await get(`/connect?make=${make}`, cookie);
  const back = await throughEmulatedConnect(launch.headers.get("location")!, { email });
  const callback = await get(`${back.pathname}${back.search}`, sessionCookieFrom(launch)!);
  if (callback.headers.get("location") !== "/vehicles?connected=1")
    throw new Error(`connecting failed: ${callback.headers.get("location")}`);
  return {
    user,
    cookie: sessionCookieFrom(callback) ?? sessionCookieFrom(launch)!,
    smartcarUserId: back.searchParams.get("user_id")!,
  };
}

/** A form of a page as a browser without JavaScript would submit it: where to, and its hidden fields. */
export type PageForm = { action: string; hidden: [string, string][] };

const ENTITIES: Record<string, string> = {
  "&quot;": '"',
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&#x27;": "'",
  "&#39;": "'",
};
const unescapeHtml = (text: string) =>
  text.replace(/&(quot|amp|lt|gt|#x27|#39);/g, (e) => ENTITIES[e]!);

/** Reads the form of `path` whose submit button says `button` (server actions render their ids as hidden fields). */
export async function readForm(
  path: string,
  button: string,
  { cookie, client }: { cookie?: string; client?: string } = {},
): Promise<PageForm> {
  const response = await fetch(`${baseUrl()}${path}`, {
    headers: { ...(cookie ? { cookie } : {}), ...(client ? { "x-forwarded-for": client } : {}) },
  });
  const html = await response.text();
  const form = [...html.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)].find((m) =>
    new RegExp(`<button[^>]*>${button}</button>`).test(m[1]!),
  );
  if (!form) throw new Error(`no form with a "${button}" button on ${path} (${response.status})`);
  const hidden = [
    ...form[1]!.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g),
  ].map((m) => [unescapeHtml(m[1]!), unescapeHtml(m[2] ?? "")] as [string, string]);
  return { action: new URL(response.url).pathname + new URL(response.url).search, hidden };
}

/**
 * The form of a server action rendered by a client component (the header's Sign out, Sign out
 * everywhere): what such a form posts before its scripts run, its action's id from the build's
 * manifest, posted to `path`.
 */
export function actionForm(exportedName: string, path = "/"): PageForm {
  const manifest = JSON.parse(
    readFileSync(".next/server/server-reference-manifest.json", "utf8"),
  ) as {
    node: Record<string, { exportedName: string }>;
  };
  const ids = Object.entries(manifest.node).filter(
    ([, action]) => action.exportedName === exportedName,
  );
  if (ids.length !== 1)
    throw new Error(`${ids.length} server actions named ${exportedName} in the build`);
  return { action: path, hidden: [[`$ACTION_ID_${ids[0]![0]}`, ""]] };
}

/** Whether `cookie` is signed in, as the header asks (GET /session). */
export async function signedInAs(cookie: string): Promise<string | null> {
  const summary = (await (await get("/session", cookie)).json()) as {
    signedIn: boolean;
    email?: string;
  };
  return summary.signedIn ? summary.email! : null;
}

export type FormAnswer = {
  status: number;
  location: string | null;
  body: string;
  cookie: string | undefined;
  /** The device cookie a sign-in set (lib/accounts/device.ts), as the browser would send it back. */
  deviceCookie: string | undefined;
};

/** Submits `form` with `fields` (over its hidden ones) from `client`, as a same-origin POST. */
export async function postForm(
  form: PageForm,
  fields: Record<string, string>,
  {
    cookie,
    client,
    server = baseUrl(),
  }: {
    cookie?: string;
    client?: string;
    /** Another server of the same build. */ server?: string;
  } = {},
): Promise<FormAnswer> {
  const body = new FormData();
  for (const [name, value] of form.hidden) body.append(name, value);
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  const response = await fetch(`${server}${form.action}`, {
    method: "POST",
    body,
    redirect: "manual",
    headers: {
      origin: server,
      ...(cookie ? { cookie } : {}),
      ...(client ? { "x-forwarded-for": client } : {}),
    },
  });
  const text = await response.text();
  return {
    status: response.status,
    location: response.headers.get("location"),
    body: text,
    cookie: sessionCookieFrom(response),
    deviceCookie: cookieFrom(response, "sc_device"),
  };
}

/**
 * A client address of its own, for this test only: a random IPv6 /64 (the limits count per /64),
 * so no two tests, files or runs on the same database share a client. The server trusts one proxy
 * hop, so X-Forwarded-For names the client.
 */
export function newClient(): string {
  const [a, b] = randomBytes(4).toString("hex").match(/.{4}/g)!;
  return `2001:db8:${a}:${b}::1`;
}

/**
 * Where a page sends the browser from inside its stream, if it does: with Partial Prerendering the
 * shell (and its 200) is on its way before a page can decide to redirect, so Next.js puts the
 * redirect in the streamed payload, and the browser's router follows it.
 */
export function streamedRedirect(html: string): string | null {
  const match = /NEXT_REDIRECT;(?:replace|push);(.*?);30[378];/.exec(html);
  return match ? JSON.parse(`"${match[1]!}"`) : null;
}
