import { createHmac, randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { db } from "@/lib/db";
import { fixture } from "../support/fixture-smartcar";
import { startServer } from "../support/server";
import { actionForm, baseUrl, postForm, signedInUser } from "./http";

// POST /webhooks/smartcar on the real server, with Smartcar's documented deliveries
// (tests/fixtures/smartcar/webhook-*.json), signed as Smartcar signs them.

const KEY = "emulator-management-token";
const sign = (body: string, key = KEY) => createHmac("sha256", key).update(body).digest("hex");

afterAll(async () => {
  await db().$disconnect();
});

type StateDelivery = {
  eventId: string;
  vehicleId?: string;
  data: {
    user: { id: string };
    vehicle: { id: string };
    signals: { code: string; body?: unknown; meta?: Record<string, number> }[];
  };
  meta: { deliveredAt: number; mode: string };
};

/** A user of the app with a linked Smartcar user, and a VEHICLE_STATE for that user's vehicle. */
async function linkedDelivery(changes: { battery?: number; at?: number } = {}) {
  const { user, cookie } = await signedInUser();
  const smartcarUserId = randomUUID();
  await db().smartcarLink.create({
    data: { userId: user.id, smartcarUserId, confirmedAt: new Date() },
  });
  const vehicleId = randomUUID();
  return {
    user,
    cookie,
    smartcarUserId,
    vehicleId,
    delivery: stateDelivery(smartcarUserId, vehicleId, changes),
  };
}

function stateDelivery(
  smartcarUserId: string,
  vehicleId: string,
  { battery = 78, at = 1731940328000 } = {},
): StateDelivery {
  const delivery = structuredClone(fixture<StateDelivery>("webhook-vehicle-state"));
  delivery.eventId = randomUUID();
  delivery.vehicleId = vehicleId;
  delivery.data.user.id = smartcarUserId;
  delivery.data.vehicle.id = vehicleId;
  delivery.data.signals[0]!.body = { unit: "percent", value: battery };
  delivery.data.signals[0]!.meta = { oemUpdatedAt: at, fetchedAt: at + 2000 };
  // Sent just now: an older delivery is refused (lib/webhooks/receive.ts, REPLAY_WINDOW_MS).
  delivery.meta.deliveredAt = Date.now();
  return delivery;
}

async function deliver(body: string, signature: string | null = sign(body), url = baseUrl()) {
  return fetch(`${url}/webhooks/smartcar`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "User-Agent": "Smartcar/test",
      ...(signature ? { "SC-Signature": signature } : {}),
    },
    body,
  });
}

const battery = (vehicleId: string) =>
  db().vehicleSignal.findUnique({
    where: { vehicleId_code: { vehicleId, code: "tractionbattery-stateofcharge" } },
  });

describe("POST /webhooks/smartcar", () => {
  it("answers VERIFY (webhook-verify.json) with the HMAC of the challenge", async () => {
    const verify = fixture<{ data: { challenge: string } }>("webhook-verify");
    const response = await deliver(JSON.stringify(verify), null);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ challenge: sign(verify.data.challenge) });
  });

  it("answers any random-looking challenge, base64 too", async () => {
    const challenge = "q2VhbmQ+/mFuZG9tPT0=";
    const verify = { ...fixture<object>("webhook-verify"), data: { challenge } };
    expect(await (await deliver(JSON.stringify(verify), null)).json()).toEqual({
      challenge: sign(challenge),
    });
  });

  it("is no signing oracle: a challenge that looks like a delivery is refused", async () => {
    const forged = JSON.stringify(stateDelivery(randomUUID(), randomUUID()));
    const verify = { ...fixture<object>("webhook-verify"), data: { challenge: forged } };
    expect((await deliver(JSON.stringify(verify), null)).status).toBe(400);
  });

  it("stores VEHICLE_STATE (webhook-vehicle-state.json) for a linked owner", async () => {
    const { vehicleId, delivery } = await linkedDelivery();
    const response = await deliver(JSON.stringify(delivery));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "stored" });
    expect(await battery(vehicleId)).toMatchObject({
      status: "ok",
      value: { kind: "percent", percent: 78 },
      readAt: new Date(1731940328000),
    });
    const charging = await db().vehicleSignal.findUnique({
      where: { vehicleId_code: { vehicleId, code: "charge-ischarging" } },
    });
    expect(charging).toMatchObject({ value: { kind: "flag", value: true } });
  });

  it("reads the responses page's variant too (no top-level vehicleId, top-level triggers, retrievedAt)", async () => {
    const { user } = await signedInUser();
    const smartcarUserId = randomUUID();
    await db().smartcarLink.create({ data: { userId: user.id, smartcarUserId } });
    const delivery = structuredClone(
      fixture<StateDelivery>("webhook-vehicle-state-responses-page"),
    );
    const vehicleId = randomUUID();
    delivery.eventId = randomUUID();
    delivery.meta.deliveredAt = Date.now();
    delivery.data.user.id = smartcarUserId;
    delivery.data.vehicle.id = vehicleId;
    expect((await deliver(JSON.stringify(delivery))).status).toBe(200);
    expect(await battery(vehicleId)).toMatchObject({
      value: { kind: "percent", percent: 75 },
      readAt: new Date(1758668712404),
    });
  });

  it.each([
    [
      "a tampered body",
      (body: string) => ({ body: body.replace('"value":78', '"value":12'), signature: sign(body) }),
    ],
    [
      "another key's signature",
      (body: string) => ({ body, signature: sign(body, "someone-else") }),
    ],
    ["no signature", (body: string) => ({ body, signature: null })],
    ["a malformed signature", (body: string) => ({ body, signature: "not-hex" })],
  ])("refuses %s with 401 and stores nothing", async (_name, tamper) => {
    const { vehicleId, delivery } = await linkedDelivery();
    const { body, signature } = tamper(JSON.stringify(delivery));
    const response = await deliver(body, signature);
    expect(response.status).toBe(401);
    expect(await battery(vehicleId)).toBeNull();
    expect(await db().webhookEvent.findUnique({ where: { eventId: delivery.eventId } })).toBeNull();
  });

  it("processes an eventId once: a replay changes nothing", async () => {
    const { vehicleId, delivery } = await linkedDelivery({ battery: 40, at: 1_800_000_000_000 });
    expect(await (await deliver(JSON.stringify(delivery))).json()).toEqual({ status: "stored" });
    const stored = await battery(vehicleId);
    // The same event again, even with other contents and a valid signature: a retry changes nothing.
    const replay = stateDelivery(delivery.data.user.id, vehicleId, {
      battery: 99,
      at: 1_900_000_000_000,
    });
    replay.eventId = delivery.eventId;
    const answer = await deliver(JSON.stringify(replay));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ status: "duplicate" });
    expect(await battery(vehicleId)).toEqual(stored);
  });

  it("accepts events in any order: an older reading never replaces a newer one", async () => {
    const {
      smartcarUserId,
      vehicleId,
      delivery: newer,
    } = await linkedDelivery({ battery: 60, at: 1_800_000_100_000 });
    const older = stateDelivery(smartcarUserId, vehicleId, { battery: 20, at: 1_800_000_000_000 });
    expect((await deliver(JSON.stringify(newer))).status).toBe(200);
    expect((await deliver(JSON.stringify(older))).status).toBe(200);
    expect(await battery(vehicleId)).toMatchObject({ value: { kind: "percent", percent: 60 } });
    const newest = stateDelivery(smartcarUserId, vehicleId, { battery: 70, at: 1_800_000_200_000 });
    expect((await deliver(JSON.stringify(newest))).status).toBe(200);
    expect(await battery(vehicleId)).toMatchObject({ value: { kind: "percent", percent: 70 } });
  });

  it("lands 50 concurrent deliveries once each, and one event sent 50 times at once once", async () => {
    const { smartcarUserId, vehicleId } = await linkedDelivery();
    const deliveries = Array.from({ length: 50 }, (_, i) =>
      stateDelivery(smartcarUserId, vehicleId, {
        battery: i + 1,
        at: 1_800_000_000_000 + i * 1000,
      }),
    );
    const answers = await Promise.all(deliveries.map((d) => deliver(JSON.stringify(d))));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    expect(
      await db().webhookEvent.count({
        where: { eventId: { in: deliveries.map((d) => d.eventId) } },
      }),
    ).toBe(50);
    expect(await battery(vehicleId)).toMatchObject({ value: { kind: "percent", percent: 50 } });

    const one = JSON.stringify(
      stateDelivery(smartcarUserId, vehicleId, { battery: 77, at: 1_900_000_000_000 }),
    );
    const results = await Promise.all(
      Array.from({ length: 50 }, () => deliver(one).then((r) => r.json())),
    );
    expect(results.filter((r) => r.status === "stored")).toHaveLength(1);
    expect(results.filter((r) => r.status === "duplicate")).toHaveLength(49);
  });

  it("acknowledges test deliveries and unknown owners, and acts on neither", async () => {
    const { vehicleId, delivery } = await linkedDelivery();
    delivery.meta.mode = "TEST";
    expect(await (await deliver(JSON.stringify(delivery))).json()).toEqual({ status: "test" });
    expect(await battery(vehicleId)).toBeNull();

    const stranger = stateDelivery(randomUUID(), randomUUID());
    expect(await (await deliver(JSON.stringify(stranger))).json()).toEqual({ status: "ignored" });
    expect(await battery(stranger.data.vehicle.id)).toBeNull();
    // The documented example's own user id (sent now) is not one any link could have.
    const example = fixture<StateDelivery>("webhook-vehicle-state");
    example.meta.deliveredAt = Date.now();
    expect(await (await deliver(JSON.stringify(example))).json()).toEqual({ status: "ignored" });
  });

  it("sets a vehicle's health from VEHICLE_ERROR (webhook-vehicle-error.json), and RESOLVED clears it, in order", async () => {
    const { smartcarUserId, vehicleId } = await linkedDelivery();
    const error = (state: string, deliveredAt: number) => {
      const delivery = structuredClone(
        fixture<{
          eventId: string;
          vehicleId: string;
          data: { user: { id: string }; vehicle: { id: string }; errors: { state: string }[] };
          meta: { deliveredAt: number };
        }>("webhook-vehicle-error"),
      );
      delivery.eventId = randomUUID();
      delivery.vehicleId = vehicleId;
      delivery.data.user.id = smartcarUserId;
      delivery.data.vehicle.id = vehicleId;
      delivery.data.errors[0]!.state = state;
      delivery.meta.deliveredAt = deliveredAt;
      return JSON.stringify(delivery);
    };
    const open = () => db().vehicleError.findMany({ where: { vehicleId, state: "ERROR" } });
    const now = Date.now();
    expect((await deliver(error("ERROR", now - 60_000))).status).toBe(200);
    expect(await open()).toMatchObject([
      { type: "COMPATIBILITY", code: "VEHICLE_NOT_CAPABLE", resolutionType: "CONTACT_SUPPORT" },
    ]);
    // A RESOLVED older than the error it would clear changes nothing; a newer one clears it.
    expect((await deliver(error("RESOLVED", now - 120_000))).status).toBe(200);
    expect(await open()).toHaveLength(1);
    expect((await deliver(error("RESOLVED", now))).status).toBe(200);
    expect(await open()).toHaveLength(0);
  });

  it("refuses a delivery with no deliveredAt, or one older than the replay window, storing nothing", async () => {
    const { vehicleId, delivery } = await linkedDelivery({ battery: 33 });
    const old = { ...delivery, meta: { ...delivery.meta, deliveredAt: Date.now() - 60 * 60_000 } };
    const timeless = { ...delivery, meta: { mode: delivery.meta.mode } };
    for (const stale of [old, timeless]) {
      const response = await deliver(JSON.stringify(stale));
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: "stale" });
    }
    expect(await battery(vehicleId)).toBeNull();
    expect(await db().webhookEvent.findUnique({ where: { eventId: delivery.eventId } })).toBeNull();
    // The same delivery sent now is stored: what was refused was its age alone.
    expect(await (await deliver(JSON.stringify(delivery))).json()).toEqual({ status: "stored" });
    expect(await battery(vehicleId)).toMatchObject({ value: { kind: "percent", percent: 33 } });
  });

  it("refuses a body over 64 KB, and one that is not JSON, changing nothing", async () => {
    const big = JSON.stringify({
      eventId: randomUUID(),
      eventType: "VEHICLE_STATE",
      padding: "x".repeat(70_000),
    });
    expect((await deliver(big)).status).toBe(413);
    expect((await deliver("{not json")).status).toBe(400);
    expect((await deliver("{not json", null)).status).toBe(401);
  });
});

/** An open GET /vehicles/live, read in the background: its events, and whether it ended. */
async function openEvents(url: string, cookie: string) {
  const controller = new AbortController();
  const response = await fetch(`${url}/vehicles/live`, {
    headers: { cookie, Accept: "text/event-stream" },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let isEnded = false;
  const ended = (async () => {
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        text += decoder.decode(chunk.value, { stream: true });
      }
    } catch {
      // aborted
    }
    isEnded = true;
  })();
  const events = () =>
    text
      .split("\n\n")
      .filter((block) => block.startsWith("event: vehicle"))
      .map(
        (block) => JSON.parse(block.slice(block.indexOf("data: ") + 6)) as { vehicleId: string },
      );
  /** Waits until `done` holds or `ms` pass, looking every 100 ms; says whether it held. */
  const until = async (done: () => boolean, ms: number) => {
    const deadline = Date.now() + ms;
    while (!done() && Date.now() < deadline)
      await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 100))]);
    return done();
  };
  // The stream is open once its first line (the retry interval) arrives.
  expect(await until(() => text.includes("retry:"), 15_000)).toBe(true);
  return {
    eventFor: async (vehicleId: string, ms = 15_000) => {
      await until(() => events().some((e) => e.vehicleId === vehicleId), ms);
      return events().find((e) => e.vehicleId === vehicleId) ?? null;
    },
    events,
    ended: (ms: number) => until(() => isEnded, ms),
    close: () => controller.abort(),
  };
}

describe("live updates across instances", () => {
  it("a delivery that lands on one instance reaches a page held open on another", async () => {
    const port = Number(process.env.INTEGRATION_SECOND_PORT ?? 3216);
    const second = await startServer(port, {
      DATABASE_URL: inject("databaseUrl"),
      SESSION_SECRET: inject("sessionSecret"),
      APP_URL: `http://localhost:${port}`,
      EMULATOR_PORT: new URL(inject("emulatorUrl")).port,
      ...(inject("databaseKind") === "embedded" ? { LIVE_UPDATES: "poll" } : {}),
    });
    try {
      const { cookie, vehicleId, delivery } = await linkedDelivery({
        battery: 64,
        at: 1_800_000_000_000,
      });
      const stream = await openEvents(second.url, cookie);
      expect((await deliver(JSON.stringify(delivery))).status).toBe(200);
      const event = await stream.eventFor(vehicleId);
      stream.close();
      expect(event).toMatchObject({
        vehicleId,
        signals: expect.arrayContaining([
          expect.objectContaining({ code: "tractionbattery-stateofcharge", display: "64%" }),
        ]),
      });
    } finally {
      await second.stop();
    }
  }, 180_000);

  it("never sends another user's vehicle, while its owner's stream gets it", async () => {
    const { cookie: strangerCookie } = await signedInUser();
    const { cookie, vehicleId, delivery } = await linkedDelivery({ battery: 51 });
    const stranger = await openEvents(baseUrl(), strangerCookie);
    const owner = await openEvents(baseUrl(), cookie);
    expect((await deliver(JSON.stringify(delivery))).status).toBe(200);
    // Positive control: the same delivery reaches its owner's stream on the same instance.
    expect(await owner.eventFor(vehicleId)).toMatchObject({ vehicleId });
    // Both streams hear of a delivery in the same dispatch: the stranger's has had its chance.
    expect(await stranger.eventFor(vehicleId, 2_000)).toBeNull();
    expect(stranger.events()).toEqual([]);
    owner.close();
    stranger.close();
  }, 60_000);

  it("ends an open stream within a heartbeat of signing out everywhere; the cookie then gets 401", async () => {
    const { cookie } = await signedInUser();
    const stream = await openEvents(baseUrl(), cookie);
    // Control: with the session live, the stream stays open and the same cookie opens another.
    const second = await openEvents(baseUrl(), cookie);
    second.close();
    expect(await stream.ended(1_000)).toBe(false);

    const answer = await postForm(actionForm("signOutEverywhereAction"), {}, { cookie });
    expect(answer.status).toBeLessThan(400);
    // HEARTBEAT_MS is 20 s (lib/vehicles/stream.ts): the stream ends at the next beat.
    expect(await stream.ended(45_000)).toBe(true);
    expect((await fetch(`${baseUrl()}/vehicles/live`, { headers: { cookie } })).status).toBe(401);
  }, 90_000);

  it("ends an open stream within a heartbeat of its session expiring, or of signing out", async () => {
    const expiring = await signedInUser();
    const leaving = await signedInUser();
    const expiringStream = await openEvents(baseUrl(), expiring.cookie);
    const leavingStream = await openEvents(baseUrl(), leaving.cookie);
    // Control: a stream whose session stays live is still open after the same beat.
    const staying = await signedInUser();
    const stayingStream = await openEvents(baseUrl(), staying.cookie);

    await db().session.updateMany({
      where: { userId: expiring.user.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(
      (await postForm(actionForm("signOutAction"), {}, { cookie: leaving.cookie })).status,
    ).toBeLessThan(400);
    expect(await expiringStream.ended(45_000)).toBe(true);
    expect(await leavingStream.ended(45_000)).toBe(true);
    expect(await stayingStream.ended(0)).toBe(false);
    stayingStream.close();
    for (const { cookie } of [expiring, leaving])
      expect((await fetch(`${baseUrl()}/vehicles/live`, { headers: { cookie } })).status).toBe(401);
  }, 90_000);

  it("holds at most LIVE_STREAMS_PER_USER streams per user on an instance, and says so", async () => {
    const { cookie } = await signedInUser();
    const streams = [];
    for (let i = 0; i < 10; i++) streams.push(await openEvents(baseUrl(), cookie));
    const full = await fetch(`${baseUrl()}/vehicles/live`, { headers: { cookie } });
    expect(full.status).toBe(429);
    expect(await full.text()).toMatch(/^Too many pages with live updates are open/);
    // One closed, another may open.
    streams.pop()!.close();
    await expect
      .poll(async () => {
        const again = await fetch(`${baseUrl()}/vehicles/live`, { headers: { cookie } });
        await again.body?.cancel();
        return again.status;
      })
      .toBe(200);
    for (const stream of streams) stream.close();
  }, 60_000);

  it("is for signed-in users only", async () => {
    expect((await fetch(`${baseUrl()}/vehicles/live`)).status).toBe(401);
  });
});
