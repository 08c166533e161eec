import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";

// Session rows (docs/references.md [owasp-session-management]): the cookie carries a 256-bit random
// id, the table only its SHA-256, so reading the table (a backup, a leaked dump) gives no one a
// session. No cache in front: one indexed lookup per request, so ending a session takes effect at
// once on every instance.

/** Absolute expiry: a session ends 7 days after sign-in, however active (ASVS 3.3.1). */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Idle expiry: a session ends after 24 hours without a request (docs/threat-model.md, "Sessions"). */
export const SESSION_IDLE_MS = 24 * 60 * 60 * 1000;
/**
 * A request moves the session's `last_seen_at` only when it is older than this: at most one write
 * per session per minute, not one per request, for an idle expiry a minute short at worst.
 */
export const SESSION_TOUCH_MS = 60 * 1000;

/** The oldest `last_seen_at` a live session may have at `now`. */
export function idleSince(now: Date): Date {
  return new Date(now.getTime() - SESSION_IDLE_MS);
}

/** A new session id: 256 random bits, base64url. Goes in the sealed cookie only. */
export function newSessionId(): string {
  return randomBytes(32).toString("base64url");
}

export function hashOf(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("base64url");
}

/** What makes a session row live at `now`: not revoked, not expired, not idle. */
export function liveSessionWhere(now: Date): Prisma.SessionWhereInput {
  return { revokedAt: null, expiresAt: { gt: now }, lastSeenAt: { gt: idleSince(now) } };
}

/**
 * Which row makes `sessionId` a live session of `userId` at `now`: a filter to fold into any other
 * query that must only run for a live session (e.g. inside the statement that uses it).
 */
export function activeSessionWhere(
  sessionId: string,
  userId: string,
  now: Date,
): Prisma.SessionWhereInput {
  return { tokenHash: hashOf(sessionId), userId, ...liveSessionWhere(now) };
}

/**
 * activeSessionWhere() in SQL, for a raw statement that must only run for a live session: the
 * conditions on a `sessions` row (its columns unqualified), with the session's hash.
 */
export function activeSessionSql(sessionHash: string, userId: string, now: Date): Prisma.Sql {
  return Prisma.sql`token_hash = ${sessionHash} AND user_id = ${userId}::uuid
    AND revoked_at IS NULL AND expires_at > ${now} AND last_seen_at > ${idleSince(now)}`;
}

/**
 * True when `sessionId` is a live session of `userId` (not revoked, not expired, not idle for a
 * day, user not deleted), and marks it seen at `now`, in one statement: the row is written only
 * when its `last_seen_at` is older than SESSION_TOUCH_MS, so most requests only read it, and never
 * with `touch: false` (a stream reconnecting by itself).
 */
export async function isSessionActive(
  sessionId: string,
  userId: string,
  now = new Date(),
  { touch = true }: { touch?: boolean } = {},
): Promise<boolean> {
  const [row] = await db().$queryRaw<{ live: number }[]>`
    WITH live AS (
      SELECT token_hash, last_seen_at FROM sessions
      WHERE ${activeSessionSql(hashOf(sessionId), userId, now)}
    ), touched AS (
      UPDATE sessions SET last_seen_at = ${now}
      FROM live
      WHERE sessions.token_hash = live.token_hash
        AND live.last_seen_at < ${new Date(now.getTime() - SESSION_TOUCH_MS)} AND ${touch}
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM live)::int AS live`;
  return row?.live === 1;
}

/** Records a new session for `userId`, and ends the one this browser had before, if any. */
export async function createSessionRow(
  sessionId: string,
  userId: string,
  replaces?: string,
  now = new Date(),
): Promise<void> {
  const create = db().session.create({
    data: {
      tokenHash: hashOf(sessionId),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
    },
  });
  if (!replaces) {
    await create;
    return;
  }
  await db().$transaction([
    db().session.updateMany({
      where: { tokenHash: hashOf(replaces), revokedAt: null },
      data: { revokedAt: now },
    }),
    create,
  ]);
}

/** Ends one session for good. */
export async function revokeSession(sessionId: string, now = new Date()): Promise<void> {
  await db().session.updateMany({
    where: { tokenHash: hashOf(sessionId), revokedAt: null },
    data: { revokedAt: now },
  });
}

/** Ends every session of `userId`, on every browser; returns how many were live. */
export async function revokeAllSessions(userId: string, now = new Date()): Promise<number> {
  const { count } = await db().session.updateMany({
    where: { userId, revokedAt: null, expiresAt: { gt: now } },
    data: { revokedAt: now },
  });
  return count;
}
