import "server-only";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { getConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { applyFault } from "@/lib/emulator/faults";
import { apiError, json } from "@/lib/emulator/responses";

// The emulated IAM token endpoint and vehicle API v3, answering in the shapes lib/smartcar reads.

const TOKEN_TTL_SECONDS = 3600;

function sign(payload: string): string {
  return createHmac("sha256", getConfig().smartcar.clientSecret).update(payload).digest("base64url");
}

/** `emu.<expiry ms>.<HMAC>`: expiring tokens with nothing to store. */
function issueToken(now: number): string {
  const payload = `emu.${now + TOKEN_TTL_SECONDS * 1000}`;
  return `${payload}.${sign(payload)}`;
}

function tokenIsValid(token: string, now: number): boolean {
  const match = /^(emu\.(\d{13}))\.([\w-]{43})$/.exec(token);
  if (!match) return false;
  const expected = Buffer.from(sign(match[1]!));
  const actual = Buffer.from(match[3]!);
  return expected.length === actual.length && timingSafeEqual(expected, actual) && Number(match[2]) > now;
}

function safeEqual(a: string, b: string): boolean {
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return timingSafeEqual(x, y);
}

/** POST /oauth2/token with the client-credentials grant. */
export async function issueApplicationToken(request: Request, now = Date.now()): Promise<Response> {
  const form = await request.formData().catch(() => null);
  const value = (name: string) => {
    const v = form?.get(name);
    return typeof v === "string" ? v : "";
  };
  if (value("grant_type") !== "client_credentials") {
    return json({ error: "unsupported_grant_type", error_description: "Only client_credentials is supported." }, 400);
  }
  const { clientId, clientSecret } = getConfig().smartcar;
  if (!safeEqual(value("client_id"), clientId) || !safeEqual(value("client_secret"), clientSecret)) {
    return json({ error: "invalid_client", error_description: "Invalid client credentials." }, 401);
  }
  return json({ access_token: issueToken(now), token_type: "Bearer", expires_in: TOKEN_TTL_SECONDS });
}

type Authorized = { ok: true; userId: string } | { ok: false; response: Response };

function authorize(request: Request, now: number): Authorized {
  const token = /^Bearer (\S+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
  if (!token || !tokenIsValid(token, now)) {
    return { ok: false, response: apiError(401, "AUTHENTICATION", null, "Authentication failed", "The access token is missing, invalid or expired.") };
  }
  const userId = request.headers.get("sc-user-id") ?? "";
  if (!/^[0-9a-f-]{36}$/i.test(userId)) {
    return { ok: false, response: apiError(400, "VALIDATION", "INVALID_USER_ID", "Invalid sc-user-id header") };
  }
  return { ok: true, userId: userId.toLowerCase() };
}

async function grantedVehicles(userId: string) {
  return db().emulatorVehicle.findMany({ where: { accountId: userId, granted: { not: null } }, orderBy: { id: "asc" } });
}

/** Plausible values that stay the same for a vehicle within an hour, and drift as hours pass. */
function signalsFor(vehicle: { id: string; powertrain: string; year: number }, now: number) {
  const hour = Math.floor(now / 3_600_000);
  const seed = createHash("sha256").update(`${vehicle.id}:${hour}`).digest();
  const base = createHash("sha256").update(vehicle.id).digest();
  // Read some minutes before the current hour began: always in the past, the same all hour.
  const retrievedAt = new Date(hour * 3_600_000 - (1 + (seed[0]! % 50)) * 60_000).toISOString();
  const odometer = 5_000 + base.readUInt32BE(0) % 80_000 + (hour % 1000) * 3;
  const signals: Record<string, unknown>[] = [];
  if (vehicle.powertrain !== "ICE") {
    signals.push({ code: "tractionbattery-stateofcharge", status: "SUCCESS", value: 20 + (seed[1]! % 80), unit: "percent", retrievedAt });
  }
  signals.push({ code: "odometer-traveleddistance", status: "SUCCESS", value: odometer, unit: "km", retrievedAt });
  signals.push({
    code: "location-preciselocation",
    status: "SUCCESS",
    value: { latitude: 37.7 + (base[4]! - 128) / 2000, longitude: -122.4 + (base[5]! - 128) / 2000 },
    unit: null,
    retrievedAt,
  });
  return signals;
}

export type ApiRoute =
  | { kind: "connections" }
  | { kind: "vehicle"; vehicleId: string }
  | { kind: "signals"; vehicleId: string }
  | { kind: "delete-user"; userId: string };

/** Parses `/v3/...` into the route it names. */
export function matchApiRoute(method: string, segments: string[]): ApiRoute | null {
  const [version, resource, id, sub, ...rest] = segments;
  if (version !== "v3" || rest.length) return null;
  if (method === "GET" && resource === "connections" && !id) return { kind: "connections" };
  if (method === "GET" && resource === "vehicles" && id && !sub) return { kind: "vehicle", vehicleId: id };
  if (method === "GET" && resource === "vehicles" && id && sub === "signals") return { kind: "signals", vehicleId: id };
  if (method === "DELETE" && resource === "users" && id && !sub) return { kind: "delete-user", userId: id };
  return null;
}

/** Answers one request to the emulated vehicle API. */
export async function answerApi(request: Request, route: ApiRoute | null, now = Date.now()): Promise<Response> {
  if (!route) return apiError(404, "RESOURCE_NOT_FOUND", "PATH", "Resource not found");
  const auth = authorize(request, now);
  if (!auth.ok) return auth.response;
  const vehicleId = "vehicleId" in route ? route.vehicleId : null;
  const fault = await applyFault(vehicleId);
  if (fault) return fault;

  switch (route.kind) {
    case "connections": {
      const vehicles = await grantedVehicles(auth.userId);
      return json({
        data: vehicles.map((v) => ({ vehicleId: v.id, make: v.make, model: v.model, year: v.year, permissions: (v.granted ?? "").split(" ") })),
      });
    }
    case "vehicle":
    case "signals": {
      const vehicle = (await grantedVehicles(auth.userId)).find((v) => v.id === route.vehicleId);
      if (!vehicle) return apiError(404, "RESOURCE_NOT_FOUND", "VEHICLE", "Vehicle not found", "No vehicle with this id is connected for this user.");
      if (route.kind === "vehicle") {
        return json({ data: { id: vehicle.id, make: vehicle.make, model: vehicle.model, year: vehicle.year, powertrainType: vehicle.powertrain } });
      }
      return json({ data: signalsFor(vehicle, now) });
    }
    case "delete-user": {
      if (route.userId.toLowerCase() !== auth.userId) return apiError(403, "PERMISSION", null, "Permission denied", "sc-user-id does not match.");
      await db().emulatorVehicle.updateMany({ where: { accountId: auth.userId }, data: { granted: null } });
      return new Response(null, { status: 204 });
    }
  }
}
