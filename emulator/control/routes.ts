import type { IncomingMessage, ServerResponse } from "node:http";
import { accountOfVehicle } from "../accounts";
import { changeVehicle, replaceFaults, setNeedsReauthentication } from "../changes";
import type { Context } from "../context";
import { FaultListSchema } from "../faults";
import { readJson, sendJson } from "../http";
import { connectionOf, type Vehicle } from "../state";
import { firstIssue, SettingsPatch, VehiclePatch, WebhookTest } from "./schemas";

// /_emulator/...: health, request counts, and the controls tests use to shape the emulator. JSON
// in and out; bad input is a 400 `{"error": "..."}`. Not part of Smartcar's API.

function vehicleView(ctx: Context, vehicle: Vehicle) {
  const connection = connectionOf(ctx.store.state, vehicle.id);
  return {
    id: vehicle.id,
    userId: vehicle.userId,
    email: accountOfVehicle(ctx.store.state, vehicle)?.email ?? null,
    make: vehicle.make,
    model: vehicle.model,
    year: vehicle.year,
    powertrain: vehicle.powertrain,
    vin: vehicle.vin,
    connectionId: connection?.id ?? null,
    permissions: connection?.permissions ?? [],
    mode: connection?.mode ?? null,
    needsReauthentication: vehicle.needsReauthentication,
    emptySignals: vehicle.emptySignals,
    signalErrors: vehicle.signalErrors ?? {},
    state: vehicle.state,
  };
}

/** Applies a vehicle patch; returns an error message for a contradictory one. */
function patchVehicle(ctx: Context, vehicle: Vehicle, patch: VehiclePatch): string | null {
  const electric = ["batteryPercent", "pluggedIn", "charging", "chargeLimit"] as const;
  const invalid = electric.find((key) => patch[key] !== undefined);
  if (vehicle.powertrain === "ICE" && invalid)
    return `${invalid}: this vehicle has no traction battery`;
  const next = { ...vehicle.state };
  if (patch.batteryPercent !== undefined) next.batteryPercent = patch.batteryPercent;
  if (patch.pluggedIn !== undefined) next.pluggedIn = patch.pluggedIn;
  if (patch.chargeLimit !== undefined) next.chargeLimit = patch.chargeLimit;
  if (patch.charging) {
    if (!next.pluggedIn) return "charging: the vehicle must be plugged in to charge";
    if (next.batteryPercent >= next.chargeLimit)
      return "charging: the battery is already at its limit";
  }
  if (patch.odometerKm !== undefined) next.odometerKm = patch.odometerKm;
  if (patch.location) {
    next.latitude = patch.location.latitude;
    next.longitude = patch.location.longitude;
    if (patch.location.heading !== undefined) next.heading = patch.location.heading;
  }
  if (patch.locked !== undefined) next.locked = patch.locked;
  if (patch.doorOpen !== undefined) next.doorOpen = patch.doorOpen;
  if (patch.charging !== undefined) next.charging = patch.charging;
  changeVehicle(ctx, vehicle, (state) => Object.assign(state, next));
  if (patch.emptySignals !== undefined) {
    vehicle.emptySignals = patch.emptySignals;
    ctx.store.changed();
  }
  if (patch.signalErrors) {
    const errors = { ...vehicle.signalErrors };
    for (const [code, failure] of Object.entries(patch.signalErrors)) {
      if (failure) errors[code] = failure;
      else delete errors[code];
      // A new reading of that signal, failed or recovered: newer than what was stored. A
      // recovered one's OEM time (one second before its retrieval) must not fall before the
      // failure was delivered, or the app would keep the failure as the newer reading.
      vehicle.signalUpdatedAt[code] = ctx.now() + (failure ? 0 : 1000);
    }
    vehicle.signalErrors = errors;
    ctx.store.changed();
    // Smartcar delivers a changed signal by webhook; a signal that starts failing is one.
    ctx.webhooks.vehicleState(vehicle, { changed: Object.keys(patch.signalErrors) });
  }
  if (patch.needsReauthentication !== undefined) {
    setNeedsReauthentication(ctx, vehicle, patch.needsReauthentication);
  }
  return null;
}

type Handler = (
  ctx: Context,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) => Promise<void> | void;

const bad = (res: ServerResponse, message: string) => sendJson(res, 400, { error: message });

const ROUTES: Record<string, Handler> = {
  "GET /_emulator/health": (_ctx, _req, res) => sendJson(res, 200, { status: "ok" }),
  "GET /_emulator/stats": (ctx, _req, res) => sendJson(res, 200, ctx.stats),
  "DELETE /_emulator/stats": (ctx, _req, res) => {
    ctx.stats.reset();
    sendJson(res, 200, ctx.stats);
  },
  "GET /_emulator/control/faults": (ctx, _req, res) => sendJson(res, 200, ctx.faults),
  "PUT /_emulator/control/faults": async (ctx, req, res) => {
    const parsed = FaultListSchema.safeParse(await readJson(req));
    if (!parsed.success)
      return bad(res, `Expected an array of faults. ${firstIssue(parsed.error)}`);
    replaceFaults(ctx, parsed.data);
    sendJson(res, 200, ctx.faults);
  },
  "GET /_emulator/control/settings": (ctx, _req, res) =>
    sendJson(res, 200, ctx.store.state.settings),
  "PUT /_emulator/control/settings": async (ctx, req, res) => {
    const parsed = SettingsPatch.safeParse(await readJson(req));
    if (!parsed.success) return bad(res, firstIssue(parsed.error));
    const patch = Object.fromEntries(
      Object.entries(parsed.data).filter(([, v]) => v !== undefined),
    );
    Object.assign(ctx.store.state.settings, patch);
    ctx.store.changed();
    sendJson(res, 200, ctx.store.state.settings);
  },
  "GET /_emulator/control/vehicles": (ctx, _req, res, url) => {
    const userId = url.searchParams.get("userId")?.toLowerCase();
    const vehicles = Object.values(ctx.store.state.vehicles).filter(
      (v) => !userId || v.userId === userId,
    );
    sendJson(res, 200, { vehicles: vehicles.map((v) => vehicleView(ctx, v)) });
  },
  "POST /_emulator/control/tokens/expire": (ctx, _req, res) => {
    ctx.store.state.tokenGeneration += 1;
    ctx.store.changed();
    sendJson(res, 200, { tokenGeneration: ctx.store.state.tokenGeneration });
  },
  "POST /_emulator/control/reset": (ctx, _req, res) => {
    ctx.store.reset();
    ctx.faults = [];
    ctx.stats.reset();
    ctx.webhooks.reset();
    sendJson(res, 200, { reset: true });
  },
  "POST /_emulator/control/webhooks/verify": async (ctx, _req, res) => {
    sendJson(res, 200, await ctx.webhooks.verify());
  },
  "POST /_emulator/control/webhooks/test": async (ctx, req, res) => {
    const parsed = WebhookTest.safeParse(await readJson(req));
    if (!parsed.success) return bad(res, firstIssue(parsed.error));
    const vehicle = ctx.store.state.vehicles[parsed.data.vehicleId];
    if (!vehicle || !connectionOf(ctx.store.state, vehicle.id)) {
      return sendJson(res, 404, { error: "No connected vehicle with this id." });
    }
    if (!ctx.webhooks.url) return sendJson(res, 409, { error: "EMULATOR_WEBHOOK_URL is not set." });
    sendJson(res, 202, { eventId: ctx.webhooks.vehicleState(vehicle, { test: true }) });
  },
  "GET /_emulator/webhooks/deliveries": (ctx, _req, res) => {
    sendJson(res, 200, { verified: ctx.webhooks.verified, deliveries: ctx.webhooks.list() });
  },
};

async function patchVehicleRoute(
  ctx: Context,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
) {
  const vehicle = ctx.store.state.vehicles[id];
  if (!vehicle) return sendJson(res, 404, { error: "No vehicle with this id." });
  const parsed = VehiclePatch.safeParse(await readJson(req));
  if (!parsed.success) return bad(res, firstIssue(parsed.error));
  const problem = patchVehicle(ctx, vehicle, parsed.data);
  if (problem) return bad(res, problem);
  sendJson(res, 200, vehicleView(ctx, vehicle));
}

/** Returns false when the path is not a control path. */
export async function handleControl(
  ctx: Context,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  if (!url.pathname.startsWith("/_emulator/")) return false;
  const route = `${req.method} ${url.pathname}`;
  const handler = ROUTES[route];
  const vehicle = /^\/_emulator\/control\/vehicles\/([^/]+)$/.exec(url.pathname);
  if (handler) await handler(ctx, req, res, url);
  else if (vehicle && req.method === "PATCH")
    await patchVehicleRoute(ctx, req, res, decodeURIComponent(vehicle[1]!));
  else sendJson(res, 404, { error: `No control ${route}.` });
  return true;
}
