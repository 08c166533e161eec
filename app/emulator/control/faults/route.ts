import { z } from "zod";
import { FaultSchema, listFaults, setFaults } from "@/lib/emulator/faults";
import { emulatorDisabledResponse } from "@/lib/emulator/guard";

// /emulator/control/faults: what tests use to make the emulated API fail. PUT a JSON array of
// faults to replace them all; PUT [] to clear.
export async function GET() {
  return emulatorDisabledResponse() ?? Response.json(listFaults());
}

export async function PUT(request: Request) {
  const disabled = emulatorDisabledResponse();
  if (disabled) return disabled;
  const parsed = z.array(FaultSchema).max(20).safeParse(await request.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: "Expected an array of faults." }, { status: 400 });
  setFaults(parsed.data);
  return Response.json(listFaults());
}
