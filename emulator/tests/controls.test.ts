import { describe, expect, it } from "vitest";
import { setUpEmulator } from "./support/setup";

// The test controls: JSON in and out, and a 400 with a message for anything they cannot use.

const { client } = setUpEmulator();

describe("controls", () => {
  it("health answers ok", async () => {
    const got = await client.control("GET", "/_emulator/health");
    expect([got.status, got.json]).toEqual([200, { status: "ok" }]);
  });

  it("settings are read and partly replaced", async () => {
    const got = await client.control("PUT", "/_emulator/control/settings", {
      latencyMs: 5,
      timestampFormat: "seconds",
      webhookRetryDelaysMs: [1, 2],
    });
    expect(got.json).toMatchObject({
      latencyMs: 5,
      timestampFormat: "seconds",
      webhookRetryDelaysMs: [1, 2],
      commandDelayMs: 0,
    });
    expect((await client.control("GET", "/_emulator/control/settings")).json).toEqual(got.json);
  });

  it.each([
    ["a negative latency", { latencyMs: -1 }],
    ["an unknown timestamp format", { timestampFormat: "rfc" }],
    ["an unknown key", { colour: "red" }],
    ["a page size over 100", { signalsPageSize: 101 }],
    ["not JSON", "latencyMs=5"],
    ["an array", [1]],
  ])("settings reject %s with 400", async (_case, body) => {
    const got = await client.control("PUT", "/_emulator/control/settings", body);
    expect(got.status).toBe(400);
    expect(got.json).toEqual({ error: expect.any(String) });
  });

  it("lists vehicles with owner, connection and state, by user", async () => {
    const alice = await client.owner("list-a+2@example.com");
    await client.owner("list-b+1@example.com");
    const theirs = await client.vehicles(alice);
    expect(theirs).toHaveLength(2);
    expect(theirs[0]).toMatchObject({
      userId: alice,
      email: "list-a+2@example.com",
      make: "TESLA",
      connectionId: expect.any(String),
      needsReauthentication: false,
    });
    expect(theirs[0]!.state).toMatchObject({
      locked: true,
      doorOpen: false,
      pluggedIn: false,
      charging: false,
      chargeLimit: 80,
    });
    expect((await client.control("GET", "/_emulator/control/vehicles")).json.vehicles).toHaveLength(
      3,
    );
  });

  it("patches a vehicle's state", async () => {
    const [vehicle] = await client.vehicles(await client.owner("patch+1@example.com"));
    const got = await client.patchVehicle(vehicle!.id, {
      pluggedIn: true,
      batteryPercent: 10,
      charging: true,
      location: { latitude: 48.1, longitude: 11.5, heading: 90 },
    });
    expect(got.status).toBe(200);
    expect(got.json.state).toMatchObject({
      pluggedIn: true,
      batteryPercent: 10,
      charging: true,
      latitude: 48.1,
      longitude: 11.5,
      heading: 90,
    });
    // Unplugging stops charging.
    expect((await client.patchVehicle(vehicle!.id, { pluggedIn: false })).json.state).toMatchObject(
      { pluggedIn: false, charging: false },
    );
  });

  it.each([
    ["nothing", {}],
    ["a battery over 100", { batteryPercent: 101 }],
    ["charging while unplugged", { charging: true }],
    ["an unknown key", { speed: 100 }],
    ["a charge limit under 50", { chargeLimit: 40 }],
    ["a latitude out of range", { location: { latitude: 91, longitude: 0 } }],
  ])("a vehicle patch with %s is 400", async (_case, patch) => {
    const [vehicle] = await client.vehicles(await client.owner("patch-bad+1@example.com"));
    const got = await client.patchVehicle(vehicle!.id, patch);
    expect(got.status).toBe(400);
    expect(got.json.error).toEqual(expect.any(String));
  });

  it("a battery patch on an ICE vehicle is 400, on an unknown vehicle 404", async () => {
    const ice = (
      await client.vehicles(await client.owner("3-vehicles@smartcar.com", "TOYOTA"))
    ).find((v) => v.powertrain === "ICE")!;
    const got = await client.patchVehicle(ice.id, { batteryPercent: 50 });
    expect(got.status).toBe(400);
    expect(got.json.error).toContain("no traction battery");
    expect((await client.patchVehicle("nope", { locked: true })).status).toBe(404);
  });

  it("the webhook test needs a vehicle id, a connected vehicle and a webhook URL", async () => {
    expect((await client.control("POST", "/_emulator/control/webhooks/test", {})).status).toBe(400);
    expect(
      (await client.control("POST", "/_emulator/control/webhooks/test", { vehicleId: "nope" }))
        .status,
    ).toBe(404);
    const [vehicle] = await client.vehicles(await client.owner("hookless+1@example.com"));
    expect(
      (await client.control("POST", "/_emulator/control/webhooks/test", { vehicleId: vehicle!.id }))
        .status,
    ).toBe(409);
  });

  it("reset empties everything", async () => {
    const userId = await client.owner("reset+1@example.com");
    await client.control("PUT", "/_emulator/control/faults", [{ kind: "down" }]);
    expect((await client.control("POST", "/_emulator/control/reset")).json).toEqual({
      reset: true,
    });
    expect(await client.vehicles(userId)).toEqual([]);
    expect((await client.control("GET", "/_emulator/control/faults")).json).toEqual([]);
    expect((await client.control("GET", "/_emulator/control/settings")).json.commandDelayMs).toBe(
      1500,
    );
  });

  it("an unknown control is 404", async () => {
    expect((await client.control("GET", "/_emulator/control/nothing")).status).toBe(404);
  });
});
