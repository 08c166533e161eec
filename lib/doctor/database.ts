import "server-only";
import pg from "pg";
import { DATABASE, NAMES } from "@/lib/doctor/copy";
import { compareMigrations, listMigrationFolders, type AppliedRow } from "@/lib/doctor/migrations";
import type { CheckResult, MigrationRoute } from "@/lib/doctor/result";

// Whether the database answers, and whether this checkout's migrations are applied to it: the app
// needs both before it serves a page (README, "Deploying", step 3).

/** As lib/db.ts: a database that does not answer within this long is down. */
const TIMEOUT_MS = 3_000;

type DatabaseTarget = {
  url: string | undefined;
  /** How migrations get applied here, for the fix. */
  migrations: MigrationRoute;
  /** Set when it is the embedded database: its directory, for the messages. */
  embeddedDir?: string;
  /** The embedded database could not be started, and why. */
  startError?: string;
};

/** host:port/database from a connection string: never the user or the password. */
function describeServer(url: string): string {
  try {
    const parsed = new URL(url);
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
    return `${parsed.hostname || "localhost"}:${parsed.port || "5432"}${database ? `/${database}` : ""}`;
  } catch {
    return "DATABASE_URL's server";
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" ? code : undefined;
}

export async function checkDatabase(target: DatabaseTarget): Promise<CheckResult> {
  const name = NAMES.database;
  const where = target.embeddedDir
    ? DATABASE.embedded(target.embeddedDir)
    : target.url
      ? describeServer(target.url)
      : "";
  if (target.startError) {
    const message = DATABASE.embeddedDidNotStart(where, target.startError);
    return { name, status: "fail", message, fix: DATABASE.embeddedDidNotStartFix };
  }
  if (!target.url)
    return { name, status: "fail", message: DATABASE.notSet, fix: DATABASE.notSetFix };

  const client = new pg.Client({
    connectionString: target.url,
    connectionTimeoutMillis: TIMEOUT_MS,
    query_timeout: TIMEOUT_MS,
  });
  // An error after connecting (the server going away) must not crash the process.
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    return connectionFailure(error, where, target.url);
  }
  try {
    const { rows } = await client.query<{
      migration_name: string;
      finished: boolean;
      rolled_back: boolean;
    }>(
      `select migration_name,
              finished_at is not null as finished,
              rolled_back_at is not null as rolled_back
         from _prisma_migrations`,
    );
    const applied: AppliedRow[] = rows.map((r) => ({
      name: r.migration_name,
      finished: r.finished,
      rolledBack: r.rolled_back,
    }));
    return judgeMigrations(listMigrationFolders(), applied, where, target.migrations);
  } catch (error) {
    // undefined_table: nothing was ever migrated here.
    if (errorCode(error) === "42P01") {
      return {
        name,
        status: "fail",
        message: DATABASE.notMigrated(where),
        fix: DATABASE.migrateFix[target.migrations],
      };
    }
    return {
      name,
      status: "fail",
      message: DATABASE.error(where, (error as Error).message),
      fix: DATABASE.errorFix,
    };
  } finally {
    await client.end().catch(() => {});
  }
}

function connectionFailure(error: unknown, where: string, url: string): CheckResult {
  const name = NAMES.database;
  const code = errorCode(error);
  // invalid_password, invalid_authorization_specification
  if (code === "28P01" || code === "28000") {
    return {
      name,
      status: "fail",
      message: DATABASE.refusedLogin(where),
      fix: DATABASE.refusedLoginFix,
    };
  }
  // invalid_catalog_name
  if (code === "3D000") {
    const [server = where, database = ""] = describeServer(url).split("/");
    const message = DATABASE.noSuchDatabase(server, database);
    return { name, status: "fail", message, fix: DATABASE.noSuchDatabaseFix(database) };
  }
  const why = code && !/^\d/.test(code) ? code : ((error as Error).message ?? String(error));
  return {
    name,
    status: "fail",
    message: DATABASE.unreachable(where, why),
    fix: DATABASE.unreachableFix,
  };
}

/** The migration state as one line: failed, then pending, then unknown ones; or all applied. */
export function judgeMigrations(
  folders: string[],
  rows: AppliedRow[],
  where: string,
  route: MigrationRoute,
): CheckResult {
  const name = NAMES.database;
  const state = compareMigrations(folders, rows);
  if (state.failed.length > 0) {
    return {
      name,
      status: "fail",
      message: DATABASE.failed(where, state.failed),
      fix: DATABASE.failedFix,
    };
  }
  if (state.pending.length > 0) {
    return {
      name,
      status: "fail",
      message: DATABASE.pending(where, state.pending),
      fix: DATABASE.migrateFix[route],
    };
  }
  if (state.unknown.length > 0) {
    return {
      name,
      status: "warn",
      message: DATABASE.unknown(state.unknown),
      fix: DATABASE.unknownFix,
    };
  }
  return { name, status: "ok", message: DATABASE.ok(where, state.applied) };
}
