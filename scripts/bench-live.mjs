// `npm run bench`'s figures for the webhook-first vehicles page (issue 20), called from
// scripts/bench.mjs:
//   - vehiclePages: Smartcar calls and time to a complete /vehicles for 10 vehicles whose stored
//     readings are fresh, then stale, at 200 ms per Smartcar call;
//   - live: open GET /vehicles/live streams spread over two app instances, signed webhook
//     deliveries at a steady rate to vehicles of many users (a few with pages open, most without),
//     and the time from each delivery's request to its event on its owner's stream.
import { createHmac, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import { sessionCookies } from "./session-cookie.mjs";

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const percentile = (values, rank) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * rank) / 100))] ?? 0;
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const CARD_CODES = [
  "tractionbattery-stateofcharge",
  "charge-ischarging",
  "charge-chargelimits",
  "closure-islocked",
  "odometer-traveleddistance",
  "location-preciselocation",
];

/**
 * /vehicles for one person with `person.vehicleIds` vehicles: `views` views with fresh stored
 * readings, then `views` views each after every reading was made two hours old.
 */
export async function benchVehiclePages({ client, appUrl, emulator, person, views, latencyMs }) {
  const ids = person.vehicleIds;
  const view = async () => {
    await emulator("DELETE", "/_emulator/stats");
    const started = performance.now();
    const response = await fetch(`${appUrl}/vehicles`, { headers: { cookie: person.cookie } });
    const html = await response.text();
    const ms = performance.now() - started;
    const shown = new Set([...html.matchAll(/data-vehicle-id="([^"]+)"/g)].map((m) => m[1])).size;
    if (response.status !== 200 || shown !== ids.length)
      throw new Error(`/vehicles answered ${response.status} with ${shown} vehicles`);
    return { ms, counts: (await emulator("GET", "/_emulator/stats")).counts };
  };
  // Every card signal stored (the first view reads what no webhook brought yet).
  await view();
  const results = [];
  for (const readings of ["fresh", "stale"]) {
    const runs = [];
    for (let i = 0; i < views; i++) {
      const at = readings === "fresh" ? "now()" : "now() - interval '2 hours'";
      await client.query(
        `UPDATE vehicle_signals SET read_at = ${at} WHERE vehicle_id = ANY($1::text[])`,
        [ids],
      );
      await client.query(
        `UPDATE vehicle_budgets SET last_read_at = ${at} WHERE vehicle_id = ANY($1::text[])`,
        [ids],
      );
      runs.push(await view());
    }
    const per = (kind) => runs.map((r) => r.counts[kind] ?? 0);
    results.push({
      vehicles: ids.length,
      readings,
      latencyMs,
      views,
      completeMs: {
        median: Math.round(median(runs.map((r) => r.ms))),
        max: Math.round(Math.max(...runs.map((r) => r.ms))),
      },
      signalsCallsPerView: { median: median(per("signals")), max: Math.max(...per("signals")) },
      connectionsCallsPerView: {
        median: median(per("connections")),
        max: Math.max(...per("connections")),
      },
    });
  }
  return results;
}

/** Resident memory of a process and its children, in bytes (Linux /proc). */
function treeRss(rootPid) {
  const children = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone
    }
  }
  let total = 0;
  const visit = (pid) => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      total += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      // gone
    }
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(rootPid);
  return total;
}

/** One open GET /vehicles/live over its own socket, parsed as it arrives. */
function openStream(url, cookie, onEvent) {
  return new Promise((resolve, reject) => {
    const request = http.get(
      `${url}/vehicles/live`,
      { headers: { cookie, accept: "text/event-stream" }, agent: false },
      (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          return reject(new Error(`GET /vehicles/live answered ${response.statusCode}`));
        }
        response.setEncoding("utf8");
        let buffer = "";
        let open = false;
        response.on("data", (chunk) => {
          buffer += chunk;
          let end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (block.startsWith("retry:") && !open) {
              open = true;
              resolve({ close: () => request.destroy() });
            } else if (block.startsWith("event: vehicle")) {
              onEvent(JSON.parse(block.slice(block.indexOf("data: ") + 6)), performance.now());
            }
          }
        });
        response.on("error", () => undefined);
      },
    );
    request.on("error", reject);
  });
}

/** Committed transactions of the database so far: each statement outside a transaction is one. */
async function transactions(client) {
  await client.query("SELECT pg_stat_clear_snapshot()");
  const { rows } = await client.query(
    "SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()",
  );
  return Number(rows[0].n);
}

/**
 * `streams` open pages (one user each) spread over `instances`, `users` users in all, each with one
 * vehicle; `rate` deliveries a second for `seconds` seconds to vehicles of random users, each sent
 * to the instances in turn. Streams are opened, deliveries sent and latencies measured from here.
 */
export async function benchLive({
  client,
  secret,
  instances,
  managementToken,
  streams = 1000,
  users = 5000,
  rate = 50,
  seconds = 20,
  log = console.log,
}) {
  log(`live: ${users} users with a vehicle each, ${streams} of them with a page open`);
  const people = Array.from({ length: users }, (_, i) => ({
    userId: randomUUID(),
    smartcarUserId: randomUUID(),
    vehicleId: randomUUID(),
    streaming: i < streams,
    at: Date.now() - 60_000,
  }));
  for (let start = 0; start < users; start += 1000) {
    const batch = people.slice(start, start + 1000);
    await client.query(
      "insert into users (id, email, password_hash) select u, 'live-' || u || '@example.com', 'x' from unnest($1::uuid[]) u",
      [batch.map((person) => person.userId)],
    );
    await client.query(
      "insert into smartcar_links (id, user_id, smartcar_user_id, confirmed_at) select gen_random_uuid(), * , now() from unnest($1::uuid[], $2::uuid[])",
      [batch.map((person) => person.userId), batch.map((person) => person.smartcarUserId)],
    );
  }
  const watched = people.filter((person) => person.streaming);
  const cookies = await sessionCookies(
    client,
    secret,
    watched.map((person) => ({
      userId: person.userId,
      email: `live-${person.userId}@example.com`,
    })),
  );
  const ownerOf = new Map(people.map((person) => [person.vehicleId, person.userId]));

  const rssBefore = instances.map((instance) => treeRss(instance.pid));
  const received = new Map(); // `${vehicleId} ${readAt}` -> arrival
  let leaked = 0;
  const open = [];
  for (let i = 0; i < watched.length; i++) {
    const person = watched[i];
    const instance = instances[i % instances.length];
    open.push(
      openStream(instance.url, cookies[i], (event, arrived) => {
        if (ownerOf.get(event.vehicleId) !== person.userId) leaked += 1;
        const battery = event.signals?.find((s) => s.code === CARD_CODES[0]);
        const key = `${event.vehicleId} ${battery?.readAt}`;
        if (!received.has(key)) received.set(key, arrived);
      }),
    );
    // Open in batches, as pages open: not a thousand sockets in one tick.
    if (open.length % 100 === 0) await Promise.all(open.slice(-100));
  }
  const handles = await Promise.all(open);
  await sleep(2_000);
  const rssAfter = instances.map((instance) => treeRss(instance.pid));
  const bytesPerStream = Math.round(
    rssAfter.reduce((a, b, i) => a + b - rssBefore[i], 0) / watched.length,
  );
  log(`live: ${handles.length} streams open; ~${Math.round(bytesPerStream / 1024)} KiB each`);

  // A fifth of the deliveries go to users with a page open, the rest to users without.
  const sent = [];
  const failures = [];
  const before = await transactions(client);
  const total = rate * seconds;
  const started = performance.now();
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const person =
      n % 5 === 0
        ? watched[Math.floor(Math.random() * watched.length)]
        : people[streams + Math.floor(Math.random() * (users - streams))];
    person.at = Math.max(person.at + 1, Date.now());
    const readAt = new Date(person.at).toISOString();
    const body = JSON.stringify({
      eventId: randomUUID(),
      eventType: "VEHICLE_STATE",
      vehicleId: person.vehicleId,
      data: {
        user: { id: person.smartcarUserId },
        vehicle: { id: person.vehicleId },
        signals: [
          {
            code: CARD_CODES[0],
            body: { unit: "percent", value: n % 101 },
            meta: { oemUpdatedAt: person.at, fetchedAt: person.at },
          },
        ],
      },
      meta: { version: "4.0", deliveryId: randomUUID(), deliveredAt: Date.now(), mode: "LIVE" },
    });
    const instance = instances[n % instances.length];
    const at = performance.now();
    sent.push({ key: `${person.vehicleId} ${readAt}`, at, watched: person.streaming });
    fetch(`${instance.url}/webhooks/smartcar`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "sc-signature": createHmac("sha256", managementToken).update(body).digest("hex"),
      },
      body,
    })
      .then((r) => (r.ok ? r.arrayBuffer() : failures.push(r.status)))
      .catch((error) => failures.push(String(error)));
  }
  const sendingSeconds = (performance.now() - started) / 1000;
  // Whatever is still on its way gets 10 s; then each backend has been idle long enough to have
  // reported its statistics (PostgreSQL 15 flushes an idle backend's within 10 s).
  await sleep(11_000);
  const queries = (await transactions(client)) - before;
  for (const handle of handles) handle.close();

  const expected = sent.filter((s) => s.watched);
  const latencies = expected
    .filter((s) => received.has(s.key))
    .map((s) => received.get(s.key) - s.at);
  return {
    streams: handles.length,
    instances: instances.length,
    users,
    deliveries: total,
    deliveriesToOpenPages: expected.length,
    deliveriesPerSecond: Math.round((total / sendingSeconds) * 10) / 10,
    durationSeconds: Math.round(sendingSeconds * 10) / 10,
    p50Ms: Math.round(percentile(latencies, 50)),
    p99Ms: Math.round(percentile(latencies, 99)),
    maxMs: Math.round(Math.max(0, ...latencies)),
    lost: expected.length - latencies.length,
    leaked,
    failedDeliveries: failures.length,
    queriesPerDelivery: Math.round((queries / total) * 100) / 100,
    queriesCountedBy:
      "pg_stat_database xact_commit + xact_rollback of the bench database over the run (every statement the instances ran, heartbeats' session checks included), divided by the deliveries; pg_stat_statements is not preloaded on the server",
    memoryPerStreamBytes: bytesPerStream,
  };
}
