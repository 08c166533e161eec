import "server-only";
import { whenDatabaseIsUp } from "@/lib/db";
import { log, maskId } from "@/lib/log";
import { classifySmartcarError, type Problem } from "@/lib/smartcar/errors";
import { reserveRefresh } from "@/lib/vehicles/budget";
import {
  budgetView,
  readVehicleNow,
  signalViews,
  type BudgetView,
  type SignalView,
} from "@/lib/vehicles/card";
import { findOwnedVehicle } from "@/lib/vehicles/ownership";

// A card's Refresh: reads that vehicle from Smartcar now, whatever is stored, at most once per
// REFRESH_INTERVAL_MS per vehicle (whoever asks, on any instance), and counted in its monthly
// budget; it still reads when automatic reads have stopped at the allowance.

export type RefreshOutcome =
  | { kind: "done"; signals: SignalView[]; budget: BudgetView }
  | { kind: "too-soon"; budget: BudgetView }
  | { kind: "failed"; problem: Problem; budget: BudgetView }
  | { kind: "not-found" }
  | { kind: "unavailable" };

export async function refreshVehicle(userId: string, vehicleId: string): Promise<RefreshOutcome> {
  const vehicle = await findOwnedVehicle(userId, vehicleId);
  if (vehicle.kind === "unavailable") return vehicle;
  if (vehicle.kind !== "found") return { kind: "not-found" };
  const reserved = await whenDatabaseIsUp(() => reserveRefresh(vehicleId));
  if (reserved.kind === "unavailable") return reserved;
  const budget = budgetView(reserved.budget);
  if (reserved.kind === "too-soon") return { kind: "too-soon", budget };
  try {
    const live = await readVehicleNow(vehicle);
    log("vehicle.refreshed", { vehicle: maskId(vehicleId) });
    return { kind: "done", signals: signalViews(live), budget };
  } catch (error) {
    return { kind: "failed", problem: classifySmartcarError(error), budget };
  }
}
