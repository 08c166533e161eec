"use server";

import { z } from "zod";
import { readSession } from "@/lib/session";
import type { SignalView } from "@/lib/vehicles/card";
import { COMMAND_WORDS } from "@/lib/vehicles/copy";
import { unlockWithPassword } from "@/lib/vehicles/step-up";

// The Unlock form's action (app/vehicles/unlock-control.tsx): parse, confirm and unlock in lib.

export type UnlockState = {
  kind: "idle" | "password" | "done" | "refused" | "unknown" | "busy" | "not-found" | "unavailable";
  message: string;
  signals: SignalView[];
};

const VehicleIdSchema = z.string().min(1).max(200);

export async function unlockAction(_state: UnlockState, formData: FormData): Promise<UnlockState> {
  const read = await readSession();
  const vehicleId = VehicleIdSchema.safeParse(formData.get("vehicleId"));
  if (read.kind !== "signed-in" || !vehicleId.success)
    return { kind: "not-found", message: COMMAND_WORDS.notFound, signals: [] };
  const outcome = await unlockWithPassword(read.user, vehicleId.data, formData.get("password"));
  return {
    kind: outcome.kind,
    message: outcome.message,
    signals: outcome.kind === "done" ? outcome.signals : [],
  };
}
