#!/usr/bin/env node
// `npm run container-check`: the Dockerfile's stages, run without Docker, on the committed tree
// (HEAD), so the image is known to work where no Docker daemon is at hand (this project's CI):
//   deps    `npm ci` with only package.json, package-lock.json, prisma.config.ts and prisma/
//   build   the rest of the tree (less .dockerignore's emulator/), NEXT_OUTPUT=standalone next build
//   migrate `prisma migrate deploy` from the build stage, on the embedded PostgreSQL
//   runner  only .next/standalone, .next/static, public/ and socket-address.mjs,
//           `node --import ./socket-address.mjs server.js`, NODE_ENV=production
// then speaks to the runner as a person would: the health checks, the sign-in page, a Connect
// round trip through the Smartcar emulator, /vehicles. Prints each stage's time and the runner's
// size, writes bench/container.json. Exits 1 when a stage or a check fails.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { connectPerson } from "./bench-setup.mjs";
import { startEmbeddedPostgres } from "./embedded-postgres.mjs";
import { startEmulator } from "./emulator.mjs";

const root = path.resolve(import.meta.dirname, "..");
const work = mkdtempSync(path.join(os.tmpdir(), "sc-container-"));
const PORT = 3320;
const EMULATOR_PORT = 4320;
const stages = [];

function run(stage, command, args, { cwd, env = {} }) {
  const started = performance.now();
  console.log(`\n[${stage}] ${command} ${args.join(" ")}`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0)
        return reject(new Error(`${stage}: ${command} ${args.join(" ")} exited with ${code}`));
      stages.push({
        stage,
        command: `${command} ${args.join(" ")}`,
        seconds: Math.round((performance.now() - started) / 100) / 10,
      });
      resolve();
    });
  });
}

const sizeOf = (dir) => execFileSync("du", ["-sm", dir], { encoding: "utf8" }).split("\t")[0];

async function waitFor(url, child) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the runner exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within 60 s`);
}

let database = null;
let emulator = null;
let runner = null;
let failed = false;
try {
  // The committed tree, as `COPY . .` sees it (.dockerignore leaves the emulator out).
  const source = path.join(work, "source");
  mkdirSync(source);
  execFileSync("sh", ["-c", `git -C "${root}" archive HEAD | tar -x -C "${source}"`]);
  rmSync(path.join(source, "emulator"), { recursive: true, force: true });

  const deps = path.join(work, "deps");
  mkdirSync(deps);
  for (const file of ["package.json", "package-lock.json", "prisma.config.ts", "prisma"])
    cpSync(path.join(source, file), path.join(deps, file), { recursive: true });
  await run("deps", "npm", ["ci", "--no-audit", "--no-fund"], { cwd: deps });

  renameSync(path.join(deps, "node_modules"), path.join(source, "node_modules"));
  await run("build", "npx", ["prisma", "generate"], { cwd: source });
  await run("build", "npx", ["next", "build"], { cwd: source, env: { NEXT_OUTPUT: "standalone" } });

  database = await startEmbeddedPostgres({ dataDir: path.join(work, "pglite") });
  await run("migrate", "npx", ["prisma", "migrate", "deploy"], {
    cwd: source,
    env: { NODE_ENV: "production", DATABASE_URL: database.url },
  });

  const app = path.join(work, "runner");
  cpSync(path.join(source, ".next", "standalone"), app, { recursive: true });
  cpSync(path.join(source, ".next", "static"), path.join(app, ".next", "static"), {
    recursive: true,
  });
  cpSync(path.join(source, "public"), path.join(app, "public"), { recursive: true });
  cpSync(path.join(source, "scripts", "socket-address.mjs"), path.join(app, "socket-address.mjs"));
  const runnerMb = sizeOf(app);

  const appUrl = `http://localhost:${PORT}`;
  emulator = await startEmulator({
    port: EMULATOR_PORT,
    dataDir: ":memory:",
    redirectUris: [`${appUrl}/connect/callback`],
    webhookUrl: `${appUrl}/webhooks/smartcar`,
  });
  const secret = randomBytes(32).toString("base64url");
  // As the image runs it: its own files only, nothing of this checkout's node_modules.
  runner = spawn(process.execPath, ["--import", "./socket-address.mjs", "server.js"], {
    cwd: app,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(PORT),
      HOSTNAME: "127.0.0.1",
      DATABASE_URL: database.url,
      SESSION_SECRET: secret,
      APP_URL: appUrl,
      EMULATOR_PORT: String(EMULATOR_PORT),
      // No Smartcar account here: the emulator, chosen explicitly as production requires.
      SMARTCAR_EMULATOR: "true",
    },
  });
  const started = performance.now();
  await waitFor(`${appUrl}/healthz/live`, runner);
  const startMs = Math.round(performance.now() - started);

  const checks = [];
  const check = (name, ok, detail) => {
    checks.push({ name, ok, detail });
    if (!ok) failed = true;
  };
  const ready = await fetch(`${appUrl}/healthz`);
  check("GET /healthz: the database answers", ready.status === 200, `${ready.status}`);
  const signIn = await fetch(`${appUrl}/sign-in`);
  check(
    "GET /sign-in: 200 with a Content-Security-Policy",
    signIn.status === 200 && !!signIn.headers.get("content-security-policy"),
    `${signIn.status}`,
  );
  const robots = await fetch(`${appUrl}/robots.txt`);
  check("GET /robots.txt: public/ is in the image", robots.status === 200, `${robots.status}`);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const person = await connectPerson(client, secret, {
      appUrl,
      emulatorUrl: emulator.url,
      vehicles: 2,
    });
    const page = await fetch(`${appUrl}/vehicles`, { headers: { cookie: person.cookie } });
    const html = await page.text();
    const shown = new Set([...html.matchAll(/data-vehicle-id="([^"]+)"/g)].map((m) => m[1])).size;
    check(
      "Connect round trip, then /vehicles shows both vehicles",
      page.status === 200 && shown === 2,
      `${page.status}, ${shown} vehicles`,
    );
  } catch (error) {
    check("Connect round trip, then /vehicles shows both vehicles", false, error.message);
  } finally {
    await client.end();
  }

  console.log(`\nStages (seconds): ${stages.map((s) => `${s.stage} ${s.seconds}`).join(", ")}`);
  console.log(
    `Runner: ${runnerMb} MB (.next/standalone and .next/static), listening ${startMs} ms after start`,
  );
  for (const c of checks) console.log(`${c.ok ? "ok  " : "FAIL"}  ${c.name} (${c.detail})`);
  const commit = execFileSync("git", ["-C", root, "rev-parse", "--short", "HEAD"], {
    encoding: "utf8",
  }).trim();
  writeFileSync(
    path.join(root, "bench", "container.json"),
    `${JSON.stringify({ date: new Date().toISOString(), commit, node: process.version, stages, runnerMb: Number(runnerMb), startMs, checks }, null, 2)}\n`,
  );
  console.log("\nWritten to bench/container.json");
} catch (error) {
  failed = true;
  console.error(`\n${error.message}`);
} finally {
  runner?.kill("SIGTERM");
  await emulator?.stop();
  await database?.stop();
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
