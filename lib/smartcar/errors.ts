import "server-only";
import { ErrorsBodySchema, FlatErrorBodySchema } from "@/lib/smartcar/schemas";

// Typed failures of the Smartcar API. Smartcar documents two error bodies (docs/smartcar-contract.md,
// 8.1): the v3 `{ errors: [{ status, type, code, title, detail }] }` and the errors overview's flat
// `{ type, code, description, statusCode, requestId, resolution, suggestedUserMessage }`. Both
// become one SmartcarApiError keyed on `type`, `code` and `resolution.type` (contract 8 [E1]).

export type Resolution = { type: string | null; url: string | null };

export class SmartcarApiError extends Error {
  override name = "SmartcarApiError";
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string | null,
    readonly resolution: Resolution | null,
    readonly description: string | null,
    /** From `Retry-After`, in seconds, when the answer carried one. */
    readonly retryAfterSeconds: number | null = null,
    /**
     * What Smartcar's support asks for: the body's `requestId`, else the `sc-request-id` header
     * (contract 8.1; Smartcar's Node SDK reads both).
     */
    readonly requestId: string | null = null,
  ) {
    super(`${status} ${type}${code ? `:${code}` : ""}${description ? ` ${description}` : ""}`);
  }
}

/** The API could not be reached, or did not answer in time. */
export class SmartcarUnavailableError extends Error {
  override name = "SmartcarUnavailableError";
}

/** The API answered with something other than the documented shape. */
export class SmartcarResponseError extends Error {
  override name = "SmartcarResponseError";
}

/**
 * Rate limited for longer than this request can wait: failing at once, never retrying early
 * (contract 8.3 [E2]).
 */
export class SmartcarRateLimitedError extends SmartcarApiError {
  override name = "SmartcarRateLimitedError";
}

/** Smartcar's types and codes, compared upper case: some clients saw them in lower case. */
export const upper = (value: string | null | undefined) => (value ? value.toUpperCase() : null);

const toResolution = (
  resolution: { type?: string | null; url?: string | null } | null | undefined,
) => (resolution ? { type: upper(resolution.type), url: resolution.url ?? null } : null);

/** Reads either documented error body; falls back to the HTTP status when it is neither. */
export function toApiError(
  status: number,
  body: unknown,
  retryAfterSeconds: number | null,
  requestIdHeader: string | null = null,
): SmartcarApiError {
  const requestId = (id: string | null | undefined) => id || requestIdHeader || null;
  const v3 = ErrorsBodySchema.safeParse(body);
  if (v3.success) {
    const first = v3.data.errors[0]!;
    const description = typeof first.detail === "string" ? first.detail : (first.title ?? null);
    return new SmartcarApiError(
      status,
      upper(first.type) ?? typeForStatus(status),
      upper(first.code),
      toResolution(first.resolution),
      description,
      retryAfterSeconds,
      requestId(first.requestId),
    );
  }
  const flat = FlatErrorBodySchema.safeParse(body);
  if (flat.success) {
    const error = flat.data;
    return new SmartcarApiError(
      status,
      upper(error.type)!,
      upper(error.code),
      toResolution(error.resolution),
      error.description ?? null,
      retryAfterSeconds,
      requestId(error.requestId),
    );
  }
  return new SmartcarApiError(
    status,
    typeForStatus(status),
    null,
    null,
    null,
    retryAfterSeconds,
    requestId(null),
  );
}

/** The documented type for a status, when the body does not say (contract 8.2). */
function typeForStatus(status: number): string {
  const types: Record<number, string> = {
    400: "VALIDATION",
    401: "AUTHENTICATION",
    403: "PERMISSION",
    404: "RESOURCE_NOT_FOUND",
    409: "VEHICLE_STATE",
    429: "RATE_LIMIT",
    430: "BILLING",
    501: "COMPATIBILITY",
    502: "UPSTREAM",
  };
  return types[status] ?? (status >= 500 ? "SERVER" : "UNKNOWN");
}

/** What a failure means for the person, so each gets its own words (lib/vehicles/copy.ts). */
export type Problem =
  | { kind: "reauthenticate" }
  | { kind: "account" }
  | { kind: "asleep" }
  | { kind: "remote-access" }
  | { kind: "not-capable" }
  | { kind: "permission" }
  | { kind: "rate-limited"; retryAfterSeconds: number | null }
  | { kind: "billing" }
  | { kind: "gone" }
  | { kind: "unavailable" }
  | { kind: "unknown" };

/** What identifies a failure, from an API answer or a webhook's VEHICLE_ERROR (contract 8.2, 9.6). */
type FailureKey = {
  status?: number;
  type: string;
  code: string | null;
  resolutionType: string | null;
  retryAfterSeconds?: number | null;
};

/**
 * Sorts a failure by what the owner or the app can do about it. The owner must re-authenticate on
 * `CONNECTED_SERVICES_ACCOUNT/AUTHENTICATION_FAILED` or any `resolution.type` of `REAUTHENTICATE`
 * (contract 1.3 [C3]).
 */
export function classifyFailure({
  status = 0,
  type,
  code,
  resolutionType,
  retryAfterSeconds = null,
}: FailureKey): Problem {
  if (resolutionType === "REAUTHENTICATE" || code === "AUTHENTICATION_FAILED")
    return { kind: "reauthenticate" };
  if (type === "CONNECTED_SERVICES_ACCOUNT") return { kind: "account" };
  if (type === "RATE_LIMIT" || status === 429) return { kind: "rate-limited", retryAfterSeconds };
  if (code === "REMOTE_ACCESS_DISABLED") return { kind: "remote-access" };
  if (type === "VEHICLE_STATE" || status === 409) return { kind: "asleep" };
  if (type === "COMPATIBILITY" || status === 501) return { kind: "not-capable" };
  if (type === "PERMISSION" || status === 403) return { kind: "permission" };
  if (type === "BILLING" || status === 430) return { kind: "billing" };
  if (status === 404) return { kind: "gone" };
  if (status >= 500 || type === "SERVER" || type === "UPSTREAM") return { kind: "unavailable" };
  return { kind: "unknown" };
}

export function classifySmartcarError(error: unknown): Problem {
  if (error instanceof SmartcarApiError) {
    return classifyFailure({
      status: error.status,
      type: error.type,
      code: error.code,
      resolutionType: error.resolution?.type ?? null,
      retryAfterSeconds: error.retryAfterSeconds,
    });
  }
  if (error instanceof SmartcarUnavailableError) return { kind: "unavailable" };
  return { kind: "unknown" };
}
