import type { NextRequest } from "next/server";
import { advanceConnect } from "@/lib/emulator/connect-flow";
import { emulatorDisabledResponse } from "@/lib/emulator/guard";

// POST /emulator/connect/<session>/step: the button pressed on the current Connect screen.
export async function POST(request: NextRequest, { params }: RouteContext<"/emulator/connect/[session]/step">) {
  const disabled = emulatorDisabledResponse();
  if (disabled) return disabled;
  const { session } = await params;
  const form = await request.formData().catch(() => new FormData());
  const outcome = await advanceConnect(session, form);
  const location = outcome.kind === "redirect" ? outcome.url : `/emulator/connect/${encodeURIComponent(session)}`;
  return new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });
}
