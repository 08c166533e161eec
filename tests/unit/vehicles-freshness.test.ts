import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { budgetView, isStale } from "@/lib/vehicles/card";
import { judgeConnections } from "@/lib/vehicles/connections";
import { parseAnnouncement } from "@/lib/vehicles/live";
import { storedVehicle } from "@/lib/vehicles/readings";
import { exactTime, timeAgo } from "@/lib/vehicles/copy";
import { formatMinutes } from "@/lib/wait-words";
import { isWithinReplayWindow, REPLAY_WINDOW_MS } from "@/lib/webhooks/receive";

// The pure rules of the webhook-first vehicles page (issue 20) and the webhook replay window.

const NOW = Date.parse("2026-12-07T12:00:00Z");
const MAX_AGE = 30 * 60_000;
const CODES = [
  "tractionbattery-stateofcharge",
  "charge-ischarging",
  "charge-chargelimits",
  "closure-islocked",
  "odometer-traveleddistance",
  "location-preciselocation",
];
const stored = (ageMs: number, codes = CODES) =>
  storedVehicle(
    codes.map((code) => ({
      code,
      status: "ok",
      value: null,
      readAt: new Date(NOW - ageMs).toISOString(),
    })),
    [],
  );

describe("isStale", () => {
  it("is fresh with every card signal stored within VEHICLE_DATA_MAX_AGE", () => {
    expect(isStale(stored(MAX_AGE - 1), null, MAX_AGE, NOW)).toBe(false);
  });
  it("is stale when the newest reading is older, or a card signal was never stored", () => {
    expect(isStale(stored(MAX_AGE), null, MAX_AGE, NOW)).toBe(true);
    expect(isStale(stored(0, CODES.slice(1)), null, MAX_AGE, NOW)).toBe(true);
    expect(isStale(storedVehicle([], []), null, MAX_AGE, NOW)).toBe(true);
  });
  it("is never stale within VEHICLE_DATA_MAX_AGE of the last read, whatever it answered", () => {
    const lastRead = new Date(NOW - MAX_AGE + 1);
    expect(isStale(storedVehicle([], []), lastRead, MAX_AGE, NOW)).toBe(false);
    expect(isStale(storedVehicle([], []), new Date(NOW - MAX_AGE), MAX_AGE, NOW)).toBe(true);
  });
});

describe("parseAnnouncement", () => {
  it("reads which vehicle changed and who it is for", () => {
    const payload = { vehicleId: "v1", users: ["u1", 7, "u2"] };
    expect(parseAnnouncement(JSON.stringify(payload))).toEqual({ ...payload, users: ["u1", "u2"] });
    expect(parseAnnouncement('{"vehicleId":"v1","users":[]}')).toEqual({
      vehicleId: "v1",
      users: [],
    });
  });
  it("refuses anything else", () => {
    expect(parseAnnouncement('{"vehicleId":"v1","smartcarUserId":"s1"}')).toBeNull();
    expect(parseAnnouncement("not json")).toBeNull();
    expect(parseAnnouncement(undefined)).toBeNull();
  });
});

describe("the card's words for time", () => {
  it("says how old, in a person's words", () => {
    expect(timeAgo(10_000)).toBe("just now");
    expect(timeAgo(60_000)).toBe("1 minute ago");
    expect(timeAgo(2 * 60_000)).toBe("2 minutes ago");
    expect(timeAgo(3 * 3600_000)).toBe("3 hours ago");
    expect(timeAgo(3 * 86_400_000)).toBe("3 days ago");
    expect(timeAgo(-5_000)).toBe("just now");
  });
  it("says how long until, in whole minutes, at least one", () => {
    expect(formatMinutes(0.001)).toBe("1 minute");
    expect(formatMinutes(60)).toBe("1 minute");
    expect(formatMinutes(61)).toBe("2 minutes");
  });
  it("gives the exact time in UTC, the same anywhere", () => {
    expect(exactTime("2026-12-07T00:43:12Z")).toBe("7 Dec 2026, 00:43 UTC");
  });
});

describe("isWithinReplayWindow", () => {
  it("accepts a delivery sent within the window, and a little ahead of this clock", () => {
    expect(isWithinReplayWindow(new Date(NOW), NOW)).toBe(true);
    expect(isWithinReplayWindow(new Date(NOW - REPLAY_WINDOW_MS), NOW)).toBe(true);
    expect(isWithinReplayWindow(new Date(NOW + 60_000), NOW)).toBe(true);
  });
  it("refuses one with no time, one older than the window, and one far ahead", () => {
    expect(isWithinReplayWindow(null, NOW)).toBe(false);
    expect(isWithinReplayWindow(new Date(NOW - REPLAY_WINDOW_MS - 1), NOW)).toBe(false);
    expect(isWithinReplayWindow(new Date(NOW + 3600_000), NOW)).toBe(false);
  });
});

describe("judgeConnections (confirming a link)", () => {
  const connection = (externalId: string | null) => ({
    id: "c1",
    vehicleId: "v1",
    userId: "s1",
    make: "TESLA",
    model: "Model 3",
    year: 2022,
    mode: "live",
    powertrainType: "BEV",
    permissions: [],
    externalId,
  });
  it("confirms a link Smartcar lists a connection for, with this user's external id or none", () => {
    expect(judgeConnections("me", [connection(null)], false)).toMatchObject({ kind: "own" });
    expect(judgeConnections("me", [connection("me")], false)).toMatchObject({ kind: "own" });
  });
  it("refuses one with no connection, or only connections carrying another user's external id", () => {
    expect(judgeConnections("me", [], false)).toEqual({ kind: "refused" });
    expect(judgeConnections("me", [connection("someone")], false)).toEqual({ kind: "refused" });
    expect(judgeConnections("me", [connection("someone")], true)).toEqual({ kind: "refused" });
  });
  it("keeps only this user's connections, and calls a confirmed link with none left gone", () => {
    expect(judgeConnections("me", [connection("someone"), connection("me")], true)).toEqual({
      kind: "own",
      connections: [connection("me")],
    });
    expect(judgeConnections("me", [], true)).toEqual({ kind: "gone" });
  });
});

describe("budgetView", () => {
  const budget = (calls: number) => ({ calls, limit: 500, lastReadAt: null, nextRefreshAt: null });
  it("warns from 80 % of the monthly allowance and says when it is used up", () => {
    expect(budgetView(budget(399)).level).toBe("ok");
    expect(budgetView(budget(400)).level).toBe("warn");
    expect(budgetView(budget(500)).level).toBe("exhausted");
  });
});

describe("the vehicles page's configuration", () => {
  const secret = "x".repeat(32);
  it("defaults to 30 minutes, 5 minutes, 500 calls, 10 and 5,000 streams", () => {
    expect(parseConfig({ SESSION_SECRET: secret }).vehicles).toEqual({
      dataMaxAgeMs: 30 * 60_000,
      connectionsMaxAgeMs: 5 * 60_000,
      monthlyCallsPerVehicle: 500,
      streamsPerUser: 10,
      streamsPerInstance: 5000,
    });
  });
  it.each([
    ["VEHICLE_DATA_MAX_AGE", "30m", /VEHICLE_DATA_MAX_AGE must be a whole number/],
    ["CONNECTIONS_MAX_AGE", "-1", /CONNECTIONS_MAX_AGE must be a whole number/],
    [
      "SMARTCAR_MONTHLY_CALLS_PER_VEHICLE",
      "0",
      /SMARTCAR_MONTHLY_CALLS_PER_VEHICLE must be at least 1/,
    ],
    ["LIVE_STREAMS_PER_USER", "1001", /LIVE_STREAMS_PER_USER must be at most 1000/],
  ])("names a bad %s", (variable, value, message) => {
    expect(() => parseConfig({ SESSION_SECRET: secret, [variable]: value })).toThrow(message);
  });
});
