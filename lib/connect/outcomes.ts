import "server-only";
import type { ConnectErrorCode } from "@/lib/connect/codes";

/** What a redirect from Connect came to, once checked and acted on. */
export type CallbackOutcome =
  | { kind: "connected" }
  | { kind: "reauthenticated" }
  | { kind: "error"; code: ConnectErrorCode | "unknown" }
  | { kind: "invalid_state" }
  | { kind: "invalid_response" }
  | { kind: "already_linked" }
  | { kind: "unavailable" };

/**
 * Where each outcome sends the browser: a fixed path per outcome, never anything from the query.
 * `unavailable` is answered in place (503) so that reloading retries the same callback.
 */
export function callbackOutcomePage(
  outcome: Exclude<CallbackOutcome, { kind: "unavailable" }>,
): string {
  switch (outcome.kind) {
    case "connected":
      return "/vehicles?connected=1";
    case "reauthenticated":
      return "/vehicles?reconnected=1";
    case "error":
      return `/connect/error/${outcome.code}`;
    case "invalid_state":
    case "invalid_response":
    case "already_linked":
      return `/connect/error/${outcome.kind}`;
  }
}
