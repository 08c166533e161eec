import "server-only";
import type { GateOptions } from "@/lib/concurrency-gate";
import type { Limit } from "@/lib/rate-limit";

// Every limit on signing in and up, in one place (docs/threat-model.md explains each). Guessing is
// limited per email; the cost one client can impose, per client address (lib/client-address.ts).

const FIFTEEN_MINUTES = 15 * 60 * 1000;

/** Wrong guesses for one email: the 6th within a window is refused whatever the burst. */
export const SIGN_IN_PER_EMAIL: Limit = {
  name: "sign-in:email",
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
