import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runPrisma } from "../../scripts/prisma.mjs";
import { createEmptyDatabase, type TestDatabase } from "../support/databases";

// The everyday workflow through the schema-engine stand-in (prisma/schema-engine/schema-engine.mjs):
// on a copy of prisma/, change the schema and let `migrate dev` write and apply a new migration.

const root = path.resolve(import.meta.dirname, "../..");
const work = path.join(root, ".data", `migrate-dev-test-${process.pid}`);
const databases: TestDatabase[] = [];

afterAll(async () => {
  for (const d of databases) await d.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("prisma migrate dev", () => {
  it("writes and applies a new migration when the schema changes, on top of the existing ones", async () => {
    mkdirSync(work, { recursive: true });
    cpSync(path.join(root, "prisma"), path.join(work, "prisma"), { recursive: true });
    const schemaFile = path.join(work, "prisma", "schema.prisma");
    writeFileSync(
      schemaFile,
      `${readFileSync(schemaFile, "utf8")}\nmodel Widget {\n  id   Int    @id @default(autoincrement())\n  name String\n\n  @@map("widgets")\n}\n`,
    );
    // The project's own config, next to the copy: Prisma resolves its paths from there.
    cpSync(path.join(root, "prisma.config.ts"), path.join(work, "prisma.config.ts"));

    const database = await createEmptyDatabase();
    databases.push(database);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: database.url,
      PRISMA_SCHEMA_ENGINE_BINARY: path.join(root, "prisma", "schema-engine", "schema-engine.mjs"),
    };
    if (database.kind === "embedded") {
      const shadow = await createEmptyDatabase();
      databases.push(shadow);
      env.SHADOW_DATABASE_URL = shadow.url;
    }
    const config = ["--config", path.join(work, "prisma.config.ts")];
    const before = readdirSync(path.join(work, "prisma", "migrations"));

    expect(
      await runPrisma(["migrate", "dev", "--name", "add_widgets", ...config], { env, quiet: true }),
    ).toBe(0);

    const added = readdirSync(path.join(work, "prisma", "migrations")).filter(
      (d) => !before.includes(d),
    );
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^\d{14}_add_widgets$/);
    const sql = readFileSync(
      path.join(work, "prisma", "migrations", added[0]!, "migration.sql"),
      "utf8",
    );
    expect(sql).toContain('CREATE TABLE "widgets"');
    expect(sql).not.toContain('"users"');
    expect(await runPrisma(["migrate", "status", ...config], { env, quiet: true })).toBe(0);
    // Nothing left to do: a second run finds the schema in sync and writes nothing.
    expect(
      await runPrisma(["migrate", "dev", "--name", "again", ...config], { env, quiet: true }),
    ).toBe(0);
    expect(readdirSync(path.join(work, "prisma", "migrations"))).toHaveLength(before.length + 1);
    // Three Prisma CLI runs, each replaying the migrations on a shadow database: slow, not stuck.
  }, 180_000);
});
