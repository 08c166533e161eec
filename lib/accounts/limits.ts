import "server-only";
import type { GateOptions } from "@/lib/concurrency-gate";
import type { Limit } from "@/lib/rate-limit";

// Every limit on signing in and up, in one place (docs/threat-model.md explains each). Guessing is
// limited per email; the cost one client can impose, per client address (lib/client-address.ts).

const FIFTEEN_MINUTES = 15 * 60 * 1000;

/**
 * Guesses at one email's password from one client: the 6th within a window is refused, whatever
 * the burst. A stranger's guesses fill their own bucket, not the owner's.
 */
export const SIGN_IN_PER_EMAIL_AND_CLIENT: Limit = {
  name: "sign-in:email-client",
  max: 5,
  windowMs: FIFTEEN_MINUTES,
};

/**
 * Guesses at one email's password from every client that has not signed in to it before: slower,
 * so that guessing from many addresses gets little further (10 an hour, 240 a day), and not
 * applied to a browser with this email's device cookie (lib/accounts/device.ts), so a stranger's
 * guesses cannot lock the owner out of the browsers they use (docs/references.md
 * [owasp-device-cookies]).
 */
export const SIGN_IN_PER_EMAIL: Limit = {
  name: "sign-in:email",
  max: 10,
  windowMs: 60 * 60 * 1000,
};

/** Guesses with one device cookie (in place of the per-email limit): a stolen one buys few. */
export const SIGN_IN_PER_DEVICE: Limit = {
  name: "sign-in:device",
  max: 5,
  windowMs: FIFTEEN_MINUTES,
};

/** Sign-in attempts (right or wrong) from one client. */
export const SIGN_IN_PER_CLIENT: Limit = {
  name: "sign-in:client",
  max: 20,
  windowMs: FIFTEEN_MINUTES,
};

/** Sign-up attempts from one client. */
export const SIGN_UP_PER_CLIENT: Limit = {
  name: "sign-up:client",
  max: 10,
  windowMs: FIFTEEN_MINUTES,
};

/**
 * Password hashes in this instance: PASSWORD_HASH_CONCURRENCY at once (scrypt runs on libuv's
 * four worker threads, which compression and file reads share), up to 8 waiting at most 3 s, and
 * one place per client, running or waiting: one client's burst costs one hash at a time and
 * cannot hold the queue. (A person submits one form at a time; the form disables its button.)
 */
export const HASH_QUEUE: Omit<GateOptions, "concurrency"> = {
  maxQueue: 8,
  maxWaitMs: 3_000,
  maxPerKey: 1,
};

/** What a refusal for a busy instance asks the browser to wait, in seconds. */
export const BUSY_RETRY_AFTER_SECONDS = 2;
