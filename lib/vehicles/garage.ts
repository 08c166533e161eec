import "server-only";
import { db, isDatabaseUnavailable } from "@/lib/db";
import { findSmartcarLink } from "@/lib/connect/links";
import { smartcar } from "@/lib/smartcar";
import { describeSmartcarError, SmartcarApiError } from "@/lib/smartcar/errors";
import type { Connection, Signal } from "@/lib/smartcar/schemas";

// What the stored user_id gives access to: the owner's connections, each vehicle's details and
// signals, and disconnecting.

export type Garage =
  | { kind: "not-connected" }
  | { kind: "no-connections"; smartcarUserId: string }
  | { kind: "connected"; smartcarUserId: string; connections: Connection[] }
  | { kind: "error"; message: string };

export async function loadGarage(userId: string): Promise<Garage> {
  let link;
  try {
    link = await findSmartcarLink(userId);
  } catch (error) {
    if (isDatabaseUnavailable(error)) return { kind: "error", message: "Your vehicles can't be loaded right now. Please try again in a moment." };
    throw error;
  }
  if (!link) return { kind: "not-connected" };
  try {
    const connections = await smartcar().listConnections(link.smartcarUserId);
    await db()
      .smartcarLink.update({ where: { userId }, data: { lastVerifiedAt: new Date() } })
      .catch(() => undefined);
    return connections.length
      ? { kind: "connected", smartcarUserId: link.smartcarUserId, connections }
      : { kind: "no-connections", smartcarUserId: link.smartcarUserId };
  } catch (error) {
    const message =
      error instanceof SmartcarApiError && error.status === 429
        ? describeSmartcarError(error)
        : "Your vehicles can't be read from Smartcar right now. Try again in a moment.";
    return { kind: "error", message };
  }
}

export type SignalView = { code: string; label: string; display: string; retrievedAt: string | null; failed: boolean };
export type VehicleCard =
  | { kind: "ok"; title: string; powertrain: string | null; signals: SignalView[] }
  | { kind: "error"; title: string; message: string };

/** How a card names a vehicle, loaded or still loading. */
export function vehicleTitle(vehicle: { year: number; make: string; model: string }): string {
  return `${vehicle.year} ${vehicle.make} ${vehicle.model}`;
}

/** The signals a card shows, in order. The loading card lists the same labels so it has the card's height. */
export const SIGNAL_LABELS: Readonly<Record<string, string>> = {
  "tractionbattery-stateofcharge": "Battery",
  "odometer-traveleddistance": "Odometer",
  "location-preciselocation": "Location",
};

const number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

function displaySignal(signal: Signal): string {
  if (signal.status !== "SUCCESS" || signal.value == null) return "Not available";
  const { value, unit } = signal;
  if (typeof value === "object" && value && "latitude" in value) return `${value.latitude.toFixed(4)}, ${value.longitude.toFixed(4)}`;
  if (typeof value === "number") {
    if (unit === "percent") return `${number.format(value)}%`;
    return `${number.format(value)}${unit ? ` ${unit}` : ""}`;
  }
  return `${String(value)}${unit ? ` ${unit}` : ""}`;
}

/** One vehicle's card. A failure here is this vehicle's alone: the page shows the others. */
export async function loadVehicleCard(smartcarUserId: string, connection: Connection): Promise<VehicleCard> {
  const title = vehicleTitle(connection);
  try {
    const [vehicle, signals] = await Promise.all([
      smartcar().getVehicle(smartcarUserId, connection.vehicleId),
      smartcar().getSignals(smartcarUserId, connection.vehicleId),
    ]);
    return {
      kind: "ok",
      title: vehicleTitle(vehicle),
      powertrain: vehicle.powertrainType ?? null,
      signals: signals
        .filter((s) => s.code in SIGNAL_LABELS)
        .map((s) => ({ code: s.code, label: SIGNAL_LABELS[s.code]!, display: displaySignal(s), retrievedAt: s.retrievedAt ?? null, failed: s.status !== "SUCCESS" })),
    };
  } catch (error) {
    return { kind: "error", title, message: describeSmartcarError(error) };
  }
}

export type DisconnectOutcome = { kind: "disconnected" } | { kind: "not-connected" } | { kind: "error"; message: string };

/** Revokes the app's access at Smartcar, then forgets the user_id. */
export async function disconnectVehicles(userId: string): Promise<DisconnectOutcome> {
  try {
    const link = await findSmartcarLink(userId);
    if (!link) return { kind: "not-connected" };
    try {
      await smartcar().deleteUser(link.smartcarUserId);
    } catch (error) {
      // Already gone at Smartcar: nothing left to revoke.
      if (!(error instanceof SmartcarApiError && error.status === 404)) return { kind: "error", message: describeSmartcarError(error) };
    }
    await db().smartcarLink.deleteMany({ where: { userId } });
    return { kind: "disconnected" };
  } catch (error) {
    if (isDatabaseUnavailable(error)) return { kind: "error", message: "The service is temporarily unavailable. Please try again in a moment." };
    throw error;
  }
}
