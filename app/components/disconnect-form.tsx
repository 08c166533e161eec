"use client";

import { useActionState } from "react";
import type { DisconnectState } from "@/app/vehicles/disconnect/actions";

/** The confirmation's one button; a failure shows in place, and nothing is disconnected. */
export function DisconnectForm({
  action,
  vehicleId,
}: {
  action: (state: DisconnectState, formData: FormData) => Promise<DisconnectState>;
  vehicleId?: string;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="actions">
      {vehicleId ? <input type="hidden" name="vehicleId" value={vehicleId} /> : null}
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
