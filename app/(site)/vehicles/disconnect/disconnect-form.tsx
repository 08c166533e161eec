"use client";

import { useActionState } from "react";
import { disconnectAction } from "./actions";

export function DisconnectForm() {
  const [state, action, pending] = useActionState(disconnectAction, {});
  return (
    <form action={action} className="actions">
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
