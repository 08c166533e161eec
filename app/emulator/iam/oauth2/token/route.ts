import { issueApplicationToken } from "@/lib/emulator/api";
import { emulatorDisabledResponse } from "@/lib/emulator/guard";

// POST /emulator/iam/oauth2/token: the emulated client-credentials token endpoint.
export async function POST(request: Request) {
  return emulatorDisabledResponse() ?? issueApplicationToken(request);
}
