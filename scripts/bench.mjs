#!/usr/bin/env node
// `npm run bench`: builds for production, starts the server on a real PostgreSQL
// (BENCH_DATABASE_URL, else the embedded one), and measures with autocannon:
//   - successful callbacks: every request a fresh valid state and its own session cookie,
//     prepared before the timed run, so each does the full work (unseal, atomic use, upsert, 303);
//   - callbacks with a wrong state;
//   - the error page /connect/error/access_denied;
//   - a control: /healthz/live, the cheapest route of the app, for this machine's ceiling.
// Prints a table, writes bench/results.json. No assertion: figures to read, not a test.
//
//   npm run bench [-- --no-build] [-- --duration 10] [-- --callbacks 3000]
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { build, openDatabase, startProductionServer } from "./production-server.mjs";
import { sessionCookies } from "./session-cookie.mjs";

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const DURATION = option("duration", 10);
const CALLBACKS = option("callbacks", 3000);
const CONNECTIONS = option("connections", 10);
const PORT = option("port", 3300);

function cannon(opts) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ connections: CONNECTIONS, ...opts }, (err, result) => (err ? reject(err) : resolve(result)));
    autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
  });
}

// ---------------------------------------------------------------------------------------------
if (!args.includes("--no-build")) await build();
const database = await openDatabase(process.env.BENCH_DATABASE_URL);
const databaseUrl = database.url;
const databaseLabel = process.env.BENCH_DATABASE_URL ? `${database.label} (BENCH_DATABASE_URL)` : database.label;
const server = await startProductionServer({ port: PORT, databaseUrl });
const { url: appUrl, secret } = server;

try {

  // Prepare the successful callbacks: users, attempts and sealed session cookies, before any timing.
  console.log(`Preparing ${CALLBACKS} users, states and session cookies...`);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const prepared = [];
  const expires = new Date(Date.now() + 60 * 60 * 1000);
  for (let start = 0; start < CALLBACKS; start += 500) {
    const batch = [];
    for (let i = start; i < Math.min(CALLBACKS, start + 500); i++) {
      const userId = randomUUID();
      const state = randomBytes(32).toString("base64url");
      batch.push({ userId, email: `bench-${userId}@example.com`, state });
    }
    await client.query(
      `insert into users (id, email, password_hash) select * from unnest($1::uuid[], $2::text[], $3::text[])`,
      [batch.map((b) => b.userId), batch.map((b) => b.email), batch.map(() => "x")],
    );
    await client.query(
      `insert into connect_attempts (id, state_hash, user_id, expires_at) select gen_random_uuid(), * from unnest($1::text[], $2::uuid[], $3::timestamptz[])`,
      [batch.map((b) => createHash("sha256").update(b.state).digest("hex")), batch.map((b) => b.userId), batch.map(() => expires)],
    );
    const cookies = await sessionCookies(client, secret, batch.map((b) => ({ userId: b.userId, email: b.email, connectState: b.state })));
    batch.forEach((b, i) => prepared.push({ path: `/connect/callback?user_id=${randomUUID()}&state=${b.state}`, cookie: cookies[i] }));
  }
  const wrong = prepared.pop();
  const wrongPath = `/connect/callback?user_id=${randomUUID()}&state=${randomBytes(32).toString("base64url")}`;

  const scenarios = [];
  const record = (name, result, expectedStatus) => {
    const unexpected = result.non2xx - (expectedStatus >= 300 && expectedStatus < 400 ? result["3xx"] ?? 0 : 0);
    scenarios.push({
      name,
      requests: result.requests.total,
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.timeouts + Math.max(0, unexpected),
    });
  };

  console.log("control: GET /healthz/live");
  record("control: GET /healthz/live", await cannon({ url: `${appUrl}/healthz/live`, duration: DURATION }), 200);

  console.log(`successful callbacks: ${prepared.length} requests, each a fresh state`);
  let next = 0;
  const okResult = await cannon({
    url: appUrl,
    amount: prepared.length,
    requests: [
      {
        setupRequest: (req) => {
          const p = prepared[next++ % prepared.length];
          return { ...req, path: p.path, headers: { ...req.headers, cookie: p.cookie } };
        },
      },
    ],
  });
  record("callback, valid state (unseal, use, upsert, 303)", okResult, 303);
  const { rows } = await client.query("select count(*)::int as n from smartcar_links");
  const linked = rows[0].n;

  console.log("callbacks with a wrong state");
  record("callback, wrong state (303 invalid_state)", await cannon({ url: `${appUrl}${wrongPath}`, headers: { cookie: wrong.cookie }, duration: DURATION }), 303);

  console.log("error page");
  record("GET /connect/error/access_denied", await cannon({ url: `${appUrl}/connect/error/access_denied`, duration: DURATION }), 200);
  await client.end();

  const control = scenarios[0].rps;
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(`\nDatabase: ${databaseLabel}\nMachine: ${machine}\nConnections: ${CONNECTIONS}; ${DURATION} s per timed scenario; ${prepared.length} prepared callbacks (${linked} linked)\n`);
  const header = ["scenario", "req/s", "p50 ms", "p99 ms", "errors", "× control"];
  const lines = scenarios.map((s) => [s.name, s.rps.toFixed(0), String(s.p50), String(s.p99), String(s.errors), (s.rps / control).toFixed(2)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(format(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const l of lines) console.log(format(l));

  writeFileSync(
    path.join(root, "bench", "results.json"),
    `${JSON.stringify({ date: new Date().toISOString(), database: databaseLabel, machine, connections: CONNECTIONS, durationSeconds: DURATION, preparedCallbacks: prepared.length, linked, scenarios }, null, 2)}\n`,
  );
  console.log("\nWritten to bench/results.json");
} finally {
  await server.stop();
  await database.close();
}
