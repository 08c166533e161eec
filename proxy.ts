import { NextResponse } from "next/server";
import { securityHeaders } from "@/lib/security-headers";

// Runs before every page and route (https://nextjs.org/docs/app/api-reference/file-conventions/proxy).
const headers = securityHeaders({ isProduction: process.env.NODE_ENV === "production" });

export function proxy() {
  const response = NextResponse.next();
  for (const [name, value] of headers) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
