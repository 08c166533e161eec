import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { db, whenDatabaseIsUp } from "@/lib/db";
import { fieldErrorsOf, SignInSchema, SignUpSchema, type FieldErrors } from "@/lib/accounts/credentials";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "@/lib/accounts/password";
import { clearSignInFailures, recordSignInFailure, secondsUntilSignInAllowed } from "@/lib/accounts/sign-in-throttle";

export type AccountUser = { id: string; email: string };

export type SignUpOutcome =
  | { kind: "signed-up"; user: AccountUser }
  | { kind: "invalid"; fieldErrors: FieldErrors }
  | { kind: "email-taken" }
  | { kind: "unavailable" };

export type SignInOutcome =
  | { kind: "signed-in"; user: AccountUser }
  | { kind: "invalid"; fieldErrors: FieldErrors }
  | { kind: "wrong-credentials" }
  | { kind: "rate-limited"; retryAfterSeconds: number }
  | { kind: "unavailable" };

export async function signUp(input: { email: unknown; password: unknown }): Promise<SignUpOutcome> {
  return whenDatabaseIsUp(() => createAccount(input));
}

export async function signIn(input: { email: unknown; password: unknown }): Promise<SignInOutcome> {
  return whenDatabaseIsUp(() => checkCredentials(input));
}

async function createAccount(input: { email: unknown; password: unknown }): Promise<SignUpOutcome> {
  const parsed = SignUpSchema.safeParse(input);
  if (!parsed.success) return { kind: "invalid", fieldErrors: fieldErrorsOf(parsed.error) };
  const { email, password } = parsed.data;
  try {
    const user = await db().user.create({
      data: { email, passwordHash: await hashPassword(password) },
      select: { id: true, email: true },
    });
    return { kind: "signed-up", user };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return { kind: "email-taken" };
    throw error;
  }
}

async function checkCredentials(input: { email: unknown; password: unknown }): Promise<SignInOutcome> {
  const parsed = SignInSchema.safeParse(input);
  if (!parsed.success) return { kind: "invalid", fieldErrors: fieldErrorsOf(parsed.error) };
  const { email, password } = parsed.data;

  const retryAfterSeconds = await secondsUntilSignInAllowed(email);
  if (retryAfterSeconds > 0) return { kind: "rate-limited", retryAfterSeconds };

  const user = await db().user.findUnique({ where: { email }, select: { id: true, email: true, passwordHash: true } });
  const ok = user ? await verifyPassword(password, user.passwordHash) : await verifyAgainstDummy(password);
  if (!user || !ok) {
    await recordSignInFailure(email);
    return { kind: "wrong-credentials" };
  }
  await clearSignInFailures(email);
  return { kind: "signed-in", user: { id: user.id, email: user.email } };
}
