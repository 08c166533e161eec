import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { startEmbeddedPostgres } from "../../scripts/embedded-postgres.mjs";
import { startEmulator } from "../../scripts/emulator.mjs";
import { migrate } from "../support/databases";
import { startServer, type TestServer } from "../support/server";
import { accountMenu, chooseFromAccountMenu, ownerEmail, PASSWORD, uniqueEmail } from "./helpers";

// The database going away under a running app, in a real browser: this spec runs its own production
// server on a database it can stop and start again at the same address.

// Its own server and emulator, next to the shared ones (E2E_PORT, E2E_EMULATOR_PORT).
const PORT = Number(process.env.E2E_PORT ?? 3210) + 5;
const EMULATOR_PORT = Number(process.env.E2E_EMULATOR_PORT ?? 4010) + 5;
const APP = `http://localhost:${PORT}`;

type Database = Awaited<ReturnType<typeof startEmbeddedPostgres>>;
let database: Database;
let dataDir: string;
let server: TestServer;
let emulator: Awaited<ReturnType<typeof startEmulator>>;

test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "sc-e2e-down-"));
  database = await startEmbeddedPostgres({ dataDir });
  await migrate(database.url);
  emulator = await startEmulator({
    port: EMULATOR_PORT,
    dataDir: ":memory:",
    redirectUris: [`${APP}/connect/callback`],
  });
  server = await startServer(PORT, {
    DATABASE_URL: database.url,
    APP_URL: APP,
    EMULATOR_PORT: String(EMULATOR_PORT),
    SESSION_SECRET: randomBytes(32).toString("base64url"),
  });
});

test.afterAll(async () => {
  try {
    await server?.stop();
    await emulator?.stop();
    await database?.stop().catch(() => undefined);
  } finally {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
});

/** The same data directory on the same port, so the app's DATABASE_URL is valid again. */
async function restartDatabase() {
  database = await startEmbeddedPostgres({ dataDir, port: database.port });
}

async function fillAndSubmit(page: Page, email: string, button: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: button }).click();
}

test.setTimeout(180_000);

test("database down at sign-in and at the callback: 503 pages with a retry, then the same browser finishes", async ({
  page,
}) => {
  const email = uniqueEmail("down");
  await page.goto(`${APP}/sign-up`);
  await fillAndSubmit(page, email, "Sign up");
  // Sign-up does not sign in: it leads to the sign-in form.
  await expect(page).toHaveURL(`${APP}/sign-in?notice=signed-up`);
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();

  // Sign-in while the database is down.
  await database.stop();
  await page.goto(`${APP}/sign-in?next=/vehicles`);
  const signInAnswer = page.waitForResponse((r) => new URL(r.url()).pathname === "/unavailable");
  await fillAndSubmit(page, email, "Sign in");
  expect((await signInAnswer).status()).toBe(503);
  await expect(page).toHaveURL(`${APP}/unavailable?form=sign-in&next=%2Fvehicles`);
  await expect(
    page.getByRole("heading", { level: 1, name: "Sign-in is temporarily unavailable" }),
  ).toBeVisible();
  await page.screenshot({ path: "test-results/screens/unavailable-sign-in.png", fullPage: true });

  await restartDatabase();
  await page.getByRole("link", { name: "Try again" }).click();
  await expect(page).toHaveURL(`${APP}/sign-in?next=%2Fvehicles`);
  await fillAndSubmit(page, email, "Sign in");
  await expect(page).toHaveURL(`${APP}/vehicles`);

  // Connect, with the database going down between Allow and the redirect back to the callback.
  await page.getByRole("link", { name: "Connect a vehicle" }).click();
  await page.getByRole("button", { name: "Tesla", exact: true }).click();
  await page.getByLabel("Email").fill(ownerEmail(1));
  await page.getByLabel("Password").fill("carmaker password");
  await page.getByRole("button", { name: "Sign in" }).click();
  let stopped = false;
  await page.route(
    (url) => url.origin === emulator.url,
    async (route) => {
      if (stopped || route.request().method() !== "POST") return route.continue();
      stopped = true;
      const answer = await route.fetch({ maxRedirects: 0 });
      expect(answer.headers().location).toContain(`${APP}/connect/callback?`);
      await database.stop();
      await route.fulfill({ response: answer });
    },
  );
  const callbackAnswer = page.waitForResponse(
    (r) => new URL(r.url()).pathname === "/connect/callback",
  );
  await page.getByRole("button", { name: "Allow" }).click();
  expect((await callbackAnswer).status()).toBe(503);
  await expect(
    page.getByRole("heading", { level: 1, name: "We can't finish connecting right now" }),
  ).toBeVisible();
  await page.screenshot({ path: "test-results/screens/unavailable-callback.png", fullPage: true });

  await restartDatabase();
  await page.getByRole("link", { name: "Try again" }).click();
  await expect(page).toHaveURL(`${APP}/vehicles?connected=1`);
  await expect(page.getByText("Your vehicle is connected.")).toBeVisible();
  await expect(page.locator("[data-signal=tractionbattery-stateofcharge]")).toHaveCount(1);
  await expect(accountMenu(page)).toBeVisible();

  // Signing out needs the database to end the session: with it down, nothing changes and the
  // page says so; once it is back, signing out works.
  await database.stop();
  const signOutAnswer = page.waitForResponse((r) => new URL(r.url()).pathname === "/unavailable");
  await chooseFromAccountMenu(page, "Sign out");
  expect((await signOutAnswer).status()).toBe(503);
  await expect(
    page.getByRole("heading", { level: 1, name: "Sign-out is temporarily unavailable" }),
  ).toBeVisible();
  await restartDatabase();
  await page.getByRole("link", { name: "Try again" }).click();
  await expect(page).toHaveURL(`${APP}/`);
  await chooseFromAccountMenu(page, "Sign out");
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
});
