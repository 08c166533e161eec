import type { NextRequest } from "next/server";
import { beginConnect } from "@/lib/emulator/connect-flow";
import { emulatorDisabledResponse } from "@/lib/emulator/guard";

// GET /emulator/connect/oauth/authorize: the emulated Connect's entry point.
export async function GET(request: NextRequest) {
  const disabled = emulatorDisabledResponse();
  if (disabled) return disabled;
  const outcome = await beginConnect(request.nextUrl.searchParams);
  const location =
    outcome.kind === "screens"
      ? `/emulator/connect/${outcome.sessionId}`
      : outcome.kind === "rejected"
        ? `/emulator/connect/rejected/${outcome.reason}`
        : outcome.url;
  return new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });
}
