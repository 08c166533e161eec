// The embedded PostgreSQL: PGlite (PostgreSQL compiled to WebAssembly) served over the PostgreSQL
// wire protocol by pglite-socket, so the app, the Prisma CLI and psql reach it with an ordinary
// connection string. Used when DATABASE_URL is not set.
// https://pglite.dev/docs/pglite-socket
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

// pglite-socket runs one statement at a time but keeps a transaction to the connection that opened
// it, so several connections are safe; this bounds how many may wait.
const MAX_CONNECTIONS = 32;

/**
 * Starts PGlite on `dataDir` (or in memory when it is null) and serves it on 127.0.0.1.
 * @param {{ dataDir: string | null, port?: number }} options port 0 (the default) picks a free one
 * @returns {Promise<{ url: string, port: number, stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres({ dataDir, port = 0 }) {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port, maxConnections: MAX_CONNECTIONS });
  await server.start();
  const actualPort = Number(server.getServerConn().split(":").pop());
  return {
    // PGlite speaks no TLS; it has one database, whatever name the client asks for.
    url: `postgresql://postgres:postgres@127.0.0.1:${actualPort}/postgres?sslmode=disable`,
    port: actualPort,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
