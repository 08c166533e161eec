import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "@/lib/config";
import { log } from "@/lib/log";
import { securityHeaders } from "@/lib/security-headers";

// Runs before every page and route (https://nextjs.org/docs/app/api-reference/file-conventions/proxy).
let headers: [string, string][] | undefined;

export function proxy(request: NextRequest) {
  // A request id for the logs and the response; a caller's own id is kept if it looks like one.
  const incoming = request.headers.get("x-request-id");
  const requestId = incoming && /^[\w-]{8,64}$/.test(incoming) ? incoming : crypto.randomUUID();
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-request-id", requestId);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  headers ??= securityHeaders({ isProduction: getConfig().isProduction });
  for (const [name, value] of headers) response.headers.set(name, value);
  response.headers.set("x-request-id", requestId);
  // The path only: query strings carry user_ids and states.
  if (!request.nextUrl.pathname.startsWith("/healthz")) log("request", { id: requestId, method: request.method, path: request.nextUrl.pathname });
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
