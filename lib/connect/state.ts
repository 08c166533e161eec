import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** How long a Connect launch may take before its state is refused. */
export const STATE_TTL_MS = 10 * 60 * 1000;

/** A fresh state: 256 random bits, URL-safe. */
export function newState(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database keeps: a leaked row cannot be replayed as a state. */
export function hashState(state: string): string {
  return createHash("sha256").update(state).digest("hex");
}

/** Constant-time comparison of the returned state with the one this browser's session started. */
export function sameState(returned: string, expected: string | undefined): boolean {
  if (!expected) return false;
  // Hashed first: timingSafeEqual needs equal lengths, and a length must not leak either.
  const returnedHash = createHash("sha256").update(returned).digest();
  const expectedHash = createHash("sha256").update(expected).digest();
  return timingSafeEqual(returnedHash, expectedHash);
}
