import "server-only";
import { STATUS_PAGE_STYLE } from "@/lib/status-page-style";

// Pages that must carry a status: "the database is down" (503), "busy" (503) and "too many
// attempts" (429), each with Retry-After, so monitors, load balancers and clients see it
// (docs/references.md [rfc9110-503], [rfc6585-4]), and a person sees what happened and one
// button to retry. App Router pages cannot set a status, so this is a complete document answered
// from a route handler, and it must not depend on the database.

/** The words of a status page: the tab's title, the heading, one message. */
export type StatusPageCopy = { title: string; heading: string; message: string };

type UnavailableCopy = StatusPageCopy & {
  /** Where "Try again" goes: "" reloads the same URL, otherwise a path of this app. */
  retryHref: string;
};

// Enough for text and double-quoted attributes, the only places values go.
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ESCAPES[c]!);
}

type StatusPageOptions = {
  status: 429 | 503;
  retryAfterSeconds: number;
  headers?: Record<string, string>;
};

export function statusPageResponse(
  copy: UnavailableCopy,
  { status, retryAfterSeconds, headers = {} }: StatusPageOptions,
): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(copy.title)}</title>
<style>${STATUS_PAGE_STYLE}</style>
</head><body><main>
<h1>${escapeHtml(copy.heading)}</h1>
<p>${escapeHtml(copy.message)}</p>
<p><a class="button" href="${escapeHtml(copy.retryHref)}">Try again</a></p>
</main></body></html>`;
  return new Response(html, {
    status,
    headers: {
      "Cache-Control": "no-store",
      ...headers,
      "Content-Type": "text/html; charset=utf-8",
      "Retry-After": String(retryAfterSeconds),
    },
  });
}

/** The 503 for "the database is down". */
export function unavailableResponse(
  copy: UnavailableCopy,
  headers: Record<string, string> = {},
): Response {
  return statusPageResponse(copy, { status: 503, retryAfterSeconds: 5, headers });
}
