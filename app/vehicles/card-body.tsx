"use client";

import { useActionState, useEffect, useState, type ReactNode } from "react";
import { commandAction, type CommandState } from "@/app/vehicles/actions";
import { subscribeToVehicle } from "@/app/vehicles/live-updates";
import { UnlockControl } from "@/app/vehicles/unlock-control";
import type { Problem } from "@/lib/smartcar/errors";
import type { CardState, Commands, SignalView } from "@/lib/vehicles/card";
import { COMMAND_PENDING, COMMAND_WORDS, describeProblem } from "@/lib/vehicles/copy";

// A vehicle card's live part: its signals, updated by webhook deliveries without a reload and by
// the commands sent from it; why it can't be read; and the commands its permissions allow.

function formatTime(iso: string | null): string | null {
  return iso ? `${iso.replace("T", " ").slice(0, 16)} UTC` : null;
}

/** For each code, the newer of what the card shows and what just arrived. */
function merge(current: SignalView[], incoming: SignalView[]): SignalView[] {
  const byCode = new Map(current.map((s) => [s.code, s]));
  for (const s of incoming) {
    const shown = byCode.get(s.code);
    if (!shown || (s.readAt ?? "") >= (shown.readAt ?? "")) byCode.set(s.code, s);
  }
  const order = [...current, ...incoming].map((s) => s.code);
  return [...new Set(order)].map((code) => byCode.get(code)!);
}

type CommandName = keyof typeof COMMAND_PENDING;

function Controls({
  pending,
  buttons,
  children,
}: {
  pending: boolean;
  buttons: [CommandName, string][];
  children?: ReactNode;
}) {
  return (
    <span className="signal-controls">
      {buttons.map(([command, label]) => (
        <button
          key={command}
          type="submit"
          name="command"
          value={command}
          className="button button-secondary button-small"
          disabled={pending}
        >
          {label}
        </button>
      ))}
      {children}
    </span>
  );
}

function LimitControl({
  vehicleId,
  pending,
  current,
}: {
  vehicleId: string;
  pending: boolean;
  current: string | undefined;
}) {
  return (
    <span className="signal-controls">
      <label htmlFor={`limit-${vehicleId}`} className="visually-hidden">
        New charge limit (%)
      </label>
      <input
        id={`limit-${vehicleId}`}
        name="percent"
        type="number"
        min={50}
        max={100}
        step={1}
        defaultValue={current ? Number.parseInt(current, 10) || 80 : 80}
        className="limit-input"
      />
      <button
        type="submit"
        name="command"
        value="set-charge-limit"
        className="button button-secondary button-small"
        disabled={pending}
      >
        Set limit
      </button>
    </span>
  );
}
const IDLE: CommandState = { kind: "idle", message: "", signals: [] };

export function CardBody({
  vehicleId,
  initial,
  commands,
}: {
  vehicleId: string;
  initial: CardState;
  commands: Commands;
}) {
  const [signals, setSignals] = useState(initial.signals);
  const [health, setHealth] = useState<Problem | null>(initial.health);
  const [result, send, pending] = useActionState(async (previous: CommandState, form: FormData) => {
    const answer = await commandAction(previous, form);
    // The signal the command changed, read again after it.
    if (answer.signals.length) setSignals((current) => merge(current, answer.signals));
    return answer;
  }, IDLE);
  const [sent, setSent] = useState<CommandName | null>(null);

  useEffect(
    () =>
      subscribeToVehicle(vehicleId, (event) => {
        setSignals((current) => merge(current, event.signals));
        setHealth(event.health);
      }),
    [vehicleId],
  );

  const problem = initial.problem ?? health;
  const limit = signals.find((s) => s.code === "charge-chargelimits");
  const any = commands.security || commands.charge;
  // Unlock asks for the password in a form of its own (app/vehicles/unlock-control.tsx).
  const unlock = (
    <UnlockControl
      vehicleId={vehicleId}
      disabled={pending}
      onSignals={(incoming) => setSignals((current) => merge(current, incoming))}
    />
  );
  return (
    <>
      {problem ? (
        <>
          <p className="alert alert-error" role="status">
            {describeProblem(problem)}
          </p>
          {problem.kind === "reauthenticate" ? (
            <a
              href={`/connect/reauthenticate?${new URLSearchParams({ vehicle: vehicleId })}`}
              className="button button-primary"
            >
              Reconnect
            </a>
          ) : null}
        </>
      ) : null}
      {signals.length === 0 && !problem ? (
        <p className="muted" role="status">
          No data yet: Smartcar hasn&apos;t received any readings from this vehicle.
        </p>
      ) : null}
      {signals.length || any ? (
        <form
          action={send}
          className="card-form"
          onSubmit={(e) =>
            setSent(
              ((e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null)
                ?.value as CommandName,
            )
          }
        >
          <input type="hidden" name="vehicleId" value={vehicleId} />
          <dl className="signals">
            {signals.map((s) => (
              <div key={s.code} data-signal={s.code}>
                <dt>{s.label}</dt>
                <dd>
                  <span className="signal-value">{s.display}</span>
                  {formatTime(s.readAt) ? (
                    <span className="muted small signal-time"> read {formatTime(s.readAt)}</span>
                  ) : null}
                  {s.code === "closure-islocked" && commands.security ? (
                    <Controls pending={pending} buttons={[["lock", "Lock"]]}>
                      {unlock}
                    </Controls>
                  ) : null}
                  {s.code === "charge-ischarging" && commands.charge ? (
                    <Controls
                      pending={pending}
                      buttons={[
                        ["start-charge", "Start charging"],
                        ["stop-charge", "Stop charging"],
                      ]}
                    />
                  ) : null}
                  {s.code === "charge-chargelimits" && commands.charge ? (
                    <LimitControl
                      vehicleId={vehicleId}
                      pending={pending}
                      current={limit?.display}
                    />
                  ) : null}
                </dd>
              </div>
            ))}
          </dl>
          {/* Commands whose signal the vehicle doesn't report still get their buttons. */}
          {commands.security && !signals.some((s) => s.code === "closure-islocked") ? (
            <Controls pending={pending} buttons={[["lock", "Lock"]]}>
              {unlock}
            </Controls>
          ) : null}
          {commands.charge && !signals.some((s) => s.code === "charge-ischarging") ? (
            <Controls
              pending={pending}
              buttons={[
                ["start-charge", "Start charging"],
                ["stop-charge", "Stop charging"],
              ]}
            />
          ) : null}
          {any ? (
            <p
              className={`command-result${result.kind !== "done" && result.kind !== "idle" && !pending ? " alert alert-error" : ""}`}
              role="status"
              aria-live="polite"
            >
              {pending && sent ? `${COMMAND_PENDING[sent]} ${COMMAND_WORDS.slow}` : result.message}
            </p>
          ) : null}
        </form>
      ) : null}
    </>
  );
}
