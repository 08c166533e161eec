import { beforeEach, describe, expect, it } from "vitest";
import { eventually, MANAGEMENT_TOKEN } from "./support/client";
import type { Delivery, Receiver } from "./support/receiver";
import { fixture, structureDiff } from "./support/same-structure";
import { setUpEmulator } from "./support/setup";

// Webhooks (contract 9), received by a small local endpoint that answers VERIFY and checks
// SC-Signature with the management token, as an app would.

let receiver: Receiver;
const RETRIES = [50, 100, 150];

const { client } = setUpEmulator({
  env: async (file) => {
    receiver = await file.startReceiver(MANAGEMENT_TOKEN);
    return { EMULATOR_WEBHOOK_URL: receiver.url };
  },
  // Reset below, only once the receiver has had the emulator's VERIFY.
  settings: false,
});

let mark = 0;
beforeEach(async () => {
  await receiver.waitFor((d) => d.body.eventType === "VERIFY");
  await client.fresh({ webhookRetryDelaysMs: RETRIES });
  receiver.verifyCorrectly = true;
  receiver.failNext(0);
  mark = receiver.received.length;
});

/** The next delivery (since this test began) that matches. */
const next = (predicate: (d: Delivery) => boolean) =>
  receiver.waitFor((d) => receiver.received.indexOf(d) >= mark && predicate(d));

const isState = (vehicleId: string, trigger: string) => (d: Delivery) =>
  d.body.eventType === "VEHICLE_STATE" &&
  d.body.vehicleId === vehicleId &&
  d.body.data.triggers.some((t: { code: string }) => t.code === trigger);

type Record = {
  eventId: string;
  eventType: string;
  attempt: number;
  status: number | null;
  error: string | null;
  deliveryId: string;
};
const log = async (): Promise<{ verified: boolean; deliveries: Record[] }> =>
  (await client.control("GET", "/_emulator/webhooks/deliveries")).json;

async function owner(email: string) {
  const userId = await client.owner(email);
  const [vehicle] = await client.vehicles(userId);
  return { userId, vehicle: vehicle! };
}

describe("verification", () => {
  it("sends VERIFY unsigned, in the documented shape; verified on the right answer", async () => {
    const verify = receiver.received.find((d) => d.body.eventType === "VERIFY")!;
    expect(structureDiff(verify.body, fixture("webhook-verify"))).toEqual([]);
    expect(verify.headers["sc-signature"]).toBeUndefined();
    expect(verify.headers["content-type"]).toBe("application/json");
    expect(verify.headers["user-agent"]).toBe("Smartcar/emulator");
    expect(Date.parse(verify.body.meta.deliveredAt)).not.toBeNaN();
    // After the reset above the webhook is unverified again; the control asks once more.
    expect(await client.control("POST", "/_emulator/control/webhooks/verify")).toMatchObject({
      json: { verified: true, error: null },
    });
    expect((await log()).verified).toBe(true);
  });

  it("a wrong answer leaves it unverified; data waits until the app answers right", async () => {
    // Retries far enough apart that the test can fix the app in between.
    await client.control("PUT", "/_emulator/control/settings", {
      webhookRetryDelaysMs: [300, 2000, 5000],
    });
    receiver.verifyCorrectly = false;
    const bad = await client.control("POST", "/_emulator/control/webhooks/verify");
    expect(bad.json).toEqual({
      verified: false,
      error: "the answer's challenge is not the HMAC of the challenge",
    });
    const { userId, vehicle } = await owner("late-app+1@example.com");
    const first = await eventually(async () =>
      (await log()).deliveries.find((d) => d.eventType === "VEHICLE_STATE" && d.attempt === 1),
    );
    expect(first.error).toMatch(/^webhook not verified/);
    expect(receiver.received.slice(mark).some((d) => d.body.eventType === "VEHICLE_STATE")).toBe(
      false,
    );
    receiver.verifyCorrectly = true;
    const delivered = await next(isState(vehicle.id, "FIRST_DELIVERY"));
    expect(delivered.body.eventId).toBe(first.eventId);
    expect(delivered.signed).toBe(true);
    expect(delivered.body.data.user.id).toBe(userId);
  });
});

describe("VEHICLE_STATE", () => {
  it("sends FIRST_DELIVERY when a vehicle is connected", async () => {
    const { userId, vehicle } = await owner("first+1@example.com");
    const delivery = await next(isState(vehicle.id, "FIRST_DELIVERY"));
    expect(delivery.body.data.triggers).toEqual([{ code: "FIRST_DELIVERY" }]);
    expect(delivery.body.data.user.id).toBe(userId);
    expect(delivery.signed).toBe(true);
  });

  it("sends a signed event with every readable signal after a command", async () => {
    const { userId, vehicle } = await owner("state+1@example.com");
    await next(isState(vehicle.id, "FIRST_DELIVERY"));
    const unlocked = await client.api(
      "POST",
      `/v3/vehicles/${vehicle.id}/commands/security/unlock`,
      { userId },
    );
    expect(unlocked.status).toBe(200);
    const delivery = await next(isState(vehicle.id, "closure-islocked"));
    expect(delivery.signed).toBe(true);
    expect(delivery.headers["content-type"]).toBe("application/json");
    expect(delivery.headers["user-agent"]).toBe("Smartcar/emulator");
    const { body } = delivery;
    expect(structureDiff(body, fixture("webhook-vehicle-state"), { opaque: ["body"] })).toEqual([]);
    expect(body.data.triggers).toEqual([
      { code: "closure-islocked", name: "IsLocked", group: "Closure" },
      { code: "closure-doors", name: "Doors", group: "Closure" },
    ]);
    expect(body.data.vehicle).toEqual({
      id: vehicle.id,
      make: "TESLA",
      model: vehicle.model,
      year: expect.any(Number),
    });
    expect(body.meta).toMatchObject({ version: "4.0", mode: "LIVE", signalCount: 11 });
    expect(body.data.signals).toHaveLength(11);
    const locked = body.data.signals.find((s: { code: string }) => s.code === "closure-islocked");
    expect(locked.body).toEqual({ value: false });
    expect(locked.meta.fetchedAt).toBeGreaterThan(1e12);
    expect(body.meta.deliveredAt).toBeGreaterThan(1e12);
    const battery = body.data.signals.find(
      (s: { code: string }) => s.code === "tractionbattery-stateofcharge",
    );
    const example = fixture("webhook-vehicle-state").data.signals[0];
    expect(structureDiff(battery, example)).toEqual([]);
  });

  it("a control change is a state change too", async () => {
    const { vehicle } = await owner("control+1@example.com");
    await client.patchVehicle(vehicle.id, { batteryPercent: 33 });
    const delivery = await next(isState(vehicle.id, "tractionbattery-stateofcharge"));
    const codes = delivery.body.data.triggers.map((t: { code: string }) => t.code);
    expect(codes).toEqual(["tractionbattery-stateofcharge", "tractionbattery-range"]);
    expect(
      delivery.body.data.signals.find(
        (s: { code: string }) => s.code === "tractionbattery-stateofcharge",
      ).body,
    ).toEqual({ unit: "percent", value: 33 });
  });

  it("the test control sends meta.mode TEST", async () => {
    const { vehicle } = await owner("test-event+1@example.com");
    const sent = await client.control("POST", "/_emulator/control/webhooks/test", {
      vehicleId: vehicle.id,
    });
    expect(sent.status).toBe(202);
    const delivery = await next((d) => d.body.eventId === sent.json.eventId);
    expect(delivery.body.meta.mode).toBe("TEST");
    expect(delivery.body.eventType).toBe("VEHICLE_STATE");
    expect(delivery.signed).toBe(true);
  });
});

describe("VEHICLE_ERROR", () => {
  it("ERROR when a vehicle needs re-authentication, RESOLVED when that clears", async () => {
    const { vehicle } = await owner("error+1@example.com");
    await client.patchVehicle(vehicle.id, { needsReauthentication: true });
    const error = await next(
      (d) => d.body.eventType === "VEHICLE_ERROR" && d.body.data.errors[0].state === "ERROR",
    );
    expect(structureDiff(error.body, fixture("webhook-vehicle-error"))).toEqual([]);
    expect(error.signed).toBe(true);
    expect(error.body.data.errors[0]).toMatchObject({
      type: "CONNECTED_SERVICES_ACCOUNT",
      code: "AUTHENTICATION_FAILED",
      resolution: { type: "REAUTHENTICATE" },
    });
    await client.patchVehicle(vehicle.id, { needsReauthentication: false });
    const resolved = await next(
      (d) => d.body.eventType === "VEHICLE_ERROR" && d.body.data.errors[0].state === "RESOLVED",
    );
    expect(resolved.body.vehicleId).toBe(vehicle.id);
    expect(resolved.body.eventId).not.toBe(error.body.eventId);
  });

  it("ERROR when a vehicle fault starts, RESOLVED when it is cleared", async () => {
    const { vehicle } = await owner("fault-event+1@example.com");
    await client.control("PUT", "/_emulator/control/faults", [
      { kind: "vehicle-error", vehicleId: vehicle.id, status: 409 },
    ]);
    const error = await next(
      (d) => d.body.eventType === "VEHICLE_ERROR" && d.body.data.errors[0].state === "ERROR",
    );
    expect(error.body.data.errors[0]).toMatchObject({ type: "VEHICLE_STATE", code: "UNREACHABLE" });
    await client.control("PUT", "/_emulator/control/faults", []);
    const resolved = await next(
      (d) => d.body.eventType === "VEHICLE_ERROR" && d.body.data.errors[0].state === "RESOLVED",
    );
    expect(resolved.body.data.errors[0]).toMatchObject({
      type: "VEHICLE_STATE",
      code: "UNREACHABLE",
    });
  });
});

describe("delivery", () => {
  it("retries a failed delivery with the same eventId and a new deliveryId", async () => {
    const { userId, vehicle } = await owner("retry+1@example.com");
    await next(isState(vehicle.id, "FIRST_DELIVERY"));
    receiver.failNext(2, 503);
    await client.api("POST", `/v3/vehicles/${vehicle.id}/commands/security/unlock`, { userId });
    const delivered = await next(
      (d) => isState(vehicle.id, "closure-islocked")(d) && d.status === 200,
    );
    const attempts = receiver.received.filter((d) => d.body.eventId === delivered.body.eventId);
    expect(attempts.map((d) => d.status)).toEqual([503, 503, 200]);
    expect(new Set(attempts.map((d) => d.body.meta.deliveryId)).size).toBe(3);
    const records = (await log()).deliveries.filter((d) => d.eventId === delivered.body.eventId);
    expect(records.map((d) => [d.attempt, d.status])).toEqual([
      [1, 503],
      [2, 503],
      [3, 200],
    ]);
    expect(records[0]!.error).toBe("answered HTTP 503");
  });

  it("gives up after three retries", async () => {
    const { userId, vehicle } = await owner("drop+1@example.com");
    await next(isState(vehicle.id, "FIRST_DELIVERY"));
    receiver.failNext(4);
    await client.api("POST", `/v3/vehicles/${vehicle.id}/commands/security/unlock`, { userId });
    const fourth = await eventually(async () =>
      (await log()).deliveries.find((d) => d.eventType === "VEHICLE_STATE" && d.attempt === 4),
    );
    // Another event goes through afterwards; the dropped one never had a fifth attempt.
    await client.api("POST", `/v3/vehicles/${vehicle.id}/commands/security/lock`, { userId });
    await next(
      (d) =>
        isState(vehicle.id, "closure-islocked")(d) &&
        d.status === 200 &&
        d.body.eventId !== fourth.eventId,
    );
    const records = (await log()).deliveries.filter((d) => d.eventId === fourth.eventId);
    expect(records.map((d) => d.attempt)).toEqual([1, 2, 3, 4]);
    expect(records.every((d) => d.status === 500)).toBe(true);
  });
});
