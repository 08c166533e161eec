import type { NextRequest } from "next/server";
import { limitCallback } from "@/lib/bench-routes";

// GET /bench/limit: `npm run bench`'s limit scenario; 404 unless BENCH_ROUTES=on (lib/bench-routes.ts).
export async function GET(request: NextRequest) {
  return limitCallback(request.cookies, request.nextUrl.searchParams);
}
