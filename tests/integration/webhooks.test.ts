import { createHmac, randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { db } from "@/lib/db";
import { fixture } from "../support/fixture-smartcar";
import { startServer } from "../support/server";
import { baseUrl, signedInUser } from "./http";

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
  await db().smartcarLink.create({ data: { userId: user.id, smartcarUserId } });
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
    // The documented example's own user id is not one any link could have.
    expect(await (await deliver(JSON.stringify(fixture("webhook-vehicle-state")))).json()).toEqual({
      status: "ignored",
    });
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
    expect((await deliver(error("ERROR", 1_800_000_000_000))).status).toBe(200);
    expect(await open()).toMatchObject([
      { type: "COMPATIBILITY", code: "VEHICLE_NOT_CAPABLE", resolutionType: "CONTACT_SUPPORT" },
    ]);
    // A RESOLVED older than the error it would clear changes nothing; a newer one clears it.
    expect((await deliver(error("RESOLVED", 1_700_000_000_000))).status).toBe(200);
    expect(await open()).toHaveLength(1);
    expect((await deliver(error("RESOLVED", 1_800_000_100_000))).status).toBe(200);
    expect(await open()).toHaveLength(0);
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

describe("live updates across instances", () => {
  /** Reads a Server-Sent Events stream until an event for `vehicleId` arrives, or the deadline. */
  async function nextVehicleEvent(
    url: string,
    cookie: string,
    vehicleId: string,
    send: () => Promise<void>,
    waitMs = 15_000,
  ) {
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
    const deadline = Date.now() + waitMs;
    // The stream is open once its first line (the retry interval) arrives.
    while (!text.includes("retry:"))
      text += decoder.decode((await reader.read()).value, { stream: true });
    await send();
    try {
      while (Date.now() < deadline) {
        const timeout = new Promise<null>((resolve) =>
          setTimeout(() => resolve(null), deadline - Date.now()),
        );
        const chunk = await Promise.race([reader.read(), timeout]);
        if (!chunk || chunk.done) break;
        text += decoder.decode(chunk.value, { stream: true });
        const event = text
          .split("\n\n")
          .find((block) => block.startsWith("event: vehicle") && block.includes(vehicleId));
        if (event) return JSON.parse(event.slice(event.indexOf("data: ") + 6));
      }
      return null;
    } finally {
      controller.abort();
    }
  }

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
      const event = await nextVehicleEvent(second.url, cookie, vehicleId, async () => {
        expect((await deliver(JSON.stringify(delivery))).status).toBe(200);
      });
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

  it("never sends another user's vehicle", async () => {
    const { cookie } = await signedInUser();
    const { vehicleId, delivery } = await linkedDelivery();
    // Long enough for the owner's page to have had it (the embedded database polls every second).
    const event = await nextVehicleEvent(
      baseUrl(),
      cookie,
      vehicleId,
      async () => {
        expect((await deliver(JSON.stringify(delivery))).status).toBe(200);
      },
      4_000,
    );
    expect(event).toBeNull();
  }, 60_000);

  it("is for signed-in users only", async () => {
    expect((await fetch(`${baseUrl()}/vehicles/live`)).status).toBe(401);
  });
});
