import "server-only";
import { randomUUID } from "node:crypto";
import type { ConnectErrorCode } from "@/lib/connect/codes";
import { db } from "@/lib/db";
import { activeSessionSql, activeSessionWhere, hashOf } from "@/lib/session-store";

// Every query on connect_attempts: one row per launch of Connect or of its re-authentication,
// created by the launch (lib/connect/launch.ts), used once by the callback (lib/connect/callback.ts),
// read back as each user's connect history (lib/connect/history.ts) and the error pages' details
// (lib/connect/error-page.ts), and pruned (lib/retention.ts).

export type NewAttempt = {
  userId: string;
  stateHash: string;
  expiresAt: Date;
  kind: "connect" | "reauthenticate";
  make?: string;
  vehicleId?: string;
  vehicleLabel?: string;
  smartcarUserId?: string;
};

export async function createAttempt(data: NewAttempt): Promise<void> {
  await db().connectAttempt.create({ data });
}

/** The user's most recent attempt that ended with `outcome`, for the page that explains it. */
export async function findLatestAttempt(userId: string, outcome: string) {
  return db().connectAttempt.findFirst({
    where: { userId, outcome },
    orderBy: { createdAt: "desc" },
    select: {
      kind: true,
      make: true,
      vehicleId: true,
      vehicleVin: true,
      vehicleMake: true,
      vehicleModel: true,
      vehicleYear: true,
    },
  });
}

/** The user's attempts, newest first: their own, never anyone else's. */
export async function listAttempts(userId: string, limit: number) {
  return db().connectAttempt.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      id: true,
      createdAt: true,
      usedAt: true,
      expiresAt: true,
      kind: true,
      outcome: true,
      make: true,
      smartcarUserId: true,
      vehicleLabel: true,
      vehicleMake: true,
      vehicleModel: true,
      vehicleYear: true,
    },
  });
}

/**
 * Deletes at most `batch` attempts never used and expired for longer than `grace` (a PostgreSQL
 * interval); returns how many. Used attempts stay: they are the history.
 */
export async function deleteUnusedAttempts(batch: number, grace: string): Promise<number> {
  return db().$executeRaw`
    DELETE FROM connect_attempts WHERE id IN (
      SELECT id FROM connect_attempts
      WHERE used_at IS NULL AND expires_at < now() - ${grace}::interval
      LIMIT ${batch})`;
}

/**
 * What each statement below checks before it changes anything: the attempt's state and user, and
 * that the browser's session is still live (not signed out, not expired): the session row is
 * checked here, in the same statement, and not in a round trip of its own before it.
 */
export type AttemptKey = {
  stateHash: string;
  userId: string;
  sessionId: string;
  now: Date;
};

/**
 * A link Smartcar never confirmed (lib/vehicles/connections.ts) holds its `user_id` this long: the
 * state's own lifetime, long enough for its owner's first page to confirm it. After that, whoever
 * connects that `user_id` with a valid state takes it over, so a stranger who brought someone's
 * leaked `user_id` and never opened the page cannot lock its owner out (docs/threat-model.md).
 */
const UNCONFIRMED_HOLD_MS = 10 * 60 * 1000;

function unconfirmedSince(now: Date): Date {
  return new Date(now.getTime() - UNCONFIRMED_HOLD_MS);
}

/**
 * Uses a Connect attempt and stores the `user_id` against the user, in ONE statement: one round
 * trip, and no transaction left open between them. The attempt row is locked first, so a replayed
 * or concurrent callback finds it used; the link is inserted (or, for the same owner, refreshed)
 * only while the attempt is open; and the attempt is spent either way: `connected`, or
 * `already_linked` when the owner is linked to another user of the app by a confirmed link, or an
 * unconfirmed one younger than UNCONFIRMED_HOLD_MS (left as it was, and its `user_id` not
 * recorded against this user's attempt), so one launch can try at most one `user_id`. Exported for
 * the bench's limit route (lib/bench-routes.ts), which runs this same statement with nothing around
 * it (docs/references.md [pg15-with-modifying]).
 */
export async function redeemConnectAttempt(
  key: AttemptKey & { smartcarUserId: string },
): Promise<"connected" | "invalid_state" | "already_linked"> {
  const { stateHash, userId, sessionId, now, smartcarUserId } = key;
  const [result] = await db().$queryRaw<{ open: number; linked: number }[]>`
    WITH attempt AS (
      SELECT id FROM connect_attempts
      WHERE state_hash = ${stateHash} AND user_id = ${userId}::uuid AND kind = 'connect'
        AND used_at IS NULL AND expires_at > ${now}
        AND EXISTS (SELECT 1 FROM sessions WHERE ${activeSessionSql(hashOf(sessionId), userId, now)})
      FOR UPDATE
    ), link AS (
      INSERT INTO smartcar_links (id, user_id, smartcar_user_id, connected_at, last_verified_at)
      SELECT ${randomUUID()}::uuid, ${userId}::uuid, ${smartcarUserId}::uuid, ${now}, ${now} FROM attempt
      ON CONFLICT (smartcar_user_id) DO UPDATE SET
        last_verified_at = EXCLUDED.last_verified_at,
        user_id = EXCLUDED.user_id,
        connected_at = CASE WHEN smartcar_links.user_id = EXCLUDED.user_id
          THEN smartcar_links.connected_at ELSE EXCLUDED.connected_at END,
        confirmed_at = CASE WHEN smartcar_links.user_id = EXCLUDED.user_id
          THEN smartcar_links.confirmed_at END,
        connections = CASE WHEN smartcar_links.user_id = EXCLUDED.user_id
          THEN smartcar_links.connections END,
        connections_at = CASE WHEN smartcar_links.user_id = EXCLUDED.user_id
          THEN smartcar_links.connections_at END,
        vehicle_summary = CASE WHEN smartcar_links.user_id = EXCLUDED.user_id
          THEN smartcar_links.vehicle_summary END
        WHERE smartcar_links.user_id = EXCLUDED.user_id
          OR (smartcar_links.confirmed_at IS NULL
              AND smartcar_links.connected_at < ${unconfirmedSince(now)})
      RETURNING id
    ), used AS (
      UPDATE connect_attempts
      SET used_at = ${now},
        outcome = CASE WHEN EXISTS (SELECT 1 FROM link) THEN 'connected' ELSE 'already_linked' END,
        smartcar_user_id = CASE WHEN EXISTS (SELECT 1 FROM link) THEN ${smartcarUserId}::uuid END
      WHERE id IN (SELECT id FROM attempt)
      RETURNING id
    )
    SELECT (SELECT count(*) FROM attempt)::int AS open, (SELECT count(*) FROM link)::int AS linked`;
  if (!result || result.open === 0) return "invalid_state";
  return result.linked === 1 ? "connected" : "already_linked";
}

/** The attempt's user has this live session: a condition of the same UPDATE, not a query before it. */
function liveSessionOf({ sessionId, userId, now }: AttemptKey) {
  return { sessions: { some: activeSessionWhere(sessionId, userId, now) } };
}

/** Uses a re-authentication attempt, for the vehicle it was launched for and no other. */
export async function redeemReauthenticationAttempt(
  key: AttemptKey & { vehicleId: string },
): Promise<"reauthenticated" | "invalid_state"> {
  const used = await db().connectAttempt.updateMany({
    where: {
      stateHash: key.stateHash,
      userId: key.userId,
      kind: "reauthenticate",
      vehicleId: key.vehicleId,
      usedAt: null,
      expiresAt: { gt: key.now },
      user: liveSessionOf(key),
    },
    data: { usedAt: key.now, outcome: "reauthenticated" },
  });
  return used.count === 1 ? "reauthenticated" : "invalid_state";
}

/** The vehicle Connect named when it refused one as incompatible. */
export type IncompatibleVehicle = {
  vin: string | null;
  make: string | null;
  model: string | null;
  year: number | null;
};

/** Uses the attempt (of either kind) and records the error Connect sent back, or a malformed answer. */
export async function recordAttemptError(
  key: AttemptKey & {
    code: ConnectErrorCode | "unknown" | "invalid_response";
    rawCode: string | null;
    vehicle: IncompatibleVehicle | null;
  },
): Promise<"recorded" | "invalid_state"> {
  const used = await db().connectAttempt.updateMany({
    where: {
      stateHash: key.stateHash,
      userId: key.userId,
      usedAt: null,
      expiresAt: { gt: key.now },
      user: liveSessionOf(key),
    },
    data: {
      usedAt: key.now,
      outcome: key.code,
      errorCode: key.rawCode,
      vehicleVin: key.vehicle?.vin ?? null,
      vehicleMake: key.vehicle?.make ?? null,
      vehicleModel: key.vehicle?.model ?? null,
      vehicleYear: key.vehicle?.year ?? null,
    },
  });
  return used.count === 1 ? "recorded" : "invalid_state";
}
