// For the measuring scripts (bench, lighthouse): build, a database, and `next start` in production.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "./embedded-postgres.mjs";
import { runPrisma } from "./prisma.mjs";

const root = path.resolve(import.meta.dirname, "..");
const nextBin = path.join(root, "node_modules/next/dist/bin/next");

export function build() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`))));
  });
}

/** `url` if given, else an embedded PGlite in a temporary directory; migrated either way. */
export async function openDatabase(url) {
  let embedded = null;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: mkdtempSync(path.join(os.tmpdir(), "sc-measure-")) });
    url = embedded.url;
  }
  if ((await runPrisma(["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, quiet: true })) !== 0) throw new Error("prisma migrate deploy failed");
  return {
    url,
    label: embedded ? "embedded PostgreSQL (PGlite over pglite-socket)" : "PostgreSQL server",
    close: async () => embedded?.stop(),
  };
}

/** `next start` with NODE_ENV=production on `port`, the emulator on; resolves once /healthz is 200. */
export async function startProductionServer({ port, databaseUrl }) {
  const secret = randomBytes(32).toString("base64url");
  const url = `http://localhost:${port}`;
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(port)], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: databaseUrl, SESSION_SECRET: secret, APP_URL: url, SMARTCAR_EMULATOR: "on", NEXT_TELEMETRY_DISABLED: "1" },
  });
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error("the server exited");
    if (i > 600) throw new Error(`no answer from ${url}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    secret,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.on("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
