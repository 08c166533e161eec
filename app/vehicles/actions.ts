"use server";

import { z } from "zod";
import { getSignedInUser } from "@/lib/session";
import type { SignalView } from "@/lib/vehicles/card";
import { runCommand, type CommandName } from "@/lib/vehicles/commands";
import { COMMAND_WORDS } from "@/lib/vehicles/copy";

export type CommandState = {
  kind: "idle" | "done" | "refused" | "unknown" | "busy" | "not-found" | "unavailable";
  message: string;
  signals: SignalView[];
};

const CommandSchema = z.object({
  vehicleId: z.string().min(1).max(200),
  // Not "unlock": it asks for the password (app/vehicles/unlock-actions.ts).
  command: z.enum([
    "lock",
    "start-charge",
    "stop-charge",
    "set-charge-limit",
  ] satisfies CommandName[]),
  percent: z.coerce.number().int().min(50).max(100).optional(),
});

export async function commandAction(
  _state: CommandState,
  formData: FormData,
): Promise<CommandState> {
  const user = await getSignedInUser();
  if (!user) return { kind: "not-found", message: COMMAND_WORDS.notFound, signals: [] };
  const parsed = CommandSchema.safeParse({
    vehicleId: formData.get("vehicleId"),
    command: formData.get("command"),
    percent: formData.get("command") === "set-charge-limit" ? formData.get("percent") : undefined,
  });
  if (!parsed.success) {
    const limit = parsed.error.issues.some((i) => i.path[0] === "percent");
    return {
      kind: "refused",
      message: limit ? COMMAND_WORDS.limitRange : COMMAND_WORDS.notFound,
      signals: [],
    };
  }
  const { vehicleId, command, percent } = parsed.data;
  const outcome = await runCommand(user.id, vehicleId, command, percent);
  return {
    kind: outcome.kind,
    message: outcome.message,
    signals: outcome.kind === "done" ? outcome.signals : [],
  };
}
