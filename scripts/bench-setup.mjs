// What `npm run bench` prepares before it times anything: users with a fresh Connect state each,
// people with vehicles connected through the emulator's Connect, and signed webhook deliveries.
import { createHash, createHmac, randomBytes, randomUUID } from "node:crypto";
import { sessionCookies } from "./session-cookie.mjs";

const HOUR_MS = 60 * 60 * 1000;

/**
 * `count` successful callbacks, each its own user, Connect attempt and session cookie carrying the
 * state, as `GET /connect` leaves them (lib/connect/launch.ts).
 * @returns {Promise<{ path: string, cookie: string }[]>}
 */
export async function prepareCallbacks(client, secret, count) {
  const prepared = [];
  const expires = new Date(Date.now() + HOUR_MS);
  for (let start = 0; start < count; start += 500) {
    const batch = [];
    for (let i = start; i < Math.min(count, start + 500); i++) {
      const userId = randomUUID();
      batch.push({
        userId,
        email: `bench-${userId}@example.com`,
        state: randomBytes(32).toString("base64url"),
      });
    }
    await insertUsers(client, batch);
    await client.query(
      "insert into connect_attempts (id, state_hash, user_id, expires_at) select gen_random_uuid(), * from unnest($1::text[], $2::uuid[], $3::timestamptz[])",
      [
        batch.map((b) => createHash("sha256").update(b.state).digest("hex")),
        batch.map((b) => b.userId),
        batch.map(() => expires),
      ],
    );
    const cookies = await sessionCookies(
      client,
      secret,
      batch.map((b) => ({ userId: b.userId, email: b.email, connectState: b.state })),
    );
    batch.forEach((b, i) =>
      prepared.push({
        path: `/connect/callback?user_id=${randomUUID()}&state=${b.state}`,
        cookie: cookies[i],
      }),
    );
  }
  return prepared;
}

/** Users with these ids and emails (no password anyone could type). */
export function insertUsers(client, users) {
  return client.query(
    "insert into users (id, email, password_hash) select * from unnest($1::uuid[], $2::text[], $3::text[])",
    [users.map((u) => u.userId), users.map((u) => u.email), users.map(() => "x")],
  );
}

/** The session cookie `response` sets, as a browser sends it back; undefined when it sets none. */
export function sessionCookieOf(response) {
  return response.headers
    .getSetCookie()
    .find((c) => c.startsWith("sc_session="))
    ?.split(";")[0];
}

const postScreen = (url, fields) =>
  fetch(url, { method: "POST", redirect: "manual", body: new URLSearchParams(fields) });

/**
 * A signed-in person who connected a carmaker account with `vehicles` vehicles, the way a browser
 * does it: the app's launch, the emulator's Connect screens (its `<n>-vehicles@smartcar.com` test
 * account), the app's callback. Returns their session cookie and the vehicles' ids.
 */
export async function connectPerson(client, secret, { appUrl, emulatorUrl, vehicles }) {
  const userId = randomUUID();
  const email = `bench-${userId}@example.com`;
  await insertUsers(client, [{ userId, email }]);
  const [cookie] = await sessionCookies(client, secret, [{ userId, email }]);
  const launch = await fetch(`${appUrl}/connect?make=TESLA`, {
    redirect: "manual",
    headers: { cookie },
  });
  const launched = sessionCookieOf(launch) ?? cookie;
  const connectUrl = launch.headers.get("location");
  if (!connectUrl) throw new Error(`GET /connect answered ${launch.status} without a Location`);
  const start = await fetch(connectUrl, { redirect: "manual" });
  const screen = new URL(start.headers.get("location"), connectUrl).toString();
  await postScreen(screen, {
    action: "sign-in",
    email: `${vehicles}-vehicles@smartcar.com`,
    password: "bench",
  });
  const done = await postScreen(screen, { action: "allow" });
  const back = new URL(done.headers.get("location"), connectUrl);
  const callback = await fetch(`${appUrl}${back.pathname}${back.search}`, {
    redirect: "manual",
    headers: { cookie: launched },
  });
  if (callback.headers.get("location") !== "/vehicles?connected=1") {
    throw new Error(
      `connecting ${vehicles} vehicles failed: ${callback.status} ${callback.headers.get("location")}`,
    );
  }
  const smartcarUserId = back.searchParams.get("user_id");
  const found = await (
    await fetch(`${emulatorUrl}/_emulator/control/vehicles?userId=${smartcarUserId}`)
  ).json();
  const ids = found.vehicles.map((v) => v.id);
  if (ids.length !== vehicles)
    throw new Error(
      `the emulator has ${ids.length} vehicles for the bench account, not ${vehicles}`,
    );
  return {
    cookie: sessionCookieOf(callback) ?? launched,
    vehicleIds: ids,
    smartcarUserId,
  };
}

/**
 * Views /vehicles once as `person`, which reads the link's connections and confirms it, and checks
 * that the link is confirmed in the database.
 */
export async function confirmLink(client, appUrl, person) {
  const page = await fetch(`${appUrl}/vehicles`, { headers: { cookie: person.cookie } });
  await page.text();
  const { rows } = await client.query(
    "select confirmed_at from smartcar_links where smartcar_user_id = $1",
    [person.smartcarUserId],
  );
  if (page.status !== 200 || !rows[0]?.confirmed_at)
    throw new Error(`/vehicles answered ${page.status} and did not confirm the bench's link`);
}

/**
 * `count` VEHICLE_STATE deliveries for `vehicleId`, each a new event, signed as Smartcar signs them:
 * SC-Signature, the hex HMAC-SHA256 of the body keyed with the management token
 * (docs/smartcar-contract.md, webhooks; shaped like tests/fixtures/smartcar/webhook-vehicle-state.json).
 * @returns {{ body: string, signature: string }[]}
 */
export function prepareWebhookDeliveries({ managementToken, vehicleId, userId, count }) {
  const deliveries = [];
  for (let i = 0; i < count; i++) {
    const at = Date.now() + i;
    const percent = i % 101;
    const body = JSON.stringify({
      eventId: randomUUID(),
      eventType: "VEHICLE_STATE",
      vehicleId,
      data: {
        user: { id: userId },
        vehicle: { id: vehicleId, make: "TESLA", model: "Model 3", year: 2020 },
        triggers: [
          {
            code: "tractionbattery-stateofcharge",
            name: "StateOfCharge",
            group: "TractionBattery",
          },
        ],
        signals: [
          {
            code: "tractionbattery-stateofcharge",
            name: "StateOfCharge",
            group: "TractionBattery",
            body: { unit: "percent", value: percent },
            meta: { oemUpdatedAt: at, fetchedAt: at },
          },
        ],
      },
      meta: {
        version: "4.0",
        deliveryId: randomUUID(),
        deliveredAt: at,
        webhookId: randomUUID(),
        webhookName: "Bench",
        signalCount: 1,
        mode: "LIVE",
      },
    });
    deliveries.push({
      body,
      signature: createHmac("sha256", managementToken).update(body).digest("hex"),
    });
  }
  return deliveries;
}
