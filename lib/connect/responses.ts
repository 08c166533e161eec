import "server-only";
import { callbackLocation, type CallbackOutcome } from "@/lib/connect/outcomes";
import type { StartConnectOutcome } from "@/lib/connect/start-connect";

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
 * state is not spent, so the retry can still succeed. Static markup: nothing from the request.
 */
function unavailable(): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Temporarily unavailable</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1.25rem;line-height:1.55;color:#14171f;background:#f6f7f9}
@media (prefers-color-scheme:dark){body{color:#eceef2;background:#0f1115}a{color:#8fb3ff}}
a.button{display:inline-block;padding:.6rem 1.2rem;border-radius:999px;background:#1d4ed8;color:#fff;text-decoration:none;font-weight:600}</style>
</head><body><main>
<h1>We can't finish connecting right now</h1>
<p>The service is temporarily unavailable, and nothing was saved. Your connection is still waiting: try again in a moment.</p>
<p><a class="button" href="">Try again</a></p>
</main></body></html>`;
  return new Response(html, {
    status: 503,
    headers: { ...PRIVATE_HEADERS, "Content-Type": "text/html; charset=utf-8", "Retry-After": "5" },
  });
}

export function callbackResponse(outcome: CallbackOutcome): Response {
  return outcome.kind === "unavailable" ? unavailable() : seeOther(callbackLocation(outcome));
}

export function startConnectResponse(outcome: StartConnectOutcome): Response {
  return outcome.kind === "unavailable" ? unavailable() : seeOther(outcome.url);
}
