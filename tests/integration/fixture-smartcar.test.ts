import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { db } from "@/lib/db";
import {
  fixture,
  FIXTURE_APPLICATION_ID,
  FIXTURE_CLIENT_ID,
  FIXTURE_CLIENT_SECRET,
  FIXTURE_USER_ID,
  startFixtureSmartcar,
  type FixtureSmartcar,
} from "../support/fixture-smartcar";
import { startServer, type TestServer } from "../support/server";
import { baseUrl, sessionCookieFrom, signedInUser } from "./http";

// The app with Smartcar credentials, against a Smartcar made only of its documented examples
// (tests/fixtures/smartcar), not the emulator: a person connects and sees their vehicle.

let smartcar: FixtureSmartcar;
let app: TestServer;

beforeAll(async () => {
  smartcar = await startFixtureSmartcar();
  const port = Number(process.env.INTEGRATION_FIXTURE_PORT ?? 3214);
  app = await startServer(port, {
    DATABASE_URL: inject("databaseUrl"),
    SESSION_SECRET: inject("sessionSecret"),
    APP_URL: `http://localhost:${port}`,
    ...smartcar.appEnv,
  });
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await smartcar?.close();
  await db().$disconnect();
});

const get = (path: string, cookie: string) =>
  fetch(`${app.url}${path}`, { redirect: "manual", headers: { cookie } });

describe("credentials mode, against Smartcar's documented examples", () => {
  it("a person who connects sees their own vehicle's battery, odometer and location, and never another owner's", async () => {
    const { user, cookie } = await signedInUser();
    const launch = await get("/connect", cookie);
    const connect = new URL(launch.headers.get("location")!);
    expect(`${connect.origin}${connect.pathname}`).toBe(`${smartcar.url}/oauth/authorize`);
    // The Application ID names the app to Connect; the API client id never leaves for it.
    expect(connect.searchParams.get("application_id")).toBe(FIXTURE_APPLICATION_ID);
    expect(connect.searchParams.get("external_id")).toBe(user.id);
    expect(connect.toString()).not.toContain(FIXTURE_CLIENT_ID);

    const back = new URL((await fetch(connect, { redirect: "manual" })).headers.get("location")!);
    const callback = await get(`${back.pathname}${back.search}`, sessionCookieFrom(launch)!);
    expect(callback.headers.get("location")).toBe("/vehicles?connected=1");
    expect(
      await db().smartcarLink.findUnique({ where: { smartcarUserId: FIXTURE_USER_ID } }),
    ).toMatchObject({ userId: user.id });

    const page = await (await get("/vehicles", cookie)).text();
    expect(page).toContain("2020 Tesla Model S");
    expect(page).toContain("75%");
    expect(page).toContain("50,000 km");
    expect(page).toContain("37.7749, -122.4194");
    expect(page).not.toContain("Porsche");
    expect(page).not.toContain("Taycan");

    // The documented paging: both pages of signals were read, with the owner named.
    expect(smartcar.requests).toContain(
      `GET /v3/connections?filter%5BuserId%5D=${FIXTURE_USER_ID}&filter%5Bvehicle.mode%5D=live&page%5Bnumber%5D=1`,
    );
    expect(
      smartcar.requests.filter((r) =>
        r.startsWith("GET /v3/vehicles/a6a425d6-c661-4b21-af7a-d6b75f80f3b0/signals"),
      ),
    ).toEqual([
      "GET /v3/vehicles/a6a425d6-c661-4b21-af7a-d6b75f80f3b0/signals",
      "GET /v3/vehicles/a6a425d6-c661-4b21-af7a-d6b75f80f3b0/signals?page=2&pageSize=3",
    ]);
  });
});

describe("webhooks with credentials but no SMARTCAR_MANAGEMENT_TOKEN", () => {
  const deliver = (server: string, body: string, signature?: string) =>
    fetch(`${server}/webhooks/smartcar`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        ...(signature ? { "SC-Signature": signature } : {}),
      },
      body,
    });

  it("answer 404 not-configured to a VERIFY and to a signed delivery, and store nothing", async () => {
    const verify = JSON.stringify(fixture("webhook-verify"));
    const state = fixture<{ eventId: string; meta: { deliveredAt: number } }>(
      "webhook-vehicle-state",
    );
    const delivery = JSON.stringify({
      ...state,
      eventId: crypto.randomUUID(),
      meta: { ...state.meta, deliveredAt: Date.now() },
    });
    // No key to sign with: whatever a signature says, it cannot be checked.
    const signature = createHmac("sha256", "emulator-management-token")
      .update(delivery)
      .digest("hex");
    for (const answer of [
      await deliver(app.url, verify),
      await deliver(app.url, delivery, signature),
    ]) {
      expect(answer.status).toBe(404);
      expect(answer.headers.get("cache-control")).toBe("no-store");
      expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await answer.json()).toEqual({ error: "not-configured" });
    }
    const eventId = (JSON.parse(delivery) as { eventId: string }).eventId;
    expect(await db().webhookEvent.count({ where: { eventId } })).toBe(0);

    // Positive control: the shared server, which has a key (the emulator's), answers both.
    const challenge = await deliver(baseUrl(), verify);
    expect(challenge.status).toBe(200);
    expect(await challenge.json()).toHaveProperty("challenge");
    const stored = await deliver(baseUrl(), delivery, signature);
    expect(stored.status).toBe(200);
    expect(await stored.json()).toHaveProperty("status");
  });
});

describe("a configuration with the API client id as the Application ID", () => {
  it("is refused at start, with a message naming both variables", async () => {
    const port = Number(process.env.INTEGRATION_FIXTURE_PORT ?? 3214) + 1;
    const started = startServer(port, {
      NODE_ENV: "production",
      DATABASE_URL: inject("databaseUrl"),
      SESSION_SECRET: inject("sessionSecret"),
      APP_URL: `http://localhost:${port}`,
      SMARTCAR_APPLICATION_ID: FIXTURE_CLIENT_ID,
      SMARTCAR_CLIENT_ID: FIXTURE_CLIENT_ID,
      SMARTCAR_CLIENT_SECRET: FIXTURE_CLIENT_SECRET,
      SMARTCAR_EMULATOR: "false",
    });
    try {
      await expect(started).rejects.toThrow(
        /SMARTCAR_APPLICATION_ID looks like the API client id \(client_…\), which belongs in SMARTCAR_CLIENT_ID/,
      );
    } finally {
      // Had it started, it does not outlive the test.
      await started.then((server) => server.stop()).catch(() => undefined);
    }
  }, 120_000);
});
