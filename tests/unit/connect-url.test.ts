import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { buildConnectUrl, buildReauthenticateUrl, normalizeMake } from "@/lib/connect/connect-url";
import { hashState, newState, sameState } from "@/lib/connect/state";

const { smartcar } = parseConfig({
  SESSION_SECRET: "x".repeat(32),
  SMARTCAR_APPLICATION_ID: "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07",
  SMARTCAR_CLIENT_ID: "client_01HZY3TESTCLIENTID",
  SMARTCAR_CLIENT_SECRET: "s",
  APP_URL: "https://app.example",
});

const externalId = "0190c7a2-7f3e-7b6a-9c1d-2e3f4a5b6c7d";

describe("buildConnectUrl", () => {
  it("carries every parameter Connect needs: the Application ID, never the API client id", () => {
    const url = new URL(
      buildConnectUrl(smartcar, {
        state: "abc",
        externalId,
        make: "TESLA",
        singleSelect: true,
        forcePrompt: true,
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe("https://connect.smartcar.com/oauth/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      application_id: "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07",
      redirect_uri: "https://app.example/connect/callback",
      scope:
        "read_vehicle_info read_battery read_odometer read_location read_security read_charge control_security control_charge",
      state: "abc",
      mode: "live",
      make: "TESLA",
      single_select: "true",
      approval_prompt: "force",
      external_id: externalId,
    });
    expect(url.toString()).not.toContain("client_01HZY3TESTCLIENTID");
  });
});

describe("buildReauthenticateUrl", () => {
  it("names the application and the owner as the re-authentication page requires", () => {
    const url = new URL(
      buildReauthenticateUrl(smartcar, { state: "abc", vehicleId: "v-1", externalId }),
    );
    expect(`${url.origin}${url.pathname}`).toBe(
      "https://connect.smartcar.com/oauth/reauthenticate",
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "vehicle_id",
      application_id: "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07",
      vehicle_id: "v-1",
      redirect_uri: "https://app.example/connect/callback",
      state: "abc",
      external_id: externalId,
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
