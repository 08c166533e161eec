import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { createEmptyDatabase, migrate, type TestDatabase } from "../support/databases";
import { startServer, type TestServer } from "../support/server";

let database: TestDatabase | undefined;
let server: TestServer | undefined;

export async function setup(project: TestProject) {
  database = await createEmptyDatabase();
  await migrate(database.url);
  console.log(`integration tests: ${database.kind === "postgresql" ? "PostgreSQL server" : "embedded PostgreSQL (PGlite)"}`);

  // The real production server, on the same database, for the tests that speak HTTP to handlers.
  const port = Number(process.env.INTEGRATION_PORT ?? 3211);
  const sessionSecret = randomBytes(32).toString("base64url");
  server = await startServer(port, {
    DATABASE_URL: database.url,
    SESSION_SECRET: sessionSecret,
    APP_URL: `http://localhost:${port}`,
    SMARTCAR_EMULATOR: "on",
    // As behind one proxy: tests name their client with X-Forwarded-For (lib/client-address.ts).
    TRUSTED_PROXY_HOPS: "1",
  });
  project.provide("databaseUrl", database.url);
  project.provide("databaseKind", database.kind);
  project.provide("serverUrl", server.url);
  project.provide("sessionSecret", sessionSecret);
}

export async function teardown() {
  await server?.stop();
  await database?.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: "postgresql" | "embedded";
    serverUrl: string;
    sessionSecret: string;
  }
}
