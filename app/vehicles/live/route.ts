import type { NextRequest } from "next/server";
import { readSession } from "@/lib/session";
import { openVehicleStream } from "@/lib/vehicles/stream";
import { STREAM_FULL } from "@/lib/vehicles/copy";

// GET /vehicles/live: the signed-in user's vehicle updates, as Server-Sent Events.
export async function GET(request: NextRequest) {
  const read = await readSession();
  if (read.kind !== "signed-in")
    return new Response(null, { status: 401, headers: { "Cache-Control": "no-store" } });
  const opening = openVehicleStream(
    { id: read.user.id, sessionId: read.sessionId },
    request.signal,
  );
  if (opening.kind !== "open") {
    // EventSource does not reconnect after a non-200 answer: the page keeps what it shows.
    const status = opening.kind === "user-full" ? 429 : 503;
    return new Response(STREAM_FULL[opening.kind], {
      status,
      headers: { "Cache-Control": "no-store", "Retry-After": "60", "Content-Type": "text/plain" },
    });
  }
  return new Response(opening.stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: no compression, which would hold events back until a buffer fills.
      "Cache-Control": "no-store, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
