import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
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
      "rate_limits",
      "sessions",
      "sign_up_notices",
      "smartcar_links",
      "users",
      "vehicle_budgets",
      "vehicle_commands",
      "vehicle_errors",
      "vehicle_signals",
      "webhook_events",
    ]);

    // The migrations produce exactly what schema.prisma describes (exit code 2 would mean a difference).
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database.url };
    if (database.kind === "embedded") {
      const shadow = await createEmptyDatabase();
      databases.push(shadow);
      env.SHADOW_DATABASE_URL = shadow.url;
    }
    const diff = await runPrisma(
      [
        "migrate",
        "diff",
        "--from-migrations",
        "prisma/migrations",
        "--to-schema",
        "prisma/schema.prisma",
        "--exit-code",
      ],
      { env, quiet: true },
    );
    expect(diff).toBe(0);
    expect(await runPrisma(["migrate", "status"], { env, quiet: true })).toBe(0);
  }, 120_000);

  it("keep every existing link when a user may have many (20261127090000_many_links_and_reauthentication)", async () => {
    const database = await createEmptyDatabase();
    databases.push(database);
    const dir = path.join(import.meta.dirname, "../../prisma/migrations");
    const migrations = readdirSync(dir)
      .filter((name) => /^\d{14}_/.test(name))
      .sort();
    const split = migrations.indexOf("20261127090000_many_links_and_reauthentication");
    const apply = async (client: pg.Client, names: string[]) => {
      for (const name of names)
        await client.query(readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
    };

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      // The database as the one-link-per-user schema left it, with two users' links in it.
      await apply(client, migrations.slice(0, split));
      const users = [randomUUID(), randomUUID()];
      const owners = [randomUUID(), randomUUID()];
      for (const [i, id] of users.entries()) {
        await client.query("insert into users (id, email, password_hash) values ($1, $2, 'x')", [
          id,
          `m${i}-${id}@example.com`,
        ]);
        await client.query(
          "insert into smartcar_links (id, user_id, smartcar_user_id) values ($1, $2, $3)",
          [randomUUID(), id, owners[i]],
        );
      }
      await client.query(
        "insert into connect_attempts (id, state_hash, user_id, expires_at, outcome) values ($1, 'h', $2, now(), 'connected')",
        [randomUUID(), users[0]],
      );

      await apply(client, migrations.slice(split));

      const { rows } = await client.query(
        "select user_id, smartcar_user_id from smartcar_links order by smartcar_user_id",
      );
      const expected = users.map((u, i) => ({ user_id: u, smartcar_user_id: owners[i]! }));
      expect(rows).toEqual(
        expected.sort((a, b) => a.smartcar_user_id.localeCompare(b.smartcar_user_id)),
      );
      const attempt = await client.query("select kind from connect_attempts");
      expect(attempt.rows).toEqual([{ kind: "connect" }]);
      // And a user may now have a second link.
      await client.query(
        "insert into smartcar_links (id, user_id, smartcar_user_id) values ($1, $2, $3)",
        [randomUUID(), users[0], randomUUID()],
      );
      expect(
        (
          await client.query("select count(*)::int as n from smartcar_links where user_id = $1", [
            users[0],
          ])
        ).rows[0].n,
      ).toBe(2);
    } finally {
      await client.end();
    }
  }, 120_000);
});
