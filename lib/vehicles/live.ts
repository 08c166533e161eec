import "server-only";
import pg from "pg";
import { getConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { log, maskId } from "@/lib/log";
import { LIVE_CHANNEL, readStoredVehicles, type StoredVehicle } from "@/lib/vehicles/readings";
import { readWithRetries } from "@/lib/vehicles/state-read";

// How an open /vehicles page learns that a vehicle's stored state changed, whichever instance of
// the app stored it: the storing statement NOTIFYs LIVE_CHANNEL with the vehicle and the app users
// it is for (lib/vehicles/readings.ts), and every instance LISTENs on one connection of its own
// (docs/references.md [pg15-notify]). An instance with an open stream for one of
// those users reads the vehicle's state once, for all its streams, and hands it to them, found by
// user id: no query per stream, and none for a delivery no page here shows. The embedded
// database's socket server does not pass notifications between connections, so there
// (LIVE_UPDATES=poll) each instance polls the updated rows once a second instead, with the owners
// in the same query.

const POLL_MS = 1_000;
const RECONNECT_MS = 2_000;
/** How far each poll reaches back: a row's time is its transaction's start, not its commit. */
const POLL_REACH_MS = 5_000;

/** One vehicle's stored state after a change, for the app users whose links own it. */
export type VehicleUpdate = { vehicleId: string; users: string[]; stored: StoredVehicle };
type Listener = (update: VehicleUpdate) => void;

type Source = { stop: () => void; listening: Promise<void> };
type Listeners = { byUser: Map<string, Set<Listener>>; source: Source | null };
const state = globalThis as unknown as { liveListeners?: Listeners };
const listeners = (): Listeners => (state.liveListeners ??= { byUser: new Map(), source: null });

/** Whether any open stream on this instance is for one of `users`. */
const wanted = (users: string[]) => users.some((user) => listeners().byUser.has(user));

function emit(update: VehicleUpdate) {
  for (const user of update.users)
    for (const listener of listeners().byUser.get(user) ?? []) listener(update);
}

/** What a notification says: which vehicle changed, and for which app users. */
type Announcement = { vehicleId: string; users: string[] };

/** A notification's payload; null when it is not one of ours. */
export function parseAnnouncement(payload: string | undefined): Announcement | null {
  try {
    const value = JSON.parse(payload ?? "") as Partial<Announcement>;
    if (typeof value.vehicleId !== "string" || !Array.isArray(value.users)) return null;
    const users = value.users.filter((user): user is string => typeof user === "string");
    return { vehicleId: value.vehicleId, users };
  } catch {
    return null;
  }
}

/** Per vehicle, the reads under way on this instance, and whether another change came meanwhile. */
const reading = new Map<string, { users: Set<string>; changedAgain: boolean }>();

/**
 * Reads the vehicle's state and hands it to the streams of `users`. One read at a time per
 * vehicle: a change announced while one runs makes one more read after it, so the last state
 * handed on is never older than the last change, and a burst of deliveries costs two reads. A
 * read that fails or hangs is tried again a few times, then logged (lib/vehicles/state-read.ts):
 * the notification is spent, and the page would otherwise keep the old state without a word.
 */
async function announce({ vehicleId, users }: Announcement) {
  // Most deliveries are for vehicles no page here shows: nothing to do.
  if (!wanted(users)) return;
  const underWay = reading.get(vehicleId);
  if (underWay) {
    for (const user of users) underWay.users.add(user);
    underWay.changedAgain = true;
    return;
  }
  const turn = { users: new Set(users), changedAgain: true };
  reading.set(vehicleId, turn);
  try {
    while (turn.changedAgain) {
      turn.changedAgain = false;
      const read = await readWithRetries(() => readStoredVehicles([vehicleId]));
      if ("failed" in read) {
        log("live.read_failed", {
          vehicle: maskId(vehicleId),
          attempts: read.attempts,
          error: String(read.failed),
        });
        continue;
      }
      const stored = read.value.get(vehicleId);
      if (stored) emit({ vehicleId, users: [...turn.users], stored });
    }
  } finally {
    reading.delete(vehicleId);
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
    next.on("notification", (notification) => {
      const announcement = parseAnnouncement(notification.payload);
      if (announcement) void announce(announcement);
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
 * The rows changed since the last look, once a second, with the app users each vehicle is for. A
 * vehicle is announced again only when its time moved; what is remembered for that is only what
 * the next look can reach, so memory stays bounded however many vehicles change.
 */
function poll(): Source {
  const seen = new Map<string, number>();
  let since: Date | null = null;
  const timer = setInterval(async () => {
    try {
      since ??= (await db().$queryRaw<{ now: Date }[]>`SELECT now() AS now`)[0]!.now;
      const from = new Date(since.getTime() - POLL_REACH_MS);
      const rows = await db().$queryRaw<{ vehicle_id: string; users: string[]; at: Date }[]>`
        SELECT c.vehicle_id, array_agg(DISTINCT l.user_id::text) AS users, max(c.updated_at) AS at
        FROM (
          SELECT vehicle_id, smartcar_user_id, updated_at FROM vehicle_signals WHERE updated_at > ${from}
          UNION ALL
          SELECT vehicle_id, smartcar_user_id, updated_at FROM vehicle_errors WHERE updated_at > ${from}
        ) c
        JOIN smartcar_links l
          ON l.smartcar_user_id::text = c.smartcar_user_id AND l.confirmed_at IS NOT NULL
        GROUP BY c.vehicle_id`;
      const changed: { vehicleId: string; users: string[] }[] = [];
      for (const row of rows) {
        const at = row.at.getTime();
        if (at > since.getTime()) since = row.at;
        if ((seen.get(row.vehicle_id) ?? 0) >= at) continue;
        seen.set(row.vehicle_id, at);
        if (wanted(row.users)) changed.push({ vehicleId: row.vehicle_id, users: row.users });
      }
      for (const [vehicleId, at] of seen) if (at < from.getTime()) seen.delete(vehicleId);
      if (!changed.length) return;
      const stored = await readStoredVehicles(changed.map((change) => change.vehicleId));
      for (const { vehicleId, users } of changed)
        emit({ vehicleId, users, stored: stored.get(vehicleId)! });
    } catch {
      // The database is away: the next tick tries again.
    }
  }, POLL_MS);
  timer.unref();
  // Each look reaches back past the subscription: nothing is missed from the start.
  return { listening: Promise.resolve(), stop: () => clearInterval(timer) };
}

/**
 * Calls `listener` for every update of a vehicle `userId` owns, until `unsubscribe` is called;
 * `listening` settles once updates reach it.
 */
export function subscribeToVehicleUpdates(
  userId: string,
  listener: Listener,
): { unsubscribe: () => void; listening: Promise<void> } {
  const all = listeners();
  const own = all.byUser.get(userId) ?? new Set();
  own.add(listener);
  all.byUser.set(userId, own);
  if (!all.source) {
    const { liveUpdates, databaseUrl } = getConfig();
    all.source = liveUpdates === "poll" || !databaseUrl ? poll() : listen(databaseUrl);
  }
  let subscribed = true;
  return {
    listening: all.source.listening,
    unsubscribe: () => {
      if (!subscribed) return;
      subscribed = false;
      own.delete(listener);
      if (!own.size) all.byUser.delete(userId);
      // Empty sets are removed: no user left means no listener left.
      if (all.byUser.size === 0) {
        all.source?.stop();
        all.source = null;
      }
    },
  };
}
