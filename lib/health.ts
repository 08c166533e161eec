import "server-only";
import { getConfig } from "@/lib/config";
import { db } from "@/lib/db";

type Health = {
  status: "ok" | "unavailable";
  checks: { configuration: "ok" | "invalid"; database: "ok" | "unreachable" | "skipped" };
};

/** Readiness: the configuration is valid and the database answers, within a bound. */
export async function checkHealth(): Promise<Health> {
  try {
    getConfig();
  } catch {
    return { status: "unavailable", checks: { configuration: "invalid", database: "skipped" } };
  }
  try {
    await Promise.race([
      db().$queryRaw`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2_000)),
    ]);
    return { status: "ok", checks: { configuration: "ok", database: "ok" } };
  } catch {
    return { status: "unavailable", checks: { configuration: "ok", database: "unreachable" } };
  }
}
