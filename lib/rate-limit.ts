import "server-only";
import { createHmac } from "node:crypto";
import { getConfig } from "@/lib/config";
import { db } from "@/lib/db";

// Fixed-window rate limits kept in PostgreSQL, so they hold across instances and restarts.
//
// Taking a use is ONE statement: an upsert whose DO UPDATE only happens while the window has
// room. Concurrent takers of the same key queue on its row lock, and each re-checks the WHERE
// against the row as the previous one left it (docs/references.md [pg-insert-on-conflict]), so a
// burst of any size gets at most `max` uses per window. A check-then-insert (count, then insert)
// would let every request of a burst see the same count.
//
// A window starts with the first use after the previous one ended and lasts `windowMs`: at most
// `max` uses per window, so at worst 2 × `max` within `windowMs` across a window's end.

export type Limit = {
  /** Names the limit in the key, e.g. "sign-in:email". */
  name: string;
  max: number;
  windowMs: number;
};

type Reservation =
  /** `windowEndsAt` names the window the use was counted in: release() gives it back there only. */
  { kind: "reserved"; windowEndsAt: Date } | { kind: "refused"; retryAfterSeconds: number };

function keyOf(limit: Limit, subject: string): string {
  return `${limit.name}:${subject}`;
}

/**
 * A subject that must not be stored as is (an email): its HMAC-SHA-256 under the app's secret, so
 * a copy of the table does not tell which emails were tried, not even by hashing guesses.
 */
export function hashedSubject(value: string): string {
  return createHmac("sha256", getConfig().sessionSecret).update(value).digest("base64url");
}

/** Takes one use of `subject` under `limit`, or says in how many seconds the window ends. */
export async function reserve(limit: Limit, subject: string): Promise<Reservation> {
  const key = keyOf(limit, subject);
  // The outer SELECT reads the row as the statement began: a refusal's window end, in the same
  // round trip. (A row first inserted by a concurrent request is not in that view: asked again.)
  const [row] = await db().$queryRaw<
    { taken: number | null; ends: Date | null; seconds: number | null }[]
  >`
    WITH taken AS (
      INSERT INTO rate_limits AS r (key, count, window_ends_at)
      VALUES (${key}, 1, now() + ${limit.windowMs}::integer * interval '1 millisecond')
      ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN r.window_ends_at <= now() THEN 1 ELSE r.count + 1 END,
        window_ends_at = CASE WHEN r.window_ends_at <= now() THEN excluded.window_ends_at ELSE r.window_ends_at END
      WHERE r.window_ends_at <= now() OR r.count < ${limit.max}::integer
      RETURNING r.count, r.window_ends_at
    )
    SELECT (SELECT count FROM taken) AS taken, (SELECT window_ends_at FROM taken) AS ends,
      (SELECT ceil(extract(epoch FROM window_ends_at - now()))::integer FROM rate_limits WHERE key = ${key}) AS seconds`;
  if (row?.taken != null && row.ends) return { kind: "reserved", windowEndsAt: row.ends };
  return {
    kind: "refused",
    retryAfterSeconds: Math.max(1, row?.seconds ?? (await secondsLeft(key))),
  };
}

async function secondsLeft(key: string): Promise<number> {
  const [row] = await db().$queryRaw<{ seconds: number }[]>`
    SELECT ceil(extract(epoch FROM window_ends_at - now()))::integer AS seconds FROM rate_limits WHERE key = ${key}`;
  return row?.seconds ?? 1;
}

/**
 * Gives back one use (the request it was for did not happen), only to the window it was taken in:
 * once that window has ended, a new window's count is not lowered for it (a request that waited,
 * e.g. for the hashing gate, across a window's end would otherwise buy a free use in the next).
 */
export async function release(
  limit: Limit,
  subject: string,
  reservation: { windowEndsAt: Date },
): Promise<void> {
  await db().$executeRaw`
    UPDATE rate_limits SET count = count - 1
    WHERE key = ${keyOf(limit, subject)} AND count > 0 AND window_ends_at > now()
      AND window_ends_at = ${reservation.windowEndsAt}`;
}

/** Forgets every use of `subject` under `limit`. */
export async function clear(limit: Limit, subject: string): Promise<void> {
  await db().$executeRaw`DELETE FROM rate_limits WHERE key = ${keyOf(limit, subject)}`;
}

/** The uses taken in the current window, 0 when none (for tests and operators). */
export async function usesOf(limit: Limit, subject: string): Promise<number> {
  const [row] = await db().$queryRaw<{ count: number }[]>`
    SELECT count FROM rate_limits WHERE key = ${keyOf(limit, subject)} AND window_ends_at > now()`;
  return row?.count ?? 0;
}
