import "server-only";
import { smartcar } from "@/lib/smartcar";
import { classifySmartcarError, type Problem } from "@/lib/smartcar/errors";
import { SIGNAL, type Signal, type SignalValue } from "@/lib/smartcar/signals";
import { SIGNAL_LABELS } from "@/lib/vehicles/copy";

// One vehicle's card: its signals, read with the stored user_id. A failure here is this vehicle's
// alone: the page shows the others.

/** The signals a card shows, in order. The loading card lists the same labels, for its height. */
export const CARD_SIGNALS = [
  { code: SIGNAL.battery, label: SIGNAL_LABELS.battery },
  { code: SIGNAL.odometer, label: SIGNAL_LABELS.odometer },
  { code: SIGNAL.location, label: SIGNAL_LABELS.location },
] as const;

export type SignalView = { code: string; label: string; display: string; readAt: Date | null; ok: boolean };

export type VehicleCard =
  | { kind: "ok"; signals: SignalView[] }
  | { kind: "problem"; problem: Problem };

const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

function display(value: SignalValue | null): string {
  if (!value) return "Not available";
  switch (value.kind) {
    case "percent":
      return `${whole.format(value.percent)}%`;
    case "distance":
      return `${whole.format(value.kilometers)} km`;
    case "location":
      return `${value.latitude.toFixed(4)}, ${value.longitude.toFixed(4)}`;
    case "flag":
      return value.value ? "Yes" : "No";
  }
}

function toView(signal: Signal, label: string): SignalView {
  return {
    code: signal.code,
    label,
    display: display(signal.value),
    readAt: signal.retrievedAt ?? signal.oemUpdatedAt,
    ok: signal.status === "ok",
  };
}

export async function loadVehicleCard(smartcarUserId: string, vehicleId: string): Promise<VehicleCard> {
  try {
    const signals = await smartcar().getSignals(smartcarUserId, vehicleId, CARD_SIGNALS.map((s) => s.code));
    return {
      kind: "ok",
      // Only what Smartcar returned: a combustion car has no battery, a new one no data yet.
      signals: CARD_SIGNALS.flatMap(({ code, label }) => {
        const signal = signals.find((s) => s.code === code);
        return signal ? [toView(signal, label)] : [];
      }),
    };
  } catch (error) {
    return { kind: "problem", problem: classifySmartcarError(error) };
  }
}
