import type { NextRequest } from "next/server";
import { normalizeMake } from "@/lib/connect/connect-url";
import { startConnectResponse } from "@/lib/connect/responses";
import { startConnect } from "@/lib/connect/start-connect";
import { getSession } from "@/lib/session";

// GET /connect: starts Smartcar Connect for the signed-in user (303 to Connect).
export async function GET(request: NextRequest) {
  const make = normalizeMake(request.nextUrl.searchParams.get("make"));
  const outcome = await startConnect({ session: await getSession(), make });
  return startConnectResponse(outcome);
}
