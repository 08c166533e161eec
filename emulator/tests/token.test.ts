import { describe, expect, it } from "vitest";
import { CLIENT_ID, CLIENT_SECRET } from "./support/client";
import { fixture, structureDiff } from "./support/same-structure";
import { setUpEmulator } from "./support/setup";

// The IAM token endpoint (contract 2) and the Vehicle API's bearer check (contract 3, 8).

const { client } = setUpEmulator();

const good = {
  grant_type: "client_credentials",
  client_id: CLIENT_ID,
  client_secret: CLIENT_SECRET,
};

describe("POST /oauth2/token", () => {
  it("issues a bearer token for the right credentials, form-encoded or JSON", async () => {
    for (const json of [false, true]) {
      const got = await client.requestToken(good, json);
      expect(got.status).toBe(200);
      expect(structureDiff(got.json, fixture("token"))).toEqual([]);
      expect(got.json).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
      expect(got.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("answers 401 invalid_client for a wrong secret or client id", async () => {
    for (const fields of [
      { ...good, client_secret: "nope" },
      { ...good, client_id: "other" },
    ]) {
      const got = await client.requestToken(fields);
      expect(got.status).toBe(401);
      expect(got.json).toEqual({ error: "invalid_client", error_description: expect.any(String) });
    }
  });

  it("answers 400 for a missing or other grant, no credentials, or broken JSON", async () => {
    const missing = await client.requestToken({
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
    expect([missing.status, missing.json.error]).toEqual([400, "invalid_request"]);
    const other = await client.requestToken({ ...good, grant_type: "authorization_code" });
    expect([other.status, other.json.error]).toEqual([400, "unsupported_grant_type"]);
    const noSecret = await client.requestToken({
      grant_type: "client_credentials",
      client_id: CLIENT_ID,
    });
    expect([noSecret.status, noSecret.json.error]).toEqual([400, "invalid_request"]);
    const broken = await client.fetch("/oauth2/token", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{",
    });
    expect(broken.status).toBe(400);
  });
});

describe("the Vehicle API's bearer check", () => {
  it("answers 401 AUTHENTICATION without a token or with a forged one", async () => {
    for (const token of [null, "emu.0.9999999999999." + "A".repeat(43), "garbage"]) {
      const got = await client.api("GET", "/v3/connections", { token });
      expect(got.status).toBe(401);
      expect(structureDiff(got.json, fixture("error-v3"))).toEqual([]);
      expect(got.json.errors[0]).toMatchObject({ status: "401", type: "AUTHENTICATION" });
    }
  });

  it("a token is refused once the control expires all tokens; a new one works", async () => {
    const old = await client.accessToken();
    expect((await client.api("GET", "/v3/connections", { token: old })).status).toBe(200);
    expect((await client.control("POST", "/_emulator/control/tokens/expire")).status).toBe(200);
    expect((await client.api("GET", "/v3/connections", { token: old })).status).toBe(401);
    const fresh = (await client.requestToken(good)).json.access_token;
    expect((await client.api("GET", "/v3/connections", { token: fresh })).status).toBe(200);
  });

  it("answers an unknown /v3 path with 404 RESOURCE_NOT_FOUND", async () => {
    const got = await client.api("GET", "/v3/nothing-here");
    expect(got.status).toBe(404);
    expect(got.json.errors[0]).toMatchObject({ status: "404", type: "RESOURCE_NOT_FOUND" });
  });
});
