import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { ConfigError, getConfig } from "@/lib/config";

// One client per process; in development Next.js re-evaluates modules on every edit, so the client
// is kept on globalThis (docs/references.md [prisma-nextjs]).
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

function createPrismaClient(): PrismaClient {
  const url = getConfig().databaseUrl;
  if (!url) {
    throw new ConfigError(
      "DATABASE_URL is not set. Start the app with `npm run dev` or `npm start`, which start the embedded database, or set DATABASE_URL to a PostgreSQL server.",
    );
  }
  const adapter = new PrismaPg({
    connectionString: url,
    max: 10,
    // Fail fast when the database is down, so a request answers 503 instead of hanging.
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 30_000,
  });
  return new PrismaClient({ adapter });
}

/** The Prisma client. Created on first use, so importing this module needs no database. */
export function db(): PrismaClient {
  globalForPrisma.prisma ??= createPrismaClient();
  return globalForPrisma.prisma;
}

const UNAVAILABLE_CODES = new Set([
  ...["P1001", "P1002", "P1008", "P1017", "P2024"],
  ...["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTCONN"],
  // admin_shutdown, crash_shutdown, cannot_connect_now, connection_exception and its kinds
  ...["57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "08004"],
]);
const UNAVAILABLE_KINDS = new Set([
  "DatabaseNotReachable",
  "SocketTimeout",
  "ConnectionClosed",
  "TooManyConnections",
  "TlsConnectionError",
]);

/** True when an error means the database could not be reached, as opposed to a bug or bad data. */
function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const { code, name, message, cause } = e as {
      code?: unknown;
      name?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
    if (name === "PrismaClientInitializationError") return true;
    if (
      typeof message === "string" &&
      /Can't reach database server|Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|not queryable|socket has been ended|Connection ended/i.test(
        message,
      )
    )
      return true;
    const kind = (cause as { kind?: unknown } | undefined)?.kind ?? (e as { kind?: unknown }).kind;
    if (typeof kind === "string" && UNAVAILABLE_KINDS.has(kind)) return true;
    e = cause;
  }
  return false;
}

/**
 * Runs `run`, and makes the database being unreachable an outcome of its own instead of an error,
 * for callers that answer it with a page of its own (a 503, or a message in place).
 */
export async function whenDatabaseIsUp<T>(
  run: () => Promise<T>,
): Promise<T | { kind: "unavailable" }> {
  try {
    return await run();
  } catch (error) {
    if (isDatabaseUnavailable(error)) return { kind: "unavailable" };
    throw error;
  }
}
