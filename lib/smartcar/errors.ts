// Typed failures of the Smartcar API, from its error body `{ errors: [{ status, type, code, title, detail }] }`
// (https://smartcar.com/docs/errors/overview).

export type SmartcarErrorDetail = { status: number; type: string; code: string | null; title: string; detail: string | null };

export class SmartcarApiError extends Error {
  override name = "SmartcarApiError";
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string | null,
    readonly title: string,
    readonly detail: string | null,
  ) {
    super(`${status} ${type}${code ? `:${code}` : ""} ${title}`);
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

export type SmartcarError = SmartcarApiError | SmartcarUnavailableError | SmartcarResponseError;

/** A sentence for a person, never the raw detail from the wire. */
export function describeSmartcarError(error: unknown): string {
  if (error instanceof SmartcarApiError) {
    if (error.status === 429) return "Too many requests right now. Try again in a minute.";
    if (error.status === 401 || error.status === 403) return "This app is not allowed to read this vehicle any more.";
    if (error.status === 404) return "This vehicle is no longer connected.";
    if (error.status === 409 || error.type === "VEHICLE_STATE" || error.type === "CONNECTED_VEHICLE") return "The vehicle didn't respond. It may be asleep or out of coverage.";
    if (error.status >= 500) return "Smartcar had a problem reading this vehicle. Try again later.";
    return "This vehicle's data couldn't be read.";
  }
  if (error instanceof SmartcarUnavailableError) return "Smartcar can't be reached right now. Try again later.";
  return "This vehicle's data couldn't be read.";
}
