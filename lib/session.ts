import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getIronSession, unsealData, type IronSession, type SessionOptions } from "iron-session";
import { accountFormPath } from "@/lib/accounts/form-paths";
import { getConfig } from "@/lib/config";
import { sessionCookieFor } from "@/lib/session-cookie";
import { cachedContents, rememberContents } from "@/lib/session-cache";
import { whenDatabaseIsUp } from "@/lib/db";
import {
  createSessionRow,
  isSessionActive,
  newSessionId,
  revokeAllSessions,
  revokeSession,
  SESSION_TTL_MS,
} from "@/lib/session-store";

// Follows iron-session's App Router example (docs/references.md [iron-session-usage]). The sealed
// cookie carries a session id that must name a live row in `sessions` (lib/session-store.ts):
// signing out revokes the row, so a copy of the cookie opens nothing afterwards.

export type SessionData = {
  /** The session's id: 256 random bits. The database keeps only its SHA-256. */
  sessionId?: string;
  userId?: string;
  email?: string;
  /** The state of the Connect launch this browser started, until the callback uses it. */
  connectState?: string;
  /** Sign-ups tried with this user's email before this sign-in, until they dismiss the notice. */
  signUpNotice?: SignUpNotice;
};

export type SignUpNotice = { count: number; firstAt: string; lastAt: string };

export type Session = IronSession<SessionData>;

/**
 * What the check against the database found: `active`; `signed-out` (no session, or one that was
 * revoked, expired or never recorded); `unavailable` (the database did not answer).
 */
type SessionStatus = "active" | "signed-out" | "unavailable";

const SESSION_TTL_SECONDS = SESSION_TTL_MS / 1000;

function sessionOptions(): SessionOptions {
  const { sessionSecret, isProduction, appUrl } = getConfig();
  const cookie = sessionCookieFor(appUrl, isProduction);
  return {
    password: sessionSecret,
    cookieName: cookie.name,
    // The seal's own expiry is the absolute one (7 days); the idle expiry (24 hours) is the session
    // row's (lib/session-store.ts), checked on every request.
    ttl: SESSION_TTL_SECONDS,
    cookieOptions: {
      httpOnly: true,
      // Lax, not Strict: the browser must send the cookie on the top-level redirect back from Connect.
      sameSite: "lax",
      secure: cookie.secure,
      path: "/",
    },
  };
}

type Checked = { status: SessionStatus; sessionId?: string };
const checks = new WeakMap<Session, Checked>();

/**
 * What a sealed session cookie holds: from lib/session-cache.ts when this instance unsealed or
 * sealed it before, else unsealed and remembered; empty when it does not unseal.
 */
export async function unsealSession(seal: string): Promise<SessionData> {
  const cached = cachedContents<SessionData>(seal);
  if (cached) return cached;
  let contents: SessionData;
  try {
    contents = await unsealData<SessionData>(seal, sessionOptions());
  } catch {
    return {};
  }
  if (Object.keys(contents).length > 0) rememberContents(seal, contents);
  return contents;
}

/**
 * The sealed cookie as it is. One that does not unseal (tampered, truncated, another secret, expired)
 * is empty. A value this instance unsealed or sealed before is read from lib/session-cache.ts; a
 * value this request seals is remembered there, so the next request with it unseals nothing.
 */
async function readCookie(): Promise<Session> {
  const store = await cookies();
  const options = sessionOptions();
  const seal = store.get(options.cookieName)?.value;
  const contents = seal ? await unsealSession(seal) : {};
  // iron-session is given the store without the cookie (it has nothing left to unseal) and with a
  // `set` that remembers what it seals.
  const sealed: { session?: Session } = {};
  const sealing = new Proxy(store, {
    get(target, property) {
      if (property === "get") {
        return (name: string) => (name === options.cookieName ? undefined : target.get(name));
      }
      if (property === "set") {
        return (name: string, value: string, cookieOptions: object) => {
          if (name === options.cookieName && value && sealed.session)
            rememberContents(value, sealed.session);
          return target.set(name, value, cookieOptions);
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const session = await getIronSession<SessionData>(sealing, options);
  Object.assign(session, contents);
  sealed.session = session;
  return session;
}

async function check(session: Session): Promise<SessionStatus> {
  if (!session.userId) return "signed-out";
  // Cookies sealed before sessions were recorded carry no id: signed out once.
  if (!session.sessionId) return "signed-out";
  const { sessionId, userId } = session;
  // An EventSource reconnecting by itself (GET /vehicles/live) is not the person at work: it
  // checks the session without marking it seen, so an open tab never keeps it from going idle.
  const touch = (await headers()).get("accept") !== "text/event-stream";
  const checked = await whenDatabaseIsUp(
    async () =>
      ({
        kind: (await isSessionActive(sessionId, userId, new Date(), { touch }))
          ? "active"
          : "signed-out",
      }) as const,
  );
  return checked.kind;
}

/** Empties the session in memory only: the cookie stays as it was unless someone saves. */
function forget(session: Session): void {
  for (const key of Object.keys(session) as (keyof SessionData)[]) delete session[key];
}

/**
 * The session of this request, checked once per request against the database. A session whose row
 * is revoked, expired or unknown is an empty session: signed out, so every caller that reads
 * `userId` is covered. When the database does not answer, the cookie's claims are kept for the
 * callers that need the database anyway to act on them (the Connect routes answer 503 and keep
 * the state for a retry), while readSession() says `unavailable`. Only for the routes that write to
 * the session (the Connect launches); to ask who is signed in, use readSession().
 */
export const getSession = cache(async (): Promise<Session> => {
  // Only for a real request: a prerender (even a runtime prefetch, which may read cookies) stops
  // here, before the seal's and the row's expiry are compared with the clock (docs/references.md
  // [next-connection]).
  await connection();
  // React's cache() holds only while a page renders; route handlers and server actions (GET
  // /session on every page load) would unseal and look up the row on every call. Next.js keeps one
  // cookie store per request: the session is read once per store.
  const store = await cookies();
  let reading = perRequest.get(store);
  if (!reading) perRequest.set(store, (reading = readAndCheck()));
  return reading;
});

const perRequest = new WeakMap<object, Promise<Session>>();

async function readAndCheck(): Promise<Session> {
  const session = await readCookie();
  const status = await check(session);
  checks.set(session, { status, sessionId: session.sessionId });
  if (status === "signed-out") forget(session);
  return session;
}

/**
 * The sealed cookie, NOT checked against the database: only for a handler that checks the session
 * row itself, in the same SQL statement that acts on it (the Connect callback, whose whole database
 * work is one statement; lib/connect/callback.ts). Anything else must use getSession().
 */
export async function getSessionCheckedByCaller(): Promise<Session> {
  return readCookie();
}

export type SignedInUser = { id: string; email: string };

/**
 * Who this request is from, the one way to ask: `signed-in` only for a session the database
 * confirmed live (fail-closed); `unavailable` when the database did not answer, so a caller may
 * answer 503 rather than call the person signed out.
 */
export type SessionRead =
  | {
      kind: "signed-in";
      user: SignedInUser;
      sessionId: string;
      /** Sign-ups tried with this user's email before this sign-in, until they dismiss it. */
      signUpNotice: SignUpNotice | null;
    }
  | { kind: "signed-out" }
  | { kind: "unavailable" };

export async function readSession(): Promise<SessionRead> {
  const session = await getSession();
  const status = checks.get(session)?.status ?? "signed-out";
  if (status === "unavailable") return { kind: "unavailable" };
  const { userId, email, sessionId } = session;
  if (status !== "active" || !userId || !email || !sessionId) return { kind: "signed-out" };
  return {
    kind: "signed-in",
    user: { id: userId, email },
    sessionId,
    signUpNotice: session.signUpNotice ?? null,
  };
}

/**
 * The signed-in user, for a page or an action only they may use; anyone else (a database that does
 * not answer included) is sent to sign in, and then on to `next`.
 */
export async function requireUser(next: string): Promise<SignedInUser> {
  const read = await readSession();
  if (read.kind !== "signed-in") redirect(accountFormPath("sign-in", next));
  return read.user;
}

/** The session, only if the database confirmed it is live: for the writers below. */
async function liveSession(): Promise<Session | null> {
  const session = await getSession();
  return checks.get(session)?.status === "active" && session.userId ? session : null;
}

/**
 * Signs the browser in as `user`, with a fresh session (nothing of a previous one carries over,
 * and a previous session of this browser ends). Throws when the database is unreachable.
 */
export async function startUserSession(user: { id: string; email: string }): Promise<void> {
  const session = await getSession();
  const sessionId = newSessionId();
  await createSessionRow(sessionId, user.id, checks.get(session)?.sessionId);
  forget(session);
  Object.assign(session, { sessionId, userId: user.id, email: user.email } satisfies SessionData);
  checks.set(session, { status: "active", sessionId });
  await session.save();
}

/** Keeps `notice` in this session until the user dismisses it; undefined dismisses it. */
export async function setSignUpNotice(notice: SignUpNotice | undefined): Promise<void> {
  const session = await liveSession();
  if (!session) return;
  if (notice) session.signUpNotice = notice;
  else delete session.signUpNotice;
  await session.save();
}

export type SignOutOutcome = { kind: "signed-out" } | { kind: "unavailable" };

/**
 * Signs this browser out: its session row is revoked, then the cookie removed. With the database
 * unreachable nothing changes, so the user is never told they are signed out while a copy of the
 * cookie would still work.
 */
export async function endUserSession(): Promise<SignOutOutcome> {
  const session = await getSession();
  const sessionId = checks.get(session)?.sessionId;
  const outcome = await whenDatabaseIsUp(async () => {
    if (sessionId) await revokeSession(sessionId);
    return { kind: "signed-out" } as const;
  });
  if (outcome.kind === "signed-out") session.destroy();
  return outcome;
}

/**
 * Signs the user out on every browser, this one included. Only a live session may do it (a
 * revoked copy of a cookie must not be able to sign its owner out); unreachable database: nothing
 * changes.
 */
export async function endAllUserSessions(): Promise<SignOutOutcome> {
  const session = await getSession();
  if (checks.get(session)?.status === "unavailable") return { kind: "unavailable" };
  const userId = (await liveSession())?.userId;
  const outcome = await whenDatabaseIsUp(async () => {
    if (userId) await revokeAllSessions(userId);
    return { kind: "signed-out" } as const;
  });
  if (outcome.kind === "signed-out") session.destroy();
  return outcome;
}
