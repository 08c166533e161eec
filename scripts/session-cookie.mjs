// Signed-in browsers for the measuring scripts and tests that speak HTTP to a running server, made
// as the app makes them (lib/session.ts, lib/session-store.ts): a session row holding the SHA-256
// of a random 256-bit id, and the id sealed in the cookie with the server's secret.
import { createHash, randomBytes } from "node:crypto";
import { sealData } from "iron-session";

const HOUR_MS = 60 * 60 * 1000;

/**
 * One session per user, recorded with `client` (a connected pg.Client) in one statement.
 * @param {{ query: (sql: string, values: unknown[]) => Promise<unknown> }} client
 * @param {string} secret the server's SESSION_SECRET
 * @param {{ userId: string, email: string, connectState?: string }[]} users
 * @returns {Promise<string[]>} a `sc_session=…` cookie per user, in order
 */
export async function sessionCookies(client, secret, users) {
  const ids = users.map(() => randomBytes(32).toString("base64url"));
  await client.query(
    "insert into sessions (token_hash, user_id, expires_at) select * from unnest($1::text[], $2::uuid[], $3::timestamptz[])",
    [
      ids.map((id) => createHash("sha256").update(id).digest("base64url")),
      users.map((u) => u.userId),
      users.map(() => new Date(Date.now() + HOUR_MS)),
    ],
  );
  return Promise.all(
    users.map(
      async (user, i) =>
        `sc_session=${await sealData({ sessionId: ids[i], ...user }, { password: secret, ttl: 3600 })}`,
    ),
  );
}
