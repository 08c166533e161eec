import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { findBrand } from "../catalog";
import type { Context } from "../context";
import { sendJson, sendNoContent } from "../http";
import type { Connection } from "../state";
import { errors, sendError } from "./errors";
import { pageLink, readPage, slice } from "./paging";

// GET /v3/connections, GET and DELETE /v3/connections/{id}, DELETE /v3/users/{id}
// (contract 4.1 [V1], 4.2 [V2], 4.3 [V3]).

/** The REST examples spell the make as people write it (`Tesla`), webhooks in upper case. */
export function displayMake(make: string): string {
  return findBrand(make)?.name ?? make;
}

function resource(ctx: Context, connection: Connection) {
  const vehicle = ctx.store.state.vehicles[connection.vehicleId]!;
  return {
    id: connection.id,
    type: "connection",
    attributes: {
      permissions: [...connection.permissions],
      vehicle: {
        make: displayMake(vehicle.make),
        model: vehicle.model,
        year: vehicle.year,
        mode: connection.mode,
        powertrainType: vehicle.powertrain,
      },
    },
    relationships: {
      vehicle: {
        data: { id: vehicle.id, type: "vehicle" },
        links: { related: `${ctx.origin}/v3/vehicles/${vehicle.id}` },
      },
      user: { data: { id: connection.userId, type: "user" } },
    },
    meta: { createdAt: connection.createdAt, updatedAt: connection.updatedAt },
    links: { self: `${ctx.origin}/v3/connections/${connection.id}` },
  };
}

const ModeFilter = z.enum(["live", "simulated"]);

export function listConnections(
  ctx: Context,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
) {
  const paging = readPage(query, 10);
  if (!paging.ok) return sendError(res, errors.validation(paging.detail));
  // The mode filter defaults to live: simulated connections show only when asked for
  // (contract 4.1).
  const mode = ModeFilter.safeParse(query.get("filter[vehicle.mode]") ?? "live");
  if (!mode.success)
    return sendError(res, errors.validation("filter[vehicle.mode] must be live or simulated"));
  const userId = query.get("filter[userId]");
  const vehicleId = query.get("filter[vehicleId]");
  // Named `filter[user.externalId]` by two clients, `filter[userExternalId]` by one (contract 4.1).
  const externalId = query.get("filter[user.externalId]") ?? query.get("filter[userExternalId]");
  // The auth overview says sc-user-id is also accepted here to filter by user (contract 4.1).
  const headerUser = req.headers["sc-user-id"];
  const users = [userId, typeof headerUser === "string" ? headerUser : null].filter(
    (u) => u !== null,
  );
  const matching = Object.values(ctx.store.state.connections)
    .filter((c) => c.mode === mode.data)
    .filter((c) => users.every((u) => c.userId === u.toLowerCase()))
    .filter((c) => vehicleId === null || c.vehicleId === vehicleId)
    .filter((c) => externalId === null || c.externalId === externalId)
    // Stable order across pages: by creation, then id.
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const { page } = paging;
  const { items, last, prev, next } = slice(matching, page);
  const filters: [string, string][] = [];
  if (userId !== null) filters.push(["filter[userId]", userId]);
  if (vehicleId !== null) filters.push(["filter[vehicleId]", vehicleId]);
  if (externalId !== null) filters.push(["filter[user.externalId]", externalId]);
  if (query.has("filter[vehicle.mode]")) filters.push(["filter[vehicle.mode]", mode.data]);
  const link = (n: number) => pageLink(`${ctx.origin}/v3/connections`, filters, n, page.size);
  sendJson(res, 200, {
    data: items.map((c) => resource(ctx, c)),
    meta: { pageNumber: page.number, pageSize: page.size, totalCount: matching.length },
    links: {
      self: link(page.number),
      first: link(1),
      prev: prev === null ? null : link(prev),
      next: next === null ? null : link(next),
      last: link(last),
    },
  });
}

export function getConnection(ctx: Context, res: ServerResponse, id: string) {
  const connection = ctx.store.state.connections[id];
  if (!connection) return sendError(res, errors.notFound(`No connection with id ${id}.`));
  sendJson(res, 200, { data: resource(ctx, connection) });
}

export function deleteConnection(ctx: Context, res: ServerResponse, id: string) {
  if (!ctx.store.state.connections[id]) {
    return sendError(res, errors.notFound(`No connection with id ${id}.`));
  }
  delete ctx.store.state.connections[id];
  ctx.store.changed();
  sendNoContent(res);
}

/** Removes every connection of the user; a user with none is unknown to the application. */
export function deleteUser(ctx: Context, res: ServerResponse, userId: string) {
  const connections = ctx.store.state.connections;
  const theirs = Object.values(connections).filter((c) => c.userId === userId.toLowerCase());
  if (theirs.length === 0) return sendError(res, errors.notFound(`No user with id ${userId}.`));
  for (const connection of theirs) delete connections[connection.id];
  ctx.store.changed();
  sendNoContent(res);
}
