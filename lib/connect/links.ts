import "server-only";
import { db } from "@/lib/db";

/** The Smartcar owner the user connected, if any. */
export async function findSmartcarLink(userId: string) {
  return db().smartcarLink.findUnique({
    where: { userId },
    select: { smartcarUserId: true, connectedAt: true, lastVerifiedAt: true },
  });
}
