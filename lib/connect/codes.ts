import "server-only";
// The error codes Connect may send back (docs/smartcar-contract.md 1.2, [C2]).
export const CONNECT_ERROR_CODES = [
  "access_denied",
  "user_manually_returned_to_application",
  "oem_cancelled_login",
  "vehicle_incompatible",
  "no_vehicles",
  "invalid_subscription",
  "server_error",
  "configuration_error",
] as const;

export type ConnectErrorCode = (typeof CONNECT_ERROR_CODES)[number];

/** Every page under /connect/error/: one per Connect error, and the app's own failures. */
export const ERROR_PAGE_CODES = [
  ...CONNECT_ERROR_CODES,
  "unknown",
  "invalid_state",
  "invalid_response",
  "already_linked",
] as const;

export type ErrorPageCode = (typeof ERROR_PAGE_CODES)[number];

export function isConnectErrorCode(value: string): value is ConnectErrorCode {
  return (CONNECT_ERROR_CODES as readonly string[]).includes(value);
}

export function isErrorPageCode(value: string): value is ErrorPageCode {
  return (ERROR_PAGE_CODES as readonly string[]).includes(value);
}
