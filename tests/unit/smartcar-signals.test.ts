import { describe, expect, it } from "vitest";
import { parseTimestamp, readSignalBody, SIGNAL, toSignal } from "@/lib/smartcar/signals";

describe("parseTimestamp: the three forms Smartcar's pages document", () => {
  it.each([
    [1696156800, "2023-10-01T10:40:00.000Z"],
    [1731940328000, "2024-11-18T14:32:08.000Z"],
    ["2023-10-01T10:40:00Z", "2023-10-01T10:40:00.000Z"],
    ["1696156800", "2023-10-01T10:40:00.000Z"],
  ])("%s", (input, iso) => {
    expect(parseTimestamp(input)?.toISOString()).toBe(iso);
  });

  it.each([null, undefined, "", "yesterday", -5, Number.NaN, {}])("%s is no time", (input) => {
    expect(parseTimestamp(input)).toBeNull();
  });
});

describe("readSignalBody: spellings compared case-insensitively", () => {
  it.each([
    [{ unit: "percent", value: 75 }, 75],
    [{ unit: "PERCENTAGE", value: 60 }, 60],
    [{ value: 40 }, 40],
    [{ percentage: 75 }, 75],
  ])("battery %j", (body, percent) => {
    expect(readSignalBody(SIGNAL.battery, body)).toEqual({ kind: "percent", percent });
  });

  it("refuses a battery in another unit", () => {
    expect(readSignalBody(SIGNAL.battery, { unit: "volts", value: 400 })).toBeNull();
  });

  it.each([
    [{ unit: "kilometers", value: 50000 }, 50000],
    [{ unit: "KM", value: 10 }, 10],
    [{ unit: "miles", value: 100 }, 160.9344],
  ])("odometer %j", (body, kilometers) => {
    expect(readSignalBody(SIGNAL.odometer, body)).toEqual({ kind: "distance", kilometers });
  });

  it("reads the documented location, with or without its optional fields", () => {
    expect(
      readSignalBody(SIGNAL.location, {
        latitude: 37.7749,
        longitude: -122.4194,
        heading: 45.5,
        direction: "NE",
        locationType: "CURRENT",
      }),
    ).toEqual({
      kind: "location",
      latitude: 37.7749,
      longitude: -122.4194,
      direction: "NE",
    });
    expect(readSignalBody(SIGNAL.location, { latitude: 1, longitude: 2 })).toMatchObject({
      direction: null,
    });
    expect(readSignalBody(SIGNAL.location, { latitude: 91, longitude: 2 })).toBeNull();
    expect(readSignalBody(SIGNAL.location, { latitude: "1", longitude: 2 })).toBeNull();
  });

  it("reads flags and the charge limit (the global one, else activeLimit, any case)", () => {
    expect(readSignalBody(SIGNAL.locked, { value: true })).toEqual({ kind: "flag", value: true });
    expect(readSignalBody(SIGNAL.charging, { value: "yes" })).toBeNull();
    expect(
      readSignalBody(SIGNAL.chargeLimits, {
        values: [{ type: "global", limit: 80, condition: null }],
        activeLimit: 100,
        unit: "percent",
      }),
    ).toEqual({ kind: "percent", percent: 80 });
    expect(
      readSignalBody(SIGNAL.chargeLimits, {
        values: [{ type: "GLOBAL", limit: 80 }],
        activeLimit: null,
      }),
    ).toEqual({ kind: "percent", percent: 80 });
    expect(readSignalBody(SIGNAL.chargeLimits, { values: [], activeLimit: 90 })).toEqual({
      kind: "percent",
      percent: 90,
    });
  });
});

describe("toSignal", () => {
  it("takes fetchedAt as retrievedAt (webhook pages) and ignores codes the app does not read", () => {
    expect(
      toSignal({
        code: SIGNAL.battery,
        body: { unit: "percent", value: 78 },
        meta: { oemUpdatedAt: 1731940328000, fetchedAt: 1731940330000 },
      }),
    ).toEqual({
      code: SIGNAL.battery,
      status: "ok",
      value: { kind: "percent", percent: 78 },
      error: null,
      retrievedAt: new Date(1731940330000),
      oemUpdatedAt: new Date(1731940328000),
    });
    expect(toSignal({ code: "location-isathome", body: { value: true } })).toBeNull();
  });

  it("is unavailable when the body is not in a documented shape", () => {
    expect(
      toSignal({ code: SIGNAL.battery, status: { value: "SUCCESS" }, body: { level: 3 } }),
    ).toMatchObject({ status: "unavailable", value: null });
    expect(toSignal({ code: SIGNAL.battery, status: { value: "UNAVAILABLE" } })).toMatchObject({
      status: "unavailable",
      error: null,
    });
  });
});
