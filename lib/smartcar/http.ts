import { SmartcarApiError, SmartcarResponseError, SmartcarUnavailableError } from "@/lib/smartcar/errors";
import { ErrorBodySchema } from "@/lib/smartcar/schemas";

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export type RetryPolicy = {
  /** How many times a 429, a 5xx or a network failure is retried. */
  retries: number;
  /** The first backoff, doubled on each retry, with jitter. */
  baseDelayMs: number;
  /** No wait is longer than this, whatever Retry-After says. */
  maxDelayMs: number;
  /** Each attempt is abandoned after this long. */
  timeoutMs: number;
};

export const DEFAULT_RETRY: RetryPolicy = { retries: 2, baseDelayMs: 250, maxDelayMs: 5_000, timeoutMs: 8_000 };

export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retry-After in seconds or as an HTTP date, in milliseconds (https://www.rfc-editor.org/rfc/rfc9110#field.retry-after). */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export function backoffMs(attempt: number, policy: RetryPolicy, retryAfter: number | null, random = Math.random): number {
  const exponential = policy.baseDelayMs * 2 ** attempt;
  const wait = retryAfter ?? exponential / 2 + random() * (exponential / 2);
  return Math.min(policy.maxDelayMs, Math.max(0, wait));
}

async function toApiError(response: Response): Promise<SmartcarApiError> {
  const body = await response.json().catch(() => null);
  const parsed = ErrorBodySchema.safeParse(body);
  const first = parsed.success ? parsed.data.errors[0]! : null;
  return new SmartcarApiError(response.status, first?.type ?? "UNKNOWN", first?.code ?? null, first?.title ?? response.statusText, first?.detail ?? null);
}

/**
 * One request with a timeout, retrying 429, 5xx and network failures a bounded number of times
 * with exponential backoff, honouring Retry-After. Returns the parsed JSON of a 2xx answer; any
 * other answer is a typed error.
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
      response = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(policy.timeoutMs), cache: "no-store" });
    } catch (error) {
      if (attempt < policy.retries) {
        await sleep(backoffMs(attempt, policy, null));
        continue;
      }
      throw new SmartcarUnavailableError(`Smartcar did not answer: ${(error as Error).name}`);
    }
    if (response.ok) {
      if (response.status === 204) return null;
      try {
        return await response.json();
      } catch {
        throw new SmartcarResponseError(`Smartcar answered ${response.status} with a body that is not JSON`);
      }
    }
    const retryable = response.status === 429 || response.status >= 500;
    if (retryable && attempt < policy.retries) {
      await response.body?.cancel();
      await sleep(backoffMs(attempt, policy, retryAfterMs(response.headers.get("retry-after"))));
      continue;
    }
    throw await toApiError(response);
  }
}
