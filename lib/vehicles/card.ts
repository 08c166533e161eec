import "server-only";
import { getConfig } from "@/lib/config";
import { log, maskId } from "@/lib/log";
import { smartcarTransport } from "@/lib/smartcar";
import { readSignals } from "@/lib/smartcar/client";
import { classifyFailure, classifySmartcarError, type Problem } from "@/lib/smartcar/errors";
import type { Signal } from "@/lib/smartcar/signals";
import { COMBUSTION_POWERTRAIN, SIGNAL, type SignalCode } from "@/lib/smartcar/terms";
import {
  describeSignalProblem,
  SIGNAL_LABELS,
  SIGNAL_WORDS,
  VALUE_WORDS,
} from "@/lib/vehicles/copy";
import { reserveAutomaticRead, WARN_SHARE, type Budget } from "@/lib/vehicles/budget";
import type { GarageCard, GarageVehicle } from "@/lib/vehicles/garage";
import { storeVehicleUpdate, toReading, type StoredVehicle } from "@/lib/vehicles/readings";

// One vehicle's card: what is stored about it (webhooks, earlier reads), read again from Smartcar
// only when that is stale (lib/vehicles/budget.ts says when, and how often), and the commands its
// permissions allow. A failure here is this vehicle's alone.

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

/** The vehicle's Smartcar budget as the card shows it; plain data for the browser. */
export type BudgetView = {
  calls: number;
  limit: number;
  /** From WARN_SHARE of the allowance; `exhausted`: automatic reads have stopped. */
  level: "ok" | "warn" | "exhausted";
  /** When Refresh may read again (ISO), or null: now. */
  nextRefreshAt: string | null;
};

export function budgetView(budget: Budget): BudgetView {
  const level =
    budget.calls >= budget.limit
      ? "exhausted"
      : budget.calls >= budget.limit * WARN_SHARE
        ? "warn"
        : "ok";
  return {
    calls: budget.calls,
    limit: budget.limit,
    level,
    nextRefreshAt: budget.nextRefreshAt?.toISOString() ?? null,
  };
}

/** A failed signal's problem, sorted as the same error on the whole request would be. */
function signalProblem(signal: Signal): Problem | null {
  const { error } = signal;
  if (signal.status !== "error" || !error) return null;
  // A resolution alone (REAUTHENTICATE) says what to do, even without a type (contract 6.3).
  if (!error.type && !error.resolutionType) return null;
  return classifyFailure({
    type: error.type ?? "",
    code: error.code,
    resolutionType: error.resolutionType,
  });
}

/** The signal's value, or why there is none, in words. */
function describeSignal(signal: Signal): string {
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
      return VALUE_WORDS.percent(value.percent);
    case "distance":
      return VALUE_WORDS.kilometers(value.kilometers);
    case "location":
      return VALUE_WORDS.location(value.latitude, value.longitude);
    case "flag":
      if (signal.code === SIGNAL.locked) return VALUE_WORDS.locked(value.value);
      if (signal.code === SIGNAL.charging) return VALUE_WORDS.charging(value.value);
      return VALUE_WORDS.flag(value.value);
  }
}

const readTime = (signal: Signal) => (signal.oemUpdatedAt ?? signal.retrievedAt)?.getTime() ?? 0;

/** The card's signals, in order: for each code, the newest reading of all those given. */
export function signalViews(...sources: Signal[][]): SignalView[] {
  return CARD_SIGNALS.flatMap(({ code, label }) => {
    const newest = sources
      .flat()
      .filter((signal) => signal.code === code)
      .sort((left, right) => readTime(right) - readTime(left))[0];
    if (!newest) return [];
    const readAt = newest.oemUpdatedAt ?? newest.retrievedAt;
    return [
      {
        code,
        label,
        display: describeSignal(newest),
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
  const combustion = connection.powertrainType?.toUpperCase() === COMBUSTION_POWERTRAIN;
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

/**
 * Whether the stored readings are too old to show alone: a signal the card shows was never stored,
 * or the newest reading is older than VEHICLE_DATA_MAX_AGE. A vehicle read within that age is not
 * stale whatever it answered (a signal it does not have stays missing), so a card costs at most
 * one automatic read per VEHICLE_DATA_MAX_AGE.
 */
export function isStale(
  stored: StoredVehicle,
  lastReadAt: Date | null,
  maxAgeMs: number,
  now = Date.now(),
): boolean {
  if (lastReadAt && now - lastReadAt.getTime() < maxAgeMs) return false;
  const missing = CARD_SIGNALS.some(
    ({ code }) => !stored.signals.some((signal) => signal.code === code),
  );
  const newest = Math.max(0, ...stored.signals.map(readTime));
  return missing || now - newest >= maxAgeMs;
}

/** Reads the vehicle's card signals now, stores them (announced to open pages), and returns them. */
export async function readVehicleNow(vehicle: GarageVehicle): Promise<Signal[]> {
  const { smartcarUserId, connection } = vehicle;
  const live = await readSignals(
    smartcarTransport(),
    smartcarUserId,
    connection.vehicleId,
    CARD_SIGNALS.map(({ code }) => code),
  );
  await storeVehicleUpdate({
    vehicleId: connection.vehicleId,
    smartcarUserId,
    readings: live.map(toReading),
  }).catch((error: unknown) =>
    log("vehicles.store_failed", { vehicle: maskId(connection.vehicleId), error: String(error) }),
  );
  return live;
}

/** The card as the page first shows it: stored readings, and Smartcar's only when they are stale. */
export async function loadVehicleCard(vehicle: GarageCard): Promise<CardState> {
  const { stored, budget } = vehicle;
  const stale = isStale(stored, budget.lastReadAt, getConfig().vehicles.dataMaxAgeMs);
  // The reservation holds across instances: two pages opened at once read a stale vehicle once.
  if (!stale || !(await reserveAutomaticRead(vehicle.connection.vehicleId).catch(() => false)))
    return storedCard(stored);
  try {
    const live = await readVehicleNow(vehicle);
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
