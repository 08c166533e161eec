import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startEmbeddedPostgres } from "../../scripts/embedded-postgres.mjs";
import { migrate } from "../support/databases";
import {
  FIXTURE_APPLICATION_ID,
  FIXTURE_CLIENT_ID,
  startFixtureSmartcar,
  type FixtureSmartcar,
} from "../support/fixture-smartcar";
import { startServer, type TestServer } from "../support/server";
import { signUp, uniqueEmail } from "./helpers";

// First contact with a Smartcar account, as a person has it: the app configured with the two
// identifiers a Smartcar application has, and its three Smartcar origins pointed at a stand-in
// made only of Smartcar's documented examples and Dashboard behaviour (tests/support/
// fixture-smartcar.ts), not the emulator. Its Connect takes only the Application ID, its token
// endpoint only the API client id and secret.

// Its own server, next to the shared one (E2E_PORT).
const PORT = Number(process.env.E2E_PORT ?? 3210) + 6;
const APP = `http://localhost:${PORT}`;

let dataDir: string;
let database: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
let smartcar: FixtureSmartcar;
let server: TestServer;

test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "sc-e2e-account-"));
  database = await startEmbeddedPostgres({ dataDir });
  await migrate(database.url);
  smartcar = await startFixtureSmartcar();
  server = await startServer(PORT, {
    DATABASE_URL: database.url,
    APP_URL: APP,
    SESSION_SECRET: randomBytes(32).toString("base64url"),
    ...smartcar.appEnv,
  });
});

test.afterAll(async () => {
  try {
    await server?.stop();
    await smartcar?.close();
    await database?.stop();
  } finally {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
});

test.setTimeout(180_000);
// The helpers' relative addresses lead to this spec's own server.
test.use({ baseURL: APP });

test("with a Smartcar account: sign up, connect, and see the vehicle's battery, odometer and location", async ({
  page,
}) => {
  await signUp(page, uniqueEmail("smartcar"));
  // No emulator here: the header says nothing of one.
  await expect(page.getByText("Emulator mode")).toHaveCount(0);

  await page.goto(`${APP}/connect`);
  await expect(page).toHaveURL(`${APP}/vehicles?connected=1`);
  const card = page.locator("article.vehicle-card:not([aria-busy])");
  await expect(card.getByRole("heading", { level: 2 })).toHaveText("2020 Tesla Model S");
  await expect(
    card.locator("[data-signal=tractionbattery-stateofcharge] .signal-value"),
  ).toHaveText("75%");
  await expect(card.locator("[data-signal=odometer-traveleddistance] .signal-value")).toHaveText(
    "50,000 km",
  );
  await expect(card.locator("[data-signal=location-preciselocation] .signal-value")).toHaveText(
    "37.7749, -122.4194",
  );
  await page.screenshot({ path: "test-results/screens/smartcar-account.png", fullPage: true });

  // Connect was given the Application ID, and the token the API credentials, nothing else.
  const authorize = smartcar.requests.find((r) => r.startsWith("GET /oauth/authorize"))!;
  expect(new URL(authorize.slice(4), "http://x").searchParams.get("application_id")).toBe(
    FIXTURE_APPLICATION_ID,
  );
  expect(authorize).not.toContain(FIXTURE_CLIENT_ID);
});
