import "server-only";
import { whenDatabaseIsUp } from "@/lib/db";
import { log, maskId } from "@/lib/log";
import { smartcar } from "@/lib/smartcar";
import type { Connection } from "@/lib/smartcar/client";
import { classifySmartcarError, type Problem } from "@/lib/smartcar/errors";
import { listLinks, noteLinkVerified, removeLinks } from "@/lib/vehicles/links";
import { vehicleTitle } from "@/lib/vehicles/names";
import { readStoredVehicles, type StoredVehicle } from "@/lib/vehicles/readings";

// What the user's stored user_ids give access to: every connection of every link, read in
// parallel. A link whose connections are all gone at Smartcar (revoked at the carmaker or in
// Smartcar's dashboard) is forgotten, and the page says so.

export type GarageVehicle = { smartcarUserId: string; connection: Connection; title: string };

export type Garage =
  | {
      kind: "ok";
      vehicles: (GarageVehicle & { stored: StoredVehicle })[];
      unreadable: Problem[];
      removedLinks: number;
    }
  | { kind: "unavailable" };

export async function loadGarage(userId: string): Promise<Garage> {
  return whenDatabaseIsUp(async () => {
    const links = await listLinks(userId);
    const listed = await Promise.allSettled(
      links.map((link) => smartcar().listConnections(link.smartcarUserId)),
    );

    const vehicles: GarageVehicle[] = [];
    const unreadable: Problem[] = [];
    const gone: string[] = [];
    await Promise.all(
      listed.map(async (result, i) => {
        const { smartcarUserId } = links[i]!;
        if (result.status === "rejected") {
          log("vehicles.list_failed", {
            smartcarUser: maskId(smartcarUserId),
            error: String(result.reason),
          });
          unreadable.push(classifySmartcarError(result.reason));
          return;
        }
        if (result.value.length === 0) {
          gone.push(smartcarUserId);
          return;
        }
        const cars = result.value.map((connection) => ({
          smartcarUserId,
          connection,
          title: vehicleTitle(connection),
        }));
        vehicles.push(...cars);
        await noteLinkVerified(userId, smartcarUserId, cars.map((c) => c.title).join(", "));
      }),
    );
    const removedLinks = await removeLinks(userId, gone);
    // Links in the order they were connected, each link's vehicles in Smartcar's order.
    const order = new Map(links.map((link, i) => [link.smartcarUserId, i]));
    vehicles.sort((a, b) => order.get(a.smartcarUserId)! - order.get(b.smartcarUserId)!);
    // What webhooks stored, for every vehicle in one go: the cards show it at once.
    const stored = await readStoredVehicles(vehicles.map((v) => v.connection.vehicleId));
    return {
      kind: "ok",
      vehicles: vehicles.map((v) => ({ ...v, stored: stored.get(v.connection.vehicleId)! })),
      unreadable,
      removedLinks,
    };
  });
}
