"use client";

import { useActionState, useEffect, useState } from "react";
import { commandAction, type CommandState } from "@/app/vehicles/actions";
import { Age, useNow } from "@/app/vehicles/age";
import { CommandGroup } from "@/app/vehicles/command-group";
import { subscribeToVehicle } from "@/app/vehicles/live-updates";
import { RefreshBar } from "@/app/vehicles/refresh-bar";
import type { Problem } from "@/lib/smartcar/errors";
import {
  COMMAND,
  COMMAND_PERMISSION,
  SIGNAL,
  type CommandName,
  type SignalCode,
} from "@/lib/smartcar/terms";
import type { BudgetView, CardState, Commands, SignalView } from "@/lib/vehicles/card";
import {
  CARD_WORDS,
  COMMAND_PENDING,
  COMMAND_WORDS,
  describeProblem,
  SIGNAL_WORDS,
} from "@/lib/vehicles/copy";

// A vehicle card's live part: its signals, updated by webhook deliveries without a reload and by
// the commands sent from it; why it can't be read; and the commands its permissions allow.

/**
 * The card as data: each signal's row and the commands shown beside the signal they change (the
 * permission they need follows from them). A vehicle that doesn't report the signal still gets the commands
 * marked `withoutSignal`, below the signals; the charge limit's input needs the current limit.
 */
const SIGNAL_ACTIONS: readonly {
  signal: SignalCode;
  commands: readonly CommandName[];
  withoutSignal: boolean;
}[] = [
  {
    signal: SIGNAL.locked,
    commands: [COMMAND.lock, COMMAND.unlock],
    withoutSignal: true,
  },
  {
    signal: SIGNAL.charging,
    commands: [COMMAND.startCharge, COMMAND.stopCharge],
    withoutSignal: true,
  },
  {
    signal: SIGNAL.chargeLimits,
    commands: [COMMAND.setChargeLimit],
    withoutSignal: false,
  },
];

/** The permission a row's commands need: the same for all of them (lib/smartcar/terms.ts). */
const permissionOf = (row: (typeof SIGNAL_ACTIONS)[number]): keyof Commands =>
  COMMAND_PERMISSION[row.commands[0]!];

/** The commands beside `code`'s row that the vehicle's permissions allow, or none. */
function commandsOf(code: SignalCode, allowed: Commands): readonly CommandName[] {
  const row = SIGNAL_ACTIONS.find((actions) => actions.signal === code);
  return row && allowed[permissionOf(row)] ? row.commands : [];
}

/** For each code, the newer of what the card shows and what just arrived. */
function mergeNewest(current: SignalView[], incoming: SignalView[]): SignalView[] {
  const byCode = new Map(current.map((signal) => [signal.code, signal]));
  for (const signal of incoming) {
    const shown = byCode.get(signal.code);
    if (!shown || (signal.readAt ?? "") >= (shown.readAt ?? "")) byCode.set(signal.code, signal);
  }
  const order = [...current, ...incoming].map((signal) => signal.code);
  return [...new Set(order)].map((code) => byCode.get(code)!);
}

/**
 * A signal's error the person can act on as on the whole request: sign in to the carmaker again
 * (REAUTHENTICATE), or grant a permission (PERMISSION) (contract 6.3). Others stay on their row.
 */
function actionableSignalProblem(signals: SignalView[]): Problem | null {
  const problems = signals.flatMap((signal) => (signal.problem ? [signal.problem] : []));
  return (
    problems.find((problem) => problem.kind === "reauthenticate") ??
    problems.find((problem) => problem.kind === "permission") ??
    null
  );
}

const IDLE: CommandState = { kind: "idle", message: "", signals: [] };
export function CardBody({
  vehicleId,
  make,
  initial,
  commands,
  budget,
}: {
  vehicleId: string;
  /** The carmaker, so connecting again for a permission skips Connect's brand list. */
  make: string;
  initial: CardState;
  commands: Commands;
  budget: BudgetView;
}) {
  const now = useNow();
  const [signals, setSignals] = useState(initial.signals);
  const [health, setHealth] = useState<Problem | null>(initial.health);
  const showNewest = (incoming: SignalView[]) =>
    setSignals((current) => mergeNewest(current, incoming));
  const [result, send, pending] = useActionState(async (previous: CommandState, form: FormData) => {
    const answer = await commandAction(previous, form);
    // The signal the command changed, read again after it.
    if (answer.signals.length) showNewest(answer.signals);
    return answer;
  }, IDLE);
  const [sent, setSent] = useState<CommandName | null>(null);

  useEffect(
    () =>
      subscribeToVehicle(vehicleId, (event) => {
        setSignals((current) => mergeNewest(current, event.signals));
        setHealth(event.health);
      }),
    [vehicleId],
  );

  // Why the last read failed: the page's own, until a Refresh answers.
  const [readProblem, setReadProblem] = useState<Problem | null>(initial.problem);
  // Re-authentication, from whichever source says so, wins: it is what the person can fix here.
  const problems = [readProblem, health, actionableSignalProblem(signals)];
  const problem =
    problems.find((candidate) => candidate?.kind === "reauthenticate") ??
    problems.find((candidate) => candidate) ??
    null;
  const updatedAt = signals.reduce<string | null>(
    (newest, signal) =>
      signal.readAt && (!newest || signal.readAt > newest) ? signal.readAt : newest,
    null,
  );
  const anyCommand = commands.security || commands.charge;
  const group = (signal: SignalCode, names: readonly CommandName[]) => (
    <CommandGroup
      key={signal}
      vehicleId={vehicleId}
      commands={names}
      pending={pending}
      chargeLimit={signals.find((shown) => shown.code === SIGNAL.chargeLimits)?.display}
      onSignals={showNewest}
    />
  );
  // Commands whose signal the vehicle doesn't report still get their buttons, below the signals.
  const unreported = SIGNAL_ACTIONS.filter(
    (row) =>
      row.withoutSignal &&
      commands[permissionOf(row)] &&
      !signals.some((signal) => signal.code === row.signal),
  );
  return (
    <>
      <RefreshBar
        vehicleId={vehicleId}
        updatedAt={updatedAt}
        budget={budget}
        onRead={(incoming, failed) => {
          showNewest(incoming);
          setReadProblem(failed);
          // Smartcar answered just now: an older reported error no longer stands.
          if (!failed) setHealth(null);
        }}
      />
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
              {CARD_WORDS.reconnect}
            </a>
          ) : null}
          {problem.kind === "permission" ? (
            <a
              href={make ? `/connect?${new URLSearchParams({ make })}` : "/connect"}
              className="button button-primary"
            >
              {SIGNAL_WORDS.connectAgain}
            </a>
          ) : null}
        </>
      ) : null}
      {signals.length === 0 && !problem ? (
        <p className="muted" role="status">
          {CARD_WORDS.noData}
        </p>
      ) : null}
      {signals.length || anyCommand ? (
        <form
          action={send}
          className="card-form"
          onSubmit={(event) =>
            setSent(
              ((event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null)
                ?.value as CommandName,
            )
          }
        >
          <input type="hidden" name="vehicleId" value={vehicleId} />
          <dl className="signals">
            {signals.map((signal) => {
              const beside = commandsOf(signal.code, commands);
              return (
                <div key={signal.code} data-signal={signal.code}>
                  <dt>{signal.label}</dt>
                  <dd>
                    <span className={signal.ok ? "signal-value" : "signal-value signal-failed"}>
                      {signal.display}
                    </span>
                    {signal.readAt ? (
                      <span className="muted small signal-time">
                        {" "}
                        <Age iso={signal.readAt} now={now} />
                      </span>
                    ) : null}
                    {beside.length ? group(signal.code, beside) : null}
                  </dd>
                </div>
              );
            })}
          </dl>
          {unreported.map((row) => group(row.signal, row.commands))}
          {anyCommand ? (
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
