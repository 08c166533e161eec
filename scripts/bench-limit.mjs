// `npm run bench`'s successful callback and its limit (issue 21): both measured on Connect attempts
// launched through the server's own GET /connect, as a browser launches them, so each session
// cookie is the one the app sealed (and, on this one instance, remembered: lib/session-cache.ts).
// `--cold-cookies` seals them in this script instead, so the server has never seen them: every
// first request unseals. The session cache's hits and size come from GET /bench/stats, which the
// server answers only because the bench starts it with BENCH_ROUTES=on.
import { randomUUID } from "node:crypto";
import { prepareCallbacks } from "./bench-setup.mjs";
import { sessionCookies } from "./session-cookie.mjs";

/**
 * `count` users, each signed in and with a Connect attempt launched by `GET /connect`, the
 * launch's state and the cookie it set, `parallel` launches at a time.
 * @returns {Promise<{ cookie: string, state: string }[]>}
 */
async function launchThroughServer(client, secret, appUrl, count, parallel = 8) {
  const users = Array.from({ length: count }, () => {
    const userId = randomUUID();
    return { userId, email: `bench-${userId}@example.com` };
  });
  await client.query(
    "insert into users (id, email, password_hash) select * from unnest($1::uuid[], $2::text[], $3::text[])",
    [users.map((u) => u.userId), users.map((u) => u.email), users.map(() => "x")],
  );
  const cookies = await sessionCookies(client, secret, users);
  const launched = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const i = next++;
        const response = await fetch(`${appUrl}/connect`, {
          redirect: "manual",
          headers: { cookie: cookies[i] },
        });
        const location = response.headers.get("location");
        const cookie = response.headers
          .getSetCookie()
          .find((c) => c.startsWith("sc_session="))
          ?.split(";")[0];
        if (response.status !== 303 || !location || !cookie)
          throw new Error(`GET /connect answered ${response.status} (${location})`);
        launched[i] = { cookie, state: new URL(location).searchParams.get("state") };
      }
    }),
  );
  return launched;
}

async function prepare(client, secret, appUrl, count, cold) {
  if (!cold) return launchThroughServer(client, secret, appUrl, count);
  const prepared = await prepareCallbacks(client, secret, count);
  return prepared.map(({ path, cookie }) => ({
    cookie,
    state: new URLSearchParams(path.split("?")[1]).get("state"),
  }));
}

/**
 * Runs the `callback` and `limit` scenarios (each only if `runs` says so) and records them.
 * @returns {Promise<{ prepared: number, linked: number, sessionCache: object[] }>}
 */
export async function callbackAndLimit({
  client,
  secret,
  appUrl,
  count,
  cold,
  cannon,
  inTurn,
  record,
  runs,
}) {
  const stats = async () => await (await fetch(`${appUrl}/bench/stats`)).json();
  const countLinks = async () =>
    (await client.query("select count(*)::int as n from smartcar_links")).rows[0].n;
  const sessionCache = [];
  let prepared = 0;
  const linksBefore = await countLinks();
  const scenarios = [
    ["callback", "/connect/callback", "callback, valid state (one statement, 303)"],
    ["limit", "/bench/limit", "limit: cookie, the same statement, 303"],
  ];
  for (const [key, route, name] of scenarios) {
    if (!runs(key)) continue;
    console.log(
      `${key}: preparing ${count} Connect launches (${cold ? "cookies sealed by the bench" : "through GET /connect"})`,
    );
    const launches = await prepare(client, secret, appUrl, count, cold);
    prepared += launches.length;
    const before = (await stats()).sessionCache;
    console.log(`${key}: ${launches.length} requests, each a fresh state`);
    const result = await cannon({
      url: appUrl,
      amount: launches.length,
      requests: inTurn(launches, (l, req) => ({
        path: `${route}?user_id=${randomUUID()}&state=${l.state}`,
        headers: { ...req.headers, cookie: l.cookie },
      })),
    });
    record(name, result, 303);
    const after = await stats();
    sessionCache.push({
      scenario: key,
      hits: after.sessionCache.hits - before.hits,
      misses: after.sessionCache.misses - before.misses,
      entries: after.sessionCache.entries,
      approximateBytes: after.sessionCache.approximateBytes,
      heapUsed: after.memory.heapUsed,
      rss: after.memory.rss,
    });
  }
  return { prepared, linked: (await countLinks()) - linksBefore, sessionCache };
}
