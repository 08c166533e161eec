import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { buildConnectUrl, normalizeMake } from "@/lib/connect/connect-url";
import { hashState, newState, sameState } from "@/lib/connect/state";

const { smartcar } = parseConfig({
  SESSION_SECRET: "x".repeat(32),
  SMARTCAR_CLIENT_ID: "cid",
  SMARTCAR_CLIENT_SECRET: "s",
  APP_URL: "https://app.example",
});

describe("buildConnectUrl", () => {
  it("carries every parameter Connect needs", () => {
    const url = new URL(
      buildConnectUrl(smartcar, {
        state: "abc",
        make: "TESLA",
        singleSelect: true,
        forcePrompt: true,
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe("https://connect.smartcar.com/oauth/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: "cid",
      redirect_uri: "https://app.example/connect/callback",
      scope:
        "read_vehicle_info read_battery read_odometer read_location read_security read_charge control_security control_charge",
      state: "abc",
      mode: "live",
      make: "TESLA",
      single_select: "true",
      approval_prompt: "force",
    });
  });
});

describe("normalizeMake", () => {
  it.each([
    ["tesla", "TESLA"],
    ["Mercedes-Benz", "MERCEDES_BENZ"],
    ["<script>", undefined],
    ["", undefined],
    [null, undefined],
    ["x".repeat(40), undefined],
  ])("%j -> %j", (input, expected) => {
    expect(normalizeMake(input)).toBe(expected);
  });
});

describe("state", () => {
  it("is at least 128 random bits and stored only as a hash", () => {
    const a = newState();
    expect(Buffer.from(a, "base64url").length).toBeGreaterThanOrEqual(16);
    expect(a).not.toBe(newState());
    expect(hashState(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(sameState(a, a)).toBe(true);
    expect(sameState(a, newState())).toBe(false);
    expect(sameState(a, undefined)).toBe(false);
  });
});
