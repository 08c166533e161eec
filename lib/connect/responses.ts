import "server-only";
import { CONNECT_UNAVAILABLE, connectTooManyCopy } from "@/lib/connect/copy";
import { statusPageResponse, unavailableResponse } from "@/lib/unavailable-page";

// How /connect, /connect/reauthenticate and the callback answer. The callback's URL carries the
// owner's user_id and the state: no cache may keep these answers, and no page they lead to may
// pass the URL on as a Referer (Referrer-Policy: no-referrer, which the proxy sets for these
// routes, proxy.ts).
const PRIVATE_HEADERS = { "Cache-Control": "no-store" } as const;

/**
 * The client router fetches a page's payload (`RSC: 1`) before it shows an address it navigates
 * to (a server action's redirect, router.replace). /connect, /connect/retry and
 * /connect/reauthenticate start something and redirect to another site: that fetch must not run
 * them, or each such navigation would start two. An answer without a payload makes the router
 * load the address for real, once. Null for any other request.
 */
export function answerRouterFetch(request: Request): Response | null {
  if (request.headers.get("rsc") !== "1") return null;
  return new Response(null, { status: 204, headers: PRIVATE_HEADERS });
}

/** A 303 to `location`: a path from our own table, or Connect's URL built from configuration. */
export function seeOtherPrivately(location: string): Response {
  return new Response(null, { status: 303, headers: { ...PRIVATE_HEADERS, Location: location } });
}

/**
 * The database is down: answer in place with 503, so that reloading the same URL retries. A
 * callback's state is not spent, so the retry can still succeed. Nothing from the request is on
 * the page.
 */
export function connectUnavailableResponse(): Response {
  return unavailableResponse({ ...CONNECT_UNAVAILABLE, retryHref: "" }, PRIVATE_HEADERS);
}

/** Too many launches in a short time (lib/connect/launch.ts): 429, and when to come back. */
export function connectTooManyResponse(retryAfterSeconds: number): Response {
  return statusPageResponse(
    { ...connectTooManyCopy(retryAfterSeconds), retryHref: "/vehicles" },
    { status: 429, retryAfterSeconds, headers: PRIVATE_HEADERS },
  );
}
