import "server-only";
import { db } from "@/lib/db";

// Failed sign-ins are counted per email in the database, so the limit holds across restarts and
// instances (https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#protect-against-automated-attacks).
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;

/** Seconds until `email` may try again, or 0 when it may now. */
export async function secondsUntilSignInAllowed(email: string, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS);
  const recent = await db().signInFailure.findMany({
    where: { email, createdAt: { gt: since } },
    orderBy: { createdAt: "desc" },
    take: MAX_FAILURES,
    select: { createdAt: true },
  });
  if (recent.length < MAX_FAILURES) return 0;
  const oldest = recent[recent.length - 1]!.createdAt.getTime();
  return Math.max(1, Math.ceil((oldest + FAILURE_WINDOW_MS - now.getTime()) / 1000));
}

export async function recordSignInFailure(email: string): Promise<void> {
  await db().signInFailure.create({ data: { email } });
}

export async function clearSignInFailures(email: string): Promise<void> {
  await db().signInFailure.deleteMany({ where: { email } });
}
