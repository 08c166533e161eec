"use server";

import { z } from "zod";
import { SmartcarIdSchema } from "@/lib/smartcar/schemas";
import { readSession } from "@/lib/session";
import type { BudgetView, SignalView } from "@/lib/vehicles/card";
import { CHARGE_LIMIT, COMMAND } from "@/lib/smartcar/terms";
import { runCommand } from "@/lib/vehicles/commands";
import type { Problem } from "@/lib/smartcar/errors";
import { COMMAND_WORDS } from "@/lib/vehicles/copy";
import { refreshVehicle } from "@/lib/vehicles/refresh";

export type CommandState = {
  kind: "idle" | "done" | "refused" | "unknown" | "busy" | "not-found" | "unavailable";
  message: string;
  signals: SignalView[];
};

const CommandSchema = z.object({
  vehicleId: SmartcarIdSchema,
  // Not "unlock": it asks for the password (app/vehicles/unlock-actions.ts).
  command: z.enum([COMMAND.lock, COMMAND.startCharge, COMMAND.stopCharge, COMMAND.setChargeLimit]),
  percent: z.coerce.number().int().min(CHARGE_LIMIT.min).max(CHARGE_LIMIT.max).optional(),
});

export async function commandAction(
  _state: CommandState,
  formData: FormData,
): Promise<CommandState> {
  const read = await readSession();
  if (read.kind !== "signed-in")
    return { kind: "not-found", message: COMMAND_WORDS.notFound, signals: [] };
  const parsed = CommandSchema.safeParse({
    vehicleId: formData.get("vehicleId"),
    command: formData.get("command"),
    percent:
      formData.get("command") === COMMAND.setChargeLimit ? formData.get("percent") : undefined,
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
  const outcome = await runCommand(read.user.id, vehicleId, command, percent);
  return {
    kind: outcome.kind,
    message: outcome.message,
    signals: outcome.kind === "done" ? outcome.signals : [],
  };
}

export type RefreshState =
  | { kind: "idle" }
  | { kind: "done"; signals: SignalView[]; budget: BudgetView }
  | { kind: "too-soon"; budget: BudgetView }
  | { kind: "failed"; problem: Problem; budget: BudgetView }
  | { kind: "refused"; message: string };

const RefreshSchema = z.object({ vehicleId: SmartcarIdSchema });

/** A card's Refresh button: reads that vehicle now, within its limits (lib/vehicles/refresh.ts). */
export async function refreshAction(
  _state: RefreshState,
  formData: FormData,
): Promise<RefreshState> {
  const read = await readSession();
  const parsed = RefreshSchema.safeParse({ vehicleId: formData.get("vehicleId") });
  if (read.kind !== "signed-in" || !parsed.success)
    return { kind: "refused", message: COMMAND_WORDS.notFound };
  const outcome = await refreshVehicle(read.user.id, parsed.data.vehicleId);
  switch (outcome.kind) {
    case "not-found":
      return { kind: "refused", message: COMMAND_WORDS.notFound };
    case "unavailable":
      return { kind: "refused", message: COMMAND_WORDS.unavailable };
    default:
      return outcome;
  }
}
