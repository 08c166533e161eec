import { describe, expect, it } from "vitest";
import { fixture, structureDiff } from "./support/same-structure";
import { Client } from "./support/client";
import { setUpEmulator } from "./support/setup";

// Faults and latency: what a client's error handling and retries are tested against (contract 8).

const { client } = setUpEmulator();

const setFaults = (faults: unknown) => client.control("PUT", "/_emulator/control/faults", faults);
const errorShape = (json: unknown) =>
  structureDiff(json, fixture("error-v3"), { extra: ["resolution", "suggestedUserMessage"] });

describe("faults", () => {
  it("vehicle-error fails that vehicle alone, 500 SERVER/INTERNAL by default", async () => {
    const userId = await client.owner("faulty+2@example.com");
    const [a, b] = await client.vehicles(userId);
    const set = await setFaults([{ kind: "vehicle-error", vehicleId: a!.id }]);
    expect(set.json).toEqual([{ kind: "vehicle-error", vehicleId: a!.id, status: 500 }]);
    const failed = await client.api("GET", `/v3/vehicles/${a!.id}/signals`, { userId });
    expect(failed.status).toBe(500);
    expect(errorShape(failed.json)).toEqual([]);
    expect(failed.json.errors[0]).toMatchObject({
      status: "500",
      type: "SERVER",
      code: "INTERNAL",
      resolution: { type: "RETRY_LATER" },
    });
    expect((await client.api("GET", `/v3/vehicles/${a!.id}`)).status).toBe(500);
    expect((await client.api("GET", `/v3/vehicles/${b!.id}/signals`, { userId })).status).toBe(200);
    expect((await client.control("GET", "/_emulator/control/faults")).json).toHaveLength(1);
    await setFaults([]);
    expect((await client.api("GET", `/v3/vehicles/${a!.id}/signals`, { userId })).status).toBe(200);
  });

  it.each([
    [403, "PERMISSION", "ACCESS_DENIED"],
    [409, "VEHICLE_STATE", "UNREACHABLE"],
    [502, "UPSTREAM", "NO_RESPONSE"],
    [501, "COMPATIBILITY", "VEHICLE_NOT_CAPABLE"],
    [430, "BILLING", "VEHICLE_REQUEST_LIMIT"],
  ])("vehicle-error with status %i answers %s/%s", async (status, type, code) => {
    const userId = await client.owner("faulty+1@example.com");
    const [vehicle] = await client.vehicles(userId);
    await setFaults([{ kind: "vehicle-error", vehicleId: vehicle!.id, status }]);
    const got = await client.api("POST", `/v3/vehicles/${vehicle!.id}/commands/security/unlock`, {
      userId,
    });
    expect(got.status).toBe(status);
    expect(got.json.errors[0]).toMatchObject({ status: String(status), type, code });
  });

  it("rate-limit answers a vehicle's next count requests 429 with Retry-After in seconds", async () => {
    const userId = await client.owner("throttled+1@example.com");
    const [vehicle] = await client.vehicles(userId);
    await setFaults([{ kind: "rate-limit", count: 2, retryAfterSeconds: 7 }]);
    // A vehicle's throttle leaves requests about no vehicle alone.
    expect((await client.api("GET", "/v3/connections")).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const limited = await client.api("GET", `/v3/vehicles/${vehicle!.id}`);
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toBe("7");
      expect(errorShape(limited.json)).toEqual([]);
      expect(limited.json.errors[0]).toMatchObject({
        status: "429",
        type: "RATE_LIMIT",
        code: "VEHICLE",
      });
    }
    expect((await client.api("GET", "/v3/connections")).status).toBe(200);
    expect((await client.control("GET", "/_emulator/control/faults")).json[0].count).toBe(0);
  });

  it("rate-limit answers the application's bucket (SMARTCAR_API) when asked", async () => {
    await client.accessToken();
    await setFaults([{ kind: "rate-limit", code: "SMARTCAR_API", count: 1, retryAfterSeconds: 3 }]);
    const limited = await client.api("GET", "/v3/connections");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    expect(limited.json.errors[0]).toMatchObject({ type: "RATE_LIMIT", code: "SMARTCAR_API" });
  });

  it("down fails every API request with 500 SERVER; tokens still work", async () => {
    await setFaults([{ kind: "down" }]);
    const got = await client.api("GET", "/v3/connections");
    expect(got.status).toBe(500);
    expect(got.json.errors[0]).toMatchObject({ type: "SERVER", code: "INTERNAL" });
    expect((await client.api("GET", "/v3/vehicles/x")).status).toBe(500);
  });

  it("slow delays every API request", async () => {
    await client.accessToken();
    await setFaults([{ kind: "slow", delayMs: 400 }]);
    const started = Date.now();
    expect((await client.api("GET", "/v3/connections")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  it.each([
    ["not an array", { kind: "down" }],
    ["an unknown kind", [{ kind: "meteor" }]],
    ["an undocumented status", [{ kind: "vehicle-error", vehicleId: "x", status: 418 }]],
    ["an unknown key", [{ kind: "slow", delayMs: 1, extra: true }]],
    ["broken JSON", "[{"],
  ])("rejects %s with 400", async (_case, body) => {
    const got = await setFaults(body);
    expect(got.status).toBe(400);
    expect(got.json.error).toEqual(expect.any(String));
  });
});

describe("latencyMs", () => {
  // Order, not duration: while a slowed request waits, a control request sent after it is
  // answered first; then the slowed ones answer too (the positive control: they can).
  it("is added to every /v3 and /oauth2/token request, not to the controls", async () => {
    await client.accessToken();
    await client.control("PUT", "/_emulator/control/settings", { latencyMs: 5_000 });
    const order: string[] = [];
    const noted =
      (name: string) =>
      <T>(value: T): T => {
        order.push(name);
        return value;
      };
    const api = client.api("GET", "/v3/connections").then(noted("api"));
    const token = new Client(client.origin).accessToken().then(noted("token"));
    const control = client.control("GET", "/_emulator/health").then(noted("control"));
    const [listed, issued, health] = await Promise.all([api, token, control]);
    expect(order[0]).toBe("control");
    expect(order.slice(1).sort()).toEqual(["api", "token"]);
    expect(health.status).toBe(200);
    expect(listed.status).toBe(200);
    expect(issued).toEqual(expect.any(String));
  });
});
