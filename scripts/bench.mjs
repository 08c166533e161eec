#!/usr/bin/env node
// `npm run bench`: builds for production, starts the server on a real PostgreSQL
// (BENCH_DATABASE_URL, else the embedded one) with the Smartcar emulator beside it, and measures:
//   - throughput (autocannon) of the control, successful and refused callbacks, the error page,
//     the sign-in page and the webhook receiver, each against the control of the same run;
//   - /vehicles with 10 vehicles, their stored readings fresh and then stale, while the emulator
//     adds 200 ms to every API call: the time until the page is complete, and the API calls a view
//     makes; and live updates over two instances (scripts/bench-live.mjs).
// Prints two tables, writes bench/results.json. No assertion: figures to read, not a test
// (bench/README.md says what each means).
//
//   npm run bench [-- --no-build] [-- --duration 10] [-- --callbacks 3000] [-- --views 5]
//     [-- --streams 1000] [-- --live-users 5000] [-- --rate 50] [-- --live-seconds 20]
import { randomBytes, randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { callbackAndLimit, serverCpuMicros } from "./bench-limit.mjs";
import { benchLive, benchVehiclePages } from "./bench-live.mjs";
import {
  confirmLink,
  connectPerson,
  prepareCallbacks,
  prepareWebhookDeliveries,
} from "./bench-setup.mjs";
import { build, openDatabase, startProductionServer, startServer } from "./production-server.mjs";

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
const VIEWS = option("views", 5);
const LATENCY_MS = 200;
// `--only callback,sign-in`: these scenarios and the control (keys: callback, limit, wrong-state,
// error-page, sign-in, webhook, vehicles, live). `--cold-cookies`: see scripts/bench-limit.mjs.
const ONLY = args.includes("--only") ? new Set(args[args.indexOf("--only") + 1].split(",")) : null;
const runs = (key) => !ONLY || ONLY.has(key);
const COLD_COOKIES = args.includes("--cold-cookies");
// The emulator's management token in emulator mode (lib/config.ts), which signs its webhooks.
const MANAGEMENT_TOKEN = "emulator-management-token";

function cannon(opts) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ connections: CONNECTIONS, ...opts }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
    autocannon.track(instance, {
      renderProgressBar: false,
      renderResultsTable: false,
      renderLatencyTable: false,
    });
  });
}

/** Serves the prepared requests in order, one each, over autocannon's connections. */
function inTurn(prepared, toRequest) {
  let next = 0;
  return [
    { setupRequest: (req) => ({ ...req, ...toRequest(prepared[next++ % prepared.length], req) }) },
  ];
}

function printTable(header, lines) {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(format(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const l of lines) console.log(format(l));
}

// ---------------------------------------------------------------------------------------------
if (!args.includes("--no-build")) await build();
// Turns on the bench's own routes (GET /bench/limit, /bench/stats: lib/bench-routes.ts).
process.env.BENCH_ROUTES = "on";
const loadBefore = os.loadavg();
const database = await openDatabase(process.env.BENCH_DATABASE_URL);
const databaseUrl = database.url;
const databaseLabel = process.env.BENCH_DATABASE_URL
  ? `${database.label} (BENCH_DATABASE_URL)`
  : database.label;
// The server's log lines go to a file it writes itself, not through a pipe this busy process
// drains: a slow reader would make every logged request wait on its write (bench/README.md).
const serverLog = path.join(root, "bench", "tmp", "server.log");
const server = await startProductionServer({ port: PORT, databaseUrl, stdoutFile: serverLog });
const { url: appUrl, secret, emulatorUrl } = server;
const emulator = (method, route, body) =>
  fetch(`${emulatorUrl}${route}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body && JSON.stringify(body),
  }).then((r) => r.json());

try {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();

  // Everything a timed run uses is prepared first.
  const [wrong] = await prepareCallbacks(client, secret, 1);
  const wrongPath = `/connect/callback?user_id=${randomUUID()}&state=${randomBytes(32).toString("base64url")}`;
  console.log("Connecting people with 1 and 10 vehicles through the emulator's Connect...");
  const people = {
    1: await connectPerson(client, secret, { appUrl, emulatorUrl, vehicles: 1 }),
    10: await connectPerson(client, secret, { appUrl, emulatorUrl, vehicles: 10 }),
  };
  const hooked = people[1];
  // The webhook scenario's link is confirmed, as a person's first /vehicles view confirms it
  // (lib/vehicles/connections.ts): only a confirmed link's deliveries are announced to open pages
  // (lib/vehicles/readings.ts), so an unconfirmed one would time a statement that skips its NOTIFY.
  await confirmLink(client, appUrl, hooked);
  const deliveries = prepareWebhookDeliveries({
    managementToken: MANAGEMENT_TOKEN,
    vehicleId: hooked.vehicleIds[0],
    userId: hooked.smartcarUserId,
    count: 50_000,
  });

  const scenarios = [];
  const record = (name, result, expectedStatus) => {
    const expected = expectedStatus >= 300 && expectedStatus < 400 ? (result["3xx"] ?? 0) : 0;
    scenarios.push({
      name,
      requests: result.requests.total,
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.timeouts + Math.max(0, result.non2xx - expected),
    });
  };

  // A fresh server compiles and loads as it goes: warmed up first, so the control (which every
  // ratio divides by) measures a warm server, as every later scenario does.
  console.log("warming up (3 s, not recorded)");
  await cannon({ url: `${appUrl}/healthz/live`, duration: 3 });
  console.log("control: GET /healthz/live");
  const cpuBefore = await serverCpuMicros(appUrl);
  const controlResult = await cannon({ url: `${appUrl}/healthz/live`, duration: DURATION });
  const controlCpuMs =
    ((await serverCpuMicros(appUrl)) - cpuBefore) / 1000 / controlResult.requests.total;
  record("control: GET /healthz/live", controlResult, 200);

  const { prepared, linked, sessionCache } = await callbackAndLimit({
    client,
    secret,
    appUrl,
    count: CALLBACKS,
    cold: COLD_COOKIES,
    connections: CONNECTIONS,
    inTurn,
    record,
    runs,
  });

  if (runs("wrong-state")) {
    console.log("callbacks with a wrong state");
    record(
      "callback, wrong state (303 invalid_state)",
      await cannon({
        url: `${appUrl}${wrongPath}`,
        headers: { cookie: wrong.cookie },
        duration: DURATION,
      }),
      303,
    );
  }

  if (runs("error-page")) {
    console.log("error page");
    record(
      "GET /connect/error/access_denied",
      await cannon({ url: `${appUrl}/connect/error/access_denied`, duration: DURATION }),
      200,
    );
  }

  if (runs("sign-in")) {
    console.log("sign-in page");
    record("GET /sign-in", await cannon({ url: `${appUrl}/sign-in`, duration: DURATION }), 200);
  }

  if (runs("webhook")) {
    console.log("webhook receiver: signed VEHICLE_STATE deliveries, each a new event");
    const webhookResult = await cannon({
      url: `${appUrl}/webhooks/smartcar`,
      method: "POST",
      duration: DURATION,
      requests: inTurn(deliveries, (d, req) => ({
        method: "POST",
        body: d.body,
        headers: {
          ...req.headers,
          "content-type": "application/json",
          "sc-signature": d.signature,
        },
      })),
    });
    record("POST /webhooks/smartcar (VEHICLE_STATE, stored)", webhookResult, 200);
  }

  // /vehicles: one person at a time, as a page view is; the page is complete when its stream ends.
  await emulator("PUT", "/_emulator/control/settings", { latencyMs: LATENCY_MS });
  let vehiclePages = [];
  if (runs("vehicles")) {
    console.log(`/vehicles with 10 vehicles, fresh then stale, ${LATENCY_MS} ms per API call`);
    vehiclePages = await benchVehiclePages({
      client,
      appUrl,
      emulator,
      person: people[10],
      views: VIEWS,
      latencyMs: LATENCY_MS,
    });
  }
  await emulator("PUT", "/_emulator/control/settings", { latencyMs: 0 });

  // Live updates: a second instance on the same database; streams on both.
  let live = null;
  if (runs("live")) {
    const second = await startServer(PORT + 1, {
      ...server.env,
      APP_URL: `http://localhost:${PORT + 1}`,
    });
    try {
      live = await benchLive({
        client,
        secret,
        managementToken: MANAGEMENT_TOKEN,
        instances: [
          { url: appUrl, pid: server.pid },
          { url: second.url, pid: second.pid },
        ],
        streams: option("streams", 1000),
        users: option("live-users", 5000),
        rate: option("rate", 50),
        seconds: option("live-seconds", 20),
      });
      live.loadAverage = os.loadavg().map((l) => Math.round(l * 100) / 100);
    } finally {
      await second.stop();
    }
  }
  await client.end();

  const control = scenarios[0];
  console.log("");
  printTable(
    [
      "session cache",
      "hits",
      "misses",
      "entries after",
      "≈ KiB",
      "heap MiB",
      "rss MiB",
      "server CPU ms/req",
    ],
    sessionCache.map((c) => [
      c.scenario,
      String(c.hits),
      String(c.misses),
      String(c.entries),
      (c.approximateBytes / 1024).toFixed(0),
      (c.heapUsed / 2 ** 20).toFixed(0),
      (c.rss / 2 ** 20).toFixed(0),
      c.cpuMsPerRequest.toFixed(2),
    ]),
  );
  console.log(`control: ${controlCpuMs.toFixed(2)} server CPU ms per request`);
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(
    `\nDatabase: ${databaseLabel}\nMachine: ${machine}\nConnections: ${CONNECTIONS}; ${DURATION} s per timed scenario; ${prepared} prepared callbacks and limits (${linked} linked); load average before: ${loadBefore.map((l) => l.toFixed(2)).join(", ")}\n`,
  );
  printTable(
    ["scenario", "req/s", "p50 ms", "p99 ms", "errors", "× control", "p99 × control"],
    scenarios.map((s) => [
      s.name,
      s.rps.toFixed(0),
      String(s.p50),
      String(s.p99),
      String(s.errors),
      (s.rps / control.rps).toFixed(2),
      (s.p99 / Math.max(1, control.p99)).toFixed(2),
    ]),
  );
  console.log("");
  printTable(
    [
      "/vehicles",
      "complete ms (median)",
      "max",
      "signals calls / view",
      "connections calls / view",
    ],
    vehiclePages.map((v) => [
      `${v.vehicles} vehicles, ${v.readings} readings, ${v.latencyMs} ms per call`,
      String(v.completeMs.median),
      String(v.completeMs.max),
      `${v.signalsCallsPerView.median} (max ${v.signalsCallsPerView.max})`,
      `${v.connectionsCallsPerView.median} (max ${v.connectionsCallsPerView.max})`,
    ]),
  );
  if (live) {
    console.log("");
    printTable(
      ["live", "value"],
      Object.entries(live)
        .filter(([key]) => key !== "queriesCountedBy")
        .map(([key, value]) => [key, String(value)]),
    );
  }
  const loadAverage = os.loadavg().map((l) => Math.round(l * 100) / 100);
  console.log(`\nLoad average after the run: ${loadAverage.join(", ")}`);

  writeFileSync(
    path.join(root, "bench", "results.json"),
    `${JSON.stringify({ date: new Date().toISOString(), database: databaseLabel, machine, connections: CONNECTIONS, durationSeconds: DURATION, loadAverageBefore: loadBefore, loadAverage, controlCpuMsPerRequest: controlCpuMs, coldCookies: COLD_COOKIES, preparedCallbacks: prepared, linked, scenarios, sessionCache, vehiclePages, live }, null, 2)}\n`,
  );
  console.log("\nWritten to bench/results.json");
} finally {
  await server.stop();
  await database.close();
}
