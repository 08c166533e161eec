import { describe, expect, it } from "vitest";
import { fixture, structureDiff } from "./support/same-structure";
import { setUpEmulator } from "./support/setup";

// Connections, vehicles and signals (contract 4-6), each answer held to the documented example's
// structure.

const { client } = setUpEmulator();

const SIGNAL_CODES = [
  "tractionbattery-stateofcharge",
  "tractionbattery-range",
  "odometer-traveleddistance",
  "location-preciselocation",
  "closure-islocked",
  "closure-doors",
  "charge-ischarging",
  "charge-ischargingcableconnected",
  "charge-detailedchargingstatus",
  "charge-chargelimits",
  "vehicleidentification-vin",
];

describe("GET /v3/connections", () => {
  it("lists one user's connections in the documented shape", async () => {
    const userId = await client.owner("two+2@example.com");
    const got = await client.api("GET", `/v3/connections?filter[userId]=${userId}`);
    expect(got.status).toBe(200);
    expect(structureDiff(got.json, fixture("connections-page"))).toEqual([]);
    expect(got.json.meta).toEqual({ pageNumber: 1, pageSize: 10, totalCount: 2 });
    expect(got.json.links).toMatchObject({ prev: null, next: null });
    const [first] = got.json.data;
    expect(first.relationships.user.data.id).toBe(userId);
    expect(first.attributes.permissions).toContain("read_vehicle_info");
    expect(first.attributes.permissions.some((p: string) => p.startsWith("required:"))).toBe(false);
    expect(first.attributes.vehicle).toMatchObject({
      make: "Tesla",
      mode: "live",
      powertrainType: "BEV",
    });
  });

  it("never returns another user's connection, by filter or by sc-user-id", async () => {
    const alice = await client.owner("alice+3@example.com");
    const bob = await client.owner("bob+2@example.com");
    for (const [query, userId] of [
      [`?filter[userId]=${alice}`, undefined],
      ["", alice],
    ] as const) {
      const got = await client.api("GET", `/v3/connections${query}`, { userId });
      expect(got.json.meta.totalCount).toBe(3);
      expect(
        got.json.data.every(
          (c: { relationships: { user: { data: { id: string } } } }) =>
            c.relationships.user.data.id === alice,
        ),
      ).toBe(true);
    }
    const both = await client.api("GET", `/v3/connections?filter[userId]=${alice}`, {
      userId: bob,
    });
    expect(both.json.data).toEqual([]);
    const all = await client.api("GET", "/v3/connections");
    expect(all.json.meta.totalCount).toBe(5);
  });

  it("filters by vehicle and by mode, live by default", async () => {
    const live = await client.owner("live+1@example.com");
    const simulated = await client.owner("sim+2@example.com", "BMW", "read_battery", "simulated");
    const [vehicle] = await client.vehicles(live);
    const byVehicle = await client.api("GET", `/v3/connections?filter[vehicleId]=${vehicle!.id}`);
    expect(
      byVehicle.json.data.map(
        (c: { relationships: { vehicle: { data: { id: string } } } }) =>
          c.relationships.vehicle.data.id,
      ),
    ).toEqual([vehicle!.id]);
    expect(
      (await client.api("GET", `/v3/connections?filter[userId]=${simulated}`)).json.meta.totalCount,
    ).toBe(0);
    const sim = await client.api(
      "GET",
      `/v3/connections?filter[userId]=${simulated}&filter[vehicle.mode]=simulated`,
    );
    expect(sim.json.meta.totalCount).toBe(2);
    expect(sim.json.data[0].attributes.vehicle.mode).toBe("simulated");
    const bad = await client.api("GET", "/v3/connections?filter[vehicle.mode]=test");
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0]).toMatchObject({ status: "400", type: "VALIDATION" });
  });

  it("pages by page[number] and page[size] in a stable order, with links", async () => {
    const userId = await client.owner("7-vehicles@smartcar.com");
    const seen: string[] = [];
    for (const number of [1, 2, 3]) {
      const got = await client.api(
        "GET",
        `/v3/connections?filter[userId]=${userId}&page[number]=${number}&page[size]=3`,
      );
      expect(got.json.meta).toEqual({ pageNumber: number, pageSize: 3, totalCount: 7 });
      seen.push(...got.json.data.map((c: { id: string }) => c.id));
      if (number === 2) {
        const { links } = got.json;
        expect(links.self).toContain("page[number]=2&page[size]=3");
        expect(links.first).toContain("page[number]=1");
        expect(links.prev).toContain("page[number]=1");
        expect(links.next).toContain("page[number]=3");
        expect(links.last).toContain("page[number]=3");
        expect(links.next).toContain(`filter[userId]=${userId}`);
        // The next link is usable as it is.
        const next = await client.api(
          "GET",
          new URL(links.next).pathname + new URL(links.next).search,
        );
        expect(next.json.meta.pageNumber).toBe(3);
      }
      if (number === 3) expect(got.json.links.next).toBeNull();
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    const again = await client.api(
      "GET",
      `/v3/connections?filter[userId]=${userId}&page[size]=100`,
    );
    expect(again.json.data.map((c: { id: string }) => c.id)).toEqual(seen);
  });

  it.each(["page[size]=0", "page[size]=101", "page[number]=0", "page[number]=x", "page[size]=2.5"])(
    "answers 400 VALIDATION for %s",
    async (query) => {
      const got = await client.api("GET", `/v3/connections?${query}`);
      expect(got.status).toBe(400);
      expect(structureDiff(got.json, fixture("error-v3"))).toEqual([]);
    },
  );

  it("ignores unknown query parameters", async () => {
    expect((await client.api("GET", "/v3/connections?sort=-createdAt&foo=bar")).status).toBe(200);
  });
});

describe("one connection, and deleting", () => {
  it("GET /v3/connections/{id} in the documented shape; 404 for an unknown id", async () => {
    const userId = await client.owner("one+1@example.com");
    const [vehicle] = await client.vehicles(userId);
    const got = await client.api("GET", `/v3/connections/${vehicle!.connectionId}`);
    expect(structureDiff(got.json, fixture("connection"))).toEqual([]);
    expect(got.json.data.relationships.vehicle.data.id).toBe(vehicle!.id);
    const unknown = await client.api("GET", "/v3/connections/00000000-0000-0000-0000-000000000000");
    expect(unknown.status).toBe(404);
    expect(structureDiff(unknown.json, fixture("error-v3"))).toEqual([]);
  });

  it("DELETE /v3/connections/{id} removes one; connecting again re-creates it", async () => {
    const userId = await client.owner("del+2@example.com");
    const [a, b] = await client.vehicles(userId);
    const deleted = await client.api("DELETE", `/v3/connections/${a!.connectionId}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expect((await client.api("DELETE", `/v3/connections/${a!.connectionId}`)).status).toBe(404);
    expect((await client.api("GET", `/v3/vehicles/${a!.id}`)).status).toBe(404);
    expect((await client.api("GET", `/v3/vehicles/${b!.id}`)).status).toBe(200);
    expect(await client.owner("del+2@example.com")).toBe(userId);
    const after = await client.vehicles(userId);
    expect(after.map((v) => v.id)).toEqual([a!.id, b!.id]);
    expect(after[0]!.connectionId).not.toBe(a!.connectionId);
    expect(after[1]!.connectionId).toBe(b!.connectionId);
  });

  it("DELETE /v3/users/{id} removes that user's connections only; 404 when unknown", async () => {
    const gone = await client.owner("gone+3@example.com");
    const stays = await client.owner("stays+1@example.com");
    expect((await client.api("DELETE", `/v3/users/${gone}`)).status).toBe(204);
    expect(
      (await client.api("GET", `/v3/connections?filter[userId]=${gone}`)).json.meta.totalCount,
    ).toBe(0);
    expect(
      (await client.api("GET", `/v3/connections?filter[userId]=${stays}`)).json.meta.totalCount,
    ).toBe(1);
    expect((await client.api("DELETE", `/v3/users/${gone}`)).status).toBe(404);
  });
});

describe("GET /v3/vehicles/{id}", () => {
  it("answers in the documented shape without sc-user-id; 404 when not connected", async () => {
    const userId = await client.owner("veh+1@example.com", "TOYOTA");
    const [vehicle] = await client.vehicles(userId);
    const got = await client.api("GET", `/v3/vehicles/${vehicle!.id}`);
    expect(got.status).toBe(200);
    expect(structureDiff(got.json, fixture("vehicle"))).toEqual([]);
    expect(got.json.data.attributes).toMatchObject({
      make: "Toyota",
      model: vehicle!.model,
      powertrainType: vehicle!.powertrain,
      mode: "live",
    });
    expect((await client.api("GET", "/v3/vehicles/unknown")).status).toBe(404);
  });
});

describe("GET /v3/vehicles/{id}/signals", () => {
  async function bev() {
    const userId = await client.owner("signals+1@example.com");
    const [vehicle] = await client.vehicles(userId);
    return { userId, vehicle: vehicle! };
  }

  it("lists every granted signal in one page, each in the documented shape", async () => {
    const { userId, vehicle } = await bev();
    const got = await client.api("GET", `/v3/vehicles/${vehicle.id}/signals`, { userId });
    expect(got.status).toBe(200);
    expect(got.json.data.map((s: { id: string }) => s.id)).toEqual(SIGNAL_CODES);
    expect(got.json.meta).toEqual({ page: 1, pageSize: 50, totalCount: SIGNAL_CODES.length });
    expect(got.json.links).toMatchObject({ previous: null, next: null });
    // The list's own documented example; timestamps in epoch milliseconds by default, as the
    // Node SDK's JSDoc shows them (contract 11).
    const page = fixture("signals-list");
    expect(structureDiff({ ...got.json, data: [] }, { ...page, data: [] })).toEqual([]);
    for (const signal of got.json.data) {
      expect(structureDiff(signal, page.data[0], { opaque: ["body"] })).toEqual([]);
      expect(signal.meta.retrievedAt).toBeGreaterThan(signal.meta.oemUpdatedAt);
      expect(signal.meta.retrievedAt).toBeGreaterThan(1e12);
    }
    // Bodies as on the signal schema pages, where the examples show one.
    const examples = [...fixture("signals-page-1").data, ...fixture("signals-page-2").data];
    const byCode = (list: { attributes: { code: string } }[], code: string) =>
      list.find((s) => s.attributes.code === code);
    for (const code of [
      "tractionbattery-stateofcharge",
      "odometer-traveleddistance",
      "location-preciselocation",
      "closure-islocked",
    ]) {
      expect(
        structureDiff(byCode(got.json.data, code), byCode(examples, code), { opaque: ["meta"] }),
      ).toEqual([]);
    }
    const bodies = Object.fromEntries(
      got.json.data.map((s: { id: string; attributes: { body: unknown } }) => [
        s.id,
        s.attributes.body,
      ]),
    );
    expect(bodies["tractionbattery-stateofcharge"]).toEqual({
      unit: "percent",
      value: vehicle.state.batteryPercent,
    });
    expect(bodies["tractionbattery-range"]).toMatchObject({
      unit: "kilometers",
      value: expect.any(Number),
    });
    expect(bodies["closure-doors"]).toMatchObject({ rowCount: 2, columnCount: 2 });
    expect(bodies["closure-doors"].values).toHaveLength(4);
    expect(bodies["charge-chargelimits"]).toEqual({
      values: [{ type: "global", limit: 80, condition: null }],
      activeLimit: null,
      unit: "percent",
    });
    expect(bodies["vehicleidentification-vin"]).toEqual({ value: vehicle.vin });
    expect(got.json.included.vehicle).toMatchObject({
      id: vehicle.id,
      type: "vehicle",
      attributes: { make: "Tesla" },
    });
    // Stored, not random: the same answer again.
    const again = await client.api("GET", `/v3/vehicles/${vehicle.id}/signals`, { userId });
    expect(again.json).toEqual(got.json);
  });

  it("pages when asked to, as the paged examples show, with timestamps in seconds", async () => {
    const { userId, vehicle } = await bev();
    await client.control("PUT", "/_emulator/control/settings", {
      signalsPageSize: 3,
      timestampFormat: "seconds",
    });
    // As a client must page (contract 6.1): the first page with no parameter, then each
    // links.next exactly as sent, relative to the v3 base, until it is null.
    const codes: string[] = [];
    let path: string | null = `/v3/vehicles/${vehicle.id}/signals`;
    for (let number = 1; path; number++) {
      const got = await client.api("GET", path, { userId });
      expect(got.json.meta).toEqual({ page: number, pageSize: 3, totalCount: SIGNAL_CODES.length });
      if (number === 1) {
        // The list's own documented example (its `next` is a link, like this page's).
        expect(structureDiff(got.json, fixture("signals-list"), { opaque: ["body"] })).toEqual([]);
        expect(got.json.links.next).toBe(`/vehicles/${vehicle.id}/signals?page=2&pageSize=3`);
      }
      expect(got.json.links.previous === null).toBe(number === 1);
      codes.push(...got.json.data.map((s: { id: string }) => s.id));
      for (const signal of got.json.data) expect(signal.meta.retrievedAt).toBeLessThan(1e11);
      path = got.json.links.next === null ? null : `/v3${got.json.links.next}`;
      expect(number).toBeLessThan(5);
    }
    expect(codes).toEqual(SIGNAL_CODES);
    const sized = await client.api("GET", `/v3/vehicles/${vehicle.id}/signals?page=3&pageSize=5`, {
      userId,
    });
    expect(sized.json.data.map((s: { id: string }) => s.id)).toEqual(SIGNAL_CODES.slice(10));
  });

  it("gives epoch milliseconds when set so", async () => {
    const { userId, vehicle } = await bev();
    await client.control("PUT", "/_emulator/control/settings", { timestampFormat: "millis" });
    const got = await client.api("GET", `/v3/vehicles/${vehicle.id}/signals`, { userId });
    expect(got.json.data[0].meta.retrievedAt).toBeGreaterThan(1e12);
  });

  it("serves only what the vehicle has and the app may read", async () => {
    const userId = await client.owner(
      "3-vehicles@smartcar.com",
      "TOYOTA",
      "read_odometer read_battery read_vin",
    );
    const vehicles = await client.vehicles(userId);
    const ice = vehicles.find((v) => v.powertrain === "ICE")!;
    const electric = vehicles.find((v) => v.powertrain !== "ICE")!;
    const iceSignals = await client.api("GET", `/v3/vehicles/${ice.id}/signals`, { userId });
    expect(iceSignals.json.data.map((s: { id: string }) => s.id)).toEqual([
      "odometer-traveleddistance",
      "vehicleidentification-vin",
    ]);
    const evSignals = await client.api("GET", `/v3/vehicles/${electric.id}/signals`, { userId });
    expect(evSignals.json.data.map((s: { id: string }) => s.id)).toEqual([
      "tractionbattery-stateofcharge",
      "tractionbattery-range",
      "odometer-traveleddistance",
      "vehicleidentification-vin",
    ]);
  });

  it("answers an empty signal store with 200 and no signals", async () => {
    const { userId, vehicle } = await bev();
    expect((await client.patchVehicle(vehicle.id, { emptySignals: true })).status).toBe(200);
    const got = await client.api("GET", `/v3/vehicles/${vehicle.id}/signals`, { userId });
    expect(got.status).toBe(200);
    expect(structureDiff(got.json, fixture("signals-empty"), { extra: ["included"] })).toEqual([]);
    expect(got.json.meta.totalCount).toBe(0);
    expect(got.json.data).toEqual([]);
  });

  it("needs sc-user-id (400) and the vehicle's owner (403)", async () => {
    const { vehicle } = await bev();
    const stranger = await client.owner("stranger+1@example.com");
    const missing = await client.api("GET", `/v3/vehicles/${vehicle.id}/signals`);
    expect(missing.status).toBe(400);
    expect(missing.json.errors[0]).toMatchObject({ status: "400", type: "VALIDATION" });
    const wrong = await client.api("GET", `/v3/vehicles/${vehicle.id}/signals`, {
      userId: stranger,
    });
    expect(wrong.status).toBe(403);
    expect(
      structureDiff(wrong.json, fixture("error-v3"), {
        extra: ["resolution", "suggestedUserMessage"],
      }),
    ).toEqual([]);
    expect(wrong.json.errors[0]).toMatchObject({ status: "403", type: "PERMISSION" });
  });
});

describe("GET /v3/vehicles/{id}/signals/{code}", () => {
  it("answers one signal unwrapped, as documented; 404 for a code it lacks; 403 without permission", async () => {
    const userId = await client.owner("code+2@example.com", "TOYOTA", "read_battery read_odometer");
    const [vehicle] = await client.vehicles(userId);
    const got = await client.api(
      "GET",
      `/v3/vehicles/${vehicle!.id}/signals/odometer-traveleddistance`,
      { userId },
    );
    expect(got.status).toBe(200);
    // The reference's example and the Node SDK's JSDoc both show it at the top level (contract 11).
    expect(structureDiff(got.json, fixture("signal"), { opaque: ["body"] })).toEqual([]);
    expect(got.json.meta.retrievedAt).toBeGreaterThan(1e12);
    expect(got.json.attributes.body).toEqual({
      unit: "kilometers",
      value: vehicle!.state.odometerKm,
    });
    expect(
      (await client.api("GET", `/v3/vehicles/${vehicle!.id}/signals/location-isathome`, { userId }))
        .status,
    ).toBe(404);
    expect(
      (await client.api("GET", `/v3/vehicles/${vehicle!.id}/signals/closure-islocked`, { userId }))
        .status,
    ).toBe(403);
    expect(
      (await client.api("GET", `/v3/vehicles/${vehicle!.id}/signals/odometer-traveleddistance`))
        .status,
    ).toBe(400);
  });
});

describe("GET /_emulator/stats", () => {
  it("counts requests by kind since the last reset", async () => {
    const userId = await client.owner("stats+1@example.com");
    const [vehicle] = await client.vehicles(userId);
    await client.control("DELETE", "/_emulator/stats");
    await client.api("GET", `/v3/connections?filter[userId]=${userId}`);
    await client.api("GET", `/v3/vehicles/${vehicle!.id}`);
    await client.api("GET", `/v3/vehicles/${vehicle!.id}/signals`, { userId });
    await client.api("GET", `/v3/vehicles/${vehicle!.id}/signals`, { userId });
    await client.api("GET", `/v3/vehicles/${vehicle!.id}/signals/odometer-traveleddistance`, {
      userId,
    });
    await client.api("POST", `/v3/vehicles/${vehicle!.id}/commands/security/lock`, { userId });
    const stats = await client.control("GET", "/_emulator/stats");
    // The first API call fetched a token.
    expect(stats.json.counts).toEqual({
      token: 1,
      connections: 1,
      vehicle: 1,
      signals: 2,
      signal: 1,
      commands: 1,
    });
    expect(stats.json.total).toBe(7);
    await client.control("DELETE", "/_emulator/stats");
    expect((await client.control("GET", "/_emulator/stats")).json).toMatchObject({
      total: 0,
      counts: {},
    });
  });
});

describe("a signal's own error (the signalErrors control)", () => {
  it("answers that signal as the documented failed signal, the others unchanged, until cleared", async () => {
    const userId = await client.owner("signal-error+1@example.com");
    const [vehicle] = await client.vehicles(userId);
    const set = (signalErrors: Record<string, unknown>) =>
      client.control("PATCH", `/_emulator/control/vehicles/${vehicle!.id}`, { signalErrors });
    expect(
      (
        await set({
          "odometer-traveleddistance": {
            type: "CONNECTED_SERVICES_ACCOUNT",
            code: "AUTHENTICATION_FAILED",
            resolution: "REAUTHENTICATE",
          },
          "location-preciselocation": { type: "COMPATIBILITY", code: "VEHICLE_NOT_CAPABLE" },
        })
      ).status,
    ).toBe(200);

    const list = await client.api("GET", `/v3/vehicles/${vehicle!.id}/signals`, { userId });
    const byCode = Object.fromEntries(
      list.json.data.map((s: { id: string }) => [s.id, s]),
    ) as Record<string, { attributes: Record<string, unknown> }>;
    // As the documented failed signal: status.error with type and code, no body.
    const location = byCode["location-preciselocation"]!;
    expect(structureDiff(location, fixture("signal-failed"), { extra: ["links"] })).toEqual([]);
    expect(location.attributes.status).toEqual({
      value: "ERROR",
      error: { type: "COMPATIBILITY", code: "VEHICLE_NOT_CAPABLE" },
    });
    expect(location.attributes).not.toHaveProperty("body");
    // With a resolution, as the signal schema's SignalError example (a string means { type }).
    expect(byCode["odometer-traveleddistance"]!.attributes.status).toEqual({
      value: "ERROR",
      error: {
        type: "CONNECTED_SERVICES_ACCOUNT",
        code: "AUTHENTICATION_FAILED",
        resolution: { type: "REAUTHENTICATE" },
      },
    });
    expect(
      structureDiff(
        (byCode["odometer-traveleddistance"]!.attributes.status as { error: unknown }).error,
        Object.fromEntries(
          // The example's `message` is the schema's `description`, which the emulator leaves out.
          Object.entries(fixture("signal-error")).filter(([key]) => key !== "message"),
        ),
      ),
    ).toEqual([]);
    // The positive control: the others still succeed.
    expect(byCode["tractionbattery-stateofcharge"]!.attributes.status).toEqual({
      value: "SUCCESS",
    });
    const one = await client.api(
      "GET",
      `/v3/vehicles/${vehicle!.id}/signals/location-preciselocation`,
      { userId },
    );
    expect(one.json.attributes.status.value).toBe("ERROR");

    await set({ "odometer-traveleddistance": null, "location-preciselocation": null });
    const cleared = await client.api(
      "GET",
      `/v3/vehicles/${vehicle!.id}/signals/location-preciselocation`,
      { userId },
    );
    expect(cleared.json.attributes.status).toEqual({ value: "SUCCESS" });
  });

  it("refuses a malformed one and changes nothing", async () => {
    const userId = await client.owner("signal-error-bad+1@example.com");
    const [vehicle] = await client.vehicles(userId);
    for (const signalErrors of [
      { "odometer-traveleddistance": { type: "<script>", code: "X" } },
      { "not a code": { type: "PERMISSION", code: "X" } },
      { "odometer-traveleddistance": { type: "PERMISSION", code: "X", extra: 1 } },
    ]) {
      const answer = await client.control("PATCH", `/_emulator/control/vehicles/${vehicle!.id}`, {
        signalErrors,
      });
      expect(answer.status).toBe(400);
    }
    const one = await client.api(
      "GET",
      `/v3/vehicles/${vehicle!.id}/signals/odometer-traveleddistance`,
      { userId },
    );
    expect(one.json.attributes.status).toEqual({ value: "SUCCESS" });
  });
});
