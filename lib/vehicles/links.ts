import "server-only";
import { db } from "@/lib/db";

// The Smartcar `user_id`s a user connected (SmartcarLink rows). Created by the Connect callback
// (lib/connect/callback.ts); read, refreshed and removed here.

export type Link = { smartcarUserId: string; connectedAt: Date };

/** Every link of the user, oldest first, so cards keep their order. */
export async function listLinks(userId: string): Promise<Link[]> {
  return db().smartcarLink.findMany({
    where: { userId },
    orderBy: { connectedAt: "asc" },
    select: { smartcarUserId: true, connectedAt: true },
  });
}

/**
 * Notes that Smartcar still lists vehicles for the link, and which: connect history names them.
 * Written only when something changed or the last note is older than a minute, so a page view
 * costs no write in the common case.
 */
export async function noteLinkVerified(
  userId: string,
  smartcarUserId: string,
  vehicleSummary: string,
  now = new Date(),
) {
  await db().smartcarLink.updateMany({
    where: {
      userId,
      smartcarUserId,
      OR: [
        { vehicleSummary: { not: vehicleSummary } },
        { vehicleSummary: null },
        { lastVerifiedAt: null },
        { lastVerifiedAt: { lt: new Date(now.getTime() - 60_000) } },
      ],
    },
    data: { lastVerifiedAt: now, vehicleSummary },
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
