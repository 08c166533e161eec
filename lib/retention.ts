import "server-only";
import { deleteUnusedAttempts } from "@/lib/connect/attempts";
import { db } from "@/lib/db";
import { log } from "@/lib/log";

// Keeps the tables that anyone can make grow bounded: every GET /connect adds a Connect attempt,
// every sign-in attempt a rate-limit row, every sign-in a session, every webhook delivery an event
// id. Deletes in batches of at most BATCH rows (short locks, no long transaction), and at most
// MAX_BATCHES per table per run, so a backlog is worked off over several runs instead of in one
// long one.
//
// What is kept: every used Connect attempt (that is the history a person sees on
// /connect/history), every window still running, every live session.

const BATCH = 1_000;
const MAX_BATCHES = 20;
/** How long after it ended a row is kept, for whoever looks into an incident. */
const GRACE = "24 hours";
const RETENTION_INTERVAL_MS = 10 * 60 * 1000;

/**
 * Webhook event ids are kept this long: far past Smartcar's last retry (about 3 minutes, contract
 * 9.2) and the replay window (15 minutes, lib/webhooks/receive.ts), so a delivery whose id is
 * gone is refused by its age.
 */
const EVENT_MEMORY = "7 days";

type Pruned = {
  connectAttempts: number;
  rateLimits: number;
  sessions: number;
  webhookEvents: number;
  commandLeases: number;
};

async function inBatches(deleteBatch: () => Promise<number>): Promise<number> {
  let total = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const deleted = await deleteBatch();
    total += deleted;
    if (deleted < BATCH) break;
  }
  return total;
}

/** Deletes what no one needs any more; safe to run on every instance at once. */
export async function pruneExpired(): Promise<Pruned> {
  const connectAttempts = await inBatches(() => deleteUnusedAttempts(BATCH, GRACE));
  const rateLimits = await inBatches(
    () => db().$executeRaw`
      DELETE FROM rate_limits WHERE key IN (
        SELECT key FROM rate_limits WHERE window_ends_at < now() LIMIT ${BATCH})`,
  );
  const sessions = await inBatches(
    () => db().$executeRaw`
      DELETE FROM sessions WHERE token_hash IN (
        SELECT token_hash FROM sessions
        WHERE expires_at < now() - ${GRACE}::interval OR revoked_at < now() - ${GRACE}::interval
        LIMIT ${BATCH})`,
  );
  const webhookEvents = await inBatches(
    () => db().$executeRaw`
      DELETE FROM webhook_events WHERE event_id IN (
        SELECT event_id FROM webhook_events WHERE received_at < now() - ${EVENT_MEMORY}::interval LIMIT ${BATCH})`,
  );
  // A lease outlives any command by minutes (lib/vehicles/commands.ts); one left by a crash goes.
  const commandLeases = await inBatches(
    () => db().$executeRaw`
      DELETE FROM vehicle_commands WHERE vehicle_id IN (
        SELECT vehicle_id FROM vehicle_commands WHERE started_at < now() - ${GRACE}::interval LIMIT ${BATCH})`,
  );
  return { connectAttempts, rateLimits, sessions, webhookEvents, commandLeases };
}

/**
 * Runs pruneExpired every 10 minutes in this process, never keeping it alive on its own. Every
 * instance runs it; the deletes are idempotent, so several at once only repeat each other's work.
 */
export function startRetentionTimer(): void {
  const run = () =>
    pruneExpired().then(
      (pruned) => log("retention", pruned),
      (error: unknown) =>
        log("retention.failed", { error: error instanceof Error ? error.message : String(error) }),
    );
  setInterval(run, RETENTION_INTERVAL_MS).unref();
  setTimeout(run, 60_000).unref();
}
