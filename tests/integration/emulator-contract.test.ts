import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { EMULATOR_APPLICATION_ID, EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET } from "@/lib/config";
import {
  deleteConnection,
  deleteUser,
  listConnections,
  readSignals,
  sendCommand,
} from "@/lib/smartcar/client";
import { classifySmartcarError, SmartcarApiError } from "@/lib/smartcar/errors";
import {
  ConnectionsPageSchema,
  SignalResponseSchema,
  SignalsPageSchema,
  TokenResponseSchema,
  VehicleResponseSchema,
} from "@/lib/smartcar/schemas";
import { SIGNAL } from "@/lib/smartcar/signals";
import { createTokenProvider } from "@/lib/smartcar/token";
import type { SmartcarTransport } from "@/lib/smartcar/transport";
import { fixture } from "../support/fixture-smartcar";
import { PAGING_LINKS, structureDifferences, type JsonType } from "../support/same-structure";
import { baseUrl, emulatorControl, emulatorUrl, throughEmulatedConnect } from "./http";

// Every emulator endpoint the app uses, checked against the structure of Smartcar's documented
// examples (tests/fixtures/smartcar) and read with the client's own schemas, so the emulator can't
// invent a shape that the client then learns.

const SCOPE =
  "read_vehicle_info read_battery read_odometer read_location read_security read_charge control_security control_charge";
/** What Smartcar's pages allow in addition to their examples (docs/smartcar-contract.md, 8.1). */
const ERROR_EXTRAS = [
  "$.errors[].resolution",
  "$.errors[].suggestedUserMessage",
  "$.errors[].meta",
];

let token: string;
let owner: string;
let vehicleIds: string[];

const api = (path: string, init: RequestInit = {}, userId: string | null = owner) =>
  fetch(`${emulatorUrl()}${path}`, {
    ...init,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(userId ? { "sc-user-id": userId } : {}),
      ...(init.headers as Record<string, string>),
    },
  });

function transport(sleep?: (ms: number) => Promise<void>): SmartcarTransport {
  const tokens = createTokenProvider({
    authUrl: emulatorUrl(),
    clientId: EMULATOR_CLIENT_ID,
    clientSecret: EMULATOR_CLIENT_SECRET,
    fetch,
  });
  return {
    apiUrl: emulatorUrl(),
    tokens,
    fetch,
    mode: "live",
    policy: { retries: 2, baseDelayMs: 50, maxDelayMs: 2_000, timeoutMs: 10_000 },
    sleep,
  };
}

/** An owner who went through the emulated Connect with `vehicles` vehicles, and their user_id. */
async function connectOwner(vehicles: 1 | 2 | 3): Promise<string> {
  const authorize = new URL(`${emulatorUrl()}/oauth/authorize`);
  for (const [k, v] of Object.entries({
    response_type: "code",
    application_id: EMULATOR_APPLICATION_ID,
    redirect_uri: `${baseUrl()}/connect/callback`,
    scope: SCOPE,
    state: "s".repeat(43),
    make: "TESLA",
  }))
    authorize.searchParams.set(k, v);
  // `name+N@example.com` gets exactly N vehicles (1 to 3) from the emulator (emulator/README.md).
  const email = `contract-${Date.now()}-${Math.random().toString(36).slice(2, 8)}+${vehicles}@example.com`;
  const back = await throughEmulatedConnect(authorize.toString(), { email });
  return back.searchParams.get("user_id")!;
}

beforeAll(async () => {
  const response = await fetch(`${emulatorUrl()}/oauth2/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: EMULATOR_CLIENT_ID,
      client_secret: EMULATOR_CLIENT_SECRET,
    }),
  });
  const body = await response.json();
  expect(structureDifferences(body, fixture("token"))).toEqual([]);
  token = TokenResponseSchema.parse(body).access_token;
  owner = await connectOwner(2);
  const { vehicles } = await emulatorControl<{ vehicles: { id: string }[] }>(
    "GET",
    `/_emulator/control/vehicles?userId=${owner}`,
  );
  vehicleIds = vehicles.map((v) => v.id);
  expect(vehicleIds.length).toBeGreaterThan(0);
});

afterEach(async () => {
  await emulatorControl("PUT", "/_emulator/control/faults", []);
  await emulatorControl("PUT", "/_emulator/control/settings", {
    signalsPageSize: 50,
    timestampFormat: "iso",
  });
});

describe("the emulator, against the documented examples", () => {
  it("GET /v3/connections: connections-page.json", async () => {
    const query = new URLSearchParams({ "filter[userId]": owner, "filter[vehicle.mode]": "live" });
    const body = await (await api(`/v3/connections?${query}`, {}, null)).json();
    expect(
      structureDifferences(body, fixture("connections-page"), { documentedTypes: PAGING_LINKS }),
    ).toEqual([]);
    expect(ConnectionsPageSchema.safeParse(body).success).toBe(true);
    expect((await listConnections(transport(), owner)).map((c) => c.vehicleId).sort()).toEqual(
      [...vehicleIds].sort(),
    );
  });

  it("GET /v3/connections pages by page[number] and page[size], with totalCount", async () => {
    const query = new URLSearchParams({
      "filter[userId]": owner,
      "page[size]": "1",
      "page[number]": "2",
    });
    const body = await (await api(`/v3/connections?${query}`, {}, null)).json();
    expect(body.meta).toMatchObject({ pageNumber: 2, pageSize: 1, totalCount: vehicleIds.length });
    expect(body.data).toHaveLength(1);
  });

  it("GET /v3/connections never lists another owner's connections for a user filter", async () => {
    const other = await connectOwner(1);
    const mine = await listConnections(transport(), owner);
    expect(mine.every((c) => c.userId === owner)).toBe(true);
    expect((await listConnections(transport(), other)).every((c) => c.userId === other)).toBe(true);
  });

  it("GET /v3/vehicles/{id}: vehicle.json", async () => {
    const body = await (await api(`/v3/vehicles/${vehicleIds[0]}`, {}, null)).json();
    expect(structureDifferences(body, fixture("vehicle"))).toEqual([]);
    expect(VehicleResponseSchema.safeParse(body).success).toBe(true);
  });

  it("GET /v3/vehicles/{id}/signals: signals-list.json, each signal as documented", async () => {
    const body = await (await api(`/v3/vehicles/${vehicleIds[0]}/signals`)).json();
    expect(SignalsPageSchema.safeParse(body).success).toBe(true);
    const { data, ...envelope } = body;
    // The list's own example (verbatim); bodies from the signal schema pages, where they show one.
    const { data: documentedData, ...documentedEnvelope } = fixture<{
      data: { attributes: { code: string } }[];
    }>("signals-list");
    expect(
      structureDifferences(envelope, documentedEnvelope, { documentedTypes: PAGING_LINKS }),
    ).toEqual([]);
    const withBodies = [
      ...fixture<{ data: { attributes: { code: string } }[] }>("signals-page-1").data,
      ...fixture<{ data: { attributes: { code: string } }[] }>("signals-page-2").data,
    ];
    const documented = [
      ...documentedData,
      ...withBodies.map((item) => ({
        ...documentedData[0]!,
        attributes: { ...documentedData[0]!.attributes, ...item.attributes },
      })),
    ];
    for (const signal of data as { attributes: { code: string; body?: unknown } }[]) {
      const example = documented.find((d) => d.attributes.code === signal.attributes.code);
      // A signal with a documented example matches it; any other has the documented envelope,
      // and a body that is an object (each signal's schema page documents its body as one), never
      // compared with the emulator's own.
      const against = example ?? {
        ...documented[0]!,
        attributes: { ...documented[0]!.attributes, body: null },
      };
      const documentedTypes: Record<string, JsonType[]> = example
        ? {}
        : { "$.attributes.body": ["object"] };
      expect(
        structureDifferences(signal, against, { documentedTypes }),
        signal.attributes.code,
      ).toEqual([]);
    }
    const signals = await readSignals(transport(), owner, vehicleIds[0]!, [
      SIGNAL.odometer,
      SIGNAL.location,
    ]);
    expect(signals.map((s) => s.status)).toEqual(["ok", "ok"]);
  });

  it("paged signals: the documented link form, and a wanted signal on a later page is found", async () => {
    await emulatorControl("PUT", "/_emulator/control/settings", { signalsPageSize: 2 });
    const first = await (await api(`/v3/vehicles/${vehicleIds[0]}/signals`)).json();
    expect(first.links.next).toBe(`/vehicles/${vehicleIds[0]}/signals?page=2&pageSize=2`);
    const body = await (await api(`/v3${first.links.next}`)).json();
    const envelope = { ...body, data: [] };
    const documentedEnvelope = { ...fixture<object>("signals-list"), data: [] };
    expect(
      structureDifferences(envelope, documentedEnvelope, { documentedTypes: PAGING_LINKS }),
    ).toEqual([]);
    expect(body.meta.page).toBe(2);
    const signals = await readSignals(transport(), owner, vehicleIds[0]!, [SIGNAL.location]);
    expect(signals).toHaveLength(1);
  });

  it("timestamps as epoch seconds and milliseconds are read too", async () => {
    for (const timestampFormat of ["seconds", "millis"]) {
      await emulatorControl("PUT", "/_emulator/control/settings", { timestampFormat });
      const [odometer] = await readSignals(transport(), owner, vehicleIds[0]!, [SIGNAL.odometer]);
      expect(Math.abs(odometer!.retrievedAt!.getTime() - Date.now())).toBeLessThan(
        366 * 24 * 3600_000,
      );
    }
  });

  it("GET /v3/vehicles/{id}/signals/{code}: signal.json, unwrapped as documented", async () => {
    const body = await (
      await api(`/v3/vehicles/${vehicleIds[0]}/signals/${SIGNAL.odometer}`)
    ).json();
    expect(structureDifferences(body, fixture("signal"))).toEqual([]);
    expect(SignalResponseSchema.safeParse(body).success).toBe(true);
  });

  it("an empty signal store: signals-empty.json", async () => {
    await emulatorControl("PATCH", `/_emulator/control/vehicles/${vehicleIds[0]}`, {
      emptySignals: true,
    });
    try {
      const body = await (await api(`/v3/vehicles/${vehicleIds[0]}/signals`)).json();
      // No item example: an empty list in the example accepts only an empty list here.
      expect(
        structureDifferences(body, fixture("signals-empty"), { documentedTypes: PAGING_LINKS }),
      ).toEqual([]);
      expect(await readSignals(transport(), owner, vehicleIds[0]!, [SIGNAL.battery])).toEqual([]);
    } finally {
      await emulatorControl("PATCH", `/_emulator/control/vehicles/${vehicleIds[0]}`, {
        emptySignals: false,
      });
    }
  });

  it("errors: error-v3.json (a missing sc-user-id, another owner's vehicle)", async () => {
    const missing = await api(`/v3/vehicles/${vehicleIds[0]}/signals`, {}, null);
    expect(missing.status).toBe(400);
    expect(
      structureDifferences(await missing.json(), fixture("error-v3"), { allowExtra: ERROR_EXTRAS }),
    ).toEqual([]);
    const stranger = await connectOwner(1);
    const foreign = await api(`/v3/vehicles/${vehicleIds[0]}/signals`, {}, stranger);
    expect(foreign.status).toBe(403);
    expect(
      structureDifferences(await foreign.json(), fixture("error-v3"), { allowExtra: ERROR_EXTRAS }),
    ).toEqual([]);
  });

  it("a vehicle that needs re-authentication answers as documented, and the client says so", async () => {
    await emulatorControl("PATCH", `/_emulator/control/vehicles/${vehicleIds[0]}`, {
      needsReauthentication: true,
    });
    try {
      const response = await api(`/v3/vehicles/${vehicleIds[0]}/signals`);
      expect(
        structureDifferences(await response.json(), fixture("error-v3"), {
          allowExtra: ERROR_EXTRAS,
        }),
      ).toEqual([]);
      const error = await readSignals(transport(), owner, vehicleIds[0]!, [SIGNAL.battery]).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SmartcarApiError);
      expect(error).toMatchObject({
        type: "CONNECTED_SERVICES_ACCOUNT",
        code: "AUTHENTICATION_FAILED",
        resolution: { type: "REAUTHENTICATE" },
      });
      expect(classifySmartcarError(error).kind).toBe("reauthenticate");
    } finally {
      await emulatorControl("PATCH", `/_emulator/control/vehicles/${vehicleIds[0]}`, {
        needsReauthentication: false,
      });
    }
  });

  it("commands: command-unlock.json and command-set-limit.json", async () => {
    await emulatorControl("PUT", "/_emulator/control/settings", { commandDelayMs: 0 });
    try {
      const unlock = await api(`/v3/vehicles/${vehicleIds[0]}/commands/security/unlock`, {
        method: "POST",
      });
      expect(structureDifferences(await unlock.json(), fixture("command-unlock"))).toEqual([]);
      const setLimit = await api(`/v3/vehicles/${vehicleIds[0]}/commands/charge/set-limit`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ data: { attributes: { percent: 80 } } }),
      });
      expect(structureDifferences(await setLimit.json(), fixture("command-set-limit"))).toEqual([]);
      expect(await sendCommand(transport(), owner, vehicleIds[0]!, "lock")).toEqual({
        succeeded: true,
        status: "SUCCESS",
      });
    } finally {
      await emulatorControl("PUT", "/_emulator/control/settings", { commandDelayMs: 1500 });
    }
  });

  it("a slow command answers 202 and its final body; a refusal there is read as one", async () => {
    await emulatorControl("PUT", "/_emulator/control/settings", {
      commandDelayMs: 300,
      asyncAfterMs: 100,
    });
    await emulatorControl("PATCH", `/_emulator/control/vehicles/${vehicleIds[0]}`, {
      doorOpen: true,
    });
    try {
      const error = await sendCommand(transport(), owner, vehicleIds[0]!, "lock").catch(
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ status: 409, type: "VEHICLE_STATE", code: "DOOR_OPEN" });
      await emulatorControl("PATCH", `/_emulator/control/vehicles/${vehicleIds[0]}`, {
        doorOpen: false,
      });
      expect(await sendCommand(transport(), owner, vehicleIds[0]!, "lock")).toEqual({
        succeeded: true,
        status: "SUCCESS",
      });
    } finally {
      await emulatorControl("PATCH", `/_emulator/control/vehicles/${vehicleIds[0]}`, {
        doorOpen: false,
      });
      await emulatorControl("PUT", "/_emulator/control/settings", {
        commandDelayMs: 1500,
        asyncAfterMs: null,
      });
    }
  });

  it("a 429 for the application's bucket is waited out as Retry-After says", async () => {
    await emulatorControl("PUT", "/_emulator/control/faults", [
      { kind: "rate-limit", code: "SMARTCAR_API", count: 1, retryAfterSeconds: 1 },
    ]);
    // The client's waits, recorded instead of timed.
    const waits: number[] = [];
    const recording = transport(async (ms) => {
      waits.push(ms);
    });
    expect(await listConnections(recording, owner)).toHaveLength(vehicleIds.length);
    expect(waits).toEqual([1_000]);
  });

  it("a 429 for one vehicle is not retried: the client says when to try again", async () => {
    await emulatorControl("PUT", "/_emulator/control/faults", [
      { kind: "rate-limit", code: "VEHICLE", count: 1, retryAfterSeconds: 120 },
    ]);
    const error = await readSignals(transport(), owner, vehicleIds[0]!, [SIGNAL.battery]).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ status: 429, code: "VEHICLE", retryAfterSeconds: 120 });
    expect(classifySmartcarError(error)).toEqual({ kind: "rate-limited", retryAfterSeconds: 120 });
    expect(await readSignals(transport(), owner, vehicleIds[0]!, [SIGNAL.battery])).toHaveLength(1);
  });

  it("an expired application token is replaced once", async () => {
    const c = transport();
    await listConnections(c, owner);
    await emulatorControl("POST", "/_emulator/control/tokens/expire");
    expect(await listConnections(c, owner)).toHaveLength(vehicleIds.length);
  });

  it("DELETE /v3/connections/{id} and DELETE /v3/users/{id} answer 204", async () => {
    const someone = await connectOwner(2);
    const [first, second] = await listConnections(transport(), someone);
    await deleteConnection(transport(), first!.id);
    expect((await listConnections(transport(), someone)).map((c) => c.id)).toEqual([second!.id]);
    await deleteUser(transport(), someone);
    expect(await listConnections(transport(), someone)).toEqual([]);
  });
});
