import "server-only";
import { whenDatabaseIsUp } from "@/lib/db";
import type { Problem } from "@/lib/smartcar/errors";
import { userVehicles, type GarageVehicle } from "@/lib/vehicles/connections";

export type OwnedVehicle =
  | ({ kind: "found" } & GarageVehicle)
  | { kind: "not-found" }
  | { kind: "unreadable"; problem: Problem }
  | { kind: "unavailable" };

/**
 * The user's vehicle with this id, found among the connections of the user's own confirmed links
 * (lib/vehicles/connections.ts), and nowhere else: whatever id a request carries, it can only ever
 * name one of the user's own vehicles. Every action on a vehicle (disconnect, reconnect, commands,
 * Refresh) starts here.
 */
export async function findOwnedVehicle(userId: string, vehicleId: string): Promise<OwnedVehicle> {
  return whenDatabaseIsUp(async () => {
    const { vehicles, unreadable } = await userVehicles(userId);
    const vehicle = vehicles.find((v) => v.connection.vehicleId === vehicleId);
    if (vehicle) return { kind: "found", ...vehicle } as const;
    return unreadable[0]
      ? ({ kind: "unreadable", problem: unreadable[0] } as const)
      : ({ kind: "not-found" } as const);
  });
}
