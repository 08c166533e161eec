// What the password confirmation says (lib/accounts/confirm.ts), apart from the logic. Words only.

import type { Confirmation } from "@/lib/accounts/confirm";
import { formatMinutes } from "@/lib/wait-words";

/** Why `action` ("unlocked", "disconnected") did not happen, for every outcome but confirmed. */
export function confirmationRefusal(
  outcome: Exclude<Confirmation, { kind: "confirmed" }>,
  nothing: "Nothing was unlocked." | "Nothing was disconnected.",
): string {
  switch (outcome.kind) {
    case "wrong":
      return `Wrong password. ${nothing}`;
    case "rate-limited":
      return `Too many wrong passwords. ${nothing} Try again in about ${formatMinutes(outcome.retryAfterSeconds)}.`;
    case "busy":
      return `The server is busy. ${nothing} Try again in a moment.`;
    case "unavailable":
      return `The service is temporarily unavailable. ${nothing} Try again in a moment.`;
  }
}
