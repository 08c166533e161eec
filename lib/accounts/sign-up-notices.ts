import "server-only";
import { signUpAttemptNotice } from "@/lib/accounts/messages";
import { db } from "@/lib/db";
import { readSession, type SignUpNotice } from "@/lib/session";

// Sign-up answers a taken email exactly as a new one, so the owner learns of the attempt here:
// counted per user (one row, whoever keeps trying), and handed to them once at their next sign-in.

/** Counts a sign-up tried with `email`, if it belongs to a user; one statement. */
export async function recordSignUpAttempt(email: string): Promise<void> {
  await db().$executeRaw`
    INSERT INTO sign_up_notices AS n (user_id, count, first_at, last_at)
    SELECT id, 1, now(), now() FROM users WHERE email = ${email}
    ON CONFLICT (user_id) DO UPDATE SET count = n.count + 1, last_at = excluded.last_at`;
}

/** The attempts since the user last signed in, removed as they are read: told once. */
export async function takeSignUpNotice(userId: string): Promise<SignUpNotice | null> {
  const [row] = await db().$queryRaw<{ count: number; first_at: Date; last_at: Date }[]>`
    DELETE FROM sign_up_notices WHERE user_id = ${userId}::uuid RETURNING count, first_at, last_at`;
  return row
    ? { count: row.count, firstAt: row.first_at.toISOString(), lastAt: row.last_at.toISOString() }
    : null;
}

/** The notice this session still shows its user, in words, or null. */
export async function pendingSignUpNotice(): Promise<string | null> {
  const read = await readSession();
  return read.kind === "signed-in" && read.signUpNotice
    ? signUpAttemptNotice(read.signUpNotice)
    : null;
}
