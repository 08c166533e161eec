import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { startEmbeddedPostgres } from "../../scripts/embedded-postgres.mjs";
import { sessionCookies } from "../../scripts/session-cookie.mjs";
import { EMULATOR_MANAGEMENT_TOKEN } from "@/lib/config";
import { migrate } from "../support/databases";
import { fixture } from "../support/fixture-smartcar";
import { startServer, type TestServer } from "../support/server";

// The production build started as production, and the database going away under it. Servers of
// their own, on the ports after the shared server's (INTEGRATION_PORT).

const port = (offset: 1 | 2 | 3 | 4) => Number(process.env.INTEGRATION_PORT ?? 3211) + offset;

const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

/** Starts a server that should refuse to start: its error, or (kept to be stopped) the server. */
const startRefused = (...args: Parameters<typeof startServer>) =>
  startServer(...args).then(
    (server) => {
      servers.push(server);
      return server;
    },
    (e: Error) => e,
  );

/** A user, and a cookie of a live session for them (scripts/session-cookie.mjs). */
async function sealedCookie(databaseUrl: string, secret: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const email = `prod-${Date.now()}@example.com`;
  const { rows } = await client.query<{ id: string }>(
    "insert into users (id, email, password_hash) values (gen_random_uuid(), $1, 'x') returning id",
    [email],
  );
  const [cookie] = await sessionCookies(client, secret, [{ userId: rows[0]!.id, email }]);
  await client.end();
  return cookie!;
}

describe("NODE_ENV=production", () => {
  it("refuses to start without SESSION_SECRET, and names it", async () => {
    const error = await startRefused(port(1), {
      NODE_ENV: "production",
      DATABASE_URL: inject("databaseUrl"),
      SESSION_SECRET: "",
    });
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain("SESSION_SECRET is required in production");
  }, 120_000);

  it("refuses to start without the Smartcar credentials, naming them, unless the emulator is chosen", async () => {
    const error = await startRefused(port(1), {
      NODE_ENV: "production",
      DATABASE_URL: inject("databaseUrl"),
      SESSION_SECRET: randomBytes(32).toString("base64url"),
      SMARTCAR_EMULATOR: "",
    });
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(
      "SMARTCAR_APPLICATION_ID is required in production, with SMARTCAR_CLIENT_ID and SMARTCAR_CLIENT_SECRET",
    );
    expect((error as Error).message).toContain("SMARTCAR_EMULATOR=true");
    // The same production build started with another NODE_ENV refuses too.
    const asTest = await startRefused(port(1), {
      NODE_ENV: "test",
      DATABASE_URL: inject("databaseUrl"),
      SESSION_SECRET: randomBytes(32).toString("base64url"),
      SMARTCAR_EMULATOR: "",
    });
    expect(asTest).toBeInstanceOf(Error);
    expect((asTest as Error).message).toContain(
      "SMARTCAR_APPLICATION_ID is required by a production build",
    );
    // The positive control, SMARTCAR_EMULATOR=true (startServer's default), is the next test.
  }, 120_000);

  it("with SESSION_SECRET set, cookies are Secure, and the app itself serves none of Smartcar's paths", async () => {
    const secret = randomBytes(32).toString("base64url");
    const server = await startServer(port(2), {
      NODE_ENV: "production",
      DATABASE_URL: inject("databaseUrl"),
      SESSION_SECRET: secret,
    });
    servers.push(server);
    for (const path of [
      "/oauth/authorize",
      "/emulator/connect/oauth/authorize",
      "/_emulator/control/faults",
      "/v3/connections",
    ]) {
      expect((await fetch(`${server.url}${path}`, { redirect: "manual" })).status).toBe(404);
    }
    expect(
      (await fetch(`${server.url}/oauth2/token`, { method: "POST", redirect: "manual" })).status,
    ).toBe(404);

    const response = await fetch(`${server.url}/connect`, {
      redirect: "manual",
      headers: { cookie: await sealedCookie(inject("databaseUrl"), secret) },
    });
    expect(response.status).toBe(303);
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith("sc_session="))!;
    expect(setCookie).toMatch(/; Secure/i);
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=Lax/i);
    const csp = response.headers.get("content-security-policy")!;
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toMatch(/script-src 'self' 'nonce-[\w+/=]{24}'( 'sha256-[\w+/=]{44}')*;/);
    expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(response.headers.get("strict-transport-security")).toMatch(/max-age=/);
  }, 120_000);
});

describe("APP_URL on https", () => {
  it("outside production too, the session cookie is __Host- prefixed and Secure, and is read back", async () => {
    const secret = randomBytes(32).toString("base64url");
    const server = await startServer(port(4), {
      NODE_ENV: "test",
      DATABASE_URL: inject("databaseUrl"),
      SESSION_SECRET: secret,
      // The server itself listens on plain http here; what matters is the URL people use.
      APP_URL: "https://app.example.com",
    });
    servers.push(server);
    const signedIn = (await sealedCookie(inject("databaseUrl"), secret)).replace(
      /^sc_session=/,
      "__Host-sc_session=",
    );
    const response = await fetch(`${server.url}/connect`, {
      redirect: "manual",
      headers: { cookie: signedIn },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/state=/);
    const setCookie = response.headers.getSetCookie();
    expect(setCookie).toHaveLength(1);
    expect(setCookie[0]).toMatch(/^__Host-sc_session=[^;]+; /);
    expect(setCookie[0]).toMatch(/; Secure/i);
    expect(setCookie[0]).toMatch(/; Path=\/(;|$)/);
    expect(setCookie[0]).not.toMatch(/; Domain=/i);
    // The unprefixed name is not a session on this deployment (positive control above).
    const unprefixed = await fetch(`${server.url}/connect`, {
      redirect: "manual",
      headers: { cookie: signedIn.replace(/^__Host-/, "") },
    });
    expect(unprefixed.headers.get("location")).toBe("/sign-in?next=%2Fconnect");
  }, 120_000);
});

describe("the database going down", () => {
  it("the callback and a webhook delivery answer 503 with a retry, and both finish once it is back", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "sc-down-"));
    // A port the system picks, kept for the restart so the server's DATABASE_URL stays valid.
    let database = await startEmbeddedPostgres({ dataDir });
    try {
      await migrate(database.url);
      const secret = randomBytes(32).toString("base64url");
      const server = await startServer(port(3), {
        DATABASE_URL: database.url,
        SESSION_SECRET: secret,
        APP_URL: `http://localhost:${port(3)}`,
      });
      servers.push(server);
      const launched = await fetch(`${server.url}/connect`, {
        redirect: "manual",
        headers: { cookie: await sealedCookie(database.url, secret) },
      });
      const state = new URL(launched.headers.get("location")!).searchParams.get("state")!;
      const cookie = launched.headers.getSetCookie()[0]!.split(";")[0]!;
      const smartcarUserId = randomUUID();
      const callback = `${server.url}/connect/callback?user_id=${smartcarUserId}&state=${state}`;
      // A documented VEHICLE_STATE (webhook-vehicle-state.json) for that user, sent just now and
      // signed as the emulator's Smartcar signs it (lib/webhooks/signature.ts).
      const delivery = structuredClone(
        fixture<{
          eventId: string;
          vehicleId?: string;
          data: { user: { id: string }; vehicle: { id: string } };
          meta: { deliveredAt: number };
        }>("webhook-vehicle-state"),
      );
      const vehicleId = randomUUID();
      delivery.eventId = randomUUID();
      delivery.vehicleId = vehicleId;
      delivery.data.user.id = smartcarUserId;
      delivery.data.vehicle.id = vehicleId;
      delivery.meta.deliveredAt = Date.now();
      const body = JSON.stringify(delivery);
      const deliver = () =>
        fetch(`${server.url}/webhooks/smartcar`, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            "SC-Signature": createHmac("sha256", EMULATOR_MANAGEMENT_TOKEN)
              .update(body)
              .digest("hex"),
          },
          body,
        });

      await database.stop();
      const down = await fetch(callback, { redirect: "manual", headers: { cookie } });
      expect(down.status).toBe(503);
      expect(down.headers.get("cache-control")).toBe("no-store");
      expect(down.headers.get("retry-after")).toBe("5");
      const page = await down.text();
      expect(page).toContain("We can't finish connecting right now");
      expect(page).toContain("Try again");
      expect(page).not.toContain(state);
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(503);
      // The header's question (GET /session) gets no answer either, rather than "signed out".
      const session = await fetch(`${server.url}/session`, { headers: { cookie } });
      expect(session.status).toBe(503);
      expect(await session.json()).toEqual({ error: "unavailable" });
      // A webhook delivery is not acknowledged, so Smartcar sends it again (contract 9.2).
      const undelivered = await deliver();
      expect(undelivered.status).toBe(503);
      expect(undelivered.headers.get("retry-after")).toBe("25");
      expect(undelivered.headers.get("cache-control")).toBe("no-store");
      expect(await undelivered.json()).toEqual({ error: "unavailable" });

      database = await startEmbeddedPostgres({ dataDir, port: database.port });
      const back = await fetch(callback, { redirect: "manual", headers: { cookie } });
      expect(back.status).toBe(303);
      expect(back.headers.get("location")).toBe("/vehicles?connected=1");
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect(
        await (await fetch(`${server.url}/session`, { headers: { cookie } })).json(),
      ).toMatchObject({ signedIn: true });
      // The retry is stored (the refused attempt recorded nothing, not even its event id), once.
      const redelivered = await deliver();
      expect(redelivered.status).toBe(200);
      expect(await redelivered.json()).toEqual({ status: "stored" });
      expect(await (await deliver()).json()).toEqual({ status: "duplicate" });
    } finally {
      await database.stop().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
