"use client";

import { useActionState, useEffect, useId, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { unlockAction, type UnlockState } from "@/app/vehicles/unlock-actions";
import type { SignalView } from "@/lib/vehicles/card";
import { COMMAND_LABELS, COMMAND_PENDING, UNLOCK_WORDS } from "@/lib/vehicles/copy";

// A card's Unlock: it opens a form that asks for the account password (lib/vehicles/step-up.ts).
// The form is a modal <dialog> of its own, outside the card's form (forms do not nest).

const IDLE: UnlockState = { kind: "idle", message: "", signals: [] };

export function UnlockControl({
  vehicleId,
  disabled,
  onSignals,
}: {
  vehicleId: string;
  /** Another command of this card is on its way. */
  disabled: boolean;
  /** The lock signal read again after unlocking, for the card to show. */
  onSignals: (signals: SignalView[]) => void;
}) {
  const [open, setOpen] = useState(false);
  const [state, unlock, pending] = useActionState(async (previous: UnlockState, form: FormData) => {
    const answer = await unlockAction(previous, form);
    if (answer.signals.length) onSignals(answer.signals);
    if (answer.kind !== "password") setOpen(false);
    return answer;
  }, IDLE);
  return (
    <>
      <button
        type="button"
        className="button button-secondary button-small"
        disabled={disabled || pending}
        onClick={() => setOpen(true)}
      >
        {COMMAND_LABELS.unlock}
      </button>
      {!open && state.kind !== "idle" && state.kind !== "password" ? (
        <span
          className={`unlock-result${state.kind === "done" ? "" : " alert alert-error"}`}
          role="status"
        >
          {state.message}
        </span>
      ) : null}
      {open
        ? createPortal(
            <UnlockDialog
              vehicleId={vehicleId}
              action={unlock}
              pending={pending}
              message={state.kind === "password" ? state.message : ""}
              onClose={() => setOpen(false)}
            />,
            document.body,
          )
        : null}
    </>
  );
}

function UnlockDialog({
  vehicleId,
  action,
  pending,
  message,
  onClose,
}: {
  vehicleId: string;
  action: (form: FormData) => void;
  pending: boolean;
  message: string;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="card unlock-dialog"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
    >
      <form action={action}>
        <h2 id={`${id}-title`}>{UNLOCK_WORDS.title}</h2>
        <p>{UNLOCK_WORDS.prompt}</p>
        <input type="hidden" name="vehicleId" value={vehicleId} />
        <div className="field">
          <label htmlFor={`${id}-password`}>{UNLOCK_WORDS.password}</label>
          <input
            id={`${id}-password`}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            autoFocus
          />
        </div>
        {message && !pending ? (
          <p className="alert alert-error" role="alert">
            {message}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? COMMAND_PENDING.unlock : COMMAND_LABELS.unlock}
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => dialog.current?.close()}
          >
            {UNLOCK_WORDS.cancel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
