import type { TestProject } from "vitest/node";
import { createEmptyDatabase, migrate, type TestDatabase } from "../support/databases";

let database: TestDatabase | undefined;

export async function setup(project: TestProject) {
  database = await createEmptyDatabase();
  await migrate(database.url);
  process.env.DATABASE_URL = database.url;
  project.provide("databaseUrl", database.url);
  project.provide("databaseKind", database.kind);
  console.log(`integration tests: ${database.kind === "postgresql" ? "PostgreSQL server" : "embedded PostgreSQL (PGlite)"}`);
}

export async function teardown() {
  await database?.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: "postgresql" | "embedded";
  }
}
