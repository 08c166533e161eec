// Shared with the browser (the vehicle cards say a command's progress there): words only, no server-only.
import type { Problem } from "@/lib/smartcar/errors";
import { CHARGE_LIMIT, type CommandName } from "@/lib/smartcar/terms";
import { formatMinutes } from "@/lib/wait-words";

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
    case "remote-access":
      return "Remote access is turned off for this vehicle. Turn it on in the vehicle or the carmaker's app.";
    case "not-capable":
      return "This vehicle can't share this information through Smartcar.";
    case "permission":
      return "This app doesn't have permission to read this vehicle. Connect it again and allow access.";
    case "rate-limited":
      return problem.retryAfterSeconds
        ? `Too many requests for this vehicle right now. Try again in ${formatMinutes(problem.retryAfterSeconds)}.`
        : "Too many requests right now. Try again in a minute.";
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

/** "2 minutes ago": how old something is, in a person's words. */
export function timeAgo(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 45) return "just now";
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"} ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return plural(minutes, "minute");
  const hours = Math.round(minutes / 60);
  if (hours < 48) return plural(hours, "hour");
  return plural(Math.round(hours / 24), "day");
}

const EXACT = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/** "7 Dec 2026, 00:43 UTC": the exact time, the same on the server and in any browser. */
export const exactTime = (iso: string) => `${EXACT.format(new Date(iso))} UTC`;

export const CARD_WORDS = {
  updated: "Updated",
  noReadings: "No readings yet",
  refresh: "Refresh",
  refreshing: "Reading the vehicle…",
  refreshed: (waitSeconds: number) =>
    `Read just now. You can refresh again in ${formatMinutes(waitSeconds)}.`,
  tooSoon: (waitSeconds: number) =>
    `This vehicle was read less than a minute ago. You can refresh again in ${formatMinutes(waitSeconds)}.`,
  budgetWarn: (calls: number, limit: number) =>
    `This vehicle has used ${calls} of its ${limit} Smartcar calls this month.`,
  budgetExhausted: (limit: number) =>
    `This vehicle has used all ${limit} of its Smartcar calls this month, so it is no longer read automatically until next month. Webhooks still update it, and Refresh still reads it.`,
  noData: "No data yet: Smartcar hasn't received any readings from this vehicle.",
  reconnect: "Reconnect",
  disconnect: "Disconnect",
  /** In place of a value while the card is read. */
  pending: "…",
} as const;

/** The vehicle's powertrain, as Smartcar names it (contract 4.1); any other is shown as sent. */
export const POWERTRAIN_WORDS: Record<string, string> = {
  BEV: "Electric",
  PHEV: "Plug-in hybrid",
  HEV: "Hybrid",
  ICE: "Combustion",
};

/** Why GET /vehicles/live refused another stream. */
export const STREAM_FULL = {
  "user-full":
    "Too many pages with live updates are open for this account. Close one, then reload this page.",
  "instance-full": "Live updates are busy right now. Reload the page in a minute.",
} as const;

export const NOTICES = {
  connected: "Your vehicle is connected.",
  reconnected: "Your vehicle is reconnected.",
  disconnectedOne: "The vehicle is disconnected. This app can no longer read it.",
  disconnectedAll: "Your vehicles are disconnected. This app can no longer read them.",
  linksRemoved:
    "A carmaker account you connected earlier has no vehicles connected any more (the access was revoked at the carmaker or at Smartcar), so it was removed.",
  linkRefused:
    "Smartcar didn't confirm the carmaker account you just connected (it lists no vehicle of it for this app and this account), so it was not added.",
  unavailable: "Your vehicles can't be loaded right now. Please try again in a moment.",
} as const;

/** Why one signal could not be read, in a few words on its own row (contract 6.3). */
export function describeSignalProblem(problem: Problem): string {
  switch (problem.kind) {
    case "reauthenticate":
      return "Reconnect to read this";
    case "account":
      return "Check your carmaker account";
    case "asleep":
      return "The vehicle didn't respond";
    case "remote-access":
      return "Remote access is turned off";
    case "not-capable":
      return "Not available for this vehicle";
    case "permission":
      return "Not allowed: connect again to allow it";
    case "rate-limited":
      return "Too many requests: try again later";
    case "billing":
      return "The plan's limit for this vehicle is reached";
    case "gone":
      return "This vehicle is no longer connected";
    case "unavailable":
      return "Smartcar can't be reached right now";
    case "unknown":
      return "Couldn't be read";
  }
}

export const SIGNAL_WORDS = {
  notAvailable: "Not available",
  connectAgain: "Connect again",
} as const;

const WHOLE_NUMBER = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** A signal's value as its row shows it. */
export const VALUE_WORDS = {
  percent: (percent: number) => `${WHOLE_NUMBER.format(percent)}%`,
  kilometers: (kilometers: number) => `${WHOLE_NUMBER.format(kilometers)} km`,
  location: (latitude: number, longitude: number) =>
    `${latitude.toFixed(4)}, ${longitude.toFixed(4)}`,
  locked: (locked: boolean) => (locked ? "Locked" : "Unlocked"),
  charging: (charging: boolean) => (charging ? "Charging" : "Not charging"),
  flag: (value: boolean) => (value ? "Yes" : "No"),
} as const;

export const SIGNAL_LABELS = {
  battery: "Battery",
  charging: "Charging",
  chargeLimit: "Charge limit",
  doors: "Doors",
  odometer: "Odometer",
  location: "Location",
} as const;

/** Why a disconnect did not happen. */
export function disconnectMessage(
  outcome: { kind: "not-found" } | { kind: "unavailable" } | { kind: "failed"; problem: Problem },
): string {
  switch (outcome.kind) {
    case "not-found":
      return "This vehicle isn't one of your connected vehicles, so nothing was changed.";
    case "unavailable":
      return "The service is temporarily unavailable, and nothing was changed. Please try again in a moment.";
    case "failed":
      return `Disconnecting didn't finish: ${describeProblem(outcome.problem)}`;
  }
}

/** Each command's button. */
export const COMMAND_LABELS = {
  lock: "Lock",
  unlock: "Unlock",
  "start-charge": "Start charging",
  "stop-charge": "Stop charging",
  "set-charge-limit": "Set limit",
} as const satisfies Record<CommandName, string>;

export const COMMAND_DONE = {
  lock: "Locked.",
  unlock: "Unlocked.",
  "start-charge": "Charging started.",
  "stop-charge": "Charging stopped.",
  "set-charge-limit": "Charge limit set.",
} as const satisfies Record<CommandName, string>;

/** While a command runs: Smartcar may hold it open for minutes (contract 7). */
export const COMMAND_PENDING = {
  lock: "Locking…",
  unlock: "Unlocking…",
  "start-charge": "Starting to charge…",
  "stop-charge": "Stopping the charge…",
  "set-charge-limit": "Setting the charge limit…",
} as const satisfies Record<CommandName, string>;

export const COMMAND_WORDS = {
  slow: "The vehicle can take a few minutes to answer. You can leave this page open.",
  busy: "Another command is already being sent to this vehicle. Wait for it to finish.",
  notFound: "This vehicle isn't one of your connected vehicles.",
  notAllowed: "This app isn't allowed to send that command to this vehicle.",
  limitRange: `Choose a charge limit from ${CHARGE_LIMIT.min}% to ${CHARGE_LIMIT.max}%.`,
  limitLabel: "New charge limit (%)",
  failed: "The vehicle didn't carry out the command.",
  unknown:
    "The vehicle didn't answer in time, so we don't know whether it worked. Check its state before trying again.",
  unavailable: "The service is temporarily unavailable. Please try again in a moment.",
} as const;

/** Unlock asks for the account password in a dialog of its own (app/vehicles/unlock-control.tsx). */
export const UNLOCK_WORDS = {
  title: "Unlock this vehicle?",
  prompt: "Enter your account password to unlock it.",
  password: "Password",
  cancel: "Cancel",
} as const;

/** The vehicle's documented refusals, each in its own words (contract 8.2 [E1]). */
const REFUSALS: Record<string, string> = {
  DOOR_OPEN: "A door is open. Close it and try again.",
  TRUNK_OPEN: "The trunk is open. Close it and try again.",
  HOOD_OPEN: "The hood is open. Close it and try again.",
  IN_MOTION: "The vehicle is moving.",
  CHARGING_IN_PROGRESS: "The vehicle is already charging.",
  CHARGING_PLUG_NOT_CONNECTED: "The charging cable isn't plugged in.",
  FULLY_CHARGED: "The battery is already full.",
  NOT_CHARGING: "The vehicle isn't charging.",
  CHARGE_FAULT: "The charger reported a fault.",
  VEHICLE_NOT_CAPABLE: "This vehicle can't do that.",
};

export function commandRefusal(code: string | null, problem: Problem): string {
  if (code && REFUSALS[code]) return REFUSALS[code];
  if (problem.kind === "not-capable") return REFUSALS.VEHICLE_NOT_CAPABLE!;
  return describeProblem(problem);
}
