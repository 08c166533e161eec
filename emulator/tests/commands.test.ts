import { describe, expect, it } from "vitest";
import type { ControlVehicle } from "./support/client";
import { fixture, structureDiff } from "./support/same-structure";
import { setUpEmulator } from "./support/setup";

// Commands (contract 7): results in the documented shape, the documented refusals, permissions,
// compatibility, and that a command changes what the signals say.

const { client } = setUpEmulator();

async function owner(email = "cmd+1@example.com", make = "TESLA", scope?: string) {
  const userId = await client.owner(email, make, scope);
  const [vehicle] = await client.vehicles(userId);
  return { userId, vehicle: vehicle! };
}

function command(
  vehicle: ControlVehicle,
  userId: string | undefined,
  path: string,
  body?: unknown,
) {
  return client.api("POST", `/v3/vehicles/${vehicle.id}/commands/${path}`, { userId, body });
}

async function signal(vehicle: ControlVehicle, userId: string, code: string) {
  const got = await client.api("GET", `/v3/vehicles/${vehicle.id}/signals/${code}`, { userId });
  return got.json.attributes.body;
}

describe("lock and unlock", () => {
  it("unlock then lock succeed in the documented shape and change closure-islocked", async () => {
    const { userId, vehicle } = await owner();
    const unlocked = await command(vehicle, userId, "security/unlock");
    expect(unlocked.status).toBe(200);
    expect(structureDiff(unlocked.json, fixture("command-unlock"))).toEqual([]);
    expect(unlocked.json.data.attributes).toEqual({
      commandType: "security-unlock",
      status: { value: "SUCCESS" },
      executionMode: "sync",
    });
    expect(unlocked.json.data.id).toMatch(/^exec_/);
    expect(await signal(vehicle, userId, "closure-islocked")).toEqual({ value: false });
    const locked = await command(vehicle, userId, "security/lock");
    expect(locked.json.data.attributes.commandType).toBe("security-lock");
    expect(await signal(vehicle, userId, "closure-islocked")).toEqual({ value: true });
    const doors = await signal(vehicle, userId, "closure-doors");
    expect(doors.values.every((d: { isLocked: boolean }) => d.isLocked)).toBe(true);
  });

  it("refuses to lock with a door open: 409 VEHICLE_STATE DOOR_OPEN", async () => {
    const { userId, vehicle } = await owner();
    await client.patchVehicle(vehicle.id, { locked: false, doorOpen: true });
    const refused = await command(vehicle, userId, "security/lock");
    expect(refused.status).toBe(409);
    expect(
      structureDiff(refused.json, fixture("error-v3"), {
        extra: ["resolution", "suggestedUserMessage"],
      }),
    ).toEqual([]);
    expect(refused.json.errors[0]).toMatchObject({
      status: "409",
      type: "VEHICLE_STATE",
      code: "DOOR_OPEN",
    });
    expect(await signal(vehicle, userId, "closure-islocked")).toEqual({ value: false });
  });
});

describe("charging", () => {
  it("start, set-limit and stop succeed and change the charge signals", async () => {
    const { userId, vehicle } = await owner();
    await client.patchVehicle(vehicle.id, { pluggedIn: true, batteryPercent: 40 });
    const started = await command(vehicle, userId, "charge/start");
    expect(started.status).toBe(200);
    expect(structureDiff(started.json, fixture("command-unlock"))).toEqual([]);
    expect(started.json.data.attributes.commandType).toBe("charge-start");
    expect(await signal(vehicle, userId, "charge-ischarging")).toEqual({ value: true });
    expect(await signal(vehicle, userId, "charge-detailedchargingstatus")).toEqual({
      value: "CHARGING",
    });

    const limited = await command(vehicle, userId, "charge/set-limit", {
      data: { attributes: { percent: 90 } },
    });
    expect(limited.status).toBe(200);
    expect(structureDiff(limited.json, fixture("command-set-limit"))).toEqual([]);
    expect(limited.json.data.attributes).toMatchObject({
      commandType: "charge-set-limit",
      parameters: { percent: 90 },
    });
    expect(await signal(vehicle, userId, "charge-chargelimits")).toEqual({
      values: [{ type: "global", limit: 90, condition: null }],
      activeLimit: 90,
      unit: "percent",
    });

    const stopped = await command(vehicle, userId, "charge/stop");
    expect(stopped.json.data.attributes.commandType).toBe("charge-stop");
    expect(await signal(vehicle, userId, "charge-ischarging")).toEqual({ value: false });
  });

  it.each([
    [
      "already charging",
      { pluggedIn: true, batteryPercent: 40, charging: true },
      "charge/start",
      "CHARGING_IN_PROGRESS",
    ],
    [
      "not plugged in",
      { pluggedIn: false, batteryPercent: 40 },
      "charge/start",
      "CHARGING_PLUG_NOT_CONNECTED",
    ],
    [
      "full",
      { pluggedIn: true, batteryPercent: 80, chargeLimit: 80 },
      "charge/start",
      "FULLY_CHARGED",
    ],
    ["not charging", { pluggedIn: true, batteryPercent: 40 }, "charge/stop", "NOT_CHARGING"],
  ])("refuses when %s: 409 %s", async (_case, patch, path, code) => {
    const { userId, vehicle } = await owner();
    expect((await client.patchVehicle(vehicle.id, patch)).status).toBe(200);
    const refused = await command(vehicle, userId, path as string);
    expect(refused.status).toBe(409);
    expect(refused.json.errors[0]).toMatchObject({ status: "409", type: "VEHICLE_STATE", code });
  });

  it("a set-limit below the battery stops charging", async () => {
    const { userId, vehicle } = await owner();
    await client.patchVehicle(vehicle.id, {
      pluggedIn: true,
      batteryPercent: 60,
      chargeLimit: 90,
      charging: true,
    });
    await command(vehicle, userId, "charge/set-limit", { data: { attributes: { percent: 55 } } });
    expect(await signal(vehicle, userId, "charge-detailedchargingstatus")).toEqual({
      value: "FULLY_CHARGED",
    });
  });

  it.each([
    ["no body", undefined],
    ["a fraction, as v2 took", { data: { attributes: { percent: 0.8 } } }],
    ["49", { data: { attributes: { percent: 49 } } }],
    ["101", { data: { attributes: { percent: 101 } } }],
    ["a string", { data: { attributes: { percent: "80" } } }],
    ["the v2 shape", { limit: 0.8 }],
    ["broken JSON", "{"],
  ])("set-limit with %s is 400 VALIDATION", async (_case, body) => {
    const { userId, vehicle } = await owner();
    const got = await command(vehicle, userId, "charge/set-limit", body);
    expect(got.status).toBe(400);
    expect(got.json.errors[0]).toMatchObject({ status: "400", type: "VALIDATION" });
  });

  it("charge commands on an ICE vehicle are 501 COMPATIBILITY VEHICLE_NOT_CAPABLE", async () => {
    const userId = await client.owner("3-vehicles@smartcar.com", "TOYOTA");
    const ice = (await client.vehicles(userId)).find((v) => v.powertrain === "ICE")!;
    for (const path of ["charge/start", "charge/stop"]) {
      const got = await command(ice, userId, path);
      expect(got.status).toBe(501);
      expect(got.json.errors[0]).toMatchObject({
        status: "501",
        type: "COMPATIBILITY",
        code: "VEHICLE_NOT_CAPABLE",
      });
    }
    expect((await command(ice, userId, "security/unlock")).status).toBe(200);
  });
});

describe("who may send a command", () => {
  it("needs the control permission (403), sc-user-id (400) and the owner (403)", async () => {
    const { userId, vehicle } = await owner(
      "readonly+1@example.com",
      "TESLA",
      "read_battery read_security",
    );
    const lock = await command(vehicle, userId, "security/lock");
    expect(lock.status).toBe(403);
    expect(lock.json.errors[0]).toMatchObject({ status: "403", type: "PERMISSION" });
    expect((await command(vehicle, userId, "charge/start")).status).toBe(403);
    expect((await command(vehicle, undefined, "security/unlock")).status).toBe(400);
    const stranger = await client.owner("stranger+1@example.com");
    expect((await command(vehicle, stranger, "security/unlock")).status).toBe(403);
  });

  it("needing re-authentication answers 400 CONNECTED_SERVICES_ACCOUNT + re-auth URL", async () => {
    const { userId, vehicle } = await owner();
    await client.patchVehicle(vehicle.id, { needsReauthentication: true });
    const got = await command(vehicle, userId, "security/unlock");
    expect(got.status).toBe(400);
    expect(got.json.errors[0]).toMatchObject({
      status: "400",
      type: "CONNECTED_SERVICES_ACCOUNT",
      code: "AUTHENTICATION_FAILED",
      resolution: {
        type: "REAUTHENTICATE",
        url: expect.stringContaining(`/oauth/reauthenticate?response_type=vehicle_id`),
      },
    });
    await client.patchVehicle(vehicle.id, { needsReauthentication: false });
    expect((await command(vehicle, userId, "security/unlock")).status).toBe(200);
  });

  it("an unknown command path is 404", async () => {
    const { userId, vehicle } = await owner();
    expect((await command(vehicle, userId, "security/explode")).status).toBe(404);
  });
});

describe("timing", () => {
  it("takes commandDelayMs, reported in meta", async () => {
    const { userId, vehicle } = await owner();
    await client.control("PUT", "/_emulator/control/settings", { commandDelayMs: 1200 });
    const started = Date.now();
    const got = await command(vehicle, userId, "security/unlock");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1200);
    const { executedAt, completedAt, durationInSeconds } = got.json.data.meta;
    const took = Date.parse(completedAt) - Date.parse(executedAt);
    expect(took).toBeGreaterThanOrEqual(1200);
    expect(durationInSeconds).toBe(Math.round(took / 1000));
  });

  it("beyond asyncAfterMs, answers 202 at once and writes the result when done", async () => {
    const { userId, vehicle } = await owner();
    await client.control("PUT", "/_emulator/control/settings", {
      commandDelayMs: 1000,
      asyncAfterMs: 100,
    });
    const token = await client.accessToken();
    const response = await client.fetch(`/v3/vehicles/${vehicle.id}/commands/security/unlock`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "sc-user-id": userId },
    });
    const headersAt = Date.now();
    expect(response.status).toBe(202);
    const body = await response.json();
    // The status arrived before the vehicle finished; the body only after.
    expect(headersAt).toBeLessThan(Date.parse(body.data.meta.completedAt));
    expect(body.data.attributes.status.value).toBe("SUCCESS");
    await client.patchVehicle(vehicle.id, { doorOpen: true });
    const refused = await command(vehicle, userId, "security/lock");
    expect(refused.status).toBe(202);
    expect(refused.json.errors[0]).toMatchObject({ status: "409", code: "DOOR_OPEN" });
  });
});
