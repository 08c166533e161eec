import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import type { ConnectErrorCode } from "@/lib/connect/codes";
import type { IncompatibleVehicle } from "@/lib/connect/parse-callback";

// ConnectAttempt rows: one per launch of Connect. Using one is a single conditional UPDATE, so a
// replayed or concurrent callback succeeds at most once.

export async function createAttempt(data: { userId: string; stateHash: string; expiresAt: Date; make?: string }) {
  await db().connectAttempt.create({ data });
}

type UseKey = { stateHash: string; userId: string; now: Date };

function unusedAttempt({ stateHash, userId, now }: UseKey) {
  return { stateHash, userId, usedAt: null, expiresAt: { gt: now } } satisfies Prisma.ConnectAttemptWhereInput;
}

class AlreadyLinked extends Error {}

/**
 * Uses the attempt and stores `smartcarUserId` against the user, in one transaction: either both
 * happen or neither. Reconnecting the same owner is idempotent; an owner linked to another user
 * of the app is refused with nothing changed.
 */
export async function linkSmartcarUser(key: UseKey & { smartcarUserId: string }): Promise<"connected" | "invalid_state" | "already_linked"> {
  const { userId, smartcarUserId, now } = key;
  try {
    return await db().$transaction(async (tx) => {
      const used = await tx.connectAttempt.updateMany({
        where: unusedAttempt(key),
        data: { usedAt: now, outcome: "connected", smartcarUserId },
      });
      if (used.count !== 1) return "invalid_state" as const;
      const owner = await tx.smartcarLink.findUnique({ where: { smartcarUserId }, select: { userId: true } });
      if (owner && owner.userId !== userId) throw new AlreadyLinked();
      await tx.smartcarLink.upsert({
        where: { userId },
        create: { userId, smartcarUserId, connectedAt: now, lastVerifiedAt: now },
        update: { smartcarUserId, connectedAt: now, lastVerifiedAt: now },
      });
      return "connected" as const;
    });
  } catch (error) {
    if (error instanceof AlreadyLinked) return "already_linked";
    // Two users linking the same owner at once: the unique index decides, the loser changes nothing.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return "already_linked";
    throw error;
  }
}

/** Uses the attempt and records the error Connect sent back. */
export async function recordConnectError(
  key: UseKey & { code: ConnectErrorCode | "unknown"; rawCode: string | null; make: string | null; vehicle: IncompatibleVehicle | null },
): Promise<"recorded" | "invalid_state"> {
  const used = await db().connectAttempt.updateMany({
    where: unusedAttempt(key),
    data: {
      usedAt: key.now,
      outcome: key.code,
      errorCode: key.rawCode,
      ...(key.make ? { make: key.make } : {}),
      vehicleVin: key.vehicle?.vin ?? null,
      vehicleMake: key.vehicle?.make ?? null,
      vehicleModel: key.vehicle?.model ?? null,
      vehicleYear: key.vehicle?.year ?? null,
    },
  });
  return used.count === 1 ? "recorded" : "invalid_state";
}

/** The user's most recent attempt that ended with `outcome`, for the page that explains it. */
export async function findLatestAttempt(userId: string, outcome: string) {
  return db().connectAttempt.findFirst({
    where: { userId, outcome },
    orderBy: { createdAt: "desc" },
    select: { make: true, vehicleVin: true, vehicleMake: true, vehicleModel: true, vehicleYear: true },
  });
}
