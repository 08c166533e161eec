import "server-only";
import { guessPassword } from "@/lib/accounts/accounts";
import { PASSWORD_MAX_LENGTH } from "@/lib/accounts/credentials";
import { requestOrigin } from "@/lib/accounts/device";
import { whenDatabaseIsUp } from "@/lib/db";

// The account password asked again before the most sensitive actions (Unlock, Disconnect all), as
// car makers' own apps ask for a PIN (OWASP ASVS 4.3.x, "step-up" re-authentication). Checked
// exactly as a sign-in is: the same limits, counted per email and client, and the same hashing
// gate (lib/accounts/accounts.ts guessPassword): asking here is no cheaper way to guess.

export type Confirmation =
  | { kind: "confirmed" }
  | { kind: "wrong" }
  | { kind: "rate-limited"; retryAfterSeconds: number }
  | { kind: "busy" }
  | { kind: "unavailable" };

/** Whether `password` is the account password of `user`, signed in on this request. */
export async function confirmPassword(
  user: { email: string },
  password: unknown,
): Promise<Confirmation> {
  if (typeof password !== "string" || password.length === 0) return { kind: "wrong" };
  if (password.length > PASSWORD_MAX_LENGTH) return { kind: "wrong" };
  const origin = await requestOrigin();
  const guess = await whenDatabaseIsUp(() => guessPassword(user.email, password, origin));
  switch (guess.kind) {
    case "right":
      return { kind: "confirmed" };
    case "wrong":
      return { kind: "wrong" };
    case "rate-limited":
      return { kind: "rate-limited", retryAfterSeconds: guess.retryAfterSeconds };
    case "busy":
    case "unavailable":
      return { kind: guess.kind };
  }
}
