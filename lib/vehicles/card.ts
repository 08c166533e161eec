import "server-only";
import { smartcar } from "@/lib/smartcar";
import { classifyFailure, classifySmartcarError, type Problem } from "@/lib/smartcar/errors";
import { SIGNAL, type Signal, type SignalCode } from "@/lib/smartcar/signals";
import { describeSignalProblem, SIGNAL_LABELS, SIGNAL_WORDS } from "@/lib/vehicles/copy";
import type { GarageVehicle } from "@/lib/vehicles/garage";
import type { StoredVehicle } from "@/lib/vehicles/readings";

// One vehicle's card: its signals, the newest of what webhooks stored and what Smartcar answers
// now, and the commands its permissions allow. A failure here is this vehicle's alone.

/** The signals a card shows, in order. The loading card lists the same labels, for its height. */
export const CARD_SIGNALS: readonly { code: SignalCode; label: string }[] = [
  { code: SIGNAL.battery, label: SIGNAL_LABELS.battery },
  { code: SIGNAL.charging, label: SIGNAL_LABELS.charging },
  { code: SIGNAL.chargeLimits, label: SIGNAL_LABELS.chargeLimit },
  { code: SIGNAL.locked, label: SIGNAL_LABELS.doors },
  { code: SIGNAL.odometer, label: SIGNAL_LABELS.odometer },
  { code: SIGNAL.location, label: SIGNAL_LABELS.location },
];

/** A signal as the page shows it; plain data, so it can go to the browser too. */
export type SignalView = {
  code: SignalCode;
  label: string;
  display: string;
  readAt: string | null;
  ok: boolean;
  /** Why a failed signal failed, when Smartcar said (contract 6.3). */
  problem: Problem | null;
};

export type Commands = { security: boolean; charge: boolean };

/**
 * `problem`: why Smartcar could not be read just now. `health`: an error the vehicle reported by
 * webhook and that is still open (VEHICLE_ERROR, until RESOLVED).
 */
export type CardState = { signals: SignalView[]; problem: Problem | null; health: Problem | null };

const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** A failed signal's problem, sorted as the same error on the whole request would be. */
function signalProblem(signal: Signal): Problem | null {
  const { error } = signal;
  if (signal.status !== "error" || !error?.type) return null;
  return classifyFailure({
    type: error.type,
    code: error.code,
    resolutionType: error.resolutionType,
  });
}

function display(signal: Signal): string {
  const { value } = signal;
  if (signal.status === "error") {
    // Smartcar's own words for the person where it gives them, else the type's (contract 6.3).
    const problem = signalProblem(signal);
    return (
      signal.error?.suggestedUserMessage ??
      (problem ? describeSignalProblem(problem) : SIGNAL_WORDS.notAvailable)
    );
  }
  if (!value) return SIGNAL_WORDS.notAvailable;
  switch (value.kind) {
    case "percent":
      return `${whole.format(value.percent)}%`;
    case "distance":
      return `${whole.format(value.kilometers)} km`;
    case "location":
      return `${value.latitude.toFixed(4)}, ${value.longitude.toFixed(4)}`;
    case "flag":
      if (signal.code === SIGNAL.locked) return value.value ? "Locked" : "Unlocked";
      if (signal.code === SIGNAL.charging) return value.value ? "Charging" : "Not charging";
      return value.value ? "Yes" : "No";
  }
}

const readTime = (signal: Signal) => (signal.oemUpdatedAt ?? signal.retrievedAt)?.getTime() ?? 0;

/** The card's signals, in order: for each code, the newest reading of all those given. */
export function signalViews(...sources: Signal[][]): SignalView[] {
  return CARD_SIGNALS.flatMap(({ code, label }) => {
    const newest = sources
      .flat()
      .filter((s) => s.code === code)
      .sort((a, b) => readTime(b) - readTime(a))[0];
    if (!newest) return [];
    const readAt = newest.oemUpdatedAt ?? newest.retrievedAt;
    return [
      {
        code,
        label,
        display: display(newest),
        readAt: readAt?.toISOString() ?? null,
        ok: newest.status === "ok",
        problem: signalProblem(newest),
      },
    ];
  });
}

/** What the vehicle's permissions and powertrain let the person command (contract 7). */
export function availableCommands({ connection }: GarageVehicle): Commands {
  // The powertrain enum is not documented in full and may be missing (contract 4.1): only a
  // combustion vehicle is known not to charge; Smartcar answers 501 for any other that can't.
  const combustion = connection.powertrainType?.toUpperCase() === "ICE";
  return {
    security: connection.permissions.includes("control_security"),
    charge: !combustion && connection.permissions.includes("control_charge"),
  };
}

/** What webhooks already told: shown at once, before Smartcar answers. */
export function storedCard(stored: StoredVehicle): CardState {
  return {
    signals: signalViews(stored.signals),
    problem: null,
    health: stored.problems[0] ?? null,
  };
}

export async function loadVehicleCard(
  vehicle: GarageVehicle,
  stored: StoredVehicle,
): Promise<CardState> {
  try {
    const live = await smartcar().getSignals(
      vehicle.smartcarUserId,
      vehicle.connection.vehicleId,
      CARD_SIGNALS.map((s) => s.code),
    );
    // Smartcar answered just now: fresher than an error a webhook reported earlier, which a late
    // retry of an old VEHICLE_ERROR may even have reopened (deliveries are unordered, contract 9.2).
    return { signals: signalViews(stored.signals, live), problem: null, health: null };
  } catch (error) {
    return {
      signals: signalViews(stored.signals),
      problem: classifySmartcarError(error),
      health: stored.problems[0] ?? null,
    };
  }
}
