import "server-only";
import { log, maskId } from "@/lib/log";
import {
  SmartcarApiError,
  SmartcarResponseError,
  SmartcarUnavailableError,
} from "@/lib/smartcar/errors";

/**
 * A path as a log may name it: no query, and an owner's id in it replaced by a placeholder
 * (`DELETE /users/{userId}`), since a whole `user_id` never goes to a log (lib/log.ts).
 */
function endpointOf(path: string): string {
  return path.split("?")[0]!.replace(/^\/users\/[^/]+/, "/users/{userId}");
}

/**
 * One line per failed Smartcar call with what Smartcar's support asks for: the request id (the
 * body's `requestId`, else the `sc-request-id` header), type, code and HTTP status (contract 11,
 * "Errors"); never a token nor a whole `user_id`.
 */
export function logSmartcarFailure(
  method: string,
  path: string,
  userId: string | undefined,
  error: unknown,
): void {
  const where = { method, endpoint: endpointOf(path), user: maskId(userId) };
  if (error instanceof SmartcarApiError) {
    log("smartcar.request_failed", {
      ...where,
      status: error.status,
      type: error.type,
      code: error.code,
      requestId: error.requestId,
    });
  } else if (error instanceof SmartcarUnavailableError || error instanceof SmartcarResponseError) {
    log("smartcar.request_failed", { ...where, error: error.name });
  }
}
