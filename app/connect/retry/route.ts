import type { NextRequest } from "next/server";
import { chooseRetryPath } from "@/lib/connect/error-page";
import { answerRouterFetch, seeOtherPrivately } from "@/lib/connect/responses";

// GET /connect/retry?after=<code>: the retry of an error page, which is the same for everyone and
// served from the build; where it leads is this user's own (303 to /connect or a re-authentication).
export async function GET(request: NextRequest) {
  const routerFetch = answerRouterFetch(request);
  if (routerFetch) return routerFetch;
  return seeOtherPrivately(await chooseRetryPath(request.nextUrl.searchParams.get("after")));
}
