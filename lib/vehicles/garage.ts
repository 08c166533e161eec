import "server-only";
import { whenDatabaseIsUp } from "@/lib/db";
import type { Problem } from "@/lib/smartcar/errors";
import { readBudgets, type Budget } from "@/lib/vehicles/budget";
import { userVehicles, type GarageVehicle } from "@/lib/vehicles/connections";
import { readStoredVehicles, type StoredVehicle } from "@/lib/vehicles/readings";

// /vehicles: the user's vehicles (lib/vehicles/connections.ts), each with what is stored about it
// and what its Smartcar budget allows, read in one query per table for all of them.

export type { GarageVehicle } from "@/lib/vehicles/connections";
export type GarageCard = GarageVehicle & { stored: StoredVehicle; budget: Budget };

export type Garage =
  | {
      kind: "ok";
      vehicles: GarageCard[];
      unreadable: Problem[];
      removedLinks: number;
      refusedLinks: number;
    }
  | { kind: "unavailable" };

export async function loadGarage(userId: string): Promise<Garage> {
  return whenDatabaseIsUp(async () => {
    const { vehicles, ...rest } = await userVehicles(userId);
    const ids = vehicles.map((v) => v.connection.vehicleId);
    const [stored, budgets] = await Promise.all([readStoredVehicles(ids), readBudgets(ids)]);
    return {
      kind: "ok",
      vehicles: vehicles.map((v) => ({
        ...v,
        stored: stored.get(v.connection.vehicleId)!,
        budget: budgets.get(v.connection.vehicleId)!,
      })),
      ...rest,
    };
  });
}
