"use client";

import { useActionState, useEffect, useState, type ReactNode } from "react";
import {
  commandAction,
  refreshAction,
  type CommandState,
  type RefreshState,
} from "@/app/vehicles/actions";
import { Age, useNow } from "@/app/vehicles/age";
import { subscribeToVehicle } from "@/app/vehicles/live-updates";
import { UnlockControl } from "@/app/vehicles/unlock-control";
import type { Problem } from "@/lib/smartcar/errors";
import type { BudgetView, CardState, Commands, SignalView } from "@/lib/vehicles/card";
import {
  CARD_WORDS,
  COMMAND_PENDING,
  COMMAND_WORDS,
  describeProblem,
  inMinutes,
  SIGNAL_WORDS,
} from "@/lib/vehicles/copy";

// A vehicle card's live part: its signals, updated by webhook deliveries without a reload and by
// the commands sent from it; why it can't be read; and the commands its permissions allow.

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

/**
 * A signal's error the person can act on as on the whole request: sign in to the carmaker again
 * (REAUTHENTICATE), or grant a permission (PERMISSION) (contract 6.3). Others stay on their row.
 */
function actionableSignalProblem(signals: SignalView[]): Problem | null {
  const problems = signals.flatMap((s) => (s.problem ? [s.problem] : []));
  return (
    problems.find((p) => p.kind === "reauthenticate") ??
    problems.find((p) => p.kind === "permission") ??
    null
  );
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
const REFRESH_IDLE: RefreshState = { kind: "idle" };
/** Refresh reads a vehicle at most this often (lib/vehicles/budget.ts). */
const REFRESH_INTERVAL_MS = 60_000;

/** How much of its monthly Smartcar allowance the vehicle used, once that is worth saying. */
function BudgetNote({ budget }: { budget: BudgetView }) {
  if (budget.level === "ok") return null;
  return (
    <p
      className={`small${budget.level === "exhausted" ? " alert alert-error" : " muted"}`}
      role="note"
    >
      {budget.level === "exhausted"
        ? CARD_WORDS.budgetExhausted(budget.limit)
        : CARD_WORDS.budgetWarn(budget.calls, budget.limit)}
    </p>
  );
}

/** "Updated 2 minutes ago" and the Refresh button, with what its last use answered. */
function RefreshBar({
  vehicleId,
  updatedAt,
  budget,
  onRead,
}: {
  vehicleId: string;
  updatedAt: string | null;
  budget: BudgetView;
  /** What a read answered: its signals, or why it failed (null: it did not fail). */
  onRead: (signals: SignalView[], problem: Problem | null) => void;
}) {
  const now = useNow();
  const [result, refresh, pending] = useActionState(
    async (previous: RefreshState, form: FormData) => {
      const answer = await refreshAction(previous, form);
      if (answer.kind === "done") onRead(answer.signals, null);
      if (answer.kind === "failed") onRead([], answer.problem);
      return answer;
    },
    REFRESH_IDLE,
  );
  const current = "budget" in result ? result.budget : budget;
  const next = current.nextRefreshAt ? Date.parse(current.nextRefreshAt) : 0;
  const waiting = next > now;
  // `now` moves every few seconds: what is left is never more than Refresh's whole interval.
  const left = Math.min(next - now, REFRESH_INTERVAL_MS);
  const message =
    result.kind === "done"
      ? CARD_WORDS.refreshed(inMinutes(left))
      : result.kind === "too-soon"
        ? CARD_WORDS.tooSoon(inMinutes(left))
        : result.kind === "refused"
          ? result.message
          : "";
  return (
    <>
      <form action={refresh} className="card-refresh">
        <input type="hidden" name="vehicleId" value={vehicleId} />
        <p className="muted small card-updated">
          {updatedAt ? (
            <>
              {CARD_WORDS.updated} <Age iso={updatedAt} now={now} />
            </>
          ) : (
            CARD_WORDS.noReadings
          )}
        </p>
        <button
          type="submit"
          className="button button-secondary button-small"
          disabled={pending || waiting}
          title={
            waiting && current.nextRefreshAt ? CARD_WORDS.refreshed(inMinutes(left)) : undefined
          }
        >
          {CARD_WORDS.refresh}
        </button>
      </form>
      <p
        className={`small refresh-result${result.kind === "refused" ? " alert alert-error" : " muted"}`}
        role="status"
        aria-live="polite"
      >
        {pending ? CARD_WORDS.refreshing : message}
      </p>
      <BudgetNote budget={current} />
    </>
  );
}

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

  // Why the last read failed: the page's own, until a Refresh answers.
  const [readProblem, setReadProblem] = useState<Problem | null>(initial.problem);
  // Re-authentication, from whichever source says so, wins: it is what the person can fix here.
  const problems = [readProblem, health, actionableSignalProblem(signals)];
  const problem =
    problems.find((p) => p?.kind === "reauthenticate") ?? problems.find((p) => p) ?? null;
  const updatedAt = signals.reduce<string | null>(
    (newest, s) => (s.readAt && (!newest || s.readAt > newest) ? s.readAt : newest),
    null,
  );
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
      <RefreshBar
        vehicleId={vehicleId}
        updatedAt={updatedAt}
        budget={budget}
        onRead={(incoming, failed) => {
          setSignals((current) => merge(current, incoming));
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
              Reconnect
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
                  <span className={s.ok ? "signal-value" : "signal-value signal-failed"}>
                    {s.display}
                  </span>
                  {s.readAt ? (
                    <span className="muted small signal-time">
                      {" "}
                      <Age iso={s.readAt} now={now} />
                    </span>
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
