"use client";

import { useActionState } from "react";
import { refreshAction, type RefreshState } from "@/app/vehicles/actions";
import { Age, useNow } from "@/app/vehicles/age";
import type { Problem } from "@/lib/smartcar/errors";
import { REFRESH_INTERVAL_MS } from "@/lib/smartcar/terms";
import type { BudgetView, SignalView } from "@/lib/vehicles/card";
import { CARD_WORDS } from "@/lib/vehicles/copy";

// A card's Refresh (lib/vehicles/refresh.ts): how old its readings are, the button, what the last
// use answered, and how much of the month's Smartcar allowance the vehicle used.

const REFRESH_IDLE: RefreshState = { kind: "idle" };

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
export function RefreshBar({
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
      ? CARD_WORDS.refreshed(left / 1000)
      : result.kind === "too-soon"
        ? CARD_WORDS.tooSoon(left / 1000)
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
          title={waiting && current.nextRefreshAt ? CARD_WORDS.refreshed(left / 1000) : undefined}
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
