import { NextResponse, type NextRequest } from "next/server";
import { buildStyleSources } from "@/lib/build-styles";
import { getConfig } from "@/lib/config";
import { log } from "@/lib/log";
import { newNonce, securityHeaders } from "@/lib/security-headers";

// Runs before every page and route (https://nextjs.org/docs/app/api-reference/file-conventions/proxy).
// A fresh CSP nonce per request, on the request's own Content-Security-Policy header too: that is
// where Next.js reads it to put it on the scripts and styles it renders
// (https://nextjs.org/docs/app/guides/content-security-policy#adding-a-nonce-with-proxy). Every page
// is rendered per request already, so the nonce costs no prerendering.

function headersFor(nonce: string): [string, string][] {
  const { isProduction } = getConfig();
  return securityHeaders({ isProduction, nonce, styleHashes: isProduction ? buildStyleSources() : [] });
}

export function proxy(request: NextRequest) {
  // A request id for the logs and the response; a caller's own id is kept if it looks like one.
  const incoming = request.headers.get("x-request-id");
  const requestId = incoming && /^[\w-]{8,64}$/.test(incoming) ? incoming : crypto.randomUUID();
  const headers = headersFor(newNonce());
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-request-id", requestId);
  requestHeaders.set("content-security-policy", Object.fromEntries(headers)["Content-Security-Policy"]!);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of headers) response.headers.set(name, value);
  response.headers.set("x-request-id", requestId);
  // The path only: query strings carry user_ids and states.
  if (!request.nextUrl.pathname.startsWith("/healthz")) log("request", { id: requestId, method: request.method, path: request.nextUrl.pathname });
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
