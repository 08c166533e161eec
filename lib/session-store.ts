import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";

// Session rows (https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html):
// the cookie carries a 256-bit random id, the table only its SHA-256, so reading the table (a
// backup, a leaked dump) gives no one a session. No cache in front: one indexed lookup per
// request, so ending a session takes effect at once on every instance.

export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** A new session id: 256 random bits, base64url. Goes in the sealed cookie only. */
export function newSessionId(): string {
  return randomBytes(32).toString("base64url");
}

export function hashOf(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("base64url");
}

/**
 * Which row makes `sessionId` a live session of `userId` at `now`: a filter to fold into any other
 * query that must only run for a live session (e.g. inside the transaction that uses it).
 */
export function activeSessionWhere(
  sessionId: string,
  userId: string,
  now: Date,
): Prisma.SessionWhereInput {
  return { tokenHash: hashOf(sessionId), userId, revokedAt: null, expiresAt: { gt: now } };
}

/** True when `sessionId` is a live session of `userId`: not revoked, not expired, user not deleted. */
export async function isSessionActive(
  sessionId: string,
  userId: string,
  now = new Date(),
): Promise<boolean> {
  return (await db().session.count({ where: activeSessionWhere(sessionId, userId, now) })) === 1;
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
