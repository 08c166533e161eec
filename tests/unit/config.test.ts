import { describe, expect, it } from "vitest";
import {
  ConfigError,
  EMULATOR_APPLICATION_ID,
  EMULATOR_CLIENT_ID,
  parseConfig,
} from "@/lib/config";

const secret = "x".repeat(32);
const APPLICATION_ID = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const credentials = {
  SMARTCAR_APPLICATION_ID: APPLICATION_ID,
  SMARTCAR_CLIENT_ID: "client_01j9example",
  SMARTCAR_CLIENT_SECRET: "secret",
};

describe("parseConfig", () => {
  it("runs on the emulator's one origin with no Smartcar credentials", () => {
    const config = parseConfig({ NODE_ENV: "development", SESSION_SECRET: secret });
    expect(config.emulatorMode).toBe(true);
    expect(config.appUrl).toBe("http://localhost:3000");
    expect(config.smartcar).toMatchObject({
      applicationId: EMULATOR_APPLICATION_ID,
      clientId: EMULATOR_CLIENT_ID,
      redirectUri: "http://localhost:3000/connect/callback",
      connectUrl: "http://127.0.0.1:4000",
      authUrl: "http://127.0.0.1:4000",
      apiUrl: "http://127.0.0.1:4000",
      managementToken: "emulator-management-token",
    });
    expect(config.smartcar.permissions).toEqual([
      ...["read_vehicle_info", "read_battery", "read_odometer", "read_location"],
      ...["read_security", "read_charge", "control_security", "control_charge"],
    ]);
    expect(parseConfig({ SESSION_SECRET: secret, EMULATOR_PORT: "4100" }).smartcar.apiUrl).toBe(
      "http://127.0.0.1:4100",
    );
  });

  it("uses Smartcar's own URLs when credentials are set", () => {
    const config = parseConfig({
      SESSION_SECRET: secret,
      APP_URL: "https://cars.example.com/",
      SMARTCAR_APPLICATION_ID: APPLICATION_ID,
      SMARTCAR_CLIENT_ID: "client_01j9example",
      SMARTCAR_CLIENT_SECRET: "secret",
      SMARTCAR_MODE: "simulated",
      SMARTCAR_PERMISSIONS: "read_vin, read_battery read_battery",
    });
    expect(config.emulatorMode).toBe(false);
    expect(config.appUrl).toBe("https://cars.example.com");
    expect(config.smartcar).toMatchObject({
      applicationId: APPLICATION_ID,
      clientId: "client_01j9example",
      mode: "simulated",
      redirectUri: "https://cars.example.com/connect/callback",
      connectUrl: "https://connect.smartcar.com",
      authUrl: "https://iam.smartcar.com",
      apiUrl: "https://vehicle.api.smartcar.com",
      permissions: ["read_vin", "read_battery"],
      managementToken: undefined,
    });
  });

  it("accepts Smartcar's deprecated test mode", () => {
    expect(parseConfig({ SESSION_SECRET: secret, SMARTCAR_MODE: "test" }).smartcar.mode).toBe(
      "test",
    );
  });

  it("refuses the API client id as the Application ID, naming both variables", () => {
    const message = /SMARTCAR_APPLICATION_ID looks like the API client id.*SMARTCAR_CLIENT_ID/;
    expect(() =>
      parseConfig({
        SESSION_SECRET: secret,
        ...credentials,
        SMARTCAR_APPLICATION_ID: "client_01j9example",
      }),
    ).toThrow(message);
    expect(() =>
      parseConfig({
        SESSION_SECRET: secret,
        ...credentials,
        SMARTCAR_CLIENT_ID: APPLICATION_ID,
      }),
    ).toThrow(/SMARTCAR_APPLICATION_ID equals SMARTCAR_CLIENT_ID/);
    // The positive control: two different identifiers are accepted.
    expect(parseConfig({ SESSION_SECRET: secret, ...credentials }).emulatorMode).toBe(false);
  });

  it.each([
    [{ SMARTCAR_APPLICATION_ID: undefined }, /SMARTCAR_APPLICATION_ID is required when/],
    [
      { SMARTCAR_APPLICATION_ID: "my-app" },
      /SMARTCAR_APPLICATION_ID must be the Application ID, a UUID/,
    ],
    [{ SMARTCAR_CLIENT_ID: undefined }, /SMARTCAR_CLIENT_ID is required when/],
    [{ SMARTCAR_CLIENT_SECRET: undefined }, /SMARTCAR_CLIENT_SECRET is required when/],
  ])("needs all three Smartcar credentials or none: %j", (change, message) => {
    expect(() => parseConfig({ SESSION_SECRET: secret, ...credentials, ...change })).toThrow(
      message,
    );
  });

  it("runs production on the emulator only when told to", () => {
    const production = { NODE_ENV: "production", SESSION_SECRET: secret };
    expect(() => parseConfig(production)).toThrow(
      /SMARTCAR_APPLICATION_ID is required in production, with SMARTCAR_CLIENT_ID and SMARTCAR_CLIENT_SECRET.*SMARTCAR_EMULATOR=true/,
    );
    expect(parseConfig({ ...production, SMARTCAR_EMULATOR: "true" }).emulatorMode).toBe(true);
    expect(parseConfig({ ...production, ...credentials }).emulatorMode).toBe(false);
    expect(() => parseConfig({ ...production, SMARTCAR_EMULATOR: "yes" })).toThrow(
      /SMARTCAR_EMULATOR must be true or false/,
    );
  });

  it("refuses to start in production without SESSION_SECRET, naming it", () => {
    expect(() => parseConfig({ NODE_ENV: "production" })).toThrow(ConfigError);
    expect(() => parseConfig({ NODE_ENV: "production" })).toThrow(
      /SESSION_SECRET is required in production/,
    );
  });

  it("trusts no proxy and hashes two passwords at a time unless told otherwise", () => {
    expect(parseConfig({ SESSION_SECRET: secret })).toMatchObject({
      trustedProxyHops: 0,
      passwordHashConcurrency: 2,
    });
    expect(
      parseConfig({
        SESSION_SECRET: secret,
        TRUSTED_PROXY_HOPS: "2",
        PASSWORD_HASH_CONCURRENCY: " 4 ",
      }),
    ).toMatchObject({
      trustedProxyHops: 2,
      passwordHashConcurrency: 4,
    });
  });

  it.each([
    [
      { SESSION_SECRET: secret, TRUSTED_PROXY_HOPS: "one" },
      /TRUSTED_PROXY_HOPS must be a whole number/,
    ],
    [
      { SESSION_SECRET: secret, TRUSTED_PROXY_HOPS: "-1" },
      /TRUSTED_PROXY_HOPS must be a whole number/,
    ],
    [{ SESSION_SECRET: secret, TRUSTED_PROXY_HOPS: "11" }, /TRUSTED_PROXY_HOPS must be at most 10/],
    [
      { SESSION_SECRET: secret, PASSWORD_HASH_CONCURRENCY: "0" },
      /PASSWORD_HASH_CONCURRENCY must be at least 1/,
    ],
    [
      { SESSION_SECRET: secret, PASSWORD_HASH_CONCURRENCY: "1.5" },
      /PASSWORD_HASH_CONCURRENCY must be a whole number/,
    ],
    [{ SESSION_SECRET: "short" }, /SESSION_SECRET must be at least 32 characters/],
    [{ SESSION_SECRET: secret, APP_URL: "not a url" }, /APP_URL/],
    [
      { SESSION_SECRET: secret, DATABASE_URL: "mysql://x" },
      /DATABASE_URL must be a postgresql:\/\/ connection string/,
    ],
    [
      { SESSION_SECRET: secret, SMARTCAR_CLIENT_ID: "id" },
      /SMARTCAR_CLIENT_SECRET is required when SMARTCAR_CLIENT_ID is set/,
    ],
    [
      { SESSION_SECRET: secret, SMARTCAR_CLIENT_ID: "id" },
      /SMARTCAR_APPLICATION_ID is required when SMARTCAR_CLIENT_ID is set/,
    ],
    [{ SESSION_SECRET: secret, SMARTCAR_MODE: "fast" }, /SMARTCAR_MODE/],
    [{ SESSION_SECRET: secret, EMULATOR_PORT: "http" }, /EMULATOR_PORT must be a port number/],
    [
      { SESSION_SECRET: secret, SMARTCAR_PERMISSIONS: "read_vin; drop table" },
      /SMARTCAR_PERMISSIONS/,
    ],
    [
      { SESSION_SECRET: secret, SMARTCAR_CONNECT_URL: "javascript:alert(1)" },
      /SMARTCAR_CONNECT_URL/,
    ],
  ])("names the bad variable: %j", (env, message) => {
    expect(() => parseConfig(env)).toThrow(message);
  });
});
