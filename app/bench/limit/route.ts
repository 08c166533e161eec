import type { NextRequest } from "next/server";
import { limitCallback } from "@/lib/bench-routes";
import { SESSION_COOKIE } from "@/lib/session-cookie";

// GET /bench/limit: `npm run bench`'s limit scenario; 404 unless BENCH_ROUTES=on (lib/bench-routes.ts).
export async function GET(request: NextRequest) {
  return limitCallback(request.cookies.get(SESSION_COOKIE)?.value, request.nextUrl.searchParams);
}
