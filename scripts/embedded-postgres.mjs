// The embedded PostgreSQL: PGlite (PostgreSQL compiled to WebAssembly) served over the PostgreSQL
// wire protocol by pglite-socket, so the app, the Prisma CLI and psql reach it with an ordinary
// connection string. Used when DATABASE_URL is not set (docs/references.md [pglite-socket]).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

// pglite-socket runs one statement at a time but keeps a transaction to the connection that opened
// it, so several connections are safe; this bounds how many may wait.
const MAX_CONNECTIONS = 32;

// Only one process may open a data directory: two PGlite instances on one directory corrupt it. The
// process serving it says so in a file inside it (as PostgreSQL's postmaster.pid does), created
// exclusively before the directory is opened: a second server refuses to start, and
// `npm run doctor` reaches the running one by the URL written there once it listens.
const RECORD = "embedded-server.json";

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return error.code === "EPERM";
  }
}

function accepts(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/**
 * Where the app's embedded database keeps its data: EMBEDDED_DB_DIR, else .data/pglite.
 * @param {string} root the project's root
 */
export function embeddedDataDir(root) {
  return path.resolve(root, process.env.EMBEDDED_DB_DIR || path.join(".data", "pglite"));
}

/**
 * The process serving the embedded database in `dataDir` right now, with its URL once it listens
 * (`url` is null while it starts), or null. A record left by a process that died, or whose pid was
 * reused since and serves nothing on the recorded port, is ignored.
 * @param {string} dataDir
 * @returns {Promise<{ pid: number, url: string | null, port: number | null } | null>}
 */
export async function findRunningEmbeddedPostgres(dataDir) {
  let record;
  try {
    record = JSON.parse(readFileSync(path.join(dataDir, RECORD), "utf8"));
  } catch {
    return null;
  }
  if (typeof record?.pid !== "number" || !isAlive(record.pid)) return null;
  if (record.port && !(await accepts(record.port))) return null;
  return { pid: record.pid, url: record.url ?? null, port: record.port ?? null };
}

/** Claims `dataDir` for this process, or throws naming the process that holds it. */
async function claim(dataDir) {
  const file = path.join(dataDir, RECORD);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, `${JSON.stringify({ pid: process.pid })}\n`, { flag: "wx" });
      return file;
    } catch (error) {
      if (error.code !== "EEXIST" || attempt > 0) throw error;
    }
    const running = await findRunningEmbeddedPostgres(dataDir);
    if (running) {
      const where = running.url ? ` (${running.url})` : "";
      throw new Error(`${dataDir} is in use by process ${running.pid}${where}: stop it first`);
    }
    rmSync(file, { force: true });
  }
}

/**
 * Starts PGlite on `dataDir` (or in memory when it is null) and serves it on 127.0.0.1. Refuses a
 * data directory that another process is serving.
 * @param {{ dataDir: string | null, port?: number }} options port 0 (the default) picks a free one
 * @returns {Promise<{ url: string, port: number, stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres({ dataDir, port = 0 }) {
  let record = null;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    record = await claim(dataDir);
  }
  let db, server;
  try {
    db = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
    server = new PGLiteSocketServer({
      db,
      host: "127.0.0.1",
      port,
      maxConnections: MAX_CONNECTIONS,
    });
    await server.start();
  } catch (error) {
    await db?.close().catch(() => {});
    if (record) rmSync(record, { force: true });
    throw error;
  }
  const actualPort = Number(server.getServerConn().split(":").pop());
  // PGlite speaks no TLS; it has one database, whatever name the client asks for.
  const url = `postgresql://postgres:postgres@127.0.0.1:${actualPort}/postgres?sslmode=disable`;
  if (record) {
    writeFileSync(record, `${JSON.stringify({ pid: process.pid, url, port: actualPort })}\n`);
  }
  return {
    url,
    port: actualPort,
    async stop() {
      await server.stop();
      await db.close();
      if (record) rmSync(record, { force: true });
    },
  };
}
