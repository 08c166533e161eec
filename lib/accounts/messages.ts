// Shared with the browser (the sign-in page shows AFTER_SIGN_UP): words only, no server-only.
import type { SignUpNotice } from "@/lib/session";
import type { StatusPageCopy } from "@/lib/unavailable-page";
import { formatMinutes } from "@/lib/wait-words";

// What the account forms and pages say, apart from the logic that decides which.

export const WRONG_CREDENTIALS = "Wrong email or password.";

/** Why the account forms refuse a field (lib/accounts/credentials.ts). */
export const FIELD_ERRORS = {
  emailMissing: "Enter your email address.",
  emailTooLong: "That email address is too long.",
  emailInvalid: "Enter a valid email address, like name@example.com.",
  newPasswordMissing: "Enter a password.",
  passwordTooShort: (min: number) => `Use at least ${min} characters.`,
  passwordTooLong: (max: number) => `Use at most ${max} characters.`,
  passwordMissing: "Enter your password.",
} as const;

export function tooManyGuesses(retryAfterSeconds: number): string {
  return `Too many failed sign-in attempts. Try again later (in about ${formatMinutes(retryAfterSeconds)}).`;
}

/** Shown on the sign-in form after every sign-up, whether the email was new or not. */
export const AFTER_SIGN_UP =
  "If this email is new, your account is ready: sign in with the password you chose. If it was already registered, sign in with your existing password.";

const DAY = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

/** Told to the owner once, at the sign-in after someone tried to sign up with their email. */
export function signUpAttemptNotice({ count, firstAt, lastAt }: SignUpNotice): string {
  const first = DAY.format(new Date(firstAt));
  const last = DAY.format(new Date(lastAt));
  const when = count === 1 || first === last ? `on ${last}` : `between ${first} and ${last}`;
  const times = count === 1 ? "" : ` ${count} times`;
  return `Someone tried to create an account with your email${times} ${when} (UTC); nothing was changed. If it wasn't you, no action is needed.`;
}

/** The database is down while signing in, up or out. */
export const UNAVAILABLE_PAGES: Record<"sign-in" | "sign-up" | "sign-out", StatusPageCopy> = {
  "sign-in": {
    title: "Temporarily unavailable",
    heading: "Sign-in is temporarily unavailable",
    message:
      "We can't reach our database right now, and nothing was changed. Please try again in a moment.",
  },
  "sign-up": {
    title: "Temporarily unavailable",
    heading: "Sign-up is temporarily unavailable",
    message:
      "We can't reach our database right now, and nothing was changed. Please try again in a moment.",
  },
  "sign-out": {
    title: "Temporarily unavailable",
    heading: "Sign-out is temporarily unavailable",
    message:
      "We can't reach our database right now, so your session has not been ended yet. Please sign out again in a moment.",
  },
};

export function tooManyAttemptsPage(
  form: "sign-in" | "sign-up",
  retryAfterSeconds: number,
): StatusPageCopy {
  const what = form === "sign-in" ? "sign-in" : "sign-up";
  return {
    title: "Too many attempts",
    heading: `Too many ${what} attempts`,
    message: `We received too many ${what} attempts from your network, so nothing was checked. Please try again in about ${formatMinutes(retryAfterSeconds)}.`,
  };
}

export function busyPage(form: "sign-in" | "sign-up"): StatusPageCopy {
  return {
    title: "Busy",
    heading:
      form === "sign-in" ? "We're handling a lot of sign-ins" : "We're handling a lot of sign-ups",
    message:
      "We couldn't check your password right away, and nothing was changed. Please try again in a moment.",
  };
}
