import "server-only";
import { callbackLocation, type CallbackOutcome } from "@/lib/connect/outcomes";
import type { StartConnectOutcome } from "@/lib/connect/start-connect";
import { unavailableResponse } from "@/lib/unavailable-page";

// The callback's URL carries the owner's user_id: no cache may keep the answer, and no page it
// leads to may pass the URL on as a Referer.
const PRIVATE_HEADERS = {
  "Cache-Control": "no-store",
  "Referrer-Policy": "no-referrer",
} as const;

/** A 303 to a path of this app; the path comes from our own table, never from the request. */
function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { ...PRIVATE_HEADERS, Location: location } });
}

/**
 * The database is down: answer in place with 503, so that reloading the same URL retries. The
 * state is not spent, so the retry can still succeed. Nothing from the request is on the page.
 */
function unavailable(): Response {
  return unavailableResponse(
    {
      title: "Temporarily unavailable",
      heading: "We can't finish connecting right now",
      message: "The service is temporarily unavailable, and nothing was saved. Your connection is still waiting: try again in a moment.",
      retryHref: "",
    },
    PRIVATE_HEADERS,
  );
}

export function callbackResponse(outcome: CallbackOutcome): Response {
  return outcome.kind === "unavailable" ? unavailable() : seeOther(callbackLocation(outcome));
}

export function startConnectResponse(outcome: StartConnectOutcome): Response {
  return outcome.kind === "unavailable" ? unavailable() : seeOther(outcome.url);
}
