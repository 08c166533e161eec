"use server";

import { SmartcarIdSchema } from "@/lib/smartcar/schemas";
import { readSession } from "@/lib/session";
import type { CommandState } from "@/app/vehicles/actions";
import { COMMAND_WORDS } from "@/lib/vehicles/copy";
import { unlockWithPassword } from "@/lib/vehicles/step-up";

// The Unlock form's action (app/vehicles/unlock-control.tsx): parse, confirm and unlock in lib.

/** A command's state, and one more: the password was wrong. */
export type UnlockState = Omit<CommandState, "kind"> & { kind: CommandState["kind"] | "password" };

export async function unlockAction(_state: UnlockState, formData: FormData): Promise<UnlockState> {
  const read = await readSession();
  const vehicleId = SmartcarIdSchema.safeParse(formData.get("vehicleId"));
  if (read.kind !== "signed-in" || !vehicleId.success)
    return { kind: "not-found", message: COMMAND_WORDS.notFound, signals: [] };
  const outcome = await unlockWithPassword(read.user, vehicleId.data, formData.get("password"));
  return {
    kind: outcome.kind,
    message: outcome.message,
    signals: outcome.kind === "done" ? outcome.signals : [],
  };
}
