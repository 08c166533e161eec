import { randomUUID } from "node:crypto";
import { sealData } from "iron-session";
import { inject } from "vitest";
import { db } from "@/lib/db";

export const baseUrl = () => inject("serverUrl");

/** A user of the app and a session cookie sealed for them, as a sign-in would give. */
export async function signedInUser() {
  const email = `it-${randomUUID()}@example.com`;
  const user = await db().user.create({ data: { email, passwordHash: "scrypt$1$1$1$x$y" } });
  const seal = await sealData({ userId: user.id, email }, { password: inject("sessionSecret"), ttl: 3600 });
  return { user, cookie: `sc_session=${seal}` };
}

export async function get(path: string, cookie?: string) {
  return fetch(`${baseUrl()}${path}`, { redirect: "manual", headers: cookie ? { cookie } : {} });
}

/** The session cookie a response sets, as a browser would send it back. */
export function sessionCookieFrom(response: Response): string | undefined {
  const header = response.headers.getSetCookie().find((c) => c.startsWith("sc_session="));
  return header?.split(";")[0];
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
  for (const [name, value] of Object.entries(params)) for (const v of [value].flat()) query.append(name, v);
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
