import "server-only";
import { db } from "@/lib/db";
import { classifyFailure, type Problem } from "@/lib/smartcar/errors";
import {
  isKnownSignalCode,
  readStoredError,
  storedValue,
  type Signal,
  type SignalValue,
} from "@/lib/smartcar/signals";

// What is stored about vehicles (vehicle_signals, vehicle_errors): the latest reading of each
// signal and the errors still open, from webhook deliveries (lib/webhooks/receive.ts) and the app's
// own reads (lib/vehicles/card.ts, refresh.ts, commands.ts). Every write is storeVehicleUpdate,
// one statement; /vehicles reads them in one query per table for all of a page's vehicles.

/** The channel every stored change is announced on; each instance LISTENs (lib/vehicles/live.ts). */
export const LIVE_CHANNEL = "vehicle_updates";

export type StoredVehicle = { signals: Signal[]; problems: Problem[] };

/** A vehicle_signals row as it is read. */
export type SignalRow = { code: string; status: string; value: unknown; readAt: string | Date };
/** An open vehicle_errors row. */
export type ErrorRow = { type: string; code: string; resolutionType: string | null };

/** Rows as the card reads them: unknown codes dropped, a value only for a successful reading. */
export function storedVehicle(signals: SignalRow[], errors: ErrorRow[]): StoredVehicle {
  return {
    signals: signals.flatMap((row) => {
      if (!isKnownSignalCode(row.code)) return [];
      const status = row.status === "ok" || row.status === "error" ? row.status : "unavailable";
      const readAt = new Date(row.readAt);
      return [
        {
          code: row.code,
          status,
          value: status === "ok" ? (row.value as SignalValue | null) : null,
          // A failed reading keeps its error in `value` (storedValue): the card says why.
          error: status === "error" ? readStoredError(row.value) : null,
          retrievedAt: readAt,
          oemUpdatedAt: readAt,
        },
      ];
    }),
    problems: errors.map((row) =>
      classifyFailure({
        type: row.type,
        code: row.code || null,
        resolutionType: row.resolutionType,
      }),
    ),
  };
}

export async function readStoredVehicles(
  vehicleIds: string[],
): Promise<Map<string, StoredVehicle>> {
  const rows = new Map<string, { signals: SignalRow[]; errors: ErrorRow[] }>(
    vehicleIds.map((id) => [id, { signals: [], errors: [] }]),
  );
  if (vehicleIds.length) {
    const [signals, errors] = await Promise.all([
      db().vehicleSignal.findMany({ where: { vehicleId: { in: vehicleIds } } }),
      db().vehicleError.findMany({ where: { vehicleId: { in: vehicleIds }, state: "ERROR" } }),
    ]);
    for (const row of signals) rows.get(row.vehicleId)!.signals.push(row);
    for (const row of errors) rows.get(row.vehicleId)!.errors.push(row);
  }
  return new Map(
    [...rows].map(([id, { signals, errors }]) => [id, storedVehicle(signals, errors)]),
  );
}

/** One signal to store: `readAt` is when the vehicle reported it (else when Smartcar read it). */
export type Reading = { code: string; status: string; value: unknown; read_at: string };
/** One error's state as a VEHICLE_ERROR delivery reports it. */
export type ErrorState = {
  type: string;
  code: string;
  state: string;
  resolution_type: string | null;
};

export type VehicleUpdate = {
  vehicleId: string;
  smartcarUserId: string;
  readings?: Reading[];
  errors?: ErrorState[];
  /** When the errors were reported: an older report never overrides a newer one. */
  errorsAt?: Date;
  /** A webhook delivery's event: recorded once, and nothing is stored for a repeated one. */
  event?: { eventId: string; eventType: string };
};

export type UpdateResult = "stored" | "duplicate" | "ignored";

/**
 * Stores readings and errors, each only over an older one and only for a linked owner, records the
 * webhook event once (a retry or replay finds it and changes nothing), and, when anything changed,
 * announces on LIVE_CHANNEL which vehicle and who it is for (the app users with a confirmed link to
 * the owner). ONE statement: a delivery costs one round trip whoever has a page open, and 50
 * concurrent deliveries are 50 short statements. The announcement carries no state: building the
 * vehicle's whole state into every notification made each delivery read and serialize all its rows
 * (the webhook receiver fell from 0.53x to 0.35x the control route, bench/README.md), while most
 * deliveries are for vehicles no page shows; an instance with a stream for one of the users reads
 * the state itself (lib/vehicles/live.ts). No confirmed user, no announcement: no page can follow
 * it (docs/references.md [pg15-with-modifying]).
 */
export async function storeVehicleUpdate(update: VehicleUpdate): Promise<UpdateResult> {
  const { vehicleId, smartcarUserId, event = null } = update;
  const readings = JSON.stringify(update.readings ?? []);
  const errors = JSON.stringify(update.errors ?? []);
  const errorsAt = update.errorsAt ?? new Date();
  const [row] = await db().$queryRaw<{ fresh: number; known: number }[]>`
    WITH event AS (
      INSERT INTO webhook_events (event_id, event_type)
      SELECT ${event?.eventId ?? null}::text, ${event?.eventType ?? null}::text
      WHERE ${event?.eventId ?? null}::text IS NOT NULL
      ON CONFLICT DO NOTHING RETURNING event_id
    ), fresh AS (
      SELECT 1 WHERE ${event?.eventId ?? null}::text IS NULL OR EXISTS (SELECT 1 FROM event)
    ), owners AS (
      SELECT user_id, confirmed_at FROM smartcar_links WHERE smartcar_user_id = ${smartcarUserId}::uuid
    ), readings AS (
      INSERT INTO vehicle_signals (vehicle_id, code, smartcar_user_id, status, value, read_at, updated_at)
      SELECT ${vehicleId}, r.code, ${smartcarUserId}, r.status, r.value, r.read_at, now()
      FROM jsonb_to_recordset(${readings}::jsonb) AS r(code text, status text, value jsonb, read_at timestamptz)
      WHERE EXISTS (SELECT 1 FROM fresh) AND EXISTS (SELECT 1 FROM owners)
      ON CONFLICT (vehicle_id, code) DO UPDATE
        SET status = EXCLUDED.status, value = EXCLUDED.value, read_at = EXCLUDED.read_at,
            smartcar_user_id = EXCLUDED.smartcar_user_id, updated_at = EXCLUDED.updated_at
        WHERE vehicle_signals.read_at < EXCLUDED.read_at
      RETURNING 1
    ), errors AS (
      INSERT INTO vehicle_errors (vehicle_id, type, code, smartcar_user_id, state, resolution_type, event_at, updated_at)
      SELECT ${vehicleId}, e.type, e.code, ${smartcarUserId}, e.state, e.resolution_type, ${errorsAt}, now()
      FROM jsonb_to_recordset(${errors}::jsonb) AS e(type text, code text, state text, resolution_type text)
      WHERE EXISTS (SELECT 1 FROM fresh) AND EXISTS (SELECT 1 FROM owners)
      ON CONFLICT (vehicle_id, type, code) DO UPDATE
        SET state = EXCLUDED.state, resolution_type = EXCLUDED.resolution_type, event_at = EXCLUDED.event_at,
            smartcar_user_id = EXCLUDED.smartcar_user_id, updated_at = EXCLUDED.updated_at
        WHERE vehicle_errors.event_at < EXCLUDED.event_at
      RETURNING 1
    ), announced AS (
      SELECT pg_notify(${LIVE_CHANNEL}, json_build_object('vehicleId', ${vehicleId}::text,
               'users', array_agg(user_id))::text)
      FROM owners
      WHERE confirmed_at IS NOT NULL AND (EXISTS (SELECT 1 FROM readings) OR EXISTS (SELECT 1 FROM errors))
      HAVING count(*) > 0
    )
    SELECT (SELECT count(*) FROM fresh)::int AS fresh, (SELECT count(*) FROM owners)::int AS known,
           (SELECT count(*) FROM announced)::int AS announced`;
  if (!row?.fresh) return "duplicate";
  return row.known ? "stored" : "ignored";
}

/** A reading the app made itself, as a webhook's would be stored. */
export function toReading(signal: Signal): Reading {
  return {
    code: signal.code,
    status: signal.status,
    value: storedValue(signal),
    read_at: (signal.oemUpdatedAt ?? signal.retrievedAt ?? new Date()).toISOString(),
  };
}
