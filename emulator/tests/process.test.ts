import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Client, REDIRECT_URI } from "./support/client";
import { fileScope } from "./support/setup";

// The process itself: configuration from the environment, stopping cleanly, keeping its state in a
// data directory across a restart, and escaping what it puts on a page.

// Each test starts its own emulators, with the environment it is about.
const file = fileScope();

describe("configuration", () => {
  it.each([
    ["EMULATOR_PORT", "not-a-port"],
    ["EMULATOR_PORT", "70000"],
    ["EMULATOR_REDIRECT_URIS", "not a url"],
    ["EMULATOR_WEBHOOK_URL", "ftp://example.com/hook"],
    ["EMULATOR_PUBLIC_URL", "localhost:4000"],
  ])("fails fast, naming %s, for %j", async (name, value) => {
    const started = file.launch({ EMULATOR_PORT: "4100", [name]: value });
    const result = await started.result;
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe(1);
      expect(result.output).toContain(`Invalid environment variable ${name}`);
    }
  });

  it("accepts several redirect URIs and lets each through the CSP's form-action", async () => {
    const emulator = await file.startEmulator({
      EMULATOR_REDIRECT_URIS: `${REDIRECT_URI}, https://app.example.com/cb`,
    });
    const client = new Client(emulator.origin);
    const screen = await client.location(
      client.authorizePath({ redirect_uri: "https://app.example.com/cb", make: "TESLA" }),
    );
    const page = await client.page(screen);
    expect(page.headers.get("content-security-policy")).toContain(
      "form-action 'self' http://localhost:3000 https://app.example.com;",
    );
    expect(await client.press(screen, { action: "cancel" })).toMatch(
      /^https:\/\/app\.example\.com\/cb\?error=oem_cancelled_login/,
    );
    await emulator.stop();
  });

  it("escapes the app name on the permissions screen", async () => {
    const emulator = await file.startEmulator({
      EMULATOR_APP_NAME: `<img src=x onerror=alert(1)> & "Co"`,
    });
    const client = new Client(emulator.origin);
    const screen = await client.location(client.authorizePath({ make: "TESLA" }));
    await client.press(screen, { action: "sign-in", email: "escape@example.com", password: "x" });
    const { html } = await client.page(screen);
    expect(html).toContain(
      "<h1>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Co&quot; wants to</h1>",
    );
    expect(html).not.toContain("<img");
    await emulator.stop();
  });
});

describe("the data directory", () => {
  it("keeps accounts, connections, settings and tokens across a restart", async () => {
    const dir = file.makeTempDir("emulator-data-");
    const first = await file.startEmulator({ EMULATOR_DATA_DIR: dir });
    const client = new Client(first.origin);
    await client.control("PUT", "/_emulator/control/settings", {
      signalsPageSize: 4,
      commandDelayMs: 0,
    });
    const userId = await client.owner("persist+2@example.com");
    const vehicles = await client.vehicles(userId);
    await client.patchVehicle(vehicles[0]!.id, { batteryPercent: 42 });
    const token = await client.accessToken();
    expect(await first.stop()).toBe(0);

    expect(readdirSync(dir)).toEqual(["state.json"]);
    const saved = JSON.parse(readFileSync(path.join(dir, "state.json"), "utf8"));
    expect(Object.keys(saved.connections)).toHaveLength(2);

    const second = await file.startEmulator({ EMULATOR_DATA_DIR: dir });
    const again = new Client(second.origin);
    // A token from before the restart is still good: tokens are signed, not stored.
    const connections = await again.api("GET", `/v3/connections?filter[userId]=${userId}`, {
      token,
    });
    expect(connections.status).toBe(200);
    expect(connections.json.data.map((c: { id: string }) => c.id).sort()).toEqual(
      vehicles.map((v) => v.connectionId).sort(),
    );
    expect((await again.control("GET", "/_emulator/control/settings")).json.signalsPageSize).toBe(
      4,
    );
    const signals = await again.api("GET", `/v3/vehicles/${vehicles[0]!.id}/signals`, {
      userId,
      token,
    });
    expect(signals.json.data[0].attributes.body).toEqual({ unit: "percent", value: 42 });
    expect(await again.owner("persist+2@example.com")).toBe(userId);
    expect(await second.stop()).toBe(0);
  });

  it("keeps nothing with :memory:", async () => {
    const first = await file.startEmulator();
    const client = new Client(first.origin);
    const userId = await client.owner("memory+1@example.com");
    await first.stop();
    const second = await file.startEmulator();
    expect(await new Client(second.origin).vehicles(userId)).toEqual([]);
    await second.stop();
  });
});
