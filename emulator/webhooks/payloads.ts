import type { ApiError } from "../api/errors";
import { docUrl } from "../api/errors";
import { readableSignals, signalOutcome, type SignalDefinition } from "../signals";
import type { Connection, Vehicle } from "../state";

// Webhook event bodies, payload version 4.0, as the event reference shows them (contract 9.5 [W2],
// 9.6 [W3]): top-level `vehicleId`, `data.triggers[]`, signal meta `oemUpdatedAt` + `fetchedAt` in
// epoch milliseconds. `meta` is added per delivery attempt (new `deliveryId`, `deliveredAt`).

export const WEBHOOK_NAME = "Emulator webhook";

type Ref = Pick<SignalDefinition, "code" | "name" | "group">;
const ref = ({ code, name, group }: Ref) => ({ code, name, group });

function vehicleOf(vehicle: Vehicle) {
  // Webhook examples spell the make in upper case (`TESLA`), unlike the REST examples.
  return { id: vehicle.id, make: vehicle.make, model: vehicle.model, year: vehicle.year };
}

export type EventData = {
  eventType: "VEHICLE_STATE" | "VEHICLE_ERROR";
  vehicleId: string;
  data: object;
};

/** `triggers`: the changed signals, or null for the vehicle's FIRST_DELIVERY. */
export function vehicleStateEvent(
  vehicle: Vehicle,
  connection: Connection,
  triggers: readonly Ref[] | null,
  fetchedAt: number,
): EventData {
  const signals = readableSignals(vehicle, connection.permissions).map((s) => {
    const retrievedAt = vehicle.signalUpdatedAt[s.code] ?? fetchedAt;
    const outcome = signalOutcome(vehicle, s);
    return {
      ...ref(s),
      // The event reference shows successful signals with a body only; a failed one carries its
      // `status` as the responses page shows it (contract 9.5, 6.3).
      // The responses page's failed signal has no `meta` either.
      ...(outcome.status.value === "SUCCESS"
        ? { body: outcome.body, meta: { oemUpdatedAt: retrievedAt - 1000, fetchedAt: retrievedAt } }
        : { status: outcome.status }),
    };
  });
  return {
    eventType: "VEHICLE_STATE",
    vehicleId: vehicle.id,
    data: {
      user: { id: connection.userId },
      vehicle: vehicleOf(vehicle),
      triggers: triggers ? triggers.map(ref) : [{ code: "FIRST_DELIVERY" }],
      signals,
    },
  };
}

export function vehicleErrorEvent(
  vehicle: Vehicle,
  connection: Connection,
  error: ApiError,
  state: "ERROR" | "RESOLVED",
): EventData {
  return {
    eventType: "VEHICLE_ERROR",
    vehicleId: vehicle.id,
    data: {
      user: { id: connection.userId },
      vehicle: vehicleOf(vehicle),
      errors: [
        {
          type: error.type,
          code: error.code,
          state,
          description: error.detail,
          suggestedUserMessage: error.suggestedUserMessage ?? error.detail,
          docURL: docUrl(error.type, error.code),
          resolution: { type: error.resolution?.type ?? null },
          signals: readableSignals(vehicle, connection.permissions).map(ref),
        },
      ],
    },
  };
}
