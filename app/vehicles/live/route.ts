import type { NextRequest } from "next/server";
import { getSignedInUser } from "@/lib/session";
import { vehicleEventStream } from "@/lib/vehicles/stream";

// GET /vehicles/live: the signed-in user's vehicle updates, as Server-Sent Events.
export async function GET(request: NextRequest) {
  const user = await getSignedInUser();
  if (!user) return new Response(null, { status: 401, headers: { "Cache-Control": "no-store" } });
  return new Response(vehicleEventStream(user.id, request.signal), {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: no compression, which would hold events back until a buffer fills.
      "Cache-Control": "no-store, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
