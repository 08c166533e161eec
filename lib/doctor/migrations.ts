import "server-only";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

// What `prisma migrate deploy` would do, worked out the way it does: every folder of
// prisma/migrations with a migration.sql is a migration, and `_prisma_migrations` records which of
// them are applied. Prisma describes both in "Migration histories" (docs/references.md
// [prisma-migration-histories]).

/** The migrations of this checkout, in the order they apply. */
export function listMigrationFolders(): string[] {
  // Spelled out in place, so that the build traces prisma/migrations alone, not the whole project
  // (docs/references.md [next-output-caveats]).
  const dir = path.join(process.cwd(), "prisma", "migrations");
  return readdirSync(path.join(process.cwd(), "prisma", "migrations"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && isFile(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** One row of `_prisma_migrations`, as far as the comparison needs it. */
export type AppliedRow = { name: string; finished: boolean; rolledBack: boolean };

type MigrationState = {
  /** In this checkout, not applied. */
  pending: string[];
  /** Started and never finished nor rolled back: `migrate deploy` stops at these (P3009). */
  failed: string[];
  /** Applied, but not in this checkout (a newer version's, or another app's database). */
  unknown: string[];
  applied: number;
};

export function compareMigrations(folders: string[], rows: AppliedRow[]): MigrationState {
  const applied = new Set(rows.filter((r) => r.finished && !r.rolledBack).map((r) => r.name));
  const failed = [...new Set(rows.filter((r) => !r.finished && !r.rolledBack).map((r) => r.name))]
    .filter((name) => !applied.has(name))
    .sort();
  const known = new Set(folders);
  return {
    pending: folders.filter((name) => !applied.has(name) && !failed.includes(name)),
    failed,
    unknown: [...applied].filter((name) => !known.has(name)).sort(),
    applied: folders.filter((name) => applied.has(name)).length,
  };
}
