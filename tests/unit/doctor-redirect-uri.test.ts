import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { checkEmulatorInProduction } from "@/lib/doctor/credentials";
import { checkRedirectUri } from "@/lib/doctor/redirect-uri";
import { checkTrustedProxy } from "@/lib/doctor/trusted-proxy";
import { checkWebhooks } from "@/lib/doctor/webhooks";

const secret = "k7Qz2Rw9Xa4Lm1Pb8Nc3Vd6Hf0Js5Tg2Yu";
const credentials = {
  SMARTCAR_APPLICATION_ID: "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07",
  SMARTCAR_CLIENT_ID: "client_1",
  SMARTCAR_CLIENT_SECRET: "s",
};
const check = (env: Record<string, string>) =>
  checkRedirectUri(parseConfig({ SESSION_SECRET: secret, ...env }));

describe("the Redirect URI check", () => {
  it("always says the exact URI to register for this APP_URL", () => {
    expect(check({ ...credentials, APP_URL: "https://cars.example.com/" })).toEqual([
      {
        name: "Redirect URI",
        status: "ok",
        message:
          "register exactly https://cars.example.com/connect/callback in the Smartcar Dashboard",
      },
    ]);
    const emulator = check({});
    expect(emulator).toHaveLength(1);
    expect(emulator[0]!.message).toMatch(
      /^http:\/\/localhost:3000\/connect\/callback \(the emulator registers it itself/,
    );
  });

  it("warns about plain http anywhere but localhost", () => {
    expect(check({ ...credentials, APP_URL: "http://localhost:3100" })).toHaveLength(1);
    const [, warning, ...rest] = check({ ...credentials, APP_URL: "http://192.168.1.20:3000" });
    expect(rest).toEqual([]);
    expect(warning).toMatchObject({
      status: "warn",
      message:
        "http://192.168.1.20:3000/connect/callback is plain http on 192.168.1.20: Smartcar takes http only for localhost",
    });
    expect(warning!.fix).toContain("https");
  });

  it("warns when APP_URL was left to its default in production", () => {
    const [, warning] = check({ ...credentials, NODE_ENV: "production" });
    expect(warning).toMatchObject({
      status: "warn",
      message: "APP_URL is not set, so the app takes itself for http://localhost:3000",
    });
    expect(
      check({ ...credentials, NODE_ENV: "production", APP_URL: "https://cars.example.com" }),
    ).toHaveLength(1);
  });

  it("warns when the redirect URI is on another origin than APP_URL, or another path than the callback", () => {
    const [, origin] = check({
      ...credentials,
      APP_URL: "https://cars.example.com",
      SMARTCAR_REDIRECT_URI: "https://www.cars.example.com/connect/callback",
    });
    expect(origin).toMatchObject({
      status: "warn",
      message: expect.stringContaining("the session cookie would not come back"),
    });
    expect(origin!.fix).toContain("https://cars.example.com/connect/callback");
    const [, path] = check({
      ...credentials,
      APP_URL: "https://cars.example.com",
      SMARTCAR_REDIRECT_URI: "https://cars.example.com/callback",
    });
    expect(path).toMatchObject({
      status: "warn",
      message: expect.stringContaining("/connect/callback"),
    });
  });
});

describe("the Webhooks, Trusted proxy and emulator-in-production checks", () => {
  it("warn when production runs on the emulator (chosen with SMARTCAR_EMULATOR), and only then", () => {
    const [warning] = checkEmulatorInProduction(
      parseConfig({ SESSION_SECRET: secret, NODE_ENV: "production", SMARTCAR_EMULATOR: "true" }),
    );
    expect(warning).toMatchObject({
      name: "Credentials",
      status: "warn",
      message: expect.stringMatching(/^SMARTCAR_EMULATOR=true: this production setup/),
    });
    expect(checkEmulatorInProduction(parseConfig({ SESSION_SECRET: secret }))).toEqual([]);
    expect(
      checkEmulatorInProduction(
        parseConfig({ SESSION_SECRET: secret, NODE_ENV: "production", ...credentials }),
      ),
    ).toEqual([]);
  });

  it("warn about credentials without a management token, and show the URL to register", () => {
    const config = parseConfig({
      SESSION_SECRET: secret,
      ...credentials,
      APP_URL: "https://cars.example.com",
    });
    expect(checkWebhooks(config)).toMatchObject({
      status: "warn",
      message: expect.stringContaining("https://cars.example.com/webhooks/smartcar"),
    });
    expect(checkWebhooks(config).fix).toContain("SMARTCAR_MANAGEMENT_TOKEN");
    const withToken = parseConfig({
      SESSION_SECRET: secret,
      ...credentials,
      APP_URL: "https://cars.example.com",
      SMARTCAR_MANAGEMENT_TOKEN: "t",
    });
    expect(checkWebhooks(withToken)).toMatchObject({
      status: "ok",
      message:
        "register https://cars.example.com/webhooks/smartcar as the webhook URL in the Smartcar Dashboard",
    });
  });

  it("warn about TRUSTED_PROXY_HOPS=0 in production only", () => {
    expect(checkTrustedProxy(parseConfig({ SESSION_SECRET: secret }))).toEqual([]);
    const [direct] = checkTrustedProxy(
      parseConfig({ SESSION_SECRET: secret, NODE_ENV: "production", SMARTCAR_EMULATOR: "true" }),
    );
    expect(direct).toMatchObject({ name: "Trusted proxy", status: "warn" });
    expect(
      checkTrustedProxy(
        parseConfig({
          SESSION_SECRET: secret,
          NODE_ENV: "production",
          SMARTCAR_EMULATOR: "true",
          TRUSTED_PROXY_HOPS: "1",
        }),
      )[0]!.status,
    ).toBe("ok");
  });
});
