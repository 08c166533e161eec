"use server";

import { redirect } from "next/navigation";
import { SmartcarIdSchema } from "@/lib/smartcar/schemas";
import { requireUser } from "@/lib/session";
import { disconnectMessage } from "@/lib/vehicles/copy";
import { disconnectVehicle } from "@/lib/vehicles/disconnect";
import { disconnectAllWithPassword } from "@/lib/vehicles/step-up";

export type DisconnectState = { message?: string };

/** Disconnect all asks for the account password (lib/vehicles/step-up.ts). */
export async function disconnectAllAction(
  _state: DisconnectState,
  formData: FormData,
): Promise<DisconnectState> {
  const user = await requireUser("/vehicles");
  const outcome = await disconnectAllWithPassword(user, formData.get("password"));
  if (outcome.kind === "disconnected" || outcome.kind === "not-found")
    redirect("/vehicles?disconnected=1");
  return { message: outcome.kind === "password" ? outcome.message : disconnectMessage(outcome) };
}

export async function disconnectVehicleAction(
  _state: DisconnectState,
  formData: FormData,
): Promise<DisconnectState> {
  const user = await requireUser("/vehicles");
  const vehicleId = SmartcarIdSchema.safeParse(formData.get("vehicleId"));
  const outcome = vehicleId.success
    ? await disconnectVehicle(user.id, vehicleId.data)
    : ({ kind: "not-found" } as const);
  if (outcome.kind === "disconnected") redirect("/vehicles?disconnected=one");
  return { message: disconnectMessage(outcome) };
}
