import "server-only";
import { whenDatabaseIsUp } from "@/lib/db";
import { smartcar } from "@/lib/smartcar";
import { classifySmartcarError, type Problem } from "@/lib/smartcar/errors";
import type { GarageVehicle } from "@/lib/vehicles/garage";
import { listLinks } from "@/lib/vehicles/links";
import { vehicleTitle } from "@/lib/vehicles/names";

export type OwnedVehicle =
  | ({ kind: "found" } & GarageVehicle)
  | { kind: "not-found" }
  | { kind: "unreadable"; problem: Problem }
  | { kind: "unavailable" };

/**
 * The user's vehicle with this id, found among the connections Smartcar lists for the user's own
 * links, and nowhere else: whatever id a request carries, it can only ever name one of the user's
 * own vehicles. Every action on a vehicle (disconnect, reconnect, commands) starts here.
 */
export async function findOwnedVehicle(userId: string, vehicleId: string): Promise<OwnedVehicle> {
  return whenDatabaseIsUp(async () => {
    const links = await listLinks(userId);
    const listed = await Promise.allSettled(
      links.map((link) => smartcar().listConnections(link.smartcarUserId)),
    );
    let problem: Problem | null = null;
    for (const [i, result] of listed.entries()) {
      if (result.status === "rejected") {
        problem ??= classifySmartcarError(result.reason);
        continue;
      }
      const connection = result.value.find((c) => c.vehicleId === vehicleId);
      if (connection)
        return {
          kind: "found",
          smartcarUserId: links[i]!.smartcarUserId,
          connection,
          title: vehicleTitle(connection),
        };
    }
    return problem ? { kind: "unreadable", problem } : { kind: "not-found" };
  });
}
