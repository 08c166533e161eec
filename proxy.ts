import { NextResponse, type NextRequest } from "next/server";
import { buildHashSources } from "@/lib/build-hashes";
import { startsSomething } from "@/lib/connect/starting-routes";
import { getConfig } from "@/lib/config";
import { log } from "@/lib/log";
import { newNonce, securityHeaders } from "@/lib/security-headers";
import { sessionCookieFor } from "@/lib/session-cookie";

// Runs before every page and route (docs/references.md [next-proxy]).
//
// A fresh CSP nonce per request, on the request's own Content-Security-Policy header too: that is
// where Next.js reads it to put it on the scripts and styles it renders (docs/references.md
// [next-csp-nonce]). What a prerendered shell holds inline is allowed by its hash
// (lib/build-hashes.ts).
//
// Pages of a signed-in person stream their content in after a prerendered shell, so a page can only
// redirect from inside the stream. A visitor with no session cookie at all gets a real redirect
// here instead, before anything is rendered: an optimistic check on the cookie's presence only
// (docs/references.md [next-optimistic-checks]); the pages still check the session itself.

const SIGNED_IN_PAGES = ["/vehicles", "/connect/history"];

function headersFor(nonce: string, pathname: string): [string, string][] {
  const { isProduction } = getConfig();
  const hashes = isProduction ? buildHashSources() : null;
  return securityHeaders({
    isProduction,
    nonce,
    styleHashes: hashes?.styles ?? [],
    scriptHashes: hashes?.scriptsFor(pathname) ?? [],
  });
}

function needsSignIn(request: NextRequest): boolean {
  const { pathname } = request.nextUrl;
  const gated =
    pathname !== "/vehicles/live" &&
    SIGNED_IN_PAGES.some((page) => pathname === page || pathname.startsWith(`${page}/`));
  const { appUrl, isProduction } = getConfig();
  const cookie = sessionCookieFor(appUrl, isProduction).name;
  return gated && request.method === "GET" && !request.cookies.has(cookie);
}

export function proxy(request: NextRequest) {
  // A request id for the logs and the response; a caller's own id is kept if it looks like one.
  const incoming = request.headers.get("x-request-id");
  const requestId = incoming && /^[\w-]{8,64}$/.test(incoming) ? incoming : crypto.randomUUID();
  const { pathname } = request.nextUrl;
  const headers = headersFor(newNonce(), pathname);
  let response: NextResponse;
  if (needsSignIn(request)) {
    const signIn = new URL("/sign-in", request.url);
    signIn.searchParams.set("next", request.nextUrl.pathname);
    response = NextResponse.redirect(signIn, 307);
  } else {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("x-request-id", requestId);
    const [, policy] = headers.find(([name]) => name === "Content-Security-Policy")!;
    requestHeaders.set("content-security-policy", policy);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  for (const [name, value] of headers) response.headers.set(name, value);
  // The callback's URL carries the owner's user_id and the state: not even this site gets it. Set
  // here, for every answer of these routes: the proxy's headers win over a route handler's.
  if (startsSomething(pathname)) response.headers.set("Referrer-Policy", "no-referrer");
  response.headers.set("x-request-id", requestId);
  // The path only: query strings carry user_ids and states.
  if (!request.nextUrl.pathname.startsWith("/healthz"))
    log("request", { id: requestId, method: request.method, path: request.nextUrl.pathname });
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
