import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { changeVehicle } from "../changes";
import type { Context } from "../context";
import { readJson, sendJson, sleep } from "../http";
import type { VehicleState } from "../state";
import { errorBody, errors, sendError, type ApiError } from "./errors";
import { ownedVehicle } from "./vehicles";

// POST /v3/vehicles/{id}/commands/... (contract 7 [K1] [K2] [K3]). A command takes
// `commandDelayMs`; the vehicle's refusals (409 VEHICLE_STATE) are decided when it completes, as a
// real vehicle decides when the command reaches it.

type Command = {
  commandType: string;
  permission: "control_security" | "control_charge";
  electricOnly: boolean;
  /** The refusal, if the vehicle's state does not allow the command. */
  refuse(state: VehicleState): ApiError | null;
  apply(state: VehicleState, parameters: { percent?: number }): void;
};

const refusal = (code: string, detail: string, message: string) =>
  errors.vehicleState(code, detail, message);

export const COMMANDS: Record<string, Command> = {
  "security/lock": {
    commandType: "security-lock",
    permission: "control_security",
    electricOnly: false,
    refuse: (s) =>
      s.doorOpen
        ? refusal(
            "DOOR_OPEN",
            "The vehicle cannot lock while a door is open.",
            "Close all doors, then try again.",
          )
        : null,
    apply: (s) => {
      s.locked = true;
    },
  },
  "security/unlock": {
    commandType: "security-unlock",
    permission: "control_security",
    electricOnly: false,
    refuse: () => null,
    apply: (s) => {
      s.locked = false;
    },
  },
  "charge/start": {
    commandType: "charge-start",
    permission: "control_charge",
    electricOnly: true,
    refuse: (s) => {
      if (s.charging) {
        return refusal(
          "CHARGING_IN_PROGRESS",
          "The vehicle is already charging.",
          "Your vehicle is already charging.",
        );
      }
      if (!s.pluggedIn) {
        return refusal(
          "CHARGING_PLUG_NOT_CONNECTED",
          "The charging cable is not plugged in.",
          "Plug in your vehicle, then try again.",
        );
      }
      if (s.batteryPercent >= s.chargeLimit) {
        return refusal(
          "FULLY_CHARGED",
          "The battery is charged to its limit.",
          "Your vehicle is fully charged.",
        );
      }
      return null;
    },
    apply: (s) => {
      s.charging = true;
    },
  },
  "charge/stop": {
    commandType: "charge-stop",
    permission: "control_charge",
    electricOnly: true,
    refuse: (s) =>
      s.charging
        ? null
        : refusal("NOT_CHARGING", "The vehicle is not charging.", "Your vehicle isn't charging."),
    apply: (s) => {
      s.charging = false;
    },
  },
  "charge/set-limit": {
    commandType: "charge-set-limit",
    permission: "control_charge",
    electricOnly: true,
    refuse: () => null,
    apply: (s, parameters) => {
      s.chargeLimit = parameters.percent!;
    },
  },
};

// An integer percentage 50-100 (v2 took a 0.5-1 fraction; contract 7).
const SetLimitBody = z.object({
  data: z.object({ attributes: z.object({ percent: z.number().int().min(50).max(100) }) }),
});

export async function runCommand(
  ctx: Context,
  req: IncomingMessage,
  res: ServerResponse,
  vehicleId: string,
  name: string,
) {
  const command = COMMANDS[name]!;
  const found = ownedVehicle(ctx, req, res, vehicleId);
  if (!found) return;
  const { vehicle, connection } = found;
  if (!connection.permissions.includes(command.permission)) {
    return sendError(
      res,
      errors.permission(`This command needs the ${command.permission} permission.`),
    );
  }
  const parameters: { percent?: number } = {};
  if (command.commandType === "charge-set-limit") {
    const body = SetLimitBody.safeParse(await readJson(req).catch(() => null));
    if (!body.success) {
      return sendError(
        res,
        errors.validation('The body must be {"data":{"attributes":{"percent":<integer 50-100>}}}.'),
      );
    }
    parameters.percent = body.data.data.attributes.percent;
  }
  if (command.electricOnly && vehicle.powertrain === "ICE")
    return sendError(res, errors.notCapable());

  const { commandDelayMs, asyncAfterMs } = ctx.store.state.settings;
  const executedAt = ctx.now();
  // A long command answers 202 at once, keeps the connection open and writes the result when the
  // vehicle answers: a slow response, not "poll later" (contract 7, "202 and async").
  const async = asyncAfterMs !== null && commandDelayMs > asyncAfterMs;
  if (async) {
    res.writeHead(202, { "Content-Type": "application/json; charset=utf-8" });
    res.flushHeaders();
  }
  await sleep(commandDelayMs);
  const finish = (status: number, body: unknown) => {
    if (async) res.end(JSON.stringify(body));
    else sendJson(res, status, body);
  };

  const refused = command.refuse(vehicle.state);
  if (refused) return finish(409, errorBody(refused));
  changeVehicle(ctx, vehicle, (state) => command.apply(state, parameters));
  const completedAt = ctx.now();
  finish(200, {
    data: {
      id: `exec_${randomUUID()}`,
      type: "command-execution",
      attributes: {
        commandType: command.commandType,
        status: { value: "SUCCESS" },
        executionMode: "sync",
        ...(parameters.percent === undefined
          ? {}
          : { parameters: { percent: parameters.percent } }),
      },
      meta: {
        executedAt: new Date(executedAt).toISOString(),
        completedAt: new Date(completedAt).toISOString(),
        durationInSeconds: Math.round((completedAt - executedAt) / 1000),
      },
    },
  });
}
