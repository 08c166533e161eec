import { describe, expect, it } from "vitest";
import { CONNECT_ERROR_CODES } from "@/lib/connect/codes";
import { parseCallback, verifyCallback } from "@/lib/connect/callback";
import { maskVin } from "@/lib/connect/error-page";
import { callbackOutcomePage } from "@/lib/connect/outcomes";

const state = "s".repeat(43);
const uuid = "5f2b6c0e-8d3a-4c1e-9b7f-2a1d0e3c4b5a";
const q = (params: Record<string, string | string[]>) => {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of [v].flat()) query.append(k, x);
  return query;
};

describe("parseCallback", () => {
  it("reads a success", () => {
    expect(parseCallback(q({ user_id: uuid.toUpperCase(), state }))).toEqual({
      kind: "connected",
      state,
      smartcarUserId: uuid,
    });
  });

  it.each(CONNECT_ERROR_CODES)("reads the error %s", (code) => {
    const parsed = parseCallback(q({ error: code, error_description: "Why it failed.", state }));
    expect(parsed).toMatchObject({
      kind: "error",
      code,
      state,
      rawCode: null,
      description: "Why it failed.",
    });
  });

  it("reads an incompatible vehicle's details, bounded", () => {
    const parsed = parseCallback(
      q({
        error: "vehicle_incompatible",
        vin: "0scaudi012fe3b132",
        make: "FORD",
        model: "F-150",
        year: "2013",
        state,
      }),
    );
    expect(parsed).toMatchObject({
      vehicle: { vin: "0SCAUDI012FE3B132", make: "FORD", model: "F-150", year: 2013 },
    });
    const hostile = parseCallback(
      q({
        error: "vehicle_incompatible",
        vin: "<script>",
        model: "m".repeat(500),
        year: "20133",
        state,
      }),
    );
    expect(hostile).toMatchObject({ vehicle: { vin: null, year: null } });
    expect(hostile.kind === "error" && hostile.vehicle!.model!.length).toBe(60);
  });

  it("reads a configuration error's details for the log", () => {
    expect(
      parseCallback(
        q({
          error: "configuration_error",
          status_code: "400",
          error_message: "Bad\r\nthing",
          state,
        }),
      ),
    ).toMatchObject({
      configuration: { statusCode: 400, message: "Bad thing" },
    });
  });

  it("reads a re-authentication's vehicle_id (and no user_id)", () => {
    expect(
      parseCallback(q({ vehicle_id: "sc4a1b01e5-0497-417c-a30e-6df6ba33ba46", state })),
    ).toEqual({
      kind: "reauthenticated",
      state,
      vehicleId: "sc4a1b01e5-0497-417c-a30e-6df6ba33ba46",
    });
  });

  it("reads any UUID-shaped user_id, whatever its version digits", () => {
    const v0 = "725146a3-69f4-06c8-c65d-54b3b6f81eb7";
    expect(parseCallback(q({ user_id: v0, state }))).toMatchObject({
      kind: "connected",
      smartcarUserId: v0,
    });
  });

  it("ignores an extra code from older Connect pages", () => {
    expect(parseCallback(q({ user_id: uuid, code: "abc", state }))).toMatchObject({
      kind: "connected",
    });
  });

  it("turns an unknown code into unknown, keeping a well-formed one for the record", () => {
    expect(parseCallback(q({ error: "new_code", state }))).toMatchObject({
      code: "unknown",
      rawCode: "new_code",
    });
    expect(parseCallback(q({ error: "<script>alert(1)</script>", state }))).toMatchObject({
      code: "unknown",
      rawCode: null,
    });
  });

  it.each([
    ["both user_id and error", { user_id: uuid, error: "access_denied", state }],
    ["both user_id and vehicle_id", { user_id: uuid, vehicle_id: "v1", state }],
    ["both vehicle_id and error", { vehicle_id: "v1", error: "access_denied", state }],
    ["a vehicle_id with markup", { vehicle_id: "<b>", state }],
    ["a huge vehicle_id", { vehicle_id: "v".repeat(200), state }],
    ["a repeated vehicle_id", { vehicle_id: ["v1", "v2"], state }],
    ["neither", { state }],
    ["empty user_id and error", { user_id: "", error: "", state }],
    ["a user_id that is not a UUID", { user_id: "123", state }],
    ["a repeated user_id", { user_id: [uuid, uuid], state }],
    ["a repeated error", { error: ["access_denied", "server_error"], state }],
  ])("calls %s an invalid response, keeping its state to spend", (_name, params) => {
    expect(parseCallback(q(params))).toEqual({ kind: "invalid_response", state });
  });

  it.each([
    ["a repeated state", { user_id: uuid, state: [state, state] }],
    ["a huge query", { user_id: uuid, state, x: "y".repeat(9000) }],
    ["a malformed answer with a malformed state", { user_id: "123", state: "<b>" }],
  ])("calls %s an invalid response with no state", (_name, params) => {
    expect(parseCallback(q(params))).toEqual({ kind: "invalid_response", state: null });
  });

  it.each([
    ["no state", { user_id: uuid }],
    ["a short state", { user_id: uuid, state: "abc" }],
    ["a state with markup", { user_id: uuid, state: `${state}<b>` }],
    ["a very long state", { user_id: uuid, state: "a".repeat(300) }],
  ])("calls %s an invalid state", (_name, params) => {
    expect(parseCallback(q(params))).toEqual({ kind: "invalid_state" });
  });
});

describe("verifyCallback", () => {
  const session = { userId: "user-1", connectState: state, sessionId: "session-1" };

  it("accepts the state this session started, for its signed-in user", () => {
    expect(verifyCallback(parseCallback(q({ user_id: uuid, state })), session)).toMatchObject({
      kind: "verified",
      userId: "user-1",
    });
  });

  it.each([
    ["another state", q({ user_id: uuid, state: "t".repeat(43) }), session],
    [
      "no state in the session",
      q({ user_id: uuid, state }),
      { userId: "user-1", sessionId: "session-1" },
    ],
    [
      "a cookie with no session id",
      q({ user_id: uuid, state }),
      { userId: "user-1", connectState: state },
    ],
    ["a signed-out session", q({ user_id: uuid, state }), { connectState: state }],
  ])("refuses %s", (_name, query, s) => {
    expect(verifyCallback(parseCallback(query), s)).toEqual({ kind: "invalid_state" });
  });

  it("spends this session's state even when the answer is malformed", () => {
    const malformed = q({ user_id: "not-a-uuid", state });
    expect(verifyCallback(parseCallback(malformed), session)).toEqual({
      kind: "verified",
      userId: "user-1",
      sessionId: "session-1",
      answer: { kind: "malformed", state },
    });
  });

  it.each([
    ["another state", q({ user_id: "x", state: "t".repeat(43) }), session],
    ["a signed-out session", q({ user_id: "x", state }), { connectState: state }],
    ["no single state", q({ user_id: "x", state: [state, state] }), session],
  ])("answers a malformed answer with %s as invalid, spending nothing", (_name, query, s) => {
    expect(verifyCallback(parseCallback(query), s)).toEqual({ kind: "invalid_response" });
  });
});

describe("callbackOutcomePage", () => {
  it("maps every outcome to a fixed path", () => {
    expect(callbackOutcomePage({ kind: "connected" })).toBe("/vehicles?connected=1");
    expect(callbackOutcomePage({ kind: "reauthenticated" })).toBe("/vehicles?reconnected=1");
    expect(callbackOutcomePage({ kind: "error", code: "access_denied" })).toBe(
      "/connect/error/access_denied",
    );
    expect(callbackOutcomePage({ kind: "error", code: "unknown" })).toBe("/connect/error/unknown");
    expect(callbackOutcomePage({ kind: "invalid_state" })).toBe("/connect/error/invalid_state");
    expect(callbackOutcomePage({ kind: "invalid_response" })).toBe(
      "/connect/error/invalid_response",
    );
    expect(callbackOutcomePage({ kind: "already_linked" })).toBe("/connect/error/already_linked");
  });
});

describe("maskVin", () => {
  it("shows only the last six characters", () => {
    expect(maskVin("0SCAUDI012FE3B132")).toBe("•••••••••••E3B132");
    expect(maskVin(null)).toBeNull();
  });
});
