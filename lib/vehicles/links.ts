import "server-only";
import { db } from "@/lib/db";
import type { Connection } from "@/lib/smartcar/schemas";

// The Smartcar `user_id`s a user connected (smartcar_links). Created by the Connect callback
// (lib/connect/callback.ts); confirmed, given their connections, and removed here.

export type Link = {
  smartcarUserId: string;
  connectedAt: Date;
  /** Null until Smartcar confirmed the link (lib/vehicles/connections.ts). */
  confirmedAt: Date | null;
  /** The connections last read, and when, or null. */
  connections: Connection[] | null;
  connectionsAt: Date | null;
  /**
   * Whether the connections must be read again: never read, older than `maxAgeMs`, or the user
   * finished a Connect or re-authentication since (the callback's attempt row says when).
   */
  stale: boolean;
};

/** Every link of the user, oldest first, so cards keep their order. */
export async function listLinks(userId: string, maxAgeMs = 0): Promise<Link[]> {
  const rows = await db().$queryRaw<
    {
      smartcar_user_id: string;
      connected_at: Date;
      confirmed_at: Date | null;
      connections: unknown;
      connections_at: Date | null;
      stale: boolean;
    }[]
  >`
    SELECT l.smartcar_user_id::text, l.connected_at, l.confirmed_at, l.connections, l.connections_at,
      (l.connections_at IS NULL
        OR l.connections_at <= now() - ${maxAgeMs}::double precision * interval '1 millisecond'
        OR EXISTS (SELECT 1 FROM connect_attempts a
                   WHERE a.user_id = l.user_id AND a.used_at >= l.connections_at
                     AND a.outcome IN ('connected', 'reauthenticated'))) AS stale
    FROM smartcar_links l WHERE l.user_id = ${userId}::uuid
    ORDER BY l.connected_at, l.id`;
  return rows.map((row) => ({
    smartcarUserId: row.smartcar_user_id,
    connectedAt: row.connected_at,
    confirmedAt: row.confirmed_at,
    connections: Array.isArray(row.connections) ? (row.connections as Connection[]) : null,
    connectionsAt: row.connections_at,
    stale: row.stale,
  }));
}

/**
 * Keeps the connections Smartcar just listed for the link, confirms the link if `confirm`, and
 * names its vehicles for connect history.
 */
export async function saveConnections(
  userId: string,
  smartcarUserId: string,
  connections: Connection[],
  { confirm, summary }: { confirm: boolean; summary: string },
): Promise<void> {
  await db().$executeRaw`
    UPDATE smartcar_links
    SET connections = ${JSON.stringify(connections)}::jsonb, connections_at = now(),
        last_verified_at = now(), vehicle_summary = ${summary},
        confirmed_at = CASE WHEN ${confirm} THEN coalesce(confirmed_at, now()) ELSE confirmed_at END
    WHERE user_id = ${userId}::uuid AND smartcar_user_id = ${smartcarUserId}::uuid`;
}

/**
 * Takes the turn to read a link's connections again: true for one caller only among those that
 * saw the same `seenAt`, so concurrent page views (on any instance) read them once; the others
 * use what was read before.
 */
export async function claimConnectionsRead(
  userId: string,
  smartcarUserId: string,
  seenAt: Date | null,
): Promise<boolean> {
  const claimed = await db().$executeRaw`
    UPDATE smartcar_links SET connections_at = now()
    WHERE user_id = ${userId}::uuid AND smartcar_user_id = ${smartcarUserId}::uuid
      AND connections_at IS NOT DISTINCT FROM ${seenAt}::timestamptz`;
  return claimed === 1;
}

/** The link's connections are read again at the next look (after a disconnect). */
export async function forgetConnections(userId: string, smartcarUserId: string): Promise<void> {
  await db().smartcarLink.updateMany({
    where: { userId, smartcarUserId },
    data: { connectionsAt: null },
  });
}

/** Forgets links of this user only: an id of another user's link changes nothing. */
export async function removeLinks(userId: string, smartcarUserIds: string[]): Promise<number> {
  if (!smartcarUserIds.length) return 0;
  const { count } = await db().smartcarLink.deleteMany({
    where: { userId, smartcarUserId: { in: smartcarUserIds } },
  });
  return count;
}
