import "server-only";
import { db, whenDatabaseIsUp } from "@/lib/db";
import { isErrorPageCode } from "@/lib/connect/codes";

const OUTCOME_WORDS: Record<string, string> = {
  connected: "Connected",
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

export type HistoryEntry = { id: string; at: Date; outcome: string; detail: string | null };

export type ConnectHistory = { kind: "ok"; entries: HistoryEntry[] } | { kind: "unavailable" };

/** The user's Connect launches, newest first: their own, never anyone else's. */
export async function listConnectHistory(userId: string, limit = 50): Promise<ConnectHistory> {
  return whenDatabaseIsUp(async () => ({ kind: "ok", entries: await readHistory(userId, limit) }));
}

async function readHistory(userId: string, limit: number): Promise<HistoryEntry[]> {
  const attempts = await db().connectAttempt.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, createdAt: true, usedAt: true, expiresAt: true, outcome: true, vehicleMake: true, vehicleModel: true, vehicleYear: true, make: true },
  });
  const now = new Date();
  return attempts.map((a) => {
    let outcome: string;
    if (a.outcome && (a.outcome === "connected" || isErrorPageCode(a.outcome))) outcome = OUTCOME_WORDS[a.outcome] ?? "Failed";
    else if (!a.usedAt && a.expiresAt > now) outcome = "In progress";
    else outcome = "Not completed";
    const vehicle = [a.vehicleYear, a.vehicleMake, a.vehicleModel].filter(Boolean).join(" ");
    const detail = a.outcome === "vehicle_incompatible" && vehicle ? vehicle : a.outcome === "oem_cancelled_login" && a.make ? a.make : null;
    return { id: a.id, at: a.createdAt, outcome, detail };
  });
}
