"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getSignedInUser } from "@/lib/session";
import { disconnectMessage } from "@/lib/vehicles/copy";
import { disconnectAll, disconnectVehicle } from "@/lib/vehicles/disconnect";

export type DisconnectState = { message?: string };

const VehicleIdSchema = z.string().min(1).max(200);

export async function disconnectAllAction(): Promise<DisconnectState> {
  const user = await getSignedInUser();
  if (!user) redirect("/sign-in?next=/vehicles");
  const outcome = await disconnectAll(user.id);
  if (outcome.kind === "disconnected" || outcome.kind === "not-found")
    redirect("/vehicles?disconnected=1");
  return { message: disconnectMessage(outcome) };
}

export async function disconnectVehicleAction(
  _state: DisconnectState,
  formData: FormData,
): Promise<DisconnectState> {
  const user = await getSignedInUser();
  if (!user) redirect("/sign-in?next=/vehicles");
  const vehicleId = VehicleIdSchema.safeParse(formData.get("vehicleId"));
  const outcome = vehicleId.success
    ? await disconnectVehicle(user.id, vehicleId.data)
    : ({ kind: "not-found" } as const);
  if (outcome.kind === "disconnected") redirect("/vehicles?disconnected=one");
  return { message: disconnectMessage(outcome) };
}
