"use client";

import { useActionState, useId } from "react";
import type { DisconnectState } from "@/app/vehicles/disconnect/actions";

/**
 * The confirmation's one button, after the account password when `askPassword` (Disconnect all);
 * a failure shows in place, and nothing is disconnected.
 */
export function DisconnectForm({
  action,
  vehicleId,
  askPassword = false,
}: {
  action: (state: DisconnectState, formData: FormData) => Promise<DisconnectState>;
  vehicleId?: string;
  askPassword?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const passwordId = useId();
  return (
    <form action={formAction} className="actions">
      {vehicleId ? <input type="hidden" name="vehicleId" value={vehicleId} /> : null}
      {askPassword ? (
        <div className="field">
          <label htmlFor={passwordId}>Password</label>
          <input
            id={passwordId}
            name="password"
            type="password"
            autoComplete="current-password"
            required
          />
        </div>
      ) : null}
      {state.message ? (
        <p className="alert alert-error" role="alert">
          {state.message}
        </p>
      ) : null}
      <button type="submit" className="button button-danger" disabled={pending}>
        Yes, disconnect
      </button>
    </form>
  );
}
