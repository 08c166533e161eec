#!/usr/bin/env node
// `npm run dev` and `npm start`: with no DATABASE_URL, start the embedded PostgreSQL under .data/,
// apply the migrations to it, and start Next.js pointed at it. With DATABASE_URL, use that server.
// `npm run dev` with no Smartcar credentials (SMARTCAR_APPLICATION_ID, SMARTCAR_CLIENT_ID,
// SMARTCAR_CLIENT_SECRET) also starts the Smartcar emulator (emulator/) beside the app on
// 127.0.0.1:4000 (EMULATOR_PORT); `npm start` never does.
//
//   node scripts/run.mjs dev|start [next options...]
import { spawn } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { embeddedDataDir, startEmbeddedPostgres } from "./embedded-postgres.mjs";
import { loadEnv } from "./load-env.mjs";
import { startEmulator } from "./emulator.mjs";
import { runPrisma } from "./prisma.mjs";

const [command, ...nextArgs] = process.argv.slice(2);
if (command !== "dev" && command !== "start") {
  console.error("usage: node scripts/run.mjs dev|start [next options]");
  process.exit(2);
}

const root = path.resolve(import.meta.dirname, "..");
loadEnv(root, command === "dev");

let embedded = null;
if (!process.env.DATABASE_URL) {
  const dataDir = embeddedDataDir(root);
  try {
    // It records its URL in the data directory while it runs, for `npm run doctor`, and refuses a
    // directory another process serves (scripts/embedded-postgres.mjs).
    embedded = await startEmbeddedPostgres({
      dataDir,
      port: Number(process.env.EMBEDDED_DB_PORT ?? 0),
    });
  } catch (error) {
    console.error(`The embedded database did not start: ${error.message}`);
    process.exit(1);
  }
  process.env.DATABASE_URL = embedded.url;
  // PGlite's socket server does not forward LISTEN/NOTIFY between connections.
  process.env.LIVE_UPDATES ??= "poll";
  console.log(
    `Embedded PostgreSQL (PGlite) on 127.0.0.1:${embedded.port}, data in ${path.relative(root, dataDir)}/`,
  );
}

// The embedded database is always brought up to date. A server of your own is migrated in
// development; in production, run `npm run db:deploy` before starting (see README).
if (embedded || command === "dev") {
  const code = await runPrisma(["migrate", "deploy"], { env: process.env });
  if (code !== 0) {
    console.error("Applying the migrations failed; see above.");
    await embedded?.stop();
    process.exit(code);
  }
}

let emulator = null;
const credentials = ["SMARTCAR_APPLICATION_ID", "SMARTCAR_CLIENT_ID", "SMARTCAR_CLIENT_SECRET"];
if (command === "dev" && !credentials.some((name) => process.env[name])) {
  // The emulator must know the app's redirect URI and webhook URL, as Smartcar's Dashboard does.
  const portArg = nextArgs.indexOf("-p");
  const port = portArg >= 0 ? nextArgs[portArg + 1] : (process.env.PORT ?? "3000");
  const appUrl = (process.env.APP_URL ?? `http://localhost:${port}`).replace(/\/+$/, "");
  const emulatorPort = Number(process.env.EMULATOR_PORT ?? 4000);
  try {
    emulator = await startEmulator({
      port: emulatorPort,
      dataDir: path.join(root, ".data", "emulator"),
      redirectUris: [process.env.SMARTCAR_REDIRECT_URI ?? `${appUrl}/connect/callback`],
      webhookUrl: `${appUrl}/webhooks/smartcar`,
      output: "inherit",
    });
  } catch (error) {
    console.error(
      `The Smartcar emulator did not start on port ${emulatorPort} (EMULATOR_PORT): ${error.message}`,
    );
    await embedded?.stop();
    process.exit(1);
  }
  console.log(`Smartcar emulator on ${emulator.url} (no Smartcar credentials set)`);
}

// The socket's address is always the last X-Forwarded-For entry (scripts/socket-address.mjs), in
// the server process and in any process Next.js starts for it (NODE_OPTIONS is inherited).
const preload = `--import ${pathToFileURL(path.join(root, "scripts", "socket-address.mjs")).href}`;
const next = spawn(
  process.execPath,
  [path.join(root, "node_modules", "next", "dist", "bin", "next"), command, ...nextArgs],
  {
    stdio: "inherit",
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} ${preload}`.trim() },
  },
);

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  next.kill(signal);
}
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));

next.on("exit", async (code, signal) => {
  await emulator?.stop();
  await embedded?.stop();
  process.exit(code ?? (signal ? 0 : 1));
});
