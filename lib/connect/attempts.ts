import "server-only";
import { db } from "@/lib/db";

// ConnectAttempt rows: one per launch of Connect or of its re-authentication. The callback uses
// them (lib/connect/callback.ts); they are also each user's connect history (lib/connect/history.ts).

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
