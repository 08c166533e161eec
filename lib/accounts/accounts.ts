import "server-only";
import { db, whenDatabaseIsUp } from "@/lib/db";
import {
  fieldErrorsOf,
  SignInSchema,
  SignUpSchema,
  type FieldErrors,
} from "@/lib/accounts/credentials";
import { withHashSlot } from "@/lib/accounts/hash-slots";
import { knownDevice } from "@/lib/accounts/device";
import {
  SIGN_IN_PER_CLIENT,
  SIGN_IN_PER_DEVICE,
  SIGN_IN_PER_EMAIL,
  SIGN_IN_PER_EMAIL_AND_CLIENT,
  SIGN_UP_PER_CLIENT,
} from "@/lib/accounts/limits";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "@/lib/accounts/password";
import { recordSignUpAttempt } from "@/lib/accounts/sign-up-notices";
import { clear, hashedSubject, release, reserve, type Limit } from "@/lib/rate-limit";

// Signing in and up, in the order that keeps them cheap to refuse and atomic to count
// (docs/references.md [owasp-authentication-automated-attacks]): validate, take a use of each
// limit (one SQL statement each), and only then spend a hash, inside this instance's hash gate. A
// refused request costs no hash.

export type AccountUser = { id: string; email: string };

/**
 * Who is asking: the client address of lib/client-address.ts, and the device cookie the browser
 * sent, if any (lib/accounts/device.ts).
 */
export type RequestOrigin = { client: string; device?: string | null };

export type SignUpOutcome =
  /** The same for a new email and a registered one: nothing here tells them apart. */
  | { kind: "submitted" }
  | { kind: "invalid"; fieldErrors: FieldErrors }
  | { kind: "rate-limited"; retryAfterSeconds: number }
  | { kind: "busy" }
  | { kind: "unavailable" };

export type SignInOutcome =
  | { kind: "signed-in"; user: AccountUser }
  | { kind: "invalid"; fieldErrors: FieldErrors }
  | { kind: "wrong-credentials" }
  /** `email`: too many wrong guesses for this email; `client`: too many attempts from this client. */
  | { kind: "rate-limited"; scope: "email" | "client"; retryAfterSeconds: number }
  | { kind: "busy" }
  | { kind: "unavailable" };

export async function signUp(
  input: { email: unknown; password: unknown },
  origin: RequestOrigin,
): Promise<SignUpOutcome> {
  return whenDatabaseIsUp(() => createAccount(input, origin));
}

export async function signIn(
  input: { email: unknown; password: unknown },
  origin: RequestOrigin,
): Promise<SignInOutcome> {
  return whenDatabaseIsUp(() => checkCredentials(input, origin));
}

/**
 * A new email gets an account; a registered one is left as it is and its owner is told at their
 * next sign-in. Both cost one hash and one write, and answer the same.
 */
async function createAccount(
  input: { email: unknown; password: unknown },
  { client }: RequestOrigin,
): Promise<SignUpOutcome> {
  const parsed = SignUpSchema.safeParse(input);
  if (!parsed.success) return { kind: "invalid", fieldErrors: fieldErrorsOf(parsed.error) };
  const { email, password } = parsed.data;

  const allowed = await reserve(SIGN_UP_PER_CLIENT, client);
  if (allowed.kind === "refused")
    return { kind: "rate-limited", retryAfterSeconds: allowed.retryAfterSeconds };

  const hashed = await withHashSlot(client, () => hashPassword(password));
  if (hashed.kind === "busy") return { kind: "busy" };
  // ON CONFLICT DO NOTHING: a taken email (even by a concurrent sign-up) changes nothing.
  const { count } = await db().user.createMany({
    data: [{ email, passwordHash: hashed.value }],
    skipDuplicates: true,
  });
  if (count === 0) await recordSignUpAttempt(email);
  return { kind: "submitted" };
}

async function checkCredentials(
  input: { email: unknown; password: unknown },
  origin: RequestOrigin,
): Promise<SignInOutcome> {
  const parsed = SignInSchema.safeParse(input);
  if (!parsed.success) return { kind: "invalid", fieldErrors: fieldErrorsOf(parsed.error) };
  const { email, password } = parsed.data;
  const guess = await guessPassword(email, password, origin);
  switch (guess.kind) {
    case "right":
      return { kind: "signed-in", user: guess.user };
    case "wrong":
      return { kind: "wrong-credentials" };
    default:
      return guess;
  }
}

type PasswordGuess =
  | { kind: "right"; user: AccountUser }
  | { kind: "wrong" }
  /** `email`: too many wrong guesses for this email; `client`: too many attempts from this client. */
  | { kind: "rate-limited"; scope: "email" | "client"; retryAfterSeconds: number }
  | { kind: "busy" };

type Taken = { limit: Limit; subject: string; windowEndsAt: Date };

/**
 * Checks `password` against the account of `email`, under every sign-in limit and inside this
 * instance's hashing gate: signing in, and confirming a sensitive action (Unlock, Disconnect all)
 * with the account password, are the same guess to an attacker, so they share the same limits.
 *
 * Counted before it is checked (a burst gets at most the limits' guesses): per client (right or
 * wrong), then per email and client, then per email (slower). A browser that signed in to this
 * email before (its device cookie) is counted per device instead of all three, so a stranger at
 * the same address (a carrier's NAT, an office) cannot lock it out (docs/references.md
 * [owasp-device-cookies]). A guess that was not checked (the gate was busy) is given back, to the
 * window it was counted in only.
 */
export async function guessPassword(
  email: string,
  password: string,
  { client, device }: RequestOrigin,
): Promise<PasswordGuess> {
  const emailKey = hashedSubject(email);
  const nonce = knownDevice(device, email);
  if (!nonce) {
    const byClient = await reserve(SIGN_IN_PER_CLIENT, client);
    if (byClient.kind === "refused")
      return {
        kind: "rate-limited",
        scope: "client",
        retryAfterSeconds: byClient.retryAfterSeconds,
      };
  }
  const limits: [Limit, string][] = nonce
    ? [[SIGN_IN_PER_DEVICE, hashedSubject(nonce)]]
    : [
        [SIGN_IN_PER_EMAIL_AND_CLIENT, `${emailKey}:${client}`],
        [SIGN_IN_PER_EMAIL, emailKey],
      ];
  const taken: Taken[] = [];
  const giveBack = () =>
    Promise.all(taken.map((t) => release(t.limit, t.subject, { windowEndsAt: t.windowEndsAt })));
  for (const [limit, subject] of limits) {
    const reservation = await reserve(limit, subject);
    if (reservation.kind === "refused") {
      await giveBack();
      return {
        kind: "rate-limited",
        scope: "email",
        retryAfterSeconds: reservation.retryAfterSeconds,
      };
    }
    taken.push({ limit, subject, windowEndsAt: reservation.windowEndsAt });
  }

  const user = await db().user.findUnique({
    where: { email },
    select: { id: true, email: true, passwordHash: true },
  });
  // An unknown email costs one hash too, so timing does not tell which emails are registered.
  const checked = await withHashSlot(client, () =>
    user ? verifyPassword(password, user.passwordHash) : verifyAgainstDummy(password),
  );
  if (checked.kind === "busy") {
    // Not a guess: nothing was checked.
    await giveBack();
    return { kind: "busy" };
  }
  if (!user || !checked.value) return { kind: "wrong" };
  // The right password was no wrong guess: its own use is given back. This client's earlier
  // mistakes are forgiven; the per-email count is not cleared: a stranger's guesses do not get a
  // fresh allowance whenever the owner signs in.
  await giveBack();
  await clear(SIGN_IN_PER_EMAIL_AND_CLIENT, `${emailKey}:${client}`);
  return { kind: "right", user: { id: user.id, email: user.email } };
}
