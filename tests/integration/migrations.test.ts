import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { runPrisma } from "../../scripts/prisma.mjs";
import { createEmptyDatabase, migrate, type TestDatabase } from "../support/databases";

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const d of databases) await d.stop();
});

describe("migrations", () => {
  it("apply with `prisma migrate deploy` to an empty database, and match the schema", async () => {
    const database = await createEmptyDatabase();
    databases.push(database);
    await migrate(database.url);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
    );
    await client.end();
    expect(rows.map((r) => r.table_name)).toEqual([
      "_prisma_migrations",
      "connect_attempts",
      "emulator_accounts",
      "emulator_connect_sessions",
      "emulator_vehicles",
      "rate_limits",
      "sessions",
      "sign_up_notices",
      "smartcar_links",
      "users",
    ]);

    // The migrations produce exactly what schema.prisma describes (exit code 2 would mean a difference).
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database.url };
    if (database.kind === "embedded") {
      const shadow = await createEmptyDatabase();
      databases.push(shadow);
      env.SHADOW_DATABASE_URL = shadow.url;
    }
    const diff = await runPrisma(
      ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--exit-code"],
      { env, quiet: true },
    );
    expect(diff).toBe(0);
    expect(await runPrisma(["migrate", "status"], { env, quiet: true })).toBe(0);
  }, 120_000);
});
