import type { Powertrain } from "./catalog";
import type { Vehicle, VehicleState } from "./state";

// The signals the emulator serves, with the codes, names, groups and bodies of Smartcar's signal
// schema (contract 6.4 [V7], the schema and the per-group pages). A signal is served only if the
// vehicle has it and its read permission was granted.

export type SignalDefinition = {
  code: string;
  name: string;
  group: string;
  permission: string;
  /** Which powertrains have it. */
  powertrains: readonly Powertrain[];
  body(vehicle: Vehicle): Record<string, unknown>;
};

const ALL: readonly Powertrain[] = ["BEV", "PHEV", "ICE"];
const ELECTRIC: readonly Powertrain[] = ["BEV", "PHEV"];

/** Kilometres of electric range per percent of charge. */
const KM_PER_PERCENT: Record<Powertrain, number> = { BEV: 4.5, PHEV: 0.6, ICE: 0 };

const DIRECTIONS = ["N", "NE", "E", "SE", "S", "SW", "W", "NW"] as const;

function chargingStatus(state: VehicleState): "CHARGING" | "FULLY_CHARGED" | "NOT_CHARGING" {
  if (state.charging) return "CHARGING";
  return state.pluggedIn && state.batteryPercent >= state.chargeLimit
    ? "FULLY_CHARGED"
    : "NOT_CHARGING";
}

const SIGNALS: readonly SignalDefinition[] = [
  {
    code: "tractionbattery-stateofcharge",
    name: "StateOfCharge",
    group: "TractionBattery",
    permission: "read_battery",
    powertrains: ELECTRIC,
    // Percent 0-100, not a 0-1 fraction.
    body: (v) => ({ unit: "percent", value: v.state.batteryPercent }),
  },
  {
    code: "tractionbattery-range",
    name: "Range",
    group: "TractionBattery",
    permission: "read_battery",
    powertrains: ELECTRIC,
    body: (v) => ({
      unit: "kilometers",
      value: Math.round(v.state.batteryPercent * KM_PER_PERCENT[v.powertrain]),
    }),
  },
  {
    code: "odometer-traveleddistance",
    name: "TraveledDistance",
    group: "Odometer",
    permission: "read_odometer",
    powertrains: ALL,
    body: (v) => ({ unit: "kilometers", value: v.state.odometerKm }),
  },
  {
    code: "location-preciselocation",
    name: "PreciseLocation",
    group: "Location",
    permission: "read_location",
    powertrains: ALL,
    body: (v) => ({
      latitude: v.state.latitude,
      longitude: v.state.longitude,
      heading: v.state.heading,
      direction: DIRECTIONS[Math.round(v.state.heading / 45) % 8],
      locationType: "CURRENT",
    }),
  },
  {
    code: "closure-islocked",
    name: "IsLocked",
    group: "Closure",
    permission: "read_security",
    powertrains: ALL,
    body: (v) => ({ value: v.state.locked }),
  },
  {
    code: "closure-doors",
    name: "Doors",
    group: "Closure",
    permission: "read_security",
    powertrains: ALL,
    // `values`, as live payloads carry it (one OpenAPI example says `doors`; contract 6.4).
    body: (v) => ({
      values: [0, 1].flatMap((row) =>
        [0, 1].map((column) => ({
          row,
          column,
          isOpen: row === 0 && column === 0 && v.state.doorOpen,
          isLocked: v.state.locked,
        })),
      ),
      rowCount: 2,
      columnCount: 2,
    }),
  },
  {
    code: "charge-ischarging",
    name: "IsCharging",
    group: "Charge",
    permission: "read_charge",
    powertrains: ELECTRIC,
    body: (v) => ({ value: v.state.charging }),
  },
  {
    code: "charge-ischargingcableconnected",
    name: "IsChargingCableConnected",
    group: "Charge",
    permission: "read_charge",
    powertrains: ELECTRIC,
    body: (v) => ({ value: v.state.pluggedIn }),
  },
  {
    code: "charge-detailedchargingstatus",
    name: "DetailedChargingStatus",
    group: "Charge",
    permission: "read_charge",
    powertrains: ELECTRIC,
    body: (v) => ({ value: chargingStatus(v.state) }),
  },
  {
    code: "charge-chargelimits",
    name: "ChargeLimits",
    group: "Charge",
    permission: "read_charge",
    powertrains: ELECTRIC,
    // The documented example's shape; `activeLimit` is null while not plugged in.
    body: (v) => ({
      values: [{ type: "global", limit: v.state.chargeLimit, condition: null }],
      activeLimit: v.state.pluggedIn ? v.state.chargeLimit : null,
      unit: "percent",
    }),
  },
  {
    code: "vehicleidentification-vin",
    name: "VIN",
    group: "VehicleIdentification",
    permission: "read_vin",
    powertrains: ALL,
    body: (v) => ({ value: v.vin }),
  },
];

/** The signals `vehicle` has, whatever was granted. */
export function signalsOf(vehicle: Vehicle): SignalDefinition[] {
  return SIGNALS.filter((s) => s.powertrains.includes(vehicle.powertrain));
}

/** The signals `vehicle` has that `permissions` let the app read. */
export function readableSignals(
  vehicle: Vehicle,
  permissions: readonly string[],
): SignalDefinition[] {
  return signalsOf(vehicle).filter((s) => permissions.includes(s.permission));
}

/**
 * A signal's `status` and `body`: its value, or the error a control set for it (contract 6.3:
 * `status.error` with `type`, `code` and `resolution`, and no body).
 */
export function signalOutcome(vehicle: Vehicle, signal: SignalDefinition) {
  const failure = vehicle.signalErrors?.[signal.code];
  if (!failure) return { status: { value: "SUCCESS" }, body: signal.body(vehicle) };
  return {
    status: {
      value: "ERROR",
      error: {
        type: failure.type,
        code: failure.code,
        ...(failure.resolution ? { resolution: failure.resolution } : {}),
        ...(failure.suggestedUserMessage
          ? { suggestedUserMessage: failure.suggestedUserMessage }
          : {}),
      },
    },
  };
}

/** Each signal's body as JSON text, to see which ones a change touched. */
export function snapshot(vehicle: Vehicle): Map<string, string> {
  return new Map(signalsOf(vehicle).map((s) => [s.code, JSON.stringify(s.body(vehicle))]));
}

/** Stops charging where the state no longer allows it: unplugged, or at the limit. */
export function stopChargingIfNotAllowed(state: VehicleState): void {
  if (!state.pluggedIn) state.charging = false;
  if (state.charging && state.batteryPercent >= state.chargeLimit) state.charging = false;
}
