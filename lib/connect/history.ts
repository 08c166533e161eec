import "server-only";
import { listAttempts } from "@/lib/connect/attempts";
import { isErrorPageCode } from "@/lib/connect/codes";
import { HISTORY_WORDS, OUTCOME_WORDS } from "@/lib/connect/copy";
import { db, whenDatabaseIsUp } from "@/lib/db";
import { displayMake } from "@/lib/vehicles/names";

// Each user's Connect launches and re-authentications, read from the attempts themselves.

export type HistoryEntry = {
  id: string;
  at: Date;
  /** A launch or a re-authentication, in words (HISTORY_WORDS). */
  action: string;
  outcome: string;
  /** The vehicle or brand the attempt was about, when known. */
  subject: string | null;
};

export type ConnectHistory = { kind: "ok"; entries: HistoryEntry[] } | { kind: "unavailable" };

/** The user's attempts, newest first: their own, never anyone else's. */
export async function listConnectHistory(userId: string, limit = 50): Promise<ConnectHistory> {
  return whenDatabaseIsUp(async () => ({ kind: "ok", entries: await readHistory(userId, limit) }));
}

async function readHistory(userId: string, limit: number): Promise<HistoryEntry[]> {
  const [attempts, links] = await Promise.all([
    listAttempts(userId, limit),
    db().smartcarLink.findMany({
      where: { userId },
      select: { smartcarUserId: true, vehicleSummary: true },
    }),
  ]);
  const vehiclesOf = new Map(links.map((link) => [link.smartcarUserId, link.vehicleSummary]));
  const now = new Date();
  return attempts.map((attempt) => {
    const ended = attempt.outcome;
    let outcome: string;
    if (ended && (ended === "connected" || ended === "reauthenticated" || isErrorPageCode(ended))) {
      outcome = OUTCOME_WORDS[ended] ?? HISTORY_WORDS.failed;
    } else if (!attempt.usedAt && attempt.expiresAt > now) outcome = HISTORY_WORDS.inProgress;
    else outcome = HISTORY_WORDS.notCompleted;
    const incompatible = [attempt.vehicleYear, attempt.vehicleMake, attempt.vehicleModel]
      .filter(Boolean)
      .join(" ");
    const subject =
      attempt.vehicleLabel ??
      (ended === "vehicle_incompatible" && incompatible ? incompatible : null) ??
      (attempt.smartcarUserId ? (vehiclesOf.get(attempt.smartcarUserId) ?? null) : null) ??
      (attempt.make ? displayMake(attempt.make) : null);
    return {
      id: attempt.id,
      at: attempt.createdAt,
      action: attempt.kind === "reauthenticate" ? HISTORY_WORDS.reconnect : HISTORY_WORDS.connect,
      outcome,
      subject,
    };
  });
}
