// `npm run bench`'s successful callback and its limit (issue 21): both measured on Connect attempts
// launched through the server's own GET /connect, as a browser launches them, so each session
// cookie is the one the app sealed (and, on this one instance, remembered: lib/session-cache.ts).
// `--cold-cookies` seals them in this script instead, so the server has never seen them: every
// first request unseals. The session cache's hits and size come from GET /bench/stats, which the
// server answers only because the bench starts it with BENCH_ROUTES=on.
import { randomUUID } from "node:crypto";
import autocannon from "autocannon";
import { insertUsers, prepareCallbacks, sessionCookieOf } from "./bench-setup.mjs";
import { sessionCookies } from "./session-cookie.mjs";

/** The server's session cache, memory and CPU time so far in µs (GET /bench/stats). */
async function benchStats(appUrl) {
  return (await fetch(`${appUrl}/bench/stats`)).json();
}

/** The server's CPU time so far, in µs. */
export async function serverCpuMicros(appUrl) {
  return (await benchStats(appUrl)).cpuMicros;
}

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
  await insertUsers(client, users);
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
        const cookie = sessionCookieOf(response);
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
 * `amount` requests over `connections` connections, timed from the start to the last response.
 * autocannon's own `duration` (and so its requests per second) ends at its next one-second tick
 * after the last response (node_modules/autocannon/lib/run.js): a run of 3,000 requests that
 * took 3.2 s counted as 4 s, 20 % slow. A fixed number of requests is timed here instead.
 */
function timedRun(opts) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let last = started;
    const instance = autocannon(opts, (error, result) =>
      error ? reject(error) : resolve({ ...result, duration: (last - started) / 1000 }),
    );
    instance.on("response", () => {
      last = performance.now();
    });
  });
}

/** One scenario's rounds as one autocannon result: the requests over the time they took. */
function combined(results) {
  const sum = (f) => results.reduce((total, r) => total + f(r), 0);
  const total = sum((r) => r.requests.total);
  const p50s = results.map((r) => r.latency.p50).sort((a, b) => a - b);
  return {
    requests: { total, average: total / sum((r) => r.duration) },
    // Percentiles of separate rounds do not add up: the middle round's p50, the worst round's p99.
    latency: {
      p50: p50s[Math.floor(p50s.length / 2)],
      p99: Math.max(...results.map((r) => r.latency.p99)),
    },
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    non2xx: sum((r) => r.non2xx),
    "3xx": sum((r) => r["3xx"] ?? 0),
  };
}

/**
 * Runs the `callback` and `limit` scenarios (each only if `runs` says so) and records them. The
 * two are compared with each other, on a machine whose load drifts (other work shares its cores):
 * they run in alternating rounds (`rounds` of each, `count` requests each in all), so a busy
 * minute weighs on both alike.
 * @returns {Promise<{ prepared: number, linked: number, sessionCache: object[] }>}
 */
export async function callbackAndLimit({
  client,
  secret,
  appUrl,
  count,
  cold,
  rounds = 3,
  connections,
  inTurn,
  record,
  runs,
}) {
  const stats = () => benchStats(appUrl);
  const countLinks = async () =>
    (await client.query("select count(*)::int as n from smartcar_links")).rows[0].n;
  const scenarios = [
    {
      key: "callback",
      route: "/connect/callback",
      name: "callback, valid state (one statement, 303)",
    },
    { key: "limit", route: "/bench/limit", name: "limit: cookie, the same statement, 303" },
  ].filter((s) => runs(s.key));
  // The control again, in the same rounds: what the callback's ratio is read against when the
  // machine's load moves between the first control and these rounds.
  const counters = () => ({
    results: [],
    cache: { hits: 0, misses: 0 },
    cpuMicros: 0,
    requests: 0,
  });
  const control = {
    key: "control",
    name: "control, in the same rounds (GET /healthz/live)",
    ...counters(),
  };
  let prepared = 0;
  for (const scenario of scenarios) Object.assign(scenario, counters());
  const linksBefore = await countLinks();
  const perRound = Math.ceil(count / rounds);
  for (let round = 0; round < rounds; round++) {
    // Prepared per round, so that the session cache (10,000 values, two per launch) still holds
    // them when they are used, as it would hold a browser's cookie between launch and callback.
    const size = Math.min(perRound, count - round * perRound);
    for (const scenario of scenarios) {
      console.log(
        `${scenario.key}, round ${round + 1} of ${rounds}: preparing ${size} Connect launches (${cold ? "cookies sealed by the bench" : "through GET /connect"})`,
      );
      scenario.launches = await prepare(client, secret, appUrl, size, cold);
      prepared += size;
    }
    // Each takes each place in the round in turn: the first after the preparation also pays for
    // collecting its garbage, which would otherwise always fall on the same scenario.
    const order = scenarios.length ? [control, ...scenarios] : [];
    for (let k = 0; k < order.length; k++) {
      const scenario = order[(k + round) % order.length];
      const beforeAll = await stats();
      if (scenario === control) {
        control.results.push(
          await timedRun({ connections, url: `${appUrl}/healthz/live`, amount: size }),
        );
      } else {
        const { launches } = scenario;
        console.log(
          `${scenario.key}, round ${round + 1} of ${rounds}: ${launches.length} requests, each a fresh state`,
        );
        scenario.results.push(
          await timedRun({
            connections,
            url: appUrl,
            amount: launches.length,
            requests: inTurn(launches, (l, req) => ({
              path: `${scenario.route}?user_id=${randomUUID()}&state=${l.state}`,
              headers: { ...req.headers, cookie: l.cookie },
            })),
          }),
        );
      }
      const after = await stats();
      scenario.cpuMicros += after.cpuMicros - beforeAll.cpuMicros;
      scenario.requests += size;
      scenario.cache.hits += after.sessionCache.hits - beforeAll.sessionCache.hits;
      scenario.cache.misses += after.sessionCache.misses - beforeAll.sessionCache.misses;
      Object.assign(scenario.cache, {
        entries: after.sessionCache.entries,
        approximateBytes: after.sessionCache.approximateBytes,
        heapUsed: after.memory.heapUsed,
        rss: after.memory.rss,
      });
    }
  }
  if (scenarios.length) record(control.name, combined(control.results), 200);
  for (const scenario of scenarios) record(scenario.name, combined(scenario.results), 303);
  return {
    prepared,
    linked: (await countLinks()) - linksBefore,
    sessionCache: [...(scenarios.length ? [control] : []), ...scenarios].map((s) => ({
      scenario: s.key,
      ...s.cache,
      // The server's CPU time per request (the stats requests themselves are a few of them).
      cpuMsPerRequest: s.cpuMicros / 1000 / s.requests,
    })),
  };
}
