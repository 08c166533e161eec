// Databases for tests: a fresh database on TEST_DATABASE_URL's server when it is set (CI's real
// PostgreSQL), otherwise an in-memory embedded PostgreSQL that lives as long as the test run.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "../../scripts/embedded-postgres.mjs";
import { runPrisma } from "../../scripts/prisma.mjs";

export type TestDatabase = {
  url: string;
  kind: "postgresql" | "embedded";
  stop: () => Promise<void>;
};

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** An empty database, of the same kind as the rest of the run. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) {
    const embedded = await startEmbeddedPostgres({ dataDir: null });
    return { url: embedded.url, kind: "embedded", stop: embedded.stop };
  }
  const name = `sc_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: withDatabase(server, name),
    kind: "postgresql",
    async stop() {
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Applies every migration with `prisma migrate deploy`; throws if it fails. */
export async function migrate(url: string, extraEnv: Record<string, string> = {}): Promise<void> {
  const code = await runPrisma(["migrate", "deploy"], {
    env: { ...process.env, ...extraEnv, DATABASE_URL: url },
    quiet: true,
  });
  if (code !== 0) throw new Error(`prisma migrate deploy exited with ${code}`);
}
