import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "@/lib/config";
import { securityHeaders } from "@/lib/security-headers";

// Runs before every page and route (https://nextjs.org/docs/app/api-reference/file-conventions/proxy).
let headers: { site: [string, string][]; emulator: [string, string][] } | undefined;

function headersFor(pathname: string): [string, string][] {
  if (!headers) {
    const { isProduction, smartcar } = getConfig();
    headers = {
      site: securityHeaders({ isProduction }),
      // The emulated Connect's forms end with a redirect to the app's redirect URI, which
      // form-action governs too.
      emulator: securityHeaders({ isProduction, formActionOrigins: [new URL(smartcar.redirectUri).origin] }),
    };
  }
  return pathname.startsWith("/emulator/") ? headers.emulator : headers.site;
}

export function proxy(request: NextRequest) {
  const response = NextResponse.next();
  for (const [name, value] of headersFor(request.nextUrl.pathname)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
