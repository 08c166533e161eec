// Building and starting the production server: one launcher for the tests that speak HTTP to it
// and for the measuring scripts (bench, lighthouse), plus a migrated database for the latter.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, openSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "./embedded-postgres.mjs";
import { startEmulator } from "./emulator.mjs";
import { ensurePortFree, stopChild } from "./ports.mjs";
import { runPrisma } from "./prisma.mjs";

const root = path.resolve(import.meta.dirname, "..");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

/** `next build`. */
export function build() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, "build"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`)),
    );
  });
}

/** `next build`, unless there is a build already. */
function ensureBuilt() {
  return existsSync(path.join(root, ".next", "BUILD_ID")) ? Promise.resolve() : build();
}

/** `url` if given, else an embedded PGlite in a temporary directory; migrated either way. */
export async function openDatabase(url) {
  let embedded = null;
  let dataDir = null;
  if (!url) {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "sc-measure-"));
    embedded = await startEmbeddedPostgres({ dataDir });
    url = embedded.url;
  }
  if (
    (await runPrisma(["migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: url },
      quiet: true,
    })) !== 0
  )
    throw new Error("prisma migrate deploy failed");
  return {
    url,
    label: embedded ? "embedded PostgreSQL (PGlite over pglite-socket)" : "PostgreSQL server",
    close: async () => {
      try {
        await embedded?.stop();
      } finally {
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

async function waitFor(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      const response = await fetch(url, { redirect: "manual" });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the server did not answer ${url} within ${timeoutMs} ms`);
}

/**
 * Starts `npm start`'s launcher (scripts/run.mjs) on `port`, with `env` over this process's, and
 * waits until `readyPath` answers below 500. Until then its output is kept, to explain a failed
 * start; after that it is dropped, but for stderr when `stderr` is "inherit". With `stdoutFile`,
 * the server's standard output (its JSON log lines) goes to that file (emptied first),
 * written by the server directly, as a log collector would take it.
 * @param {number} port
 * @param {Record<string, string>} env
 * @param {{ readyPath?: string, stderr?: "ignore" | "inherit", stdoutFile?: string }} [options]
 * @returns {Promise<{ url: string, pid: number, stop: () => Promise<void> }>}
 */
export async function startServer(
  port,
  env,
  { readyPath = "/sign-in", stderr = "ignore", stdoutFile } = {},
) {
  await ensureBuilt();
  await ensurePortFree(port, "the app");
  let output = "";
  const keep = (data) => (output += data);
  if (stdoutFile) mkdirSync(path.dirname(stdoutFile), { recursive: true });
  const stdout = stdoutFile ? openSync(stdoutFile, "w") : "pipe";
  const child = spawn(
    process.execPath,
    [path.join(root, "scripts", "run.mjs"), "start", "-p", String(port)],
    {
      cwd: root,
      // The tests and measurements run against the emulator, on purpose (lib/config.ts).
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", SMARTCAR_EMULATOR: "true", ...env },
      stdio: ["ignore", stdout, "pipe"],
    },
  );
  child.stdout?.on("data", keep);
  child.stderr.on("data", keep);
  const url = `http://localhost:${port}`;
  try {
    await waitFor(`${url}${readyPath}`, child, 90_000);
    // Readiness is this child's: one that exited (its port taken after all) did not answer.
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${error.message}\n${output}`);
  }
  child.stdout?.off("data", keep).resume();
  child.stderr.off("data", keep);
  if (stderr === "inherit") child.stderr.pipe(process.stderr);
  else child.stderr.resume();
  return { url, pid: child.pid, stop: () => stopChild(child) };
}

/**
 * The production server on `databaseUrl` with a fresh SESSION_SECRET, and the Smartcar emulator
 * beside it on `emulatorPort` (`env` adds to both's settings), once /healthz says ok.
 */
export async function startProductionServer({
  port,
  databaseUrl,
  emulatorPort = port + 1000,
  emulatorEnv = {},
  stdoutFile,
}) {
  const secret = randomBytes(32).toString("base64url");
  const appUrl = `http://localhost:${port}`;
  const emulator = await startEmulator({
    port: emulatorPort,
    dataDir: ":memory:",
    redirectUris: [`${appUrl}/connect/callback`],
    webhookUrl: `${appUrl}/webhooks/smartcar`,
    env: emulatorEnv,
  });
  const env = {
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: secret,
    APP_URL: appUrl,
    EMULATOR_PORT: String(emulatorPort),
  };
  const server = await startServer(port, env, {
    readyPath: "/healthz",
    stderr: "inherit",
    stdoutFile,
  });
  return {
    ...server,
    secret,
    /** The server's settings, for a second instance on the same database and emulator. */
    env,
    emulatorUrl: emulator.url,
    stop: async () => {
      await server.stop();
      await emulator.stop();
    },
  };
}
