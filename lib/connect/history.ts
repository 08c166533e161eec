import "server-only";
import { listAttempts } from "@/lib/connect/attempts";
import { isErrorPageCode } from "@/lib/connect/codes";
import { db, whenDatabaseIsUp } from "@/lib/db";
import { displayMake } from "@/lib/vehicles/names";

// Each user's Connect launches and re-authentications, read from the attempts themselves.

const OUTCOME_WORDS: Record<string, string> = {
  connected: "Connected",
  reauthenticated: "Reconnected",
  access_denied: "Denied access",
  user_manually_returned_to_application: "Returned to the app before finishing",
  oem_cancelled_login: "Cancelled the carmaker sign-in",
  vehicle_incompatible: "Incompatible vehicle",
  no_vehicles: "No vehicles on the carmaker account",
  invalid_subscription: "Inactive connected-services subscription",
  server_error: "Smartcar server error",
  configuration_error: "App configuration error",
  unknown: "Failed (unknown error)",
};

export type HistoryEntry = {
  id: string;
  at: Date;
  /** "Connect" or "Reconnect" (a re-authentication). */
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
  const vehiclesOf = new Map(links.map((l) => [l.smartcarUserId, l.vehicleSummary]));
  const now = new Date();
  return attempts.map((a) => {
    let outcome: string;
    if (
      a.outcome &&
      (a.outcome === "connected" || a.outcome === "reauthenticated" || isErrorPageCode(a.outcome))
    ) {
      outcome = OUTCOME_WORDS[a.outcome] ?? "Failed";
    } else if (!a.usedAt && a.expiresAt > now) outcome = "In progress";
    else outcome = "Not completed";
    const incompatible = [a.vehicleYear, a.vehicleMake, a.vehicleModel].filter(Boolean).join(" ");
    const subject =
      a.vehicleLabel ??
      (a.outcome === "vehicle_incompatible" && incompatible ? incompatible : null) ??
      (a.smartcarUserId ? (vehiclesOf.get(a.smartcarUserId) ?? null) : null) ??
      (a.make ? displayMake(a.make) : null);
    return {
      id: a.id,
      at: a.createdAt,
      action: a.kind === "reauthenticate" ? "Reconnect" : "Connect",
      outcome,
      subject,
    };
  });
}
