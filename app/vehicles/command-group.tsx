"use client";

import { UnlockControl } from "@/app/vehicles/unlock-control";
import { CHARGE_LIMIT, COMMAND, type CommandName } from "@/lib/smartcar/terms";
import type { SignalView } from "@/lib/vehicles/card";
import { COMMAND_LABELS, COMMAND_WORDS } from "@/lib/vehicles/copy";

// The commands a card shows together, beside the signal they change or below the signals when the
// vehicle doesn't report it (app/vehicles/card-body.tsx): one component, wherever they stand.

/** The limit the input offers when the card doesn't know the current one. */
const DEFAULT_CHARGE_LIMIT = 80;

type GroupProps = {
  vehicleId: string;
  commands: readonly CommandName[];
  /** A command of this card is on its way: no other may start. */
  pending: boolean;
  /** The charge limit the card shows ("80%"), for the limit's input. */
  chargeLimit: string | undefined;
  /** The signal read again after a command sent outside the card's form (Unlock). */
  onSignals: (signals: SignalView[]) => void;
};

export function CommandGroup({ commands, ...props }: GroupProps) {
  return (
    <span className="signal-controls">
      {commands.map((command) => (
        <CommandControl key={command} command={command} {...props} />
      ))}
    </span>
  );
}

function CommandControl({
  command,
  vehicleId,
  pending,
  chargeLimit,
  onSignals,
}: Omit<GroupProps, "commands"> & { command: CommandName }) {
  switch (command) {
    case COMMAND.unlock:
      // Unlock asks for the password in a form of its own (app/vehicles/unlock-control.tsx).
      return <UnlockControl vehicleId={vehicleId} disabled={pending} onSignals={onSignals} />;
    case COMMAND.setChargeLimit:
      return (
        <>
          <label htmlFor={`limit-${vehicleId}`} className="visually-hidden">
            {COMMAND_WORDS.limitLabel}
          </label>
          <input
            id={`limit-${vehicleId}`}
            name="percent"
            type="number"
            min={CHARGE_LIMIT.min}
            max={CHARGE_LIMIT.max}
            step={1}
            defaultValue={
              chargeLimit
                ? Number.parseInt(chargeLimit, 10) || DEFAULT_CHARGE_LIMIT
                : DEFAULT_CHARGE_LIMIT
            }
            className="limit-input"
          />
          <CommandButton command={command} pending={pending} />
        </>
      );
    default:
      return <CommandButton command={command} pending={pending} />;
  }
}

/** Submits the card's form with this command. */
function CommandButton({ command, pending }: { command: CommandName; pending: boolean }) {
  return (
    <button
      type="submit"
      name="command"
      value={command}
      className="button button-secondary button-small"
      disabled={pending}
    >
      {COMMAND_LABELS[command]}
    </button>
  );
}
