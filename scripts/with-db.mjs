#!/usr/bin/env node
// `npm run db -- <prisma arguments>`: the Prisma CLI against DATABASE_URL, or, when it is not set,
// against the embedded database under .data/ (with an in-memory second instance as the shadow
// database `migrate dev` needs, since PGlite has no CREATE DATABASE).
//
//   npm run db -- migrate dev --name add_something
//   npm run db -- migrate status
import path from "node:path";
import {
  embeddedDataDir,
  findRunningEmbeddedPostgres,
  startEmbeddedPostgres,
} from "./embedded-postgres.mjs";
import { loadEnv } from "./load-env.mjs";
import { runPrisma } from "./prisma.mjs";

const root = path.resolve(import.meta.dirname, "..");
// Development's files too, unless this runs for production (`NODE_ENV=production npm run db:deploy`).
loadEnv(root, process.env.NODE_ENV !== "production");

const args = process.argv.slice(2);
// Only these compare the migrations against a scratch (shadow) database.
const needsShadow = args[0] === "migrate" && (args[1] === "dev" || args[1] === "diff");
const started = [];
if (!process.env.DATABASE_URL) {
  // The one a running `npm run dev` serves, if any: two processes must never open one data
  // directory (scripts/embedded-postgres.mjs).
  const dataDir = embeddedDataDir(root);
  const running = await findRunningEmbeddedPostgres(dataDir);
  if (running?.url) {
    process.env.DATABASE_URL = running.url;
  } else {
    const main = await startEmbeddedPostgres({ dataDir });
    started.push(main);
    process.env.DATABASE_URL = main.url;
  }
  if (needsShadow && !process.env.SHADOW_DATABASE_URL) {
    const shadow = await startEmbeddedPostgres({ dataDir: null });
    started.push(shadow);
    process.env.SHADOW_DATABASE_URL = shadow.url;
  }
}
const code = await runPrisma(args.length ? args : ["migrate", "status"]);
for (const db of started) await db.stop();
process.exit(code);
