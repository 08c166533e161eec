import type { NextRequest } from "next/server";
import { answerAccountUnavailable } from "@/lib/accounts/unavailable";

// GET /unavailable: where the sign-in and sign-up forms go while the database is down (a 503).
export async function GET(request: NextRequest) {
  return answerAccountUnavailable(request.nextUrl.searchParams);
}
