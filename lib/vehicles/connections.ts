import "server-only";
import { getConfig } from "@/lib/config";
import { log, maskId } from "@/lib/log";
import { smartcarTransport } from "@/lib/smartcar";
import { listConnections } from "@/lib/smartcar/client";
import type { Connection } from "@/lib/smartcar/schemas";
import { classifySmartcarError, type Problem } from "@/lib/smartcar/errors";
import {
  claimConnectionsRead,
  listLinks,
  removeLinks,
  saveConnections,
  type Link,
} from "@/lib/vehicles/links";
import { vehicleTitle } from "@/lib/vehicles/names";

// What the user's links give access to: each link's connections, read from Smartcar at most once
// per CONNECTIONS_MAX_AGE (and right after a connect, re-authentication or disconnect), else as
// last read. A new link is used only once Smartcar has confirmed it, at its first read: at least
// one connection of this application for that `user_id` (the connections endpoint lists only the
// calling application's, contract 4.1) and, where connections carry the launch's external id
// (UNVERIFIED, contract 1.3, 4.1), this user's. A link that fails is removed; one Smartcar
// could not be asked waits, unconfirmed, and shows nothing.

export type GarageVehicle = { smartcarUserId: string; connection: Connection; title: string };

export type UserVehicles = {
  vehicles: GarageVehicle[];
  /** Why a link's connections could not be read just now. */
  unreadable: Problem[];
  /** Confirmed links whose connections are all gone (revoked at the carmaker or at Smartcar). */
  removedLinks: number;
  /** New links Smartcar did not confirm: removed, and the person told why. */
  refusedLinks: number;
};

/**
 * What Smartcar's list says of a link: its connections that may be this user's (none that carries
 * another user's external id); or, when there are none, whether the link was refused (never
 * confirmed, or listed only for someone else) or is gone (confirmed once, now empty).
 */
export function judgeConnections(
  userId: string,
  listed: Connection[],
  confirmed: boolean,
): { kind: "own"; connections: Connection[] } | { kind: "refused" } | { kind: "gone" } {
  const own = listed.filter((c) => !c.externalId || c.externalId === userId);
  if (own.length) return { kind: "own", connections: own };
  return !confirmed || listed.length > 0 ? { kind: "refused" } : { kind: "gone" };
}

type Read =
  | { kind: "vehicles"; connections: Connection[] }
  | { kind: "unreadable"; problem: Problem; connections: Connection[] }
  | { kind: "removed" }
  | { kind: "refused" };

async function readLink(userId: string, link: Link): Promise<Read> {
  const { smartcarUserId } = link;
  if (link.confirmedAt && link.connections) {
    // A confirmed link with connections: read again only when stale, and only by one caller.
    const turn =
      link.stale &&
      (await claimConnectionsRead(userId, smartcarUserId, link.connectionsAt).catch(() => false));
    if (!turn) return { kind: "vehicles", connections: link.connections };
  }
  let listed: Connection[];
  try {
    listed = await listConnections(smartcarTransport(), smartcarUserId);
  } catch (error) {
    log("vehicles.list_failed", { smartcarUser: maskId(smartcarUserId), error: String(error) });
    // An unconfirmed link waits; a confirmed one shows what was last read, with the problem.
    const known = link.confirmedAt ? (link.connections ?? []) : [];
    return { kind: "unreadable", problem: classifySmartcarError(error), connections: known };
  }
  const judged = judgeConnections(userId, listed, link.confirmedAt !== null);
  if (judged.kind !== "own") {
    log(judged.kind === "refused" ? "vehicles.link_refused" : "vehicles.link_gone", {
      smartcarUser: maskId(smartcarUserId),
      connections: listed.length,
    });
    await removeLinks(userId, [smartcarUserId]);
    return { kind: judged.kind === "refused" ? "refused" : "removed" };
  }
  await saveConnections(userId, smartcarUserId, judged.connections, {
    confirm: true,
    summary: judged.connections.map(vehicleTitle).join(", "),
  });
  return { kind: "vehicles", connections: judged.connections };
}

/** Every vehicle of the user's confirmed links, in the order the links were made. */
export async function userVehicles(userId: string): Promise<UserVehicles> {
  const links = await listLinks(userId, getConfig().vehicles.connectionsMaxAgeMs);
  const reads = await Promise.all(links.map((link) => readLink(userId, link)));
  const result: UserVehicles = { vehicles: [], unreadable: [], removedLinks: 0, refusedLinks: 0 };
  reads.forEach((read, i) => {
    const { smartcarUserId } = links[i]!;
    if (read.kind === "removed") result.removedLinks += 1;
    else if (read.kind === "refused") result.refusedLinks += 1;
    else {
      if (read.kind === "unreadable") result.unreadable.push(read.problem);
      for (const connection of read.connections)
        result.vehicles.push({ smartcarUserId, connection, title: vehicleTitle(connection) });
    }
  });
  return result;
}
