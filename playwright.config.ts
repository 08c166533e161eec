import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// End-to-end tests run the production build (`npm run build` first, as `npm test` does) on the
// embedded database, in a throwaway data directory, in Debian's Chromium, with the Smartcar
// emulator as a server of its own on 127.0.0.1: another site than the app on localhost, so the
// redirect back from Connect is cross-site, as it is with the real Connect.
const port = Number(process.env.E2E_PORT ?? 3210);
const emulatorPort = Number(process.env.E2E_EMULATOR_PORT ?? 4010);
const appUrl = `http://localhost:${port}`;
// The app's data directory is made once, by the runner: its workers load this file too, and find
// it in the environment they inherit. The runner removes it when it exits, pass or fail, after
// its web servers have stopped (a globalTeardown would run while the app still writes there).
const ownsDataDir = !process.env.SC_E2E_DATA_DIR;
const dataDir = (process.env.SC_E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "sc-e2e-")));
if (ownsDataDir) process.on("exit", () => rmSync(dataDir, { recursive: true, force: true }));

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  // `npm test` (scripts/test.mjs) and CI never pass with a `test.only` left in.
  forbidOnly: !!process.env.CI || !!process.env.FORBID_ONLY,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: [
    {
      command: "node --import tsx emulator/server.ts",
      url: `http://127.0.0.1:${emulatorPort}/_emulator/health`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        EMULATOR_PORT: String(emulatorPort),
        EMULATOR_DATA_DIR: ":memory:",
        EMULATOR_REDIRECT_URIS: `${appUrl}/connect/callback`,
        EMULATOR_WEBHOOK_URL: `${appUrl}/webhooks/smartcar`,
      },
    },
    {
      command: `node scripts/run.mjs start -p ${port}`,
      url: `${appUrl}/sign-in`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        DATABASE_URL: "",
        EMBEDDED_DB_DIR: dataDir,
        APP_URL: appUrl,
        EMULATOR_PORT: String(emulatorPort),
        // A production build against the emulator, chosen explicitly (lib/config.ts).
        SMARTCAR_EMULATOR: "true",
        SESSION_SECRET: randomBytes(32).toString("base64url"),
        // As behind one proxy: each test names its own client with X-Forwarded-For (tests/e2e/helpers.ts).
        TRUSTED_PROXY_HOPS: "1",
        NEXT_TELEMETRY_DISABLED: "1",
      },
    },
  ],
});
