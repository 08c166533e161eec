import { answerApi, matchApiRoute } from "@/lib/emulator/api";
import { emulatorDisabledResponse } from "@/lib/emulator/guard";

// /emulator/api/v3/...: the emulated vehicle API.
async function handle(request: Request, { params }: RouteContext<"/emulator/api/[...path]">) {
  const disabled = emulatorDisabledResponse();
  if (disabled) return disabled;
  const { path } = await params;
  return answerApi(request, matchApiRoute(request.method, path));
}

export const GET = handle;
export const DELETE = handle;
