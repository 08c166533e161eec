import type { NextRequest } from "next/server";
import { answerAccountBusy } from "@/lib/accounts/busy";

// GET /busy: where the sign-in and sign-up forms go when they refuse before hashing (429 or 503).
export async function GET(request: NextRequest) {
  return answerAccountBusy(request.nextUrl.searchParams);
}
