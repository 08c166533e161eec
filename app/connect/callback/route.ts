import type { NextRequest } from "next/server";
import { callbackResponse, handleCallback } from "@/lib/connect/callback";
import { getSession } from "@/lib/session";

// GET /connect/callback: Connect's redirect back (https://smartcar.com/docs/connect/handle-the-response).
export async function GET(request: NextRequest) {
  const outcome = await handleCallback({ query: request.nextUrl.searchParams, session: await getSession(), now: new Date() });
  return callbackResponse(outcome);
}
