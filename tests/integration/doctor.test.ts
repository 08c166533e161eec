import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import {
  findRunningEmbeddedPostgres,
  startEmbeddedPostgres,
} from "../../scripts/embedded-postgres.mjs";
import { createEmptyDatabase, migrate, type TestDatabase } from "../support/databases";

// `npm run doctor` as a person runs it: the real CLI in a process of its own, against the run's
// emulator and database, a database that is not there, and one that is not migrated.

const root = path.resolve(import.meta.dirname, "../..");
const emulatorPort = () => new URL(inject("emulatorUrl")).port;

/** Every variable lib/config.ts reads, unset; a .env.local of the developer's cannot leak in. */
const UNSET = Object.fromEntries(
  [
    ...[
      "APP_URL",
      "PORT",
      "SESSION_SECRET",
      "DATABASE_URL",
      "LIVE_UPDATES",
      "EMULATOR_PORT",
      "EMBEDDED_DB_DIR",
    ],
    ...[
      "SMARTCAR_CLIENT_ID",
      "SMARTCAR_CLIENT_SECRET",
      "SMARTCAR_REDIRECT_URI",
      "SMARTCAR_MODE",
      "SMARTCAR_PERMISSIONS",
    ],
    ...[
      "SMARTCAR_CONNECT_URL",
      "SMARTCAR_AUTH_URL",
      "SMARTCAR_API_URL",
      "SMARTCAR_MANAGEMENT_TOKEN",
    ],
    ...["TRUSTED_PROXY_HOPS", "PASSWORD_HASH_CONCURRENCY"],
  ].map((name) => [name, ""]),
);

const doctors: ChildProcess[] = [];

/** Runs `npm run doctor`'s command with `env`; asynchronously, as a database may be served from this process. */
function runDoctor(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "scripts/doctor.ts"],
      {
        cwd: root,
        env: { ...process.env, ...UNSET, NODE_ENV: "development", ...env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    doctors.push(child);
    let output = "";
    child.stdout.on("data", (data) => (output += data));
    child.stderr.on("data", (data) => (output += data));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, output, lines: output.trim().split("\n") }));
  });
}

/** A port on 127.0.0.1 where nothing listens. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const databases: TestDatabase[] = [];
const dirs: string[] = [];
afterAll(async () => {
  // A doctor still running (its test failed or timed out) does not outlive the file.
  for (const child of doctors)
    if (child.exitCode === null && child.signalCode === null) child.kill();
  for (const d of databases) await d.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("npm run doctor", () => {
  it("in emulator mode, with the emulator running and the database migrated: all clear, exit 0", async () => {
    const { code, output, lines } = await runDoctor({
      DATABASE_URL: inject("databaseUrl"),
      EMULATOR_PORT: emulatorPort(),
    });
    expect(output).not.toContain("✗");
    expect(lines).toContain(
      "✓ Redirect URI    http://localhost:3000/connect/callback (the emulator registers it itself; with your own credentials, register it in the Smartcar Dashboard)",
    );
    expect(lines.find((l) => l.startsWith("✓ Credentials"))).toContain(
      `${inject("emulatorUrl")}/oauth2/token gave a token`,
    );
    expect(lines.find((l) => l.startsWith("✓ Database"))).toMatch(
      /answers; all \d+ migrations are applied$/,
    );
    expect(lines.at(-1)).toBe("All clear.");
    expect(code).toBe(0);
  }, 120_000);

  it("with a wrong client secret: names it, says the fix, exit 1", async () => {
    const { code, lines } = await runDoctor({
      DATABASE_URL: inject("databaseUrl"),
      SMARTCAR_APPLICATION_ID: "00000000-0000-4000-a000-000000000001",
      SMARTCAR_CLIENT_ID: "client_emulator",
      SMARTCAR_CLIENT_SECRET: "wrong",
      SMARTCAR_AUTH_URL: inject("emulatorUrl"),
    });
    expect(lines).toContain(
      "✗ Credentials     SMARTCAR_CLIENT_SECRET (or SMARTCAR_CLIENT_ID) is wrong: Smartcar refused them. The token takes the API credentials, not the Application ID → copy the client id (client_…) and a secret again from Smartcar Dashboard > API Credentials",
    );
    expect(lines.at(-1)).toMatch(/^1 problem\./);
    expect(code).toBe(1);
  }, 120_000);

  it("with the right credentials: says which identifier went where", async () => {
    const { lines } = await runDoctor({
      DATABASE_URL: inject("databaseUrl"),
      SMARTCAR_APPLICATION_ID: "00000000-0000-4000-a000-000000000001",
      SMARTCAR_CLIENT_ID: "client_emulator",
      SMARTCAR_CLIENT_SECRET: "emulator-client-secret",
      SMARTCAR_AUTH_URL: inject("emulatorUrl"),
    });
    expect(lines.find((l) => l.startsWith("✓ Credentials"))).toBe(
      `✓ Credentials     ${inject("emulatorUrl")}/oauth2/token gave a token to the API client id client_emulator (SMARTCAR_CLIENT_ID, Dashboard > API Credentials); Connect opens with the Application ID 00000000-0000-4000-a000-000000000001 (SMARTCAR_APPLICATION_ID, Dashboard > Configuration)`,
    );
  }, 120_000);

  it("with the API client id as the Application ID: says which goes where, exit 1", async () => {
    const { code, lines } = await runDoctor({
      DATABASE_URL: inject("databaseUrl"),
      SMARTCAR_APPLICATION_ID: "client_emulator",
      SMARTCAR_CLIENT_ID: "client_emulator",
      SMARTCAR_CLIENT_SECRET: "emulator-client-secret",
    });
    expect(lines.find((l) => l.startsWith("✗ Configuration"))).toContain(
      "SMARTCAR_APPLICATION_ID looks like the API client id (client_…), which belongs in SMARTCAR_CLIENT_ID",
    );
    expect(code).toBe(1);
  }, 120_000);

  it("with the database stopped: names it by host and port (never the password), says the fix, exit 1", async () => {
    const port = await closedPort();
    const { code, output, lines } = await runDoctor({
      DATABASE_URL: `postgresql://app:hunter2-secret@127.0.0.1:${port}/app`,
      EMULATOR_PORT: emulatorPort(),
    });
    const line = lines.find((l) => l.startsWith("✗ Database"));
    expect(line).toBe(
      `✗ Database        no answer from 127.0.0.1:${port}/app (ECONNREFUSED) → start PostgreSQL at that address, or correct DATABASE_URL (in development, unset it for the embedded database)`,
    );
    expect(output).not.toContain("hunter2");
    expect(lines.at(-1)).toBe("1 problem.");
    expect(code).toBe(1);
  }, 120_000);

  it("with migrations not applied: says which, and `npm run db:deploy`", async () => {
    const empty = await createEmptyDatabase();
    databases.push(empty);
    const notMigrated = await runDoctor({ DATABASE_URL: empty.url, EMULATOR_PORT: emulatorPort() });
    expect(notMigrated.lines.find((l) => l.startsWith("✗ Database"))).toMatch(
      /is not migrated: it has no _prisma_migrations table → run `npm run db:deploy`$/,
    );
    expect(notMigrated.code).toBe(1);

    // Migrated, then the last migration forgotten, as on a server that missed a deploy.
    const behind = await createEmptyDatabase();
    databases.push(behind);
    await migrate(behind.url);
    const client = new pg.Client({ connectionString: behind.url });
    await client.connect();
    const { rows } = await client.query<{ migration_name: string }>(
      "delete from _prisma_migrations where migration_name = (select max(migration_name) from _prisma_migrations) returning migration_name",
    );
    await client.end();
    const pending = await runDoctor({ DATABASE_URL: behind.url, EMULATOR_PORT: emulatorPort() });
    expect(pending.lines.find((l) => l.startsWith("✗ Database"))).toMatch(
      new RegExp(
        `1 migration is not applied: ${rows[0]!.migration_name} → run \`npm run db:deploy\`$`,
      ),
    );
    expect(pending.code).toBe(1);
  }, 120_000);

  it("on a fresh clone (no database, no emulator running): starts both as `npm run dev` would, all clear", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "sc-doctor-"));
    dirs.push(dataDir);
    const freePort = String(Number(process.env.INTEGRATION_EMULATOR_PORT ?? 4011) + 7);
    const { code, output, lines } = await runDoctor({
      EMBEDDED_DB_DIR: path.join(dataDir, "pglite"),
      EMULATOR_PORT: freePort,
    });
    expect(output).toContain("and applied the migrations, as `npm run dev` does.");
    expect(output).toContain(`Started the Smartcar emulator on http://127.0.0.1:${freePort}`);
    expect(lines.at(-1)).toBe("All clear.");
    expect(code).toBe(0);
    // And stopped them again.
    expect(await findRunningEmbeddedPostgres(path.join(dataDir, "pglite"))).toBeNull();
    await expect(fetch(`http://127.0.0.1:${freePort}/_emulator/health`)).rejects.toThrow();
  }, 120_000);

  it("reaches an embedded database another process serves by its URL, never opening its directory", async () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), "sc-doctor-")), "pglite");
    dirs.push(path.dirname(dataDir));
    const running = await startEmbeddedPostgres({ dataDir });
    try {
      await migrate(running.url);
      // A second server on the same directory refuses to start.
      await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(
        `is in use by process ${process.pid}`,
      );
      const { code, lines } = await runDoctor({
        EMBEDDED_DB_DIR: dataDir,
        EMULATOR_PORT: emulatorPort(),
      });
      expect(lines).toContain(
        `· Using the embedded database that process ${process.pid} serves from ${path.relative(root, dataDir)}/.`,
      );
      expect(lines.find((l) => l.startsWith("✓ Database"))).toBeDefined();
      expect(code).toBe(0);
    } finally {
      await running.stop();
    }
  }, 120_000);
});

describe("the /doctor page", () => {
  it("is not served in production, and the home page does not link to it", async () => {
    const response = await fetch(`${inject("serverUrl")}/doctor`, { redirect: "manual" });
    expect(response.status).toBe(404);
    const home = await (await fetch(`${inject("serverUrl")}/`)).text();
    expect(home).not.toContain('href="/doctor"');
  });
});
