import { describe, expect, it } from "vitest";
import { CONNECT_ERROR_CODES } from "@/lib/connect/codes";
import { callbackLocation } from "@/lib/connect/outcomes";
import { maskVin, parseCallback } from "@/lib/connect/parse-callback";
import { verifyCallback } from "@/lib/connect/handle-callback";

const state = "s".repeat(43);
const uuid = "5f2b6c0e-8d3a-4c1e-9b7f-2a1d0e3c4b5a";
const q = (params: Record<string, string | string[]>) => {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of [v].flat()) query.append(k, x);
  return query;
};

describe("parseCallback", () => {
  it("reads a success", () => {
    expect(parseCallback(q({ user_id: uuid.toUpperCase(), state }))).toEqual({ kind: "connected", state, smartcarUserId: uuid });
  });

  it.each(CONNECT_ERROR_CODES)("reads the error %s", (code) => {
    const parsed = parseCallback(q({ error: code, error_description: "Why it failed.", state }));
    expect(parsed).toMatchObject({ kind: "error", code, state, rawCode: null, description: "Why it failed." });
  });

  it("reads an incompatible vehicle's details, bounded", () => {
    const parsed = parseCallback(q({ error: "vehicle_incompatible", vin: "1ftfw1et5dfc10312", make: "FORD", model: "F-150", year: "2013", state }));
    expect(parsed).toMatchObject({ vehicle: { vin: "1FTFW1ET5DFC10312", make: "FORD", model: "F-150", year: 2013 } });
    const hostile = parseCallback(q({ error: "vehicle_incompatible", vin: "<script>", model: "m".repeat(500), year: "20133", state }));
    expect(hostile).toMatchObject({ vehicle: { vin: null, year: null } });
    expect(hostile.kind === "error" && hostile.vehicle!.model!.length).toBe(60);
  });

  it("reads a configuration error's details for the log", () => {
    expect(parseCallback(q({ error: "configuration_error", status_code: "400", error_message: "Bad\r\nthing", state }))).toMatchObject({
      configuration: { statusCode: 400, message: "Bad thing" },
    });
  });

  it("keeps the brand of a cancelled carmaker sign-in, when well-formed", () => {
    expect(parseCallback(q({ error: "oem_cancelled_login", make: "tesla", state }))).toMatchObject({ make: "TESLA" });
    expect(parseCallback(q({ error: "oem_cancelled_login", make: "<b>", state }))).toMatchObject({ make: null });
  });

  it("turns an unknown code into unknown, keeping a well-formed one for the record", () => {
    expect(parseCallback(q({ error: "new_code", state }))).toMatchObject({ code: "unknown", rawCode: "new_code" });
    expect(parseCallback(q({ error: "<script>alert(1)</script>", state }))).toMatchObject({ code: "unknown", rawCode: null });
  });

  it.each([
    ["both user_id and error", { user_id: uuid, error: "access_denied", state }],
    ["neither", { state }],
    ["empty user_id and error", { user_id: "", error: "", state }],
    ["a user_id that is not a UUID", { user_id: "123", state }],
    ["a repeated user_id", { user_id: [uuid, uuid], state }],
    ["a repeated error", { error: ["access_denied", "server_error"], state }],
    ["a repeated state", { user_id: uuid, state: [state, state] }],
    ["a huge query", { user_id: uuid, state, x: "y".repeat(9000) }],
  ])("calls %s an invalid response", (_name, params) => {
    expect(parseCallback(q(params))).toEqual({ kind: "invalid_response" });
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
  const session = { userId: "user-1", connectState: state };

  it("accepts the state this session started, for its signed-in user", () => {
    expect(verifyCallback(q({ user_id: uuid, state }), session)).toMatchObject({ kind: "verified", userId: "user-1" });
  });

  it.each([
    ["another state", q({ user_id: uuid, state: "t".repeat(43) }), session],
    ["no state in the session", q({ user_id: uuid, state }), { userId: "user-1" }],
    ["a signed-out session", q({ user_id: uuid, state }), { connectState: state }],
  ])("refuses %s", (_name, query, s) => {
    expect(verifyCallback(query, s)).toEqual({ kind: "invalid_state" });
  });
});

describe("callbackLocation", () => {
  it("maps every outcome to a fixed path", () => {
    expect(callbackLocation({ kind: "connected", smartcarUserId: uuid })).toBe("/vehicles?connected=1");
    expect(callbackLocation({ kind: "error", code: "access_denied" })).toBe("/connect/error/access_denied");
    expect(callbackLocation({ kind: "error", code: "unknown" })).toBe("/connect/error/unknown");
    expect(callbackLocation({ kind: "invalid_state" })).toBe("/connect/error/invalid_state");
    expect(callbackLocation({ kind: "invalid_response" })).toBe("/connect/error/invalid_response");
    expect(callbackLocation({ kind: "already_linked" })).toBe("/connect/error/already_linked");
  });
});

describe("maskVin", () => {
  it("shows only the last six characters", () => {
    expect(maskVin("1FTFW1ET5DFC10312")).toBe("•••••••••••C10312");
    expect(maskVin(null)).toBeNull();
  });
});
