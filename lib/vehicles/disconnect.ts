import "server-only";
import { whenDatabaseIsUp } from "@/lib/db";
import { smartcarTransport } from "@/lib/smartcar";
import { deleteConnection, deleteUser, listConnections } from "@/lib/smartcar/client";
import { classifySmartcarError, SmartcarApiError, type Problem } from "@/lib/smartcar/errors";
import { forgetConnections, listLinks, removeLinks } from "@/lib/vehicles/links";
import { findOwnedVehicle } from "@/lib/vehicles/ownership";

// Revoking access at Smartcar, then forgetting what is gone: one vehicle (its connection), or every
// link of the user (each Smartcar user; docs/smartcar-contract.md 4.3, [V3]).

export type DisconnectOutcome =
  | { kind: "disconnected" }
  | { kind: "not-found" }
  | { kind: "failed"; problem: Problem }
  | { kind: "unavailable" };

/** Already gone at Smartcar: nothing left to revoke. */
const isGone = (error: unknown) => error instanceof SmartcarApiError && error.status === 404;

/** One of the user's vehicles: `DELETE /v3/connections/{id}`; every other vehicle stays connected. */
export async function disconnectVehicle(
  userId: string,
  vehicleId: string,
): Promise<DisconnectOutcome> {
  const vehicle = await findOwnedVehicle(userId, vehicleId);
  if (vehicle.kind === "unavailable" || vehicle.kind === "not-found") return vehicle;
  if (vehicle.kind === "unreadable") return { kind: "failed", problem: vehicle.problem };
  try {
    await deleteConnection(smartcarTransport(), vehicle.connection.id);
  } catch (error) {
    if (!isGone(error)) return { kind: "failed", problem: classifySmartcarError(error) };
  }
  // The link's last vehicle: the link has nothing left to show.
  const rest = await listConnections(smartcarTransport(), vehicle.smartcarUserId).catch(() => null);
  if (rest?.length === 0) {
    const removed = await whenDatabaseIsUp(() => removeLinks(userId, [vehicle.smartcarUserId]));
    if (typeof removed !== "number") return removed;
  } else {
    // The page reads the link's connections again, without the disconnected vehicle.
    await whenDatabaseIsUp(() => forgetConnections(userId, vehicle.smartcarUserId));
  }
  return { kind: "disconnected" };
}

/** Every link: `DELETE /v3/users/{id}` for each; a link is forgotten once its revocation worked. */
export async function disconnectAll(userId: string): Promise<DisconnectOutcome> {
  return whenDatabaseIsUp(async () => {
    const all = await listLinks(userId);
    if (!all.length) return { kind: "not-found" } as const;
    // Only a link Smartcar confirmed as this user's is revoked at Smartcar: an unconfirmed one
    // may be someone else's user_id brought to this account, whose access must not be cut
    // (docs/threat-model.md). It is only forgotten here.
    const links = all.filter((link) => link.confirmedAt);
    const unconfirmed = all.filter((link) => !link.confirmedAt);
    const results = await Promise.allSettled(
      links.map((link) => deleteUser(smartcarTransport(), link.smartcarUserId)),
    );
    const revoked = links.filter((_, i) => {
      const result = results[i]!;
      return result.status === "fulfilled" || isGone(result.reason);
    });
    await removeLinks(
      userId,
      [...revoked, ...unconfirmed].map((link) => link.smartcarUserId),
    );
    const failed = results.find(
      (r): r is PromiseRejectedResult => r.status === "rejected" && !isGone(r.reason),
    );
    return failed
      ? ({ kind: "failed", problem: classifySmartcarError(failed.reason) } as const)
      : ({ kind: "disconnected" } as const);
  });
}
