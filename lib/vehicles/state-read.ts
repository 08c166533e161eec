import "server-only";

// A live update's read of one vehicle's stored state (lib/vehicles/live.ts). The notification that
// asked for it is spent once heard: a read that fails or hangs would leave an open page on the old
// state until the vehicle changes again. So a read is given a bounded time and tried a few times,
// and a read that still fails is reported, never dropped silently.

const STATE_READ_ATTEMPTS = 3;
const STATE_READ_TIMEOUT_MS = 10_000;
const RETRY_AFTER_MS = 250;

type Options = {
  attempts?: number;
  timeoutMs?: number;
  /** Waits between attempts; replaced in tests. */
  wait?: (ms: number) => Promise<void>;
};

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Rejects when `promise` has not settled within `ms`; the timer never outlives it. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * `read()`'s value, tried up to `attempts` times, each within `timeoutMs`; `{ failed }` with the
 * last error when every attempt failed.
 */
export async function readWithRetries<T>(
  read: () => Promise<T>,
  { attempts = STATE_READ_ATTEMPTS, timeoutMs = STATE_READ_TIMEOUT_MS, wait = pause }: Options = {},
): Promise<{ value: T } | { failed: unknown; attempts: number }> {
  let last: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return { value: await within(read(), timeoutMs) };
    } catch (error) {
      last = error;
      if (attempt < attempts) await wait(RETRY_AFTER_MS * attempt);
    }
  }
  return { failed: last, attempts };
}
