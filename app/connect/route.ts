import type { NextRequest } from "next/server";
import { normalizeMake } from "@/lib/connect/connect-url";
import { launchResponse, startConnect } from "@/lib/connect/launch";
import { answerRouterFetch } from "@/lib/connect/responses";
import { getSession } from "@/lib/session";

// GET /connect: starts Smartcar Connect for the signed-in user (303 to Connect).
export async function GET(request: NextRequest) {
  const routerFetch = answerRouterFetch(request);
  if (routerFetch) return routerFetch;
  const outcome = await startConnect({
    session: await getSession(),
    make: normalizeMake(request.nextUrl.searchParams.get("make")),
    fetchSite: request.headers.get("sec-fetch-site"),
  });
  return launchResponse(outcome);
}
