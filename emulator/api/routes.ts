import type { IncomingMessage, ServerResponse } from "node:http";
import type { Context } from "../context";
import { sleep } from "../http";
import { tokenIsValid } from "../iam/token";
import type { RouteKind } from "../stats";
import { COMMANDS, runCommand } from "./commands";
import { deleteConnection, deleteUser, getConnection, listConnections } from "./connections";
import { errors, FAULT_ERRORS, sendError } from "./errors";
import { getSignal, getVehicle, listSignals } from "./vehicles";

// /v3/...: the Vehicle API (contract 3 [V0]). Every request needs `Authorization: Bearer
// <application token>`; faults and the latency setting apply here before the handler runs.

type Route = {
  kind: Exclude<RouteKind, "authorize" | "reauthenticate" | "token" | "unknown">;
  vehicleId?: string;
  id?: string;
  rest?: string;
};

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function matchRoute(method: string, pathname: string): Route | null {
  // Smartcar's Node SDK asks for a vehicle as `/v3/vehicles/{id}/`: its URL joiner appends a
  // slash to the empty path, so the live API answers it (contract 11).
  const vehicle = /^\/v3\/vehicles\/[^/]+\/$/.test(pathname) && method === "GET";
  const segments = (vehicle ? pathname.slice(0, -1) : pathname).split("/").slice(2).map(decode);
  if (segments.some((s) => s === null || s === "")) return null;
  const [resource, id, sub, ...rest] = segments as string[];
  if (resource === "connections") {
    if (!id && method === "GET") return { kind: "connections" };
    if (id && !sub && method === "GET") return { kind: "connection", id };
    if (id && !sub && method === "DELETE") return { kind: "deleteConnection", id };
  }
  if (resource === "users" && id && !sub && method === "DELETE") return { kind: "deleteUser", id };
  if (resource === "vehicles" && id) {
    if (!sub && method === "GET") return { kind: "vehicle", vehicleId: id };
    if (sub === "signals" && rest.length === 0 && method === "GET")
      return { kind: "signals", vehicleId: id };
    if (sub === "signals" && rest.length === 1 && method === "GET") {
      return { kind: "signal", vehicleId: id, rest: rest[0] };
    }
    if (
      sub === "commands" &&
      rest.length === 2 &&
      method === "POST" &&
      rest.join("/") in COMMANDS
    ) {
      return { kind: "commands", vehicleId: id, rest: rest.join("/") };
    }
  }
  return null;
}

function sendFault(res: ServerResponse, status: number) {
  sendError(res, FAULT_ERRORS[status]!, status === 429 ? { "Retry-After": "1" } : {});
}

export async function handleApi(ctx: Context, req: IncomingMessage, res: ServerResponse, url: URL) {
  const route = matchRoute(req.method ?? "GET", url.pathname);
  ctx.stats.count(route?.kind ?? "unknown");
  await sleep(ctx.store.state.settings.latencyMs);
  for (const fault of ctx.faults) if (fault.kind === "slow") await sleep(fault.delayMs);

  const down = ctx.faults.find((f) => f.kind === "down");
  if (down?.kind === "down") return sendFault(res, down.status);

  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
  if (!token || !tokenIsValid(ctx, token, ctx.now())) return sendError(res, errors.unauthorized());

  if (!route) return sendError(res, errors.notFound(`No route ${req.method} ${url.pathname}.`));

  // A vehicle's throttle (VEHICLE) answers only requests about a vehicle; the application's bucket
  // (SMARTCAR_API) answers any (contract 8.3).
  const limit = ctx.faults.find(
    (f) =>
      f.kind === "rate-limit" && f.count > 0 && (f.code === "SMARTCAR_API" || !!route.vehicleId),
  );
  if (limit?.kind === "rate-limit") {
    limit.count -= 1;
    // Seconds, as documented for RATE_LIMIT/VEHICLE (contract 8.3).
    return sendError(res, errors.rateLimited(limit.code), {
      "Retry-After": String(limit.retryAfterSeconds),
    });
  }
  if (route.vehicleId) {
    const broken = ctx.faults.find(
      (f) => f.kind === "vehicle-error" && f.vehicleId === route.vehicleId,
    );
    if (broken?.kind === "vehicle-error") return sendFault(res, broken.status);
  }

  const { vehicleId = "", id = "", rest = "" } = route;
  switch (route.kind) {
    case "connections":
      return listConnections(ctx, req, res, url.searchParams);
    case "connection":
      return getConnection(ctx, res, id);
    case "deleteConnection":
      return deleteConnection(ctx, res, id);
    case "deleteUser":
      return deleteUser(ctx, res, id);
    case "vehicle":
      return getVehicle(ctx, res, vehicleId);
    case "signals":
      return listSignals(ctx, req, res, vehicleId, url.searchParams);
    case "signal":
      return getSignal(ctx, req, res, vehicleId, rest);
    case "commands":
      return runCommand(ctx, req, res, vehicleId, rest);
  }
}
