"use server";

import { redirect } from "next/navigation";
import { disconnectVehicles } from "@/lib/vehicles/garage";
import { getSignedInUser } from "@/lib/session";

export type DisconnectState = { message?: string };

export async function disconnectAction(): Promise<DisconnectState> {
  const user = await getSignedInUser();
  if (!user) redirect("/sign-in?next=/vehicles");
  const outcome = await disconnectVehicles(user.id);
  if (outcome.kind === "error") return { message: outcome.message };
  redirect("/vehicles?disconnected=1");
}
