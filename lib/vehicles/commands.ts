import "server-only";
import { db, whenDatabaseIsUp } from "@/lib/db";
import { log, maskId } from "@/lib/log";
import { smartcarTransport } from "@/lib/smartcar";
import { readSignal, sendCommand, type Command } from "@/lib/smartcar/client";
import {
  classifySmartcarError,
  SmartcarApiError,
  SmartcarUnavailableError,
} from "@/lib/smartcar/errors";
import {
  CHARGE_LIMIT,
  COMMAND,
  COMMAND_PERMISSION,
  COMMAND_SIGNAL,
  type CommandName,
} from "@/lib/smartcar/terms";
import { availableCommands, signalViews, type SignalView } from "@/lib/vehicles/card";
import { commandRefusal, COMMAND_DONE, COMMAND_WORDS } from "@/lib/vehicles/copy";
import { findOwnedVehicle } from "@/lib/vehicles/ownership";
import { countCalls } from "@/lib/vehicles/budget";
import { storeVehicleUpdate, toReading } from "@/lib/vehicles/readings";

// Sending a command to one of the user's vehicles (contract 7 [K1]): one at a time per vehicle,
// never re-sent, its result read from the response body, and then the signal it changes read again,
// because a command does not return the vehicle's new state.

export type CommandOutcome =
  | { kind: "done"; message: string; signals: SignalView[] }
  | { kind: "refused"; message: string }
  /** The answer never came (a timeout): whether it happened is unknown, so nothing is re-sent. */
  | { kind: "unknown"; message: string }
  | { kind: "busy"; message: string }
  | { kind: "not-found"; message: string }
  | { kind: "unavailable"; message: string };

/** Smartcar holds a slow command open for up to ~175 s; a lease lasts a little longer (contract 7). */
const LEASE_SECONDS = 200;

/** Takes this vehicle's lease, unless another command holds a live one. */
async function takeLease(
  vehicleId: string,
  command: CommandName,
  userId: string,
  now: Date,
): Promise<boolean> {
  const taken = await db().$executeRaw`
    INSERT INTO vehicle_commands (vehicle_id, command, user_id, started_at)
    VALUES (${vehicleId}, ${command}, ${userId}::uuid, ${now})
    ON CONFLICT (vehicle_id) DO UPDATE
      SET command = EXCLUDED.command, user_id = EXCLUDED.user_id, started_at = EXCLUDED.started_at
      WHERE vehicle_commands.started_at < ${new Date(now.getTime() - LEASE_SECONDS * 1000)}`;
  return taken === 1;
}

async function releaseLease(vehicleId: string, now: Date): Promise<void> {
  await db().vehicleCommand.deleteMany({ where: { vehicleId, startedAt: now } });
}

export async function runCommand(
  userId: string,
  vehicleId: string,
  command: CommandName,
  percent?: number,
): Promise<CommandOutcome> {
  const vehicle = await findOwnedVehicle(userId, vehicleId);
  if (vehicle.kind === "unavailable")
    return { kind: "unavailable", message: COMMAND_WORDS.unavailable };
  if (vehicle.kind !== "found") return { kind: "not-found", message: COMMAND_WORDS.notFound };
  const allowed = availableCommands(vehicle);
  if (!allowed[COMMAND_PERMISSION[command]])
    return { kind: "refused", message: COMMAND_WORDS.notAllowed };
  if (
    command === COMMAND.setChargeLimit &&
    !(Number.isInteger(percent) && percent! >= CHARGE_LIMIT.min && percent! <= CHARGE_LIMIT.max)
  ) {
    return { kind: "refused", message: COMMAND_WORDS.limitRange };
  }

  const startedAt = new Date();
  const leased = await whenDatabaseIsUp(() => takeLease(vehicleId, command, userId, startedAt));
  if (leased !== true) {
    return leased === false
      ? { kind: "busy", message: COMMAND_WORDS.busy }
      : { kind: "unavailable", message: COMMAND_WORDS.unavailable };
  }
  try {
    const request: Command =
      command === COMMAND.setChargeLimit ? { setChargeLimit: percent! } : command;
    // The command and the re-read count in the vehicle's monthly budget, whatever they answer.
    await whenDatabaseIsUp(() => countCalls(vehicleId, 2));
    const result = await sendCommand(
      smartcarTransport(),
      vehicle.smartcarUserId,
      vehicleId,
      request,
    );
    log("vehicle.command", { vehicle: maskId(vehicleId), command, status: result.status });
    if (!result.succeeded) return { kind: "refused", message: COMMAND_WORDS.failed };
    const signal = await readSignal(
      smartcarTransport(),
      vehicle.smartcarUserId,
      vehicleId,
      COMMAND_SIGNAL[command],
    ).catch(() => null);
    if (signal)
      await whenDatabaseIsUp(() =>
        storeVehicleUpdate({
          vehicleId,
          smartcarUserId: vehicle.smartcarUserId,
          readings: [toReading(signal)],
        }),
      );
    return {
      kind: "done",
      message: COMMAND_DONE[command],
      signals: signal ? signalViews([signal]) : [],
    };
  } catch (error) {
    log("vehicle.command_failed", { vehicle: maskId(vehicleId), command, error: String(error) });
    if (error instanceof SmartcarUnavailableError)
      return { kind: "unknown", message: COMMAND_WORDS.unknown };
    const code = error instanceof SmartcarApiError ? error.code : null;
    return { kind: "refused", message: commandRefusal(code, classifySmartcarError(error)) };
  } finally {
    await whenDatabaseIsUp(() => releaseLease(vehicleId, startedAt));
  }
}
