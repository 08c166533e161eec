import "server-only";
import type { Config } from "@/lib/config";

// The two URLs that open Smartcar Connect: a first connection, and re-authenticating one vehicle
// (docs/smartcar-contract.md, 1.1 and 1.3).

export type ConnectUrlOptions = {
  state: string;
  /**
   * The app's own identifier of the owner, on every Connect session, re-authentication included
   * (contract 1.3: "strongly recommend"). Opaque: never an email.
   */
  externalId: string;
  /** Skips Connect's brand list (contract 1.1 [C1]). */
  make?: string;
  /** Lets the owner pick one vehicle only. */
  singleSelect?: boolean;
  /** Shows the permissions screen even to an owner who already granted them. */
  forcePrompt?: boolean;
};

/** `/oauth/authorize` (contract 1.1 [C1]). */
export function buildConnectUrl(smartcar: Config["smartcar"], options: ConnectUrlOptions): string {
  const url = new URL(`${smartcar.connectUrl}/oauth/authorize`);
  url.searchParams.set("response_type", "code");
  // The Application ID, under the name current Connect and Smartcar's SDKs use (contract 1.1).
  url.searchParams.set("application_id", smartcar.applicationId);
  url.searchParams.set("redirect_uri", smartcar.redirectUri);
  url.searchParams.set("scope", smartcar.permissions.join(" "));
  url.searchParams.set("state", options.state);
  url.searchParams.set("mode", smartcar.mode);
  url.searchParams.set("external_id", options.externalId);
  if (options.make) url.searchParams.set("make", options.make);
  if (options.singleSelect) url.searchParams.set("single_select", "true");
  if (options.forcePrompt) url.searchParams.set("approval_prompt", "force");
  return url.toString();
}

/**
 * `/oauth/reauthenticate`: the owner signs in to the carmaker again for one vehicle; the answer is
 * `vehicle_id` + `state`, not a new `user_id` (contract 1.3 [C3]).
 */
export function buildReauthenticateUrl(
  smartcar: Config["smartcar"],
  options: { state: string; vehicleId: string; externalId: string },
): string {
  const url = new URL(`${smartcar.connectUrl}/oauth/reauthenticate`);
  url.searchParams.set("response_type", "vehicle_id");
  // Required under this name on the re-authentication page (contract 1.3).
  url.searchParams.set("application_id", smartcar.applicationId);
  url.searchParams.set("vehicle_id", options.vehicleId);
  url.searchParams.set("redirect_uri", smartcar.redirectUri);
  url.searchParams.set("state", options.state);
  url.searchParams.set("external_id", options.externalId);
  return url.toString();
}

/** A carmaker name as Connect's `make` parameter takes it: TESLA, MERCEDES_BENZ. */
export const MAKE_PATTERN = /^[A-Z][A-Z0-9_]{1,31}$/;

export function normalizeMake(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const make = value
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, "_");
  return MAKE_PATTERN.test(make) ? make : undefined;
}
