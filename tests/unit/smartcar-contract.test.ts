import { describe, expect, it } from "vitest";
import {
  listConnections,
  readSignal,
  readSignals,
  readVehicle,
  sendCommand,
} from "@/lib/smartcar/client";
import { classifySmartcarError, SmartcarApiError, toApiError } from "@/lib/smartcar/errors";
import { requestJson } from "@/lib/smartcar/http";
import {
  ErrorsBodySchema,
  FlatErrorBodySchema,
  SignalErrorSchema,
  SignalResponseSchema,
  SignalsPageSchema,
} from "@/lib/smartcar/schemas";
import { SIGNAL, toSignal } from "@/lib/smartcar/signals";
import { createTokenProvider } from "@/lib/smartcar/token";
import type { SmartcarTransport } from "@/lib/smartcar/transport";
import { fixture } from "../support/fixture-smartcar";

// Every documented example in tests/fixtures/smartcar is read by the client's own code into the
// app's model. The fixtures come from Smartcar's documentation, not from our emulator.

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

/** A Smartcar that answers each path with a documented example. */
function clientServing(routes: Record<string, () => Response>) {
  const seen: string[] = [];
  const fetch = async (url: string) => {
    const { pathname, search } = new URL(url);
    seen.push(`${pathname}${decodeURIComponent(search)}`);
    if (pathname === "/oauth2/token") return json(fixture("token"));
    const route = Object.keys(routes).find((key) =>
      `${pathname}${decodeURIComponent(search)}`.startsWith(key),
    );
    return route ? routes[route]!() : json(fixture("error-v3"), 404);
  };
  const policy = { retries: 0, baseDelayMs: 1, maxDelayMs: 10, timeoutMs: 1_000 };
  const tokens = createTokenProvider({
    authUrl: "https://iam.example",
    clientId: "c",
    clientSecret: "s",
    fetch,
    policy,
  });
  return {
    transport: {
      apiUrl: "https://api.example",
      tokens,
      fetch,
      mode: "live",
      policy,
    } satisfies SmartcarTransport,
    seen,
  };
}

const USER = "1e258add-fb21-4293-b9ab-cf8a61f7a880";

describe("the documented examples, read by the client", () => {
  it("token.json is an application token", async () => {
    const { transport, seen } = clientServing({
      "/v3/vehicles/vehicle123": () => json(fixture("vehicle")),
    });
    await readVehicle(transport, "vehicle123");
    expect(seen[0]).toBe("/oauth2/token");
  });

  it("connections-page.json: the connection, its vehicle id and owner", async () => {
    const { transport, seen } = clientServing({
      "/v3/connections": () => json(fixture("connections-page")),
    });
    expect(await listConnections(transport, USER)).toEqual([
      {
        id: "32c4139a-e4aa-4c6c-b357-3ae9022dbf1b",
        vehicleId: "a6a425d6-c661-4b21-af7a-d6b75f80f3b0",
        userId: USER,
        make: "Tesla",
        model: "Model S",
        year: 2020,
        mode: "live",
        powertrainType: "BEV",
        permissions: ["read_vehicle_info", "read_odometer"],
        // The documented example carries no external id (contract 1.3, 4.1: never required).
        externalId: null,
      },
    ]);
    expect(seen[1]).toBe(
      `/v3/connections?filter[userId]=${USER}&filter[vehicle.mode]=live&page[number]=1`,
    );
  });

  it("connections-page.json for another user: the connection is dropped, never shown", async () => {
    const { transport } = clientServing({
      "/v3/connections": () => json(fixture("connections-page")),
    });
    expect(await listConnections(transport, "someone-else")).toEqual([]);
  });

  it("connection.json is the same resource, wrapped in data", () => {
    const page = fixture("connections-page") as { data: unknown[] };
    expect((fixture("connection") as { data: unknown }).data).toEqual(page.data[0]);
  });

  it("vehicle.json: make, model, year, powertrain and mode, whatever the id looks like", async () => {
    const { transport } = clientServing({
      "/v3/vehicles/vehicle123": () => json(fixture("vehicle")),
    });
    expect(await readVehicle(transport, "vehicle123")).toEqual({
      id: "vehicle123",
      make: "Toyota",
      model: "Camry",
      year: 2020,
      mode: "live",
      powertrainType: "ICE",
    });
  });

  it("signals-page-1.json and -2.json: a wanted signal on page 2 is found", async () => {
    const { transport, seen } = clientServing({
      "/v3/vehicles/vehicle123/signals?page=2": () => json(fixture("signals-page-2")),
      "/v3/vehicles/vehicle123/signals": () => json(fixture("signals-page-1")),
    });
    const signals = await readSignals(transport, USER, "vehicle123", [
      SIGNAL.battery,
      SIGNAL.odometer,
      SIGNAL.location,
    ]);
    expect(seen.slice(1)).toEqual([
      "/v3/vehicles/vehicle123/signals",
      // links.next exactly as the first page sent it (contract 6.1).
      "/v3/vehicles/vehicle123/signals?page=2&pageSize=3",
    ]);
    const retrievedAt = new Date(1696156800 * 1000);
    const oemUpdatedAt = new Date(1696156799 * 1000);
    expect(signals).toEqual([
      {
        code: SIGNAL.battery,
        status: "ok",
        value: { kind: "percent", percent: 75 },
        error: null,
        retrievedAt,
        oemUpdatedAt,
      },
      {
        code: SIGNAL.odometer,
        status: "ok",
        value: { kind: "distance", kilometers: 50000 },
        error: null,
        retrievedAt,
        oemUpdatedAt,
      },
      {
        code: SIGNAL.location,
        status: "ok",
        value: { kind: "location", latitude: 37.7749, longitude: -122.4194, direction: "NE" },
        error: null,
        retrievedAt,
        oemUpdatedAt,
      },
    ]);
  });

  it("signals-page-1.json: stops paging once every wanted signal is found", async () => {
    const { transport, seen } = clientServing({
      "/v3/vehicles/vehicle123/signals": () => json(fixture("signals-page-1")),
    });
    expect(await readSignals(transport, USER, "vehicle123", [SIGNAL.battery])).toHaveLength(1);
    expect(seen.filter((s) => s.includes("/signals"))).toHaveLength(1);
  });

  it("signals-empty.json is a normal answer: no data yet", async () => {
    const { transport } = clientServing({
      "/v3/vehicles/vehicle123/signals": () => json(fixture("signals-empty")),
    });
    expect(
      await readSignals(transport, USER, "vehicle123", [SIGNAL.battery, SIGNAL.location]),
    ).toEqual([]);
  });

  it("signal.json (unwrapped) and signal-wrapped.json (in data, ISO timestamps) read the same way", async () => {
    const { transport } = clientServing({
      "/v3/vehicles/vehicle123/signals/odometer-traveleddistance": () => json(fixture("signal")),
      "/v3/vehicles/vehicle123/signals/tractionbattery-stateofcharge": () =>
        json(fixture("signal-wrapped")),
    });
    expect(await readSignal(transport, USER, "vehicle123", SIGNAL.odometer)).toMatchObject({
      status: "ok",
      value: { kind: "distance", kilometers: 50000 },
      retrievedAt: new Date(1696156800_000),
    });
    expect(await readSignal(transport, USER, "vehicle123", SIGNAL.battery)).toMatchObject({
      status: "ok",
      value: { kind: "percent", percent: 75 },
      retrievedAt: new Date("2023-10-01T10:40:00.000Z"),
    });
  });

  it("signals-list.json, the list's own example, is read and its next link followed as sent", async () => {
    const { transport, seen } = clientServing({
      "/v3/vehicles/vehicle123/signals": () => json(fixture("signals-list")),
    });
    // Its only signal (charge-voltage) is not one the app reads: it pages on for the wanted one.
    expect(await readSignals(transport, USER, "vehicle123", [SIGNAL.battery])).toEqual([]);
    expect(seen.slice(1, 3)).toEqual([
      "/v3/vehicles/vehicle123/signals",
      "/v3/vehicles/vehicle123/signals?page=2&pageSize=10",
    ]);
  });

  it("sdk-signals.json and sdk-signal.json, the Node SDK's examples, are read", async () => {
    expect(SignalsPageSchema.safeParse(fixture("sdk-signals")).success).toBe(true);
    const resource = SignalResponseSchema.parse(fixture("sdk-signal"));
    expect(toSignal({ ...resource.attributes, meta: resource.meta })).toMatchObject({
      code: SIGNAL.odometer,
      status: "ok",
      value: { kind: "distance", kilometers: 115071.50046584333 },
      retrievedAt: new Date(1752104218549),
      oemUpdatedAt: new Date(1752104118549),
    });
  });

  it("signal-error.json: a signal's AUTHENTICATION_FAILED asks to re-authenticate, as on the whole request", () => {
    const signal = toSignal({
      code: SIGNAL.battery,
      status: { value: "ERROR", error: SignalErrorSchema.parse(fixture("signal-error")) },
    });
    expect(signal?.error).toEqual({
      type: "CONNECTED_SERVICES_ACCOUNT",
      code: "AUTHENTICATION_FAILED",
      resolutionType: "REAUTHENTICATE",
      suggestedUserMessage: null,
    });
    // A string resolution means { type } (contract 6.3), as Smartcar's SDK reads it.
    expect(
      SignalErrorSchema.parse({ type: "PERMISSION", code: "X", resolution: "REAUTHENTICATE" }),
    ).toMatchObject({ resolution: { type: "REAUTHENTICATE" } });
    expect(toApiError(400, fixture("error-flat-reauthenticate"), null)).toMatchObject({
      type: "CONNECTED_SERVICES_ACCOUNT",
      code: "AUTHENTICATION_FAILED",
      resolution: { type: "REAUTHENTICATE" },
    });
    expect(
      classifySmartcarError(toApiError(400, fixture("error-flat-reauthenticate"), null)),
    ).toEqual({
      kind: "reauthenticate",
    });
  });

  it("signal-failed.json is a per-signal failure with its type and code", () => {
    const resource = SignalResponseSchema.parse(fixture("signal-failed"));
    expect(resource.attributes.status).toEqual({
      value: "ERROR",
      error: { type: "COMPATIBILITY", code: "VEHICLE_NOT_CAPABLE" },
    });
    // location-isathome is not a signal this app reads; the same failure on one it reads:
    expect(
      toSignal({ ...resource.attributes, code: SIGNAL.location, meta: resource.meta }),
    ).toEqual({
      code: SIGNAL.location,
      status: "error",
      value: null,
      error: {
        type: "COMPATIBILITY",
        code: "VEHICLE_NOT_CAPABLE",
        resolutionType: null,
        suggestedUserMessage: null,
      },
      retrievedAt: null,
      oemUpdatedAt: null,
    });
  });

  it("error-v3.json and error-flat.json become one typed error keeping type, code and resolution", () => {
    expect(ErrorsBodySchema.safeParse(fixture("error-v3")).success).toBe(true);
    expect(FlatErrorBodySchema.safeParse(fixture("error-flat")).success).toBe(true);
    expect(toApiError(400, fixture("error-v3"), null)).toMatchObject({
      status: 400,
      type: "VALIDATION",
      code: "BAD_REQUEST",
      description: "The request could not be understood by the server due to malformed syntax.",
    });
    const flat = toApiError(409, fixture("error-flat"), null);
    expect(flat).toMatchObject({
      status: 409,
      type: "VEHICLE_STATE",
      code: "ASLEEP",
      resolution: { type: null, url: null },
    });
    expect(classifySmartcarError(flat)).toEqual({ kind: "asleep" });
  });

  it("an error answer on the wire is a SmartcarApiError (both bodies)", async () => {
    for (const [name, status] of [
      ["error-v3", 400],
      ["error-flat", 409],
    ] as const) {
      const fetch = async () => json(fixture(name), status);
      const error = await requestJson(fetch, "https://api.example/v3/x", {}).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SmartcarApiError);
    }
  });

  it("command-set-limit.json and command-unlock.json: success read from the body", async () => {
    const { transport } = clientServing({
      "/v3/vehicles/vehicle123/commands/charge/set-limit": () => json(fixture("command-set-limit")),
      "/v3/vehicles/vehicle123/commands/security/unlock": () => json(fixture("command-unlock")),
    });
    expect(await sendCommand(transport, USER, "vehicle123", { setChargeLimit: 80 })).toEqual({
      succeeded: true,
      status: "SUCCESS",
    });
    expect(await sendCommand(transport, USER, "vehicle123", "unlock")).toEqual({
      succeeded: true,
      status: "SUCCESS",
    });
  });
});
