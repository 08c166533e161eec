import "server-only";
import { accountFormPath } from "@/lib/accounts/form-paths";
import { getConfig } from "@/lib/config";
import { createAttempt, type NewAttempt } from "@/lib/connect/attempts";
import { buildConnectUrl, buildReauthenticateUrl } from "@/lib/connect/connect-url";
import {
  connectTooManyResponse,
  connectUnavailableResponse,
  seeOtherPrivately,
} from "@/lib/connect/responses";
import { hashState, newState, STATE_TTL_MS } from "@/lib/connect/state";
import { whenDatabaseIsUp } from "@/lib/db";
import { reserve, type Limit } from "@/lib/rate-limit";
import type { Session } from "@/lib/session";
import { findOwnedVehicle } from "@/lib/vehicles/ownership";

// GET /connect and GET /connect/reauthenticate: a fresh single-use state, recorded (hashed) with an
// expiry and kept in this browser's session, then a 303 to Connect.

export type LaunchOutcome =
  | { kind: "redirect"; url: string }
  | { kind: "sign-in"; next: string }
  /** Not launched; the browser goes back to a page of ours (a cross-site link, an unknown vehicle). */
  | { kind: "declined"; page: string }
  | { kind: "too-many"; retryAfterSeconds: number }
  | { kind: "unavailable" };

/**
 * Launches per user: each records an attempt, so a script (or a page that keeps redirecting here)
 * can't grow the table or the history without bound. Far above what a person clicks.
 */
export const LAUNCHES_PER_USER: Limit = { name: "connect:user", max: 30, windowMs: 15 * 60 * 1000 };

/**
 * Launches only when the request comes from this site or is typed or bookmarked: a link on another
 * site must not start Connect (nor leave an attempt behind) for a signed-in visitor
 * (docs/references.md [mdn-sec-fetch-site]).
 */
function isCrossSite(fetchSite: string | null): boolean {
  return fetchSite === "cross-site" || fetchSite === "same-site";
}

async function launch(
  session: Session,
  attempt: Omit<NewAttempt, "userId" | "stateHash" | "expiresAt">,
  url: (state: string) => string,
  now: Date,
): Promise<LaunchOutcome> {
  const state = newState();
  const recorded = await whenDatabaseIsUp(async () => {
    const allowed = await reserve(LAUNCHES_PER_USER, session.userId!);
    if (allowed.kind === "refused")
      return { kind: "too-many", retryAfterSeconds: allowed.retryAfterSeconds } as const;
    await createAttempt({
      ...attempt,
      userId: session.userId!,
      stateHash: hashState(state),
      expiresAt: new Date(now.getTime() + STATE_TTL_MS),
    });
    return { kind: "recorded" } as const;
  });
  if (recorded.kind !== "recorded") return recorded;
  session.connectState = state;
  await session.save();
  return { kind: "redirect", url: url(state) };
}

/** A first connection (or another one): Connect's brand list, or `make`'s sign-in directly. */
export async function startConnect(input: {
  session: Session;
  make?: string;
  fetchSite: string | null;
  now?: Date;
}): Promise<LaunchOutcome> {
  const { session, make, fetchSite, now = new Date() } = input;
  if (!session.userId) return { kind: "sign-in", next: "/connect" };
  if (isCrossSite(fetchSite)) return { kind: "declined", page: "/vehicles" };
  return launch(
    session,
    { kind: "connect", make },
    (state) => buildConnectUrl(getConfig().smartcar, { state, make, externalId: session.userId! }),
    now,
  );
}

/**
 * Re-authenticating one of the user's vehicles, after Smartcar said the owner must sign in to the
 * carmaker again (docs/smartcar-contract.md 1.3, [C3]). The vehicle must be one Smartcar lists for
 * the user's own links.
 */
export async function startReauthentication(input: {
  session: Session;
  vehicleId: string | undefined;
  fetchSite: string | null;
  now?: Date;
}): Promise<LaunchOutcome> {
  const { session, vehicleId, fetchSite, now = new Date() } = input;
  if (!session.userId) return { kind: "sign-in", next: "/vehicles" };
  if (!vehicleId || isCrossSite(fetchSite)) return { kind: "declined", page: "/vehicles" };
  const vehicle = await findOwnedVehicle(session.userId, vehicleId);
  if (vehicle.kind === "unavailable") return vehicle;
  if (vehicle.kind !== "found") return { kind: "declined", page: "/vehicles" };
  const { connection, smartcarUserId, title } = vehicle;
  return launch(
    session,
    {
      kind: "reauthenticate",
      vehicleId,
      vehicleLabel: title,
      make: connection.make.toUpperCase(),
      smartcarUserId,
    },
    (state) =>
      buildReauthenticateUrl(getConfig().smartcar, {
        state,
        vehicleId,
        externalId: session.userId!,
      }),
    now,
  );
}

export function launchResponse(outcome: LaunchOutcome): Response {
  switch (outcome.kind) {
    case "redirect":
      return seeOtherPrivately(outcome.url);
    case "sign-in":
      return seeOtherPrivately(accountFormPath("sign-in", outcome.next));
    case "declined":
      return seeOtherPrivately(outcome.page);
    case "too-many":
      return connectTooManyResponse(outcome.retryAfterSeconds);
    case "unavailable":
      return connectUnavailableResponse();
  }
}
