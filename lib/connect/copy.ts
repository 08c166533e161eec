import "server-only";
import type { ErrorPageCode } from "@/lib/connect/codes";
import type { StatusPageCopy } from "@/lib/unavailable-page";
import { formatMinutes } from "@/lib/wait-words";

// The words of each page a Connect outcome leads to, apart from the logic that picks the page
// (lib/connect/outcomes.ts).

export type RetryAction = {
  label: string;
  kind: "connect" | "connect-same-brand" | "connect-another";
} | null;

export type ErrorPageCopy = {
  title: string;
  heading: string;
  paragraphs: string[];
  retry: RetryAction;
  /** Whether the page shows the incompatible vehicle. */
  showsVehicle?: boolean;
};

const TRY_AGAIN = { label: "Try again", kind: "connect" } as const;
const START_AGAIN = { label: "Start again", kind: "connect" } as const;

/**
 * One page per outcome: its heading, copy and retry prompt. Smartcar recommends telling the user
 * why access is needed and asking again (docs/smartcar-contract.md 1.2, [C2]).
 */
export const ERROR_PAGES: Record<ErrorPageCode, ErrorPageCopy> = {
  access_denied: {
    title: "Access not granted",
    heading: "You didn't give access to your vehicle",
    paragraphs: [
      "This app needs permission to read your vehicle's battery level, charging state, locks, odometer and location so that it can show them to you, and to lock it or control its charging when you ask. Nothing is shared unless you allow it, and you can disconnect at any time.",
      "Would you like to review the permissions and try again?",
    ],
    retry: TRY_AGAIN,
  },
  user_manually_returned_to_application: {
    title: "Connection not finished",
    heading: "Your vehicle isn't connected yet",
    paragraphs: [
      "You came back to this app before finishing in Smartcar Connect, so no vehicle was connected.",
      "Continue when you're ready: it only takes a minute.",
    ],
    retry: { label: "Continue connecting", kind: "connect" },
  },
  oem_cancelled_login: {
    title: "Carmaker sign-in not completed",
    heading: "You didn't finish signing in to your carmaker",
    paragraphs: [
      "The sign-in with your vehicle's brand was cancelled, so no vehicle was connected.",
      "Try again to sign in with the same brand.",
    ],
    retry: { label: "Try again", kind: "connect-same-brand" },
  },
  vehicle_incompatible: {
    title: "Vehicle not compatible",
    heading: "This vehicle can't be connected",
    paragraphs: [
      "This vehicle isn't compatible with the features this app needs, so it wasn't connected.",
      "If you have another vehicle, you can connect that one instead.",
    ],
    retry: { label: "Connect another vehicle", kind: "connect-another" },
    showsVehicle: true,
  },
  no_vehicles: {
    title: "No vehicles found",
    heading: "There are no vehicles on your carmaker account",
    paragraphs: [
      "Your carmaker account doesn't have a vehicle yet. Add your vehicle in your carmaker's app, then try again.",
    ],
    retry: TRY_AGAIN,
  },
  invalid_subscription: {
    title: "Subscription inactive",
    heading: "Your connected-services subscription is inactive",
    paragraphs: [
      "Your vehicle's connected-services subscription isn't active, so its data can't be shared.",
      "Reactivate the subscription with your carmaker, in their app or on their website, then try again.",
    ],
    retry: TRY_AGAIN,
  },
  server_error: {
    title: "Temporary problem",
    heading: "Something went wrong on Smartcar's side",
    paragraphs: [
      "This is a temporary problem, and no vehicle was connected. Please try again in a few minutes.",
    ],
    retry: TRY_AGAIN,
  },
  configuration_error: {
    title: "We're sorry",
    heading: "We're sorry, we can't connect vehicles right now",
    paragraphs: [
      "A problem with this app's setup stopped the connection. It's not something you did, and the details have been logged for our team.",
      "Please come back later.",
    ],
    retry: null,
  },
  unknown: {
    title: "Connection failed",
    heading: "The connection didn't complete",
    paragraphs: ["Something unexpected happened and no vehicle was connected. Please try again."],
    retry: TRY_AGAIN,
  },
  invalid_state: {
    title: "Link expired",
    heading: "This connection link expired or was already used",
    paragraphs: [
      "For your security, a connection can be completed only once, in the browser and account that started it, within 10 minutes. Nothing was changed.",
      "Start again to connect your vehicle.",
    ],
    retry: START_AGAIN,
  },
  invalid_response: {
    title: "Unreadable response",
    heading: "We couldn't read the response from Smartcar",
    paragraphs: [
      "The response was incomplete or malformed, so nothing was saved. Start again to connect your vehicle.",
    ],
    retry: START_AGAIN,
  },
  already_linked: {
    title: "Account already linked",
    heading: "This vehicle owner is linked to another account",
    paragraphs: [
      "The carmaker account you just used is already connected to a different account of this app, so nothing was changed.",
      "Sign in to that account instead, or connect with a different carmaker account.",
    ],
    retry: { label: "Connect a different account", kind: "connect" },
  },
};

/** The database is down while connecting (lib/connect/responses.ts): the state is not spent. */
export const CONNECT_UNAVAILABLE: StatusPageCopy = {
  title: "Temporarily unavailable",
  heading: "We can't finish connecting right now",
  message:
    "The service is temporarily unavailable, and nothing was saved. Your connection is still waiting: try again in a moment.",
};

/** Too many launches in a short time (lib/connect/launch.ts). */
export function connectTooManyCopy(retryAfterSeconds: number): StatusPageCopy {
  return {
    title: "Too many attempts",
    heading: "You've started connecting many times in a short while",
    message: `For your security, connecting is paused for this account. Try again in ${formatMinutes(retryAfterSeconds)}.`,
  };
}

/** How an attempt ended, on the history page (lib/connect/history.ts); others are HISTORY_WORDS.failed. */
export const OUTCOME_WORDS: Partial<
  Record<ErrorPageCode | "connected" | "reauthenticated", string>
> = {
  connected: "Connected",
  reauthenticated: "Reconnected",
  access_denied: "Denied access",
  user_manually_returned_to_application: "Returned to the app before finishing",
  oem_cancelled_login: "Cancelled the carmaker sign-in",
  vehicle_incompatible: "Incompatible vehicle",
  no_vehicles: "No vehicles on the carmaker account",
  invalid_subscription: "Inactive connected-services subscription",
  server_error: "Smartcar server error",
  configuration_error: "App configuration error",
  unknown: "Failed (unknown error)",
};

export const HISTORY_WORDS = {
  failed: "Failed",
  inProgress: "In progress",
  notCompleted: "Not completed",
  connect: "Connect",
  reconnect: "Reconnect",
} as const;
