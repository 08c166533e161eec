import type { Problem } from "@/lib/smartcar/errors";

// The words the vehicles page uses, apart from the logic that picks them.

/** Why a vehicle (or a whole carmaker account) can't be read, in a person's words. */
export function describeProblem(problem: Problem): string {
  switch (problem.kind) {
    case "reauthenticate":
      return "Your sign-in with the carmaker has expired for this vehicle. Reconnect to sign in again.";
    case "account":
      return "Your carmaker account needs attention (for example its connected-services subscription). Check it in the carmaker's app.";
    case "asleep":
      return "The vehicle didn't respond. It may be asleep or out of coverage.";
    case "not-capable":
      return "This vehicle can't share this information through Smartcar.";
    case "permission":
      return "This app doesn't have permission to read this vehicle. Connect it again and allow access.";
    case "rate-limited": {
      const minutes = problem.retryAfterSeconds ? Math.max(1, Math.ceil(problem.retryAfterSeconds / 60)) : null;
      return minutes
        ? `Too many requests for this vehicle right now. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`
        : "Too many requests right now. Try again in a minute.";
    }
    case "billing":
      return "This app has reached its Smartcar plan's limit for this vehicle.";
    case "gone":
      return "This vehicle is no longer connected.";
    case "unavailable":
      return "Smartcar can't be reached right now. Try again later.";
    case "unknown":
      return "This vehicle's data couldn't be read.";
  }
}

export const NOTICES = {
  connected: "Your vehicle is connected.",
  reconnected: "Your vehicle is reconnected.",
  disconnectedOne: "The vehicle is disconnected. This app can no longer read it.",
  disconnectedAll: "Your vehicles are disconnected. This app can no longer read them.",
  linksRemoved:
    "A carmaker account you connected earlier has no vehicles connected any more (the access was revoked at the carmaker or at Smartcar), so it was removed.",
  unavailable: "Your vehicles can't be loaded right now. Please try again in a moment.",
} as const;

export const SIGNAL_LABELS = {
  battery: "Battery",
  odometer: "Odometer",
  location: "Location",
} as const;

/** Why a disconnect did not happen. */
export function disconnectMessage(outcome: { kind: "not-found" } | { kind: "unavailable" } | { kind: "failed"; problem: Problem }): string {
  switch (outcome.kind) {
    case "not-found":
      return "This vehicle isn't one of your connected vehicles, so nothing was changed.";
    case "unavailable":
      return "The service is temporarily unavailable, and nothing was changed. Please try again in a moment.";
    case "failed":
      return `Disconnecting didn't finish: ${describeProblem(outcome.problem)}`;
  }
}
