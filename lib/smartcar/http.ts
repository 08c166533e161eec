import "server-only";
import {
  SmartcarApiError,
  SmartcarRateLimitedError,
  SmartcarResponseError,
  SmartcarUnavailableError,
  toApiError,
} from "@/lib/smartcar/errors";
import { ErrorsBodySchema } from "@/lib/smartcar/schemas";

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export type RetryPolicy = {
  /** How many times a retryable failure is retried. */
  retries: number;
  /** The first backoff, doubled on each retry, with jitter. */
  baseDelayMs: number;
  /** The longest this request may wait before a retry; a longer Retry-After fails at once. */
  maxDelayMs: number;
  /** Each attempt is abandoned after this long. */
  timeoutMs: number;
};

const DEFAULT_RETRY: RetryPolicy = {
  retries: 2,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
  timeoutMs: 8_000,
};

/**
 * Commands are never re-sent: the vehicle may have acted on the first one (contract 7 [K1]).
 * Smartcar holds a slow command's response open for up to ~175 s, so the timeout is longer than
 * that (contract 7).
 */
export const COMMAND_POLICY: RetryPolicy = {
  retries: 0,
  baseDelayMs: 0,
  maxDelayMs: 0,
  timeoutMs: 185_000,
};

export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retry-After in seconds (Smartcar's documented form) or as an HTTP date, in seconds. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text));
  // Only an IMF-fixdate (RFC 9110, 5.6.7): anything else would parse as some date in the past.
  if (!/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text)) return null;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

/** Exponential backoff with jitter: half fixed, half random. */
export function backoffMs(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const exponential = policy.baseDelayMs * 2 ** attempt;
  return Math.min(policy.maxDelayMs, exponential / 2 + random() * (exponential / 2));
}

/**
 * Whether Smartcar advises retrying this failure automatically (docs/smartcar-contract.md, 8.3):
 * server and upstream errors are; vehicle state, compatibility, permission, billing, account and
 * per-vehicle rate limits are not, and neither is an upstream (carmaker) rate limit.
 */
function isRetryable(error: SmartcarApiError): boolean {
  if (error.status === 429) return error.code !== "VEHICLE";
  if (error.status === 501) return false;
  if (error.resolution?.type === "CONTACT_SUPPORT") return false;
  if (error.status >= 500) return error.code !== "RATE_LIMIT";
  return false;
}

/**
 * One request with a timeout, retried as Smartcar advises. Returns the parsed JSON of a 2xx answer
 * (null for 204); any other answer is a typed error. A 429 is waited out only when its Retry-After
 * fits in the policy; otherwise it fails at once, saying when to try again.
 */
export async function requestJson(
  fetchImpl: FetchLike,
  url: string,
  init: RequestInit,
  { policy = DEFAULT_RETRY, sleep = realSleep }: { policy?: RetryPolicy; sleep?: Sleep } = {},
): Promise<unknown> {
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        ...init,
        signal: AbortSignal.timeout(policy.timeoutMs),
        cache: "no-store",
      });
    } catch (error) {
      if (attempt < policy.retries) {
        await sleep(backoffMs(attempt, policy));
        continue;
      }
      throw new SmartcarUnavailableError(`Smartcar did not answer: ${(error as Error).name}`);
    }
    if (response.ok) {
      const body = await readBody(response);
      // A slow command answers 202 at once and writes its final body later; that body may be an
      // error whose status differs from the HTTP status (contract 7, "202 and async").
      const late = ErrorsBodySchema.safeParse(body);
      if (late.success) {
        throw toApiError(
          Number(late.data.errors[0]!.status) || response.status,
          body,
          null,
          response.headers.get("sc-request-id"),
        );
      }
      return body;
    }

    const body = await response.json().catch(() => null);
    const error = toApiError(
      response.status,
      body,
      retryAfterSeconds(response.headers.get("retry-after")),
      response.headers.get("sc-request-id"),
    );
    if (error.status === 429) {
      const waitMs = error.retryAfterSeconds === null ? null : error.retryAfterSeconds * 1000;
      const canWait =
        attempt < policy.retries && isRetryable(error) && (waitMs ?? 0) <= policy.maxDelayMs;
      if (!canWait) throw rateLimited(error);
      await sleep(waitMs ?? backoffMs(attempt, policy));
      continue;
    }
    if (isRetryable(error) && attempt < policy.retries) {
      await sleep(backoffMs(attempt, policy));
      continue;
    }
    throw error;
  }
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return null;
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new SmartcarResponseError(
      `Smartcar answered ${response.status} with a body that is not JSON`,
    );
  }
}

function rateLimited(error: SmartcarApiError): SmartcarRateLimitedError {
  return new SmartcarRateLimitedError(
    error.status,
    error.type,
    error.code,
    error.resolution,
    error.retryAfterSeconds === null
      ? "Rate limited by Smartcar"
      : `Rate limited by Smartcar: try again in ${error.retryAfterSeconds} s`,
    error.retryAfterSeconds,
    error.requestId,
  );
}
