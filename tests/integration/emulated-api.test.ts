import { afterEach, describe, expect, it } from "vitest";
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET } from "@/lib/config";
import { createSmartcarClient } from "@/lib/smartcar/client";
import { SmartcarApiError } from "@/lib/smartcar/errors";
import { createTokenProvider } from "@/lib/smartcar/token";
import { baseUrl, get } from "./http";

// lib/smartcar against the emulated IAM and vehicle API, over HTTP, as the app uses them.

function client() {
  const tokens = createTokenProvider({ authUrl: `${baseUrl()}/emulator/iam`, clientId: EMULATOR_CLIENT_ID, clientSecret: EMULATOR_CLIENT_SECRET, fetch });
  return createSmartcarClient({ apiUrl: `${baseUrl()}/emulator/api`, tokens, fetch, policy: { retries: 2, baseDelayMs: 50, maxDelayMs: 2_000, timeoutMs: 5_000 } });
}

async function post(path: string, fields: Record<string, string>) {
  return fetch(`${baseUrl()}${path}`, { method: "POST", redirect: "manual", body: new URLSearchParams(fields) });
}

/** An owner who went through the emulated Connect and allowed access to `vehicles` vehicles. */
async function connectedOwner(vehicles: 1 | 2 | 3): Promise<string> {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: EMULATOR_CLIENT_ID,
    redirect_uri: `${baseUrl()}/connect/callback`,
    scope: "read_vehicle_info read_battery read_odometer read_location",
    state: "s".repeat(43),
    make: "TESLA",
  });
  const screen = (await get(`/emulator/connect/oauth/authorize?${query}`)).headers.get("location")!;
  await post(`${screen}/step`, { action: "sign-in", email: `api-${Date.now()}-${Math.random()}+${vehicles}@example.com`, password: "pw" });
  const done = await post(`${screen}/step`, { action: "allow" });
  return new URL(done.headers.get("location")!).searchParams.get("user_id")!;
}

async function setFaults(faults: unknown[]) {
  const response = await fetch(`${baseUrl()}/emulator/control/faults`, { method: "PUT", body: JSON.stringify(faults), headers: { "Content-Type": "application/json" } });
  expect(response.status).toBe(200);
}

afterEach(async () => {
  await setFaults([]);
});

describe("emulated token endpoint", () => {
  it("issues an expiring bearer token for the right credentials only", async () => {
    const ok = await post("/emulator/iam/oauth2/token", { grant_type: "client_credentials", client_id: EMULATOR_CLIENT_ID, client_secret: EMULATOR_CLIENT_SECRET });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ token_type: "Bearer", expires_in: 3600, access_token: expect.stringMatching(/^emu\./) });
    const wrong = await post("/emulator/iam/oauth2/token", { grant_type: "client_credentials", client_id: EMULATOR_CLIENT_ID, client_secret: "nope" });
    expect(wrong.status).toBe(401);
    const grant = await post("/emulator/iam/oauth2/token", { grant_type: "password", client_id: EMULATOR_CLIENT_ID, client_secret: EMULATOR_CLIENT_SECRET });
    expect(grant.status).toBe(400);
  });

  it("the API refuses a missing or forged token", async () => {
    const none = await fetch(`${baseUrl()}/emulator/api/v3/connections`, { headers: { "sc-user-id": crypto.randomUUID() } });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ errors: [{ status: 401, type: "AUTHENTICATION" }] });
    const forged = await fetch(`${baseUrl()}/emulator/api/v3/connections`, {
      headers: { "sc-user-id": crypto.randomUUID(), Authorization: `Bearer emu.9999999999999.${"A".repeat(43)}` },
    });
    expect(forged.status).toBe(401);
  });
});

describe("emulated vehicle API", () => {
  it("lists the granted vehicles, with details and signals that stay the same between calls", async () => {
    const userId = await connectedOwner(2);
    const api = client();
    const connections = await api.listConnections(userId);
    expect(connections).toHaveLength(2);
    expect(connections[0]).toMatchObject({ make: "TESLA", permissions: ["read_vehicle_info", "read_battery", "read_odometer", "read_location"] });
    const vehicle = await api.getVehicle(userId, connections[0]!.vehicleId);
    expect(vehicle).toMatchObject({ id: connections[0]!.vehicleId, make: "TESLA", powertrainType: "BEV" });
    const first = await api.getSignals(userId, vehicle.id);
    expect(first.map((s) => s.code)).toEqual(["tractionbattery-stateofcharge", "odometer-traveleddistance", "location-preciselocation"]);
    expect(first[0]).toMatchObject({ status: "SUCCESS", unit: "percent" });
    expect(await api.getSignals(userId, vehicle.id)).toEqual(first);
  });

  it("answers 404 for a vehicle that is not this owner's", async () => {
    const owner = await connectedOwner(1);
    const other = await connectedOwner(1);
    const [theirs] = await client().listConnections(other);
    await expect(client().getVehicle(owner, theirs!.vehicleId)).rejects.toMatchObject({ status: 404, type: "RESOURCE_NOT_FOUND" });
  });

  it("DELETE /users/{id} removes the owner's grants", async () => {
    const userId = await connectedOwner(2);
    await client().deleteUser(userId);
    expect(await client().listConnections(userId)).toEqual([]);
  });

  it("a rate limit with Retry-After is waited out", async () => {
    const userId = await connectedOwner(1);
    await setFaults([{ kind: "rate-limit", count: 2, retryAfterSeconds: 1 }]);
    const started = Date.now();
    expect(await client().listConnections(userId)).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
  });

  it("an API that is down gives a typed error after bounded retries, and recovers", async () => {
    const userId = await connectedOwner(1);
    await setFaults([{ kind: "down" }]);
    const error = await client().listConnections(userId).catch((e) => e);
    expect(error).toBeInstanceOf(SmartcarApiError);
    expect(error.status).toBe(503);
    await setFaults([]);
    expect(await client().listConnections(userId)).toHaveLength(1);
  });

  it("one failing vehicle fails alone", async () => {
    const userId = await connectedOwner(2);
    const [a, b] = await client().listConnections(userId);
    await setFaults([{ kind: "vehicle-error", vehicleId: a!.vehicleId, status: 500 }]);
    await expect(client().getSignals(userId, a!.vehicleId)).rejects.toMatchObject({ status: 500 });
    expect(await client().getSignals(userId, b!.vehicleId)).toHaveLength(3);
  });

  it("a slow API is cut off by the client's timeout", async () => {
    const userId = await connectedOwner(1);
    await setFaults([{ kind: "slow", delayMs: 1_500 }]);
    const tokens = createTokenProvider({ authUrl: `${baseUrl()}/emulator/iam`, clientId: EMULATOR_CLIENT_ID, clientSecret: EMULATOR_CLIENT_SECRET, fetch });
    const impatient = createSmartcarClient({ apiUrl: `${baseUrl()}/emulator/api`, tokens, fetch, policy: { retries: 0, baseDelayMs: 10, maxDelayMs: 10, timeoutMs: 300 } });
    await expect(impatient.listConnections(userId)).rejects.toMatchObject({ name: "SmartcarUnavailableError" });
  });
});
