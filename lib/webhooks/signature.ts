import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";

// Smartcar signs every webhook delivery: `SC-Signature` is the lower-case hex HMAC-SHA256 of the
// raw body, keyed with the application management token; the VERIFY challenge is answered with the
// same HMAC of the challenge (docs/smartcar-contract.md 9.3 and 9.4, [W5]).

export function hmacHex(key: string, message: string | Buffer): string {
  return createHmac("sha256", key).update(message).digest("hex");
}

/** Constant-time check of `SC-Signature` against the raw body. */
export function isSignedBy(key: string, body: Buffer, signature: string | null): boolean {
  if (!signature || !/^[0-9a-f]{64}$/i.test(signature.trim())) return false;
  const expected = Buffer.from(hmacHex(key, body), "hex");
  const actual = Buffer.from(signature.trim().toLowerCase(), "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
