import "server-only";
import { NAMES, SESSION_SECRET } from "@/lib/doctor/copy";
import type { CheckResult } from "@/lib/doctor/result";

// The session secret seals every session cookie (iron-session): anyone who knows or guesses it can
// forge a signed-in session (docs/threat-model.md). lib/config.ts already refuses fewer than 32
// characters, and production without one; these are the rules it cannot see.

const MIN_LENGTH = 32;
/** Random base64 of 32+ characters uses 20 or more different ones; hex, 12 or more. */
const MIN_DISTINCT = 8;
/** Words of example text and instructions pasted in place of a secret. */
const PLACEHOLDER =
  /change|replace|example|placeholder|secret|password|generate|openssl|your|xxxx|todo|dummy/i;

/** What is wrong with a secret, in words; null when nothing is. */
export function judgeSecret(secret: string): string | null {
  if (secret.length < MIN_LENGTH) return SESSION_SECRET.short(secret.length);
  if (/^(.)\1*$/s.test(secret)) return SESSION_SECRET.repeated;
  if (PLACEHOLDER.test(secret)) return SESSION_SECRET.placeholder;
  const distinct = new Set(secret).size;
  if (distinct < MIN_DISTINCT) return SESSION_SECRET.fewCharacters(distinct);
  return null;
}

type SecretFacts = {
  isProduction: boolean;
  /** The secret the app would use. */
  secret: string;
  /** True when SESSION_SECRET was unset and the development one was taken. */
  defaulted: boolean;
  /** The development secret kept in .data/session-secret, if there is one. */
  developmentSecret: string | null;
};

/**
 * Production: a weak secret fails; the development one is a warning (a file on some machine). In
 * development the made-up one is fine, and a weak one of your own is a warning.
 */
export function checkSessionSecret(facts: SecretFacts): CheckResult {
  const name = NAMES.sessionSecret;
  if (!facts.isProduction && facts.defaulted)
    return { name, status: "ok", message: SESSION_SECRET.development };
  const problem = judgeSecret(facts.secret);
  if (problem) {
    return {
      name,
      status: facts.isProduction ? "fail" : "warn",
      message: problem,
      fix: SESSION_SECRET.fix,
    };
  }
  if (facts.isProduction && facts.secret === facts.developmentSecret) {
    return {
      name,
      status: "warn",
      message: SESSION_SECRET.developmentCopy,
      fix: SESSION_SECRET.developmentCopyFix,
    };
  }
  return { name, status: "ok", message: SESSION_SECRET.ok(facts.secret.length) };
}
