import type { NextRequest } from "next/server";
import { callbackResponse, handleCallback } from "@/lib/connect/callback";
import { getSessionCheckedByCaller } from "@/lib/session";

// GET /connect/callback: Connect's redirect back (docs/smartcar-contract.md 1.2, [C2]). The session
// row is checked by the callback's own single SQL statement.
export async function GET(request: NextRequest) {
  const session = await getSessionCheckedByCaller();
  const outcome = await handleCallback({
    query: request.nextUrl.searchParams,
    session,
    now: new Date(),
  });
  return callbackResponse(outcome);
}
