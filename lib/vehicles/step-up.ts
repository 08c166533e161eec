import "server-only";
import { confirmPassword } from "@/lib/accounts/confirm";
import { confirmationRefusal } from "@/lib/accounts/confirm-copy";
import { COMMAND } from "@/lib/smartcar/terms";
import { runCommand, type CommandOutcome } from "@/lib/vehicles/commands";
import { disconnectAll, type DisconnectOutcome } from "@/lib/vehicles/disconnect";

// The actions that ask for the account password, every time (docs/threat-model.md, "Unlock asks
// for the password"): Unlock, the most sensitive thing the app does (car makers' own apps ask for
// a PIN), and Disconnect all. A session cookie alone does neither. Lock, charging and the charge
// limit do not ask.

export type PasswordRefusal = { kind: "password"; message: string };

/** Unlocks `vehicleId` for `user` only once `password` is confirmed; a refusal sends nothing. */
export async function unlockWithPassword(
  user: { id: string; email: string },
  vehicleId: string,
  password: unknown,
): Promise<CommandOutcome | PasswordRefusal> {
  const confirmed = await confirmPassword(user, password);
  if (confirmed.kind !== "confirmed")
    return { kind: "password", message: confirmationRefusal(confirmed, "Nothing was unlocked.") };
  return runCommand(user.id, vehicleId, COMMAND.unlock);
}

/** Disconnects every vehicle of `user` only once `password` is confirmed. */
export async function disconnectAllWithPassword(
  user: { id: string; email: string },
  password: unknown,
): Promise<DisconnectOutcome | PasswordRefusal> {
  const confirmed = await confirmPassword(user, password);
  if (confirmed.kind !== "confirmed")
    return {
      kind: "password",
      message: confirmationRefusal(confirmed, "Nothing was disconnected."),
    };
  return disconnectAll(user.id);
}
