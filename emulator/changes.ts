import { errors, FAULT_ERRORS } from "./api/errors";
import type { Context } from "./context";
import { faultyVehicles, type Fault } from "./faults";
import { snapshot, stopChargingIfNotAllowed } from "./signals";
import type { Vehicle, VehicleState } from "./state";

// Every change to a vehicle goes through here, so the signals' timestamps, the saved state and the
// webhook deliveries stay in step with it, whether a command or a test control made the change.

/** Applies `mutate` to the vehicle's state; returns the codes of the signals that changed. */
export function changeVehicle(
  ctx: Context,
  vehicle: Vehicle,
  mutate: (state: VehicleState) => void,
): string[] {
  const before = snapshot(vehicle);
  mutate(vehicle.state);
  stopChargingIfNotAllowed(vehicle.state);
  const after = snapshot(vehicle);
  const changed = [...after.keys()].filter((code) => before.get(code) !== after.get(code));
  const now = ctx.now();
  for (const code of changed) vehicle.signalUpdatedAt[code] = now;
  ctx.store.changed();
  if (changed.length) ctx.webhooks.vehicleState(vehicle, { changed });
  return changed;
}

/** Puts the vehicle into, or out of, "needs re-authentication" (contract 1.3). */
export function setNeedsReauthentication(ctx: Context, vehicle: Vehicle, value: boolean): void {
  if (vehicle.needsReauthentication === value) return;
  vehicle.needsReauthentication = value;
  ctx.store.changed();
  const error = errors.reauthenticate(reauthenticateUrl(ctx, vehicle.id));
  ctx.webhooks.vehicleError(vehicle, error, value ? "ERROR" : "RESOLVED");
}

/**
 * The re-authentication URL an AUTHENTICATION_FAILED error points to: Smartcar sends it "partially
 * built" (contract 1.3 [C3]), so without `state` and `redirect_uri`, which the app adds.
 */
export function reauthenticateUrl(ctx: Context, vehicleId: string): string {
  const query = new URLSearchParams({
    response_type: "vehicle_id",
    application_id: ctx.config.applicationId,
    vehicle_id: vehicleId,
  });
  return `${ctx.origin}/oauth/reauthenticate?${query}`;
}

/** Replaces the faults; vehicles entering or leaving a `vehicle-error` get a VEHICLE_ERROR. */
export function replaceFaults(ctx: Context, faults: Fault[]): void {
  const before = faultyVehicles(ctx.faults);
  const after = faultyVehicles(faults);
  ctx.faults = faults;
  const notify = (vehicleId: string, status: number, state: "ERROR" | "RESOLVED") => {
    const vehicle = ctx.store.state.vehicles[vehicleId];
    if (vehicle) ctx.webhooks.vehicleError(vehicle, FAULT_ERRORS[status]!, state);
  };
  for (const [vehicleId, status] of after) {
    if (before.get(vehicleId) !== status) notify(vehicleId, status, "ERROR");
  }
  for (const [vehicleId, status] of before) {
    if (!after.has(vehicleId)) notify(vehicleId, status, "RESOLVED");
  }
}
