import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { startEmulator } from "../../scripts/emulator.mjs";
import { createEmptyDatabase, migrate, type TestDatabase } from "../support/databases";
import { startServer, type TestServer } from "../support/server";

let database: TestDatabase | undefined;
let server: TestServer | undefined;
let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;

export async function setup(project: TestProject) {
  try {
    await start(project);
  } catch (error) {
    // Whatever started before the failure is stopped, as the teardown would.
    await teardown();
    throw error;
  }
}

async function start(project: TestProject) {
  database = await createEmptyDatabase();
  await migrate(database.url);
  console.log(
    `integration tests: ${database.kind === "postgresql" ? "PostgreSQL server" : "embedded PostgreSQL (PGlite)"}`,
  );

  // The real production server on that database, and the Smartcar emulator as a server of its own
  // that the app reaches only by URL, as it would reach Smartcar.
  const port = Number(process.env.INTEGRATION_PORT ?? 3211);
  const emulatorPort = Number(process.env.INTEGRATION_EMULATOR_PORT ?? 4011);
  const appUrl = `http://localhost:${port}`;
  emulator = await startEmulator({
    port: emulatorPort,
    dataDir: ":memory:",
    redirectUris: [`${appUrl}/connect/callback`],
    webhookUrl: `${appUrl}/webhooks/smartcar`,
  });
  const sessionSecret = randomBytes(32).toString("base64url");
  server = await startServer(port, {
    DATABASE_URL: database.url,
    SESSION_SECRET: sessionSecret,
    APP_URL: appUrl,
    EMULATOR_PORT: String(emulatorPort),
    // PGlite's socket server does not forward NOTIFY: open pages poll there (lib/vehicles/live.ts).
    ...(database.kind === "embedded" ? { LIVE_UPDATES: "poll" } : {}),
    // As behind one proxy: tests name their client with X-Forwarded-For (lib/client-address.ts).
    TRUSTED_PROXY_HOPS: "1",
  });
  project.provide("databaseUrl", database.url);
  project.provide("databaseKind", database.kind);
  project.provide("serverUrl", server.url);
  project.provide("emulatorUrl", emulator.url);
  project.provide("sessionSecret", sessionSecret);
}

/** Stops each of them even when another fails to stop, then reports the first failure. */
export async function teardown() {
  const stops = [server?.stop, emulator?.stop, database?.stop];
  server = emulator = database = undefined;
  const failures: unknown[] = [];
  for (const stop of stops) {
    try {
      await stop?.();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length) throw failures[0];
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: "postgresql" | "embedded";
    serverUrl: string;
    emulatorUrl: string;
    sessionSecret: string;
  }
}
