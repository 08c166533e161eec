import type { NextRequest } from "next/server";
import { launchResponse, startReauthentication } from "@/lib/connect/launch";
import { answerRouterFetch } from "@/lib/connect/responses";
import { getSession } from "@/lib/session";

// GET /connect/reauthenticate?vehicle=<id>: Smartcar's re-authentication for one of the user's
// vehicles (303 to Connect's /oauth/reauthenticate).
export async function GET(request: NextRequest) {
  const routerFetch = answerRouterFetch(request);
  if (routerFetch) return routerFetch;
  const vehicle = request.nextUrl.searchParams.get("vehicle");
  const outcome = await startReauthentication({
    session: await getSession(),
    vehicleId: vehicle && vehicle.length <= 200 ? vehicle : undefined,
    fetchSite: request.headers.get("sec-fetch-site"),
  });
  return launchResponse(outcome);
}
