import "server-only";
import { getConfig } from "@/lib/config";
import { redeemConnectAttempt } from "@/lib/connect/attempts";
import { hashState } from "@/lib/connect/state";
import { sessionCacheStats } from "@/lib/session-cache";
import { sessionCookieFor } from "@/lib/session-cookie";
import { unsealSession } from "@/lib/session";

// The bench's own routes (bench/README.md, "limit"). They exist in every build but answer 404
// unless the server was started with BENCH_ROUTES=on, which only `npm run bench` sets
// (scripts/bench.mjs): in production, nobody reaches them by accident.

const notFound = () =>
  new Response(null, { status: 404, headers: { "Cache-Control": "no-store" } });

/**
 * GET /bench/limit: only what a successful callback must do, with the cheapest code that does it:
 * read the session cookie (the same per-instance cache of unsealed cookies as lib/session.ts),
 * run the callback's one SQL statement (redeemConnectAttempt) and answer 303. No parsing beyond
 * two query values, no iron-session object, no log line: the physical limit for the callback on
 * this app, this machine and this database.
 */
export async function limitCallback(
  cookies: { get(name: string): { value: string } | undefined },
  query: URLSearchParams,
): Promise<Response> {
  const { benchRoutes, appUrl, isProduction } = getConfig();
  if (!benchRoutes) return notFound();
  const cookie = cookies.get(sessionCookieFor(appUrl, isProduction).name)?.value;
  const session = cookie ? await unsealSession(cookie) : undefined;
  const state = query.get("state");
  const smartcarUserId = query.get("user_id");
  if (!session?.userId || !session.sessionId || !state || !smartcarUserId)
    return new Response(null, { status: 400 });
  const result = await redeemConnectAttempt({
    stateHash: hashState(state),
    userId: session.userId,
    sessionId: session.sessionId,
    now: new Date(),
    smartcarUserId,
  });
  return new Response(null, {
    status: 303,
    headers: {
      "Cache-Control": "no-store",
      Location: result === "connected" ? "/vehicles?connected=1" : `/connect/error/${result}`,
    },
  });
}

/** GET /bench/stats: the session cache's hit rate and size, this process's memory and CPU time. */
export function benchStats(): Response {
  if (!getConfig().benchRoutes) return notFound();
  const { rss, heapUsed } = process.memoryUsage();
  // CPU time, not wall time: on a shared machine it is what a request cost this server.
  const { user, system } = process.cpuUsage();
  return Response.json(
    { sessionCache: sessionCacheStats(), memory: { rss, heapUsed }, cpuMicros: user + system },
    { headers: { "Cache-Control": "no-store" } },
  );
}
