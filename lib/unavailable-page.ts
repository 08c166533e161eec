import "server-only";

// The page for "the database is down": a 503 with Retry-After, so monitors and load balancers see
// the outage (https://www.rfc-editor.org/rfc/rfc9110#name-503-service-unavailable), and a person
// sees what happened and one button to retry. App Router pages cannot set a status, so this is a
// complete document answered from a route handler, and it must not depend on the database.

export type UnavailableCopy = {
  title: string;
  heading: string;
  message: string;
  /** Where "Try again" goes: "" reloads the same URL, otherwise a path of this app. */
  retryHref: string;
};

// Enough for text and double-quoted attributes, the only places values go.
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ESCAPES[c]!);
}

export function unavailableResponse(copy: UnavailableCopy, headers: Record<string, string> = {}): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(copy.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1.25rem;line-height:1.55;color:#14171f;background:#f6f7f9}
@media (prefers-color-scheme:dark){body{color:#eceef2;background:#0f1115}a{color:#8fb3ff}}
a.button{display:inline-block;padding:.6rem 1.2rem;border-radius:999px;background:#1d4ed8;color:#fff;text-decoration:none;font-weight:600}</style>
</head><body><main>
<h1>${escapeHtml(copy.heading)}</h1>
<p>${escapeHtml(copy.message)}</p>
<p><a class="button" href="${escapeHtml(copy.retryHref)}">Try again</a></p>
</main></body></html>`;
  return new Response(html, {
    status: 503,
    headers: { "Cache-Control": "no-store", ...headers, "Content-Type": "text/html; charset=utf-8", "Retry-After": "5" },
  });
}
