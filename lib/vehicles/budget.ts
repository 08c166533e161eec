import "server-only";
import { getConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { REFRESH_INTERVAL_MS } from "@/lib/smartcar/terms";

// What the app spends on each vehicle's Smartcar calls (vehicle_budgets): plans bill and limit per
// vehicle and month (`430 BILLING/VEHICLE_REQUEST_LIMIT`, contract 8.3). Automatic reads (a stale
// card) happen at most once per VEHICLE_DATA_MAX_AGE and stop at the monthly allowance; Refresh
// is once a minute and always allowed. Each reservation is one conditional statement, so two
// instances opening the same page at once read the vehicle once.

/** The card warns from this share of the monthly allowance. */
export const WARN_SHARE = 0.8;

export type Budget = {
  /** Calls counted this month (UTC). */
  calls: number;
  limit: number;
  lastReadAt: Date | null;
  /** When Refresh may read again; null: now. */
  nextRefreshAt: Date | null;
};

const MONTH = "date_trunc('month', now() AT TIME ZONE 'UTC')::date";

function budgetOf(
  row:
    | {
        calls: number;
        this_month: boolean;
        last_read_at: Date | null;
        last_refresh_at: Date | null;
      }
    | undefined,
  now = Date.now(),
): Budget {
  const next = row?.last_refresh_at ? row.last_refresh_at.getTime() + REFRESH_INTERVAL_MS : 0;
  return {
    calls: row?.this_month ? row.calls : 0,
    limit: getConfig().vehicles.monthlyCallsPerVehicle,
    lastReadAt: row?.last_read_at ?? null,
    nextRefreshAt: next > now ? new Date(next) : null,
  };
}

type Row = {
  vehicle_id: string;
  calls: number;
  this_month: boolean;
  last_read_at: Date | null;
  last_refresh_at: Date | null;
};

export async function readBudgets(vehicleIds: string[]): Promise<Map<string, Budget>> {
  const rows = vehicleIds.length
    ? await db().$queryRawUnsafe<Row[]>(
        `SELECT vehicle_id, calls, month = ${MONTH} AS this_month, last_read_at, last_refresh_at
         FROM vehicle_budgets WHERE vehicle_id = ANY($1::text[])`,
        vehicleIds,
      )
    : [];
  const byId = new Map(rows.map((row) => [row.vehicle_id, row]));
  return new Map(vehicleIds.map((id) => [id, budgetOf(byId.get(id))]));
}

/**
 * Counts `calls` for the vehicle when `condition` holds on its row (a row not there yet always
 * qualifies), and notes the read; returns the row after, or null when the condition did not hold.
 */
async function spend(
  vehicleId: string,
  calls: number,
  { condition, read, refresh }: { condition: string; read: boolean; refresh: boolean },
  params: unknown[] = [],
): Promise<Row | null> {
  const [row] = await db().$queryRawUnsafe<Row[]>(
    `INSERT INTO vehicle_budgets AS b (vehicle_id, month, calls, last_read_at, last_refresh_at)
     VALUES ($1, ${MONTH}, $2::int, ${read ? "now()" : "NULL"}, ${refresh ? "now()" : "NULL"})
     ON CONFLICT (vehicle_id) DO UPDATE SET
       calls = CASE WHEN b.month = EXCLUDED.month THEN b.calls + EXCLUDED.calls ELSE EXCLUDED.calls END,
       month = EXCLUDED.month,
       last_read_at = coalesce(EXCLUDED.last_read_at, b.last_read_at),
       last_refresh_at = coalesce(EXCLUDED.last_refresh_at, b.last_refresh_at)
     WHERE ${condition}
     RETURNING vehicle_id, calls, true AS this_month, last_read_at, last_refresh_at`,
    vehicleId,
    calls,
    ...params,
  );
  return row ?? null;
}

/**
 * Reserves an automatic read of a stale vehicle: not read within VEHICLE_DATA_MAX_AGE (by anyone,
 * on any instance), and this month's allowance not used up. True: read it now.
 */
export async function reserveAutomaticRead(vehicleId: string): Promise<boolean> {
  const { dataMaxAgeMs, monthlyCallsPerVehicle } = getConfig().vehicles;
  const row = await spend(
    vehicleId,
    1,
    {
      condition: `(b.last_read_at IS NULL OR b.last_read_at <= now() - $3::double precision * interval '1 millisecond')
         AND (b.month <> EXCLUDED.month OR b.calls < $4::int)`,
      read: true,
      refresh: false,
    },
    [dataMaxAgeMs, monthlyCallsPerVehicle],
  );
  return row !== null;
}

/** Reserves a Refresh: once per REFRESH_INTERVAL_MS per vehicle, whoever asks, whatever the count. */
export async function reserveRefresh(
  vehicleId: string,
): Promise<{ kind: "reserved"; budget: Budget } | { kind: "too-soon"; budget: Budget }> {
  const row = await spend(
    vehicleId,
    1,
    {
      condition: `(b.last_refresh_at IS NULL OR b.last_refresh_at <= now() - $3::double precision * interval '1 millisecond')`,
      read: true,
      refresh: true,
    },
    [REFRESH_INTERVAL_MS],
  );
  if (row) return { kind: "reserved", budget: budgetOf(row) };
  return { kind: "too-soon", budget: (await readBudgets([vehicleId])).get(vehicleId)! };
}

/** Counts calls made for the vehicle that no reservation counted (a command and its re-read). */
export async function countCalls(vehicleId: string, calls: number): Promise<void> {
  await spend(vehicleId, calls, { condition: "true", read: false, refresh: false });
}
