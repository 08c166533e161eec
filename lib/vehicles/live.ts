import "server-only";
import pg from "pg";
import { getConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { log } from "@/lib/log";

// How an open /vehicles page learns that a webhook delivery changed one of its vehicles, whichever
// instance of the app received it: the delivery's statement NOTIFYs LIVE_CHANNEL, and every
// instance LISTENs on one connection of its own, shared by all its open pages
// (https://www.postgresql.org/docs/15/sql-notify.html). The embedded database's socket server does
// not pass notifications between connections, so there (LIVE_UPDATES=poll) each instance polls the
// updated rows once a second instead.

export const LIVE_CHANNEL = "vehicle_updates";
const POLL_MS = 1_000;
const RECONNECT_MS = 2_000;

export type VehicleUpdate = { vehicleId: string; smartcarUserId: string };
type Listener = (update: VehicleUpdate) => void;

type Source = { stop: () => void; listening: Promise<void> };
type Hub = { listeners: Set<Listener>; source: Source | null };
const state = globalThis as unknown as { liveHub?: Hub };
const hub = (): Hub => (state.liveHub ??= { listeners: new Set(), source: null });

function emit(update: VehicleUpdate) {
  for (const listener of hub().listeners) listener(update);
}

function parseUpdate(payload: string | undefined): VehicleUpdate | null {
  try {
    const value = JSON.parse(payload ?? "") as Partial<VehicleUpdate>;
    return typeof value.vehicleId === "string" && typeof value.smartcarUserId === "string"
      ? { vehicleId: value.vehicleId, smartcarUserId: value.smartcarUserId }
      : null;
  } catch {
    return null;
  }
}

/**
 * One LISTEN connection for the process, reconnecting while anyone listens. `listening` settles
 * once the first attempt has run: a notification sent before LISTEN would reach no one.
 */
function listen(url: string): Source {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    const next = new pg.Client({ connectionString: url });
    next.on("notification", (n) => {
      const update = parseUpdate(n.payload);
      if (update) emit(update);
    });
    next.on("error", () => undefined);
    next.on("end", () => {
      if (!stopped) retry = setTimeout(connect, RECONNECT_MS);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${LIVE_CHANNEL}`);
      client = next;
      if (stopped) await next.end();
    } catch (error) {
      log("live.listen_failed", { error: (error as Error).message });
      await next.end().catch(() => undefined);
    }
  };
  const listening = connect();
  return {
    listening,
    stop: () => {
      stopped = true;
      clearTimeout(retry);
      void client?.end().catch(() => undefined);
    },
  };
}

/**
 * The rows changed since the last look, once a second. A row's `updated_at` is its transaction's
 * start, so a slow transaction can commit a time older than one already seen: each look reaches
 * back a few seconds, and a vehicle is announced again only when its time moved.
 */
function poll(): Source {
  const seen = new Map<string, number>();
  let since: Date | null = null;
  const timer = setInterval(async () => {
    try {
      since ??= (await db().$queryRaw<{ now: Date }[]>`SELECT now() AS now`)[0]!.now;
      const from = new Date(since.getTime() - 5_000);
      const rows = await db().$queryRaw<
        { vehicle_id: string; smartcar_user_id: string; at: Date }[]
      >`
        SELECT vehicle_id, smartcar_user_id, max(updated_at) AS at FROM (
          SELECT vehicle_id, smartcar_user_id, updated_at FROM vehicle_signals WHERE updated_at > ${from}
          UNION ALL
          SELECT vehicle_id, smartcar_user_id, updated_at FROM vehicle_errors WHERE updated_at > ${from}
        ) changed GROUP BY vehicle_id, smartcar_user_id`;
      for (const row of rows) {
        const at = row.at.getTime();
        if (at > since.getTime()) since = row.at;
        if ((seen.get(row.vehicle_id) ?? 0) >= at) continue;
        seen.set(row.vehicle_id, at);
        emit({ vehicleId: row.vehicle_id, smartcarUserId: row.smartcar_user_id });
      }
    } catch {
      // The database is away: the next tick tries again.
    }
  }, POLL_MS);
  timer.unref();
  // Each look reaches back past the subscription: nothing is missed from the start.
  return { listening: Promise.resolve(), stop: () => clearInterval(timer) };
}

/**
 * Calls `listener` for every vehicle update until `unsubscribe` is called; `listening` settles once
 * updates reach it.
 */
export function subscribeToVehicleUpdates(listener: Listener): {
  unsubscribe: () => void;
  listening: Promise<void>;
} {
  const h = hub();
  h.listeners.add(listener);
  if (!h.source) {
    const { liveUpdates, databaseUrl } = getConfig();
    h.source = liveUpdates === "poll" || !databaseUrl ? poll() : listen(databaseUrl);
  }
  return {
    listening: h.source.listening,
    unsubscribe: () => {
      h.listeners.delete(listener);
      if (h.listeners.size === 0) {
        h.source?.stop();
        h.source = null;
      }
    },
  };
}
