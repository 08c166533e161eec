import "server-only";
import { cookies } from "next/headers";
import { getIronSession, type IronSession, type SessionOptions } from "iron-session";
import { getConfig } from "@/lib/config";

// Follows iron-session's App Router example (https://github.com/vvo/iron-session#usage).

export type SessionData = {
  userId?: string;
  email?: string;
  /** The state of the Connect launch this browser started, until the callback uses it. */
  connectState?: string;
};

export type Session = IronSession<SessionData>;

export const SESSION_COOKIE = "sc_session";
const SESSION_TTL_SECONDS = 7 * 24 * 60 * 60;

export function sessionOptions(): SessionOptions {
  const { sessionSecret, isProduction } = getConfig();
  return {
    password: sessionSecret,
    cookieName: SESSION_COOKIE,
    ttl: SESSION_TTL_SECONDS,
    cookieOptions: {
      httpOnly: true,
      // Lax, not Strict: the browser must send the cookie on the top-level redirect back from Connect.
      sameSite: "lax",
      secure: isProduction,
      path: "/",
    },
  };
}

/**
 * The session of this request. A cookie that does not unseal (tampered, truncated, sealed with
 * another secret) is an empty session: the visitor is signed out.
 */
export async function getSession(): Promise<Session> {
  const store = await cookies();
  try {
    return await getIronSession<SessionData>(store, sessionOptions());
  } catch {
    const withoutSessionCookie = new Proxy(store, {
      get(target, property) {
        if (property === "get") {
          return (name: string) => (name === SESSION_COOKIE ? undefined : target.get(name));
        }
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    return getIronSession<SessionData>(withoutSessionCookie, sessionOptions());
  }
}

/** The signed-in user of this request, as the session says, or null. */
export async function getSignedInUser(): Promise<{ id: string; email: string } | null> {
  const session = await getSession();
  return session.userId && session.email ? { id: session.userId, email: session.email } : null;
}

/** Signs the browser in as `user`, with a fresh session (nothing of a previous one carries over). */
export async function startUserSession(user: { id: string; email: string }): Promise<void> {
  const session = await getSession();
  session.userId = user.id;
  session.email = user.email;
  delete session.connectState;
  await session.save();
}

export async function endUserSession(): Promise<void> {
  const session = await getSession();
  session.destroy();
}
