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
import { LIVE_CHANNEL } from "@/lib/vehicles/live";

// What webhooks stored about vehicles (lib/webhooks/receive.ts): the latest reading of each signal
// and the errors still open. Read in one query per table for all of a page's vehicles, so /vehicles
// shows them at once, before Smartcar is asked.

export type StoredVehicle = { signals: Signal[]; problems: Problem[] };

export async function readStoredVehicles(
  vehicleIds: string[],
): Promise<Map<string, StoredVehicle>> {
  const result = new Map<string, StoredVehicle>(
    vehicleIds.map((id) => [id, { signals: [], problems: [] }]),
  );
  if (!vehicleIds.length) return result;
  const [signals, errors] = await Promise.all([
    db().vehicleSignal.findMany({ where: { vehicleId: { in: vehicleIds } } }),
    db().vehicleError.findMany({ where: { vehicleId: { in: vehicleIds }, state: "ERROR" } }),
  ]);
  for (const row of signals) {
    if (!isKnownSignalCode(row.code)) continue;
    const status = row.status === "ok" || row.status === "error" ? row.status : "unavailable";
    result.get(row.vehicleId)!.signals.push({
      code: row.code,
      status,
      value: status === "ok" ? (row.value as SignalValue | null) : null,
      error: status === "error" ? readStoredError(row.value) : null,
      retrievedAt: row.readAt,
      oemUpdatedAt: row.readAt,
    });
  }
  for (const row of errors) {
    result.get(row.vehicleId)!.problems.push(
      classifyFailure({
        type: row.type,
        code: row.code || null,
        resolutionType: row.resolutionType,
      }),
    );
  }
  return result;
}

/**
 * Stores a reading the app made itself (re-reading a signal after a command), like a webhook's, and
 * announces it to open pages on every instance (lib/vehicles/live.ts). Never over a newer one.
 */
export async function storeReading(
  vehicleId: string,
  smartcarUserId: string,
  signal: Signal,
): Promise<void> {
  const readAt = signal.oemUpdatedAt ?? signal.retrievedAt ?? new Date();
  const stored = storedValue(signal);
  const value = stored === null ? null : JSON.stringify(stored);
  await db().$executeRaw`
    WITH reading AS (
      INSERT INTO vehicle_signals (vehicle_id, code, smartcar_user_id, status, value, read_at, updated_at)
      VALUES (${vehicleId}, ${signal.code}, ${smartcarUserId}, ${signal.status}, ${value}::jsonb, ${readAt}, now())
      ON CONFLICT (vehicle_id, code) DO UPDATE
        SET status = EXCLUDED.status, value = EXCLUDED.value, read_at = EXCLUDED.read_at,
            smartcar_user_id = EXCLUDED.smartcar_user_id, updated_at = EXCLUDED.updated_at
        WHERE vehicle_signals.read_at < EXCLUDED.read_at
      RETURNING code
    )
    SELECT pg_notify(${LIVE_CHANNEL}, ${JSON.stringify({ vehicleId, smartcarUserId })}) FROM reading`;
}
