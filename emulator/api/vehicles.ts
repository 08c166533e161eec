import type { IncomingMessage, ServerResponse } from "node:http";
import { reauthenticateUrl } from "../changes";
import type { Context } from "../context";
import { sendJson } from "../http";
import { readableSignals, signalOutcome, signalsOf, type SignalDefinition } from "../signals";
import { connectionOf, type Connection, type TimestampFormat, type Vehicle } from "../state";
import { displayMake } from "./connections";
import { errors, sendError } from "./errors";
import { readPage, SIGNALS_PAGE, slice } from "./paging";

// GET /v3/vehicles/{id}, its signals, and one signal by code (contract 5 [V4], 6.1 [V5], 6.2 [V6]).

/** The vehicle, if it is connected; otherwise a 404 has been sent. */
function connectedVehicle(
  ctx: Context,
  res: ServerResponse,
  vehicleId: string,
): { vehicle: Vehicle; connection: Connection } | null {
  const vehicle = ctx.store.state.vehicles[vehicleId];
  const connection = vehicle && connectionOf(ctx.store.state, vehicleId);
  if (!vehicle || !connection) {
    sendError(res, errors.notFound(`No connected vehicle with id ${vehicleId}.`));
    return null;
  }
  return { vehicle, connection };
}

/**
 * For signals and commands: `sc-user-id` is required (400 without it, contract 3), must own the
 * vehicle's connection (403), and a vehicle that needs re-authentication answers
 * CONNECTED_SERVICES_ACCOUNT / AUTHENTICATION_FAILED with the re-auth URL (contract 1.3, 8.2).
 */
export function ownedVehicle(
  ctx: Context,
  req: IncomingMessage,
  res: ServerResponse,
  vehicleId: string,
) {
  const header = req.headers["sc-user-id"];
  const userId = typeof header === "string" ? header.trim().toLowerCase() : "";
  if (!userId) {
    sendError(
      res,
      errors.validation("The sc-user-id header is required: the user_id from Connect."),
    );
    return null;
  }
  const found = connectedVehicle(ctx, res, vehicleId);
  if (!found) return null;
  if (found.connection.userId !== userId) {
    sendError(res, errors.permission("This user has no connection to this vehicle."));
    return null;
  }
  if (found.vehicle.needsReauthentication) {
    sendError(res, errors.reauthenticate(reauthenticateUrl(ctx, vehicleId)));
    return null;
  }
  return found;
}

function timestamp(ms: number, format: TimestampFormat): string | number {
  if (format === "seconds") return Math.floor(ms / 1000);
  if (format === "millis") return ms;
  return new Date(ms).toISOString();
}

function signalResource(ctx: Context, vehicle: Vehicle, signal: SignalDefinition) {
  const format = ctx.store.state.settings.timestampFormat;
  const retrievedAt = vehicle.signalUpdatedAt[signal.code] ?? ctx.now();
  const self = `/vehicles/${vehicle.id}/signals/${signal.code}`;
  const outcome = signalOutcome(vehicle, signal);
  return {
    // "A human readable identifier": the code.
    id: signal.code,
    type: "signal",
    attributes: { code: signal.code, name: signal.name, group: signal.group, ...outcome },
    // A failed signal has no reading to date: `meta: {}`, as the documented one (contract 6.3).
    meta:
      outcome.status.value === "SUCCESS"
        ? {
            retrievedAt: timestamp(retrievedAt, format),
            oemUpdatedAt: timestamp(retrievedAt - 1000, format),
          }
        : {},
    links: { self, values: `${self}/values`, vehicle: `/vehicles/${vehicle.id}` },
  };
}

function includedVehicle(vehicle: Vehicle) {
  return {
    vehicle: {
      id: vehicle.id,
      type: "vehicle",
      attributes: { make: displayMake(vehicle.make), model: vehicle.model, year: vehicle.year },
      links: { self: `/vehicles/${vehicle.id}` },
    },
  };
}

export function getVehicle(ctx: Context, res: ServerResponse, vehicleId: string) {
  const found = connectedVehicle(ctx, res, vehicleId);
  if (!found) return;
  const { vehicle, connection } = found;
  sendJson(res, 200, {
    data: {
      id: vehicle.id,
      type: "vehicle",
      attributes: {
        make: displayMake(vehicle.make),
        model: vehicle.model,
        year: vehicle.year,
        powertrainType: vehicle.powertrain,
        mode: connection.mode,
      },
      links: { self: `/vehicles/${vehicle.id}` },
    },
  });
}

export function listSignals(
  ctx: Context,
  req: IncomingMessage,
  res: ServerResponse,
  vehicleId: string,
  query: URLSearchParams,
) {
  const found = ownedVehicle(ctx, req, res, vehicleId);
  if (!found) return;
  const paging = readPage(query, ctx.store.state.settings.signalsPageSize, SIGNALS_PAGE);
  if (!paging.ok) return sendError(res, errors.validation(paging.detail));
  const { vehicle, connection } = found;
  // An empty signal store answers 200 with no signals (contract 6.3).
  const signals = vehicle.emptySignals ? [] : readableSignals(vehicle, connection.permissions);
  const { page } = paging;
  const { items, last, prev, next } = slice(signals, page);
  // Relative to the v3 base, as the documented example spells them (contract 6.1).
  const link = (n: number) => `/vehicles/${vehicle.id}/signals?page=${n}&pageSize=${page.size}`;
  sendJson(res, 200, {
    data: items.map((s) => signalResource(ctx, vehicle, s)),
    meta: { page: page.number, pageSize: page.size, totalCount: signals.length },
    links: {
      self: link(page.number),
      first: link(1),
      previous: prev === null ? null : link(prev),
      next: next === null ? null : link(next),
      last: link(last),
    },
    included: includedVehicle(vehicle),
  });
}

export function getSignal(
  ctx: Context,
  req: IncomingMessage,
  res: ServerResponse,
  vehicleId: string,
  code: string,
) {
  const found = ownedVehicle(ctx, req, res, vehicleId);
  if (!found) return;
  const { vehicle, connection } = found;
  const signal = signalsOf(vehicle).find((s) => s.code === code);
  if (!signal || vehicle.emptySignals) {
    return sendError(res, errors.notFound(`The vehicle has no signal ${code}.`));
  }
  if (!connection.permissions.includes(signal.permission)) {
    return sendError(
      res,
      errors.permission(`Reading ${code} needs the ${signal.permission} permission.`),
    );
  }
  // Unwrapped at the top level, as the reference example and the JSDoc of Smartcar's own Node SDK
  // both show it (contract 6.2, 11); the client reads the wrapped form too.
  sendJson(res, 200, signalResource(ctx, vehicle, signal));
}
